/**
 * A journal exported as XLSX (X-IMPORT: journals and reports to XLSX): the same pages as the
 * printed journal, as a workbook — a sheet of marks (pupils × every lesson date of the period, then
 * the period's marks) and a sheet of lessons (date, topic, homework). A lone whole mark is written
 * as a number, so a spreadsheet can count it; several marks, signs and absence codes stay as the
 * journal writes them («5/4», «3+», «н»).
 */
import ExcelJS from 'exceljs';
import type { PrintedJournal } from '../../domain/printed-journal.ts';
import type { PrintedJournalHeading } from '../pdf/journal-print.ts';

/** A cell as the spreadsheet should hold it: a number for one whole mark, else the text. */
function cellValue(text: string): string | number | null {
	if (text === '') return null;
	return /^\d{1,2}$/.test(text) ? Number(text) : text;
}

/** The journal as an XLSX workbook with the sheets «Отметки» and «Уроки». */
export async function printedJournalXlsx(journal: PrintedJournal, heading: PrintedJournalHeading): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = heading.school;
	const head = (sheet: ExcelJS.Worksheet) => {
		sheet.addRow([heading.school]).font = { bold: true };
		sheet.addRow([`Журнал ${heading.group} · ${heading.subject}`]).font = { bold: true, size: 14 };
		sheet.addRow([`Учитель: ${heading.teachers}`]);
		sheet.addRow([`Период: ${heading.period}`]);
		sheet.addRow([`Дата: ${heading.date}`]);
		sheet.addRow([]);
	};

	const marks = workbook.addWorksheet('Отметки');
	head(marks);
	// The grid's pages side by side: every page lists the same pupils in the same order.
	const dates = journal.grid.flatMap((page) => page.dates);
	const markTitles = journal.grid.at(-1)?.markTitles ?? [];
	marks.addRow(['№', 'Ученик', ...dates, ...markTitles]).font = { bold: true };
	const pupils = journal.grid[0]?.rows ?? [];
	pupils.forEach((pupil, i) => {
		const cells = journal.grid.flatMap((page) => page.rows[i].cells);
		const periodMarks = journal.grid.at(-1)?.rows[i].marks ?? [];
		marks.addRow([pupil.no, pupil.name, ...cells.map(cellValue), ...periodMarks.map(cellValue)]);
	});
	marks.getColumn(2).width = 30;
	marks.views = [{ state: 'frozen', xSplit: 2, ySplit: 7 }];

	const lessons = workbook.addWorksheet('Уроки');
	head(lessons);
	lessons.addRow(['№', 'Дата', 'Тема', 'Домашнее задание']).font = { bold: true };
	for (const line of journal.lessons) lessons.addRow([line.no, line.date, line.topic, line.homework]);
	lessons.getColumn(3).width = 50;
	lessons.getColumn(4).width = 50;

	return Buffer.from(await workbook.xlsx.writeBuffer());
}
