/**
 * The class's week on paper (R-4.3.5, R-2.3): one A4 page per pupil — Monday to Saturday, each lesson
 * with its homework, the pupil's marks with their type of work, absence and the teacher's
 * comment; a line of totals, room for the class teacher's remarks, the parents' confirmations from
 * the diary and lines for the signatures. Text in Roboto (pdfmake's own, with Cyrillic), which the
 * standard PDF fonts lack.
 */
import type { DocumentDefinition } from 'pdfmake';
import { pdfmake } from './roboto.ts';
import { formatDate, formatDayMonth, weekdayName } from '../../domain/dates.ts';
import { weekSummary } from '../../domain/diary.ts';
import { markText } from '../../domain/cell.ts';

/** What one pupil's page shows (the shape `classWeekPrintout` returns). */
export interface PrintedPupil {
	fullName: string;
	lessons: ReadonlyArray<{
		date: string;
		lessonNo: number | null;
		subject: string;
		homework: string | null;
		marks: ReadonlyArray<{ value: number; sign?: number; workType: string | null }>;
		absence: string | null;
		comment: string | null;
	}>;
	acks: ReadonlyArray<{ parentName: string; ackedAt: string }>;
}

/** The whole printout: the class, the week and its pupils in roster order. */
export interface PrintedWeek {
	className: string;
	monday: string;
	saturday: string;
	markFree: boolean;
	pupils: readonly PrintedPupil[];
}

/** The PDF of the class's week: one page per pupil (a single page when one pupil is asked for). */
export async function diaryWeekPdf(week: PrintedWeek): Promise<Buffer> {
	return pdfmake.createPdf(definitionOf(week)).getBuffer();
}

/** The pdfmake document of the week (exported for its shape to be read in tests without rendering). */
export function definitionOf(week: PrintedWeek): DocumentDefinition {
	const title = `${formatDate(week.monday)} — ${formatDate(week.saturday)}`;
	return {
		pageSize: 'A4',
		pageMargins: [32, 32, 32, 32],
		info: { title: `Дневник за неделю ${title}, ${week.className} класс` },
		defaultStyle: { font: 'Roboto', fontSize: 8.5 },
		content: week.pupils.length ? week.pupils.map((pupil, i) => pupilPage(week, pupil, title, i > 0)) : [{ text: `${week.className} класс: учеников на этой неделе нет.` }],
		styles: {
			title: { fontSize: 13, bold: true },
			muted: { color: '#555555' },
			head: { bold: true, fillColor: '#eeeeee' }
		}
	};
}

/** Thin lines between rows and little padding: a full week of six lessons a day fits one A4 page. */
const COMPACT = {
	hLineWidth: (i: number) => (i === 0 ? 0 : 0.5),
	vLineWidth: () => 0,
	hLineColor: () => '#bbbbbb',
	paddingTop: () => 1.5,
	paddingBottom: () => 1.5,
	paddingLeft: () => 3,
	paddingRight: () => 3
};

function pupilPage(week: PrintedWeek, pupil: PrintedPupil, title: string, breakBefore: boolean) {
	const head = ['№', 'Предмет', 'Домашнее задание', week.markFree ? 'Комментарий учителя' : 'Оценки, комментарий учителя', 'Пропуск'].map((text) => ({ text, style: 'head' }));
	const rows: unknown[][] = [];
	let day = '';
	for (const l of pupil.lessons) {
		if (l.date !== day) {
			day = l.date;
			const name = weekdayName(l.date);
			rows.push([{ text: `${name[0].toUpperCase()}${name.slice(1)}, ${formatDayMonth(l.date)}`, colSpan: 5, bold: true, fillColor: '#f5f5f5' }, '', '', '', '']);
		}
		const marks = l.marks.flatMap((m, i) => [...(i ? [', '] : []), { text: markText(m.value, m.sign), bold: true, fontSize: 10 }, ...(m.workType ? [{ text: ` ${m.workType}`, fontSize: 7 }] : [])]);
		rows.push([
			l.lessonNo ? String(l.lessonNo) : '',
			l.subject,
			l.homework ?? '',
			{ text: [...marks, ...(l.comment ? [{ text: `${marks.length ? ' · ' : ''}${l.comment}`, italics: true }] : [])] },
			{ text: l.absence ?? '', bold: true }
		]);
	}
	return {
		pageBreak: breakBefore ? 'before' : undefined,
		stack: [
			{ text: `Дневник за неделю ${title}`, style: 'title' },
			{ text: [{ text: pupil.fullName, bold: true }, `, ${week.className} класс`], margin: [0, 4, 0, 8], fontSize: 11 },
			rows.length
				? { table: { headerRows: 1, widths: [12, 100, '*', 150, 34], body: [head, ...rows] }, layout: COMPACT }
				: { text: 'На этой неделе уроков не было.', style: 'muted' },
			{ text: weekSummary(week.markFree ? pupil.lessons.map((l) => ({ ...l, marks: [] })) : pupil.lessons), margin: [0, 8, 0, 0], bold: true },
			{ text: 'Замечания классного руководителя:', margin: [0, 12, 0, 0] },
			{ text: '_'.repeat(110), margin: [0, 10, 0, 0], style: 'muted' },
			{ text: '_'.repeat(110), margin: [0, 10, 0, 0], style: 'muted' },
			...(pupil.acks.length
				? [{ text: `Ознакомлены в электронном дневнике: ${pupil.acks.map((a) => `${a.parentName} (${formatDate(a.ackedAt)})`).join(', ')}`, margin: [0, 10, 0, 0] }]
				: []),
			{
				columns: [
					{ text: 'Классный руководитель: ____________________' },
					{ text: 'Подпись родителя: ____________________' }
				],
				margin: [0, 18, 0, 0]
			}
		]
	};
}
