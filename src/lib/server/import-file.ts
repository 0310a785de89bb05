/**
 * A school's spreadsheet read into rows of text for the import (X-IMPORT): XLSX through exceljs
 * (dates of date cells written ДД.ММ.ГГГГ), CSV through papaparse after `decodeCsv` chose the
 * encoding, with `;`, `,` or a tab between fields. Also the templates, in both formats.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { decodeCsv, importTemplate, type ImportKind } from '../domain/import.ts';

/** The first bytes of a ZIP archive, which an XLSX file is. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** True when the bytes are an XLSX (a ZIP) rather than text. */
export function isXlsx(bytes: Uint8Array): boolean {
	return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

const two = (n: number) => String(n).padStart(2, '0');

/** A cell's value as the school typed it: dates as ДД.ММ.ГГГГ, formulas by their result, rich text as text. */
function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return `${two(value.getUTCDate())}.${two(value.getUTCMonth() + 1)}.${value.getUTCFullYear()}`;
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((part) => part.text).join('');
		if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
		if ('text' in value) return String(value.text);
		return '';
	}
	return String(value);
}

/** The rows of a file's first sheet (XLSX) or of its text (CSV); undefined when it is neither. */
export async function readTable(bytes: Uint8Array): Promise<string[][] | undefined> {
	if (isXlsx(bytes)) {
		const workbook = new ExcelJS.Workbook();
		try {
			await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		} catch {
			return undefined;
		}
		const sheet = workbook.worksheets[0];
		if (!sheet) return undefined;
		const table: string[][] = [];
		sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
			const cells: string[] = [];
			row.eachCell({ includeEmpty: true }, (cell, col) => {
				cells[col - 1] = cellText(cell.value);
			});
			table[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
		});
		return Array.from(table, (row) => row ?? []);
	}
	// A binary file that is not an XLSX (an old .xls, a picture) is not a table.
	if (bytes.subarray(0, 4096).includes(0)) return undefined;
	const { text } = decodeCsv(bytes);
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: '', delimitersToGuess: [';', ',', '\t'], skipEmptyLines: false });
	return parsed.data.map((row) => row.map((cell) => String(cell ?? '')));
}

/** The template of a kind as CSV (UTF-8 with a BOM, `;`, as Excel in Russia opens it) or as XLSX. */
export async function templateFile(kind: ImportKind, format: 'csv' | 'xlsx'): Promise<Uint8Array> {
	return tableFile(importTemplate(kind), { students: 'Ученики', staff: 'Сотрудники', load: 'Нагрузка' }[kind], format);
}

/** Rows of text as a file the import reads back: CSV (UTF-8 with a BOM, `;`) or XLSX (a bold header row, cells as text). */
export async function tableFile(rows: readonly (readonly string[])[], sheetName: string, format: 'csv' | 'xlsx', width = 18): Promise<Uint8Array> {
	if (format === 'csv') return new TextEncoder().encode('\uFEFF' + Papa.unparse(rows as string[][], { delimiter: ';', newline: '\r\n' }) + '\r\n');
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(sheetName);
	for (const row of rows) sheet.addRow([...row]);
	sheet.getRow(1).font = { bold: true };
	sheet.columns.forEach((column) => {
		column.width = width;
		column.numFmt = '@';
	});
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
