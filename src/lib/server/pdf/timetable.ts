/**
 * The timetable on paper (R-4.5.2): the week of a class, a teacher or a room — or the whole school,
 * a page per class — as a grid, days across and lesson numbers down (with the school's bell
 * times), each cell the lessons of that hour with their group, room and teacher. A4 landscape; text
 * in Roboto (pdfmake's own, with Cyrillic).
 */
import type { DocumentDefinition } from 'pdfmake';
import { pdfmake } from './roboto.ts';
import { formatDate } from '../../domain/dates.ts';

/** One grid (the shape `timetableSheets` returns). */
export interface PrintedSheet {
	title: string;
	days: ReadonlyArray<{ weekday: number; name: string }>;
	numbers: readonly number[];
	cells: ReadonlyArray<{ weekday: number; lessonNo: number; className: string; subject: string; group: string | null; teacher: string | null; room: string | null; parity: number }>;
}

/** What the printout shows: its grids, the bells and the day it was printed. */
export interface PrintedTimetable {
	title: string;
	sheets: readonly PrintedSheet[];
	bells: ReadonlyArray<{ lesson: number; start: string; end: string }>;
	printedOn: string;
	/** Whose grid: a class's shows no class name in a cell, a teacher's no teacher. */
	by: 'class' | 'teacher' | 'room';
}

const PARITY = ['', 'нечётн. нед.', 'чётн. нед.'];

/** The PDF of the timetable. */
export async function timetablePdf(t: PrintedTimetable): Promise<Buffer> {
	return pdfmake.createPdf(timetableDefinition(t)).getBuffer();
}

/** The pdfmake document (exported for its shape to be read in tests without rendering). */
export function timetableDefinition(t: PrintedTimetable): DocumentDefinition {
	return {
		pageSize: 'A4',
		pageOrientation: 'landscape',
		pageMargins: [28, 28, 28, 28],
		info: { title: t.title },
		defaultStyle: { font: 'Roboto', fontSize: 8 },
		content: t.sheets.length ? t.sheets.map((sheet, i) => sheetPage(t, sheet, i > 0)) : [{ text: `${t.title}: уроков в расписании нет.` }],
		styles: {
			title: { fontSize: 13, bold: true },
			muted: { color: '#555555' },
			head: { bold: true, fillColor: '#eeeeee' }
		}
	};
}

function sheetPage(t: PrintedTimetable, sheet: PrintedSheet, breakBefore: boolean) {
	const head = [{ text: 'Урок', style: 'head' }, ...sheet.days.map((d) => ({ text: d.name, style: 'head' }))];
	const rows = sheet.numbers.map((n) => {
		const bell = t.bells.find((b) => b.lesson === n);
		return [
			{ stack: [{ text: String(n), bold: true }, ...(bell ? [{ text: `${bell.start}–${bell.end}`, fontSize: 6.5, style: 'muted' }] : [])] },
			...sheet.days.map((d) => ({
				stack: sheet.cells
					.filter((c) => c.weekday === d.weekday && c.lessonNo === n)
					.map((c) => ({
						text: [
							{ text: `${t.by === 'class' ? '' : `${c.className} `}${c.subject}`, bold: true },
							c.group ? ` (${c.group})` : '',
							c.room ? `, каб. ${c.room}` : '',
							c.teacher && t.by !== 'teacher' ? `\n${c.teacher}` : '',
							c.parity ? `\n${PARITY[c.parity] ?? ''}` : ''
						],
						margin: [0, 0, 0, 2]
					}))
			}))
		];
	});
	return {
		pageBreak: breakBefore ? 'before' : undefined,
		stack: [
			{ text: sheet.title, style: 'title' },
			{ text: `Напечатано ${formatDate(t.printedOn)}`, style: 'muted', margin: [0, 2, 0, 8] },
			{ table: { headerRows: 1, widths: [46, ...sheet.days.map(() => '*')], body: [head, ...rows], dontBreakRows: true }, layout: { hLineColor: () => '#bbbbbb', vLineColor: () => '#bbbbbb' } }
		]
	};
}
