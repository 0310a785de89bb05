/**
 * A timetable as an XLSX file (R-4.5.2): the week of a class, a teacher or a room as the
 * timetable page shows it — days across, lesson numbers down, each cell the lessons of that hour.
 */
import ExcelJS from 'exceljs';

/** The grid of the timetable page, as much of it as the file needs. */
export interface TimetableGrid {
	title: string;
	days: ReadonlyArray<{ weekday: number; name: string }>;
	numbers: readonly number[];
	cells: ReadonlyArray<{ weekday: number; lessonNo: number; className: string; subject: string; group: string | null; teacher: string | null; room: string | null; parity: number }>;
}

const PARITY = ['', ', нечётн.', ', чётн.'];

/** The workbook of one timetable grid. */
export async function timetableXlsx(grid: TimetableGrid): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Расписание');
	sheet.addRow([grid.title]).font = { bold: true, size: 14 };
	const head = sheet.addRow(['Урок', ...grid.days.map((d) => d.name)]);
	head.font = { bold: true };
	for (const n of grid.numbers) {
		const row = sheet.addRow([
			n,
			...grid.days.map((d) =>
				grid.cells
					.filter((c) => c.weekday === d.weekday && c.lessonNo === n)
					.map((c) => `${c.className} ${c.subject}${c.group ? ` (${c.group})` : ''}${c.room ? `, каб. ${c.room}` : ''}${c.teacher ? `, ${c.teacher}` : ''}${PARITY[c.parity] ?? ''}`)
					.join('\n')
			)
		]);
		row.alignment = { wrapText: true, vertical: 'top' };
	}
	sheet.getColumn(1).width = 6;
	for (let i = 2; i <= grid.days.length + 1; i++) sheet.getColumn(i).width = 30;
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
