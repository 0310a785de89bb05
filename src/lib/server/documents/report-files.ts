/**
 * A report as a file: XLSX with real numbers (exceljs) and PDF with Cyrillic text
 * (pdfmake with its own Roboto, in the PDF thread), each headed by the school's name, the report's title and the day,
 * and the PDF closed by a signature block. Both draw the same `ReportDocument` as the page, and
 * round each figure as the page writes it, so the three agree to the digit.
 */
import ExcelJS from 'exceljs';
import { drawPdf } from '../pdf/pdf-thread.ts';
import { formatReportCell, roundedFigure, type ColumnFormat, type ReportDocument, type ReportTable } from '../../domain/reports.ts';

/** What heads every file: the school and the day the report was made (DD.MM.YYYY). */
export interface ReportHeading {
	school: string;
	date: string;
}

const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = { int: '0', mean: '0.00', percent: '0.0', text: undefined };

/** The report as an XLSX workbook: one sheet, the tables one under another, figures as numbers. */
export async function reportXlsx(report: ReportDocument, heading: ReportHeading): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = heading.school;
	const sheet = workbook.addWorksheet('Отчёт');
	sheet.addRow([heading.school]).font = { bold: true };
	sheet.addRow([report.title]).font = { bold: true, size: 14 };
	sheet.addRow([report.subtitle]);
	sheet.addRow([`Дата: ${heading.date}`]);
	for (const table of report.tables) {
		sheet.addRow([]);
		sheet.addRow([table.title]).font = { bold: true };
		sheet.addRow(table.columns.map((c) => c.title)).font = { bold: true };
		if (table.rows.length === 0 && table.empty) sheet.addRow([table.empty]);
		for (const cells of table.rows) {
			const row = sheet.addRow(
				cells.map((cell, i) => {
					const format = table.columns[i].format;
					// An undefined figure is written as words; a number stays a number.
					return cell === null ? formatReportCell(cell, format) : roundedFigure(cell, format);
				})
			);
			table.columns.forEach((column, i) => {
				const numFmt = NUMBER_FORMATS[column.format];
				if (numFmt && typeof cells[i] === 'number') row.getCell(i + 1).numFmt = numFmt;
			});
		}
	}
	sheet.getColumn(1).width = 32;
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Columns a PDF table holds beside its first (names) before it goes on in another table under it. */
const PDF_COLUMNS_PER_PART = 8;

/** A wide table as parts that fit across the page, each repeating the first column. */
function pdfParts(table: ReportTable): ReportTable[] {
	const rest = table.columns.length - 1;
	if (rest <= PDF_COLUMNS_PER_PART) return [table];
	// Parts of even size, so the last is not a lone column.
	const size = Math.ceil(rest / Math.ceil(rest / PDF_COLUMNS_PER_PART));
	const parts: ReportTable[] = [];
	for (let from = 1; from <= rest; from += size) {
		const to = Math.min(from + size, rest + 1);
		parts.push({
			...table,
			title: `${table.title} (${parts.length + 1}-я часть)`,
			columns: [table.columns[0], ...table.columns.slice(from, to)],
			rows: table.rows.map((cells) => [cells[0], ...cells.slice(from, to)])
		});
	}
	return parts;
}

/** The report as a PDF, drawn in the PDF thread: landscape A4, the heading, each table (a wide one in parts), and the signature block. */
export async function reportPdf(report: ReportDocument, heading: ReportHeading): Promise<Buffer> {
	const content: unknown[] = [
		{ text: heading.school, bold: true },
		{ text: report.title, fontSize: 14, bold: true, margin: [0, 6, 0, 0] },
		{ text: report.subtitle },
		{ text: `Дата: ${heading.date}`, margin: [0, 0, 0, 8] }
	];
	for (const table of report.tables.flatMap(pdfParts)) {
		content.push({ text: table.title, bold: true, margin: [0, 8, 0, 4] });
		if (table.rows.length === 0) {
			content.push({ text: table.empty ?? '' });
			continue;
		}
		content.push({
			fontSize: table.columns.length > 8 ? 7 : 9,
			table: {
				headerRows: 1,
				// The first column (names) wide enough for a full name, the rest share the page.
				widths: table.columns.map((_, i) => (i === 0 ? 130 : '*')),
				body: [
					table.columns.map((c) => ({ text: c.title, bold: true })),
					...table.rows.map((cells) => cells.map((cell, i) => ({ text: formatReportCell(cell, table.columns[i].format), alignment: table.columns[i].format === 'text' ? 'left' : 'right' })))
				]
			}
		});
	}
	content.push({
		margin: [0, 30, 0, 0],
		columns: [
			{ text: `${report.signer}: ____________________ / ____________________ /`, width: '*' },
			{ text: `«___» ____________ 20__ г.`, width: 'auto' }
		]
	});
	const definition = { pageSize: 'A4', pageOrientation: 'landscape', pageMargins: [30, 30, 30, 30], defaultStyle: { font: 'Roboto', fontSize: 9 }, content, info: { title: report.title } };
	return drawPdf(definition);
}

/** The file formats a report downloads as. */
export type ReportFormat = 'xlsx' | 'pdf';

/** The report as a downloadable file response, named after the report and the day. */
export async function reportFileResponse(page: { report: ReportDocument; school: string; date: string }, format: ReportFormat): Promise<Response> {
	const heading = { school: page.school, date: page.date };
	const body = format === 'xlsx' ? await reportXlsx(page.report, heading) : await reportPdf(page.report, heading);
	const name = `${page.report.title} ${page.date}.${format}`.replace(/[\\/:*?"<>|]/g, '_');
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
			'content-disposition': `attachment; filename="report.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'private, no-store'
		}
	});
}

/** The format asked in a query string, or undefined. */
export function reportFormatOf(value: string | null): ReportFormat | undefined {
	return value === 'xlsx' || value === 'pdf' ? value : undefined;
}
