/**
 * The printed journal as a PDF (R-2.3, R-6.3): landscape A4, each page headed by the school and
 * the journal; the grid pages (pupils × dates, the period's marks on the last), then the lessons'
 * pages (date, topic, homework), and a signature block to sign and stamp. Roboto for Cyrillic.
 */
import type { PrintedJournal } from '../../domain/printed-journal.ts';
import { drawPdf, type PlainPdfDefinition } from './pdf-thread.ts';

/** What heads the printed journal. */
export interface PrintedJournalHeading {
	school: string;
	/** «7А», or «7А (1 группа)» for a subgroup. */
	group: string;
	subject: string;
	teachers: string;
	/** «1 четверть (01.09.2026–25.10.2026)». */
	period: string;
	/** The day it was made, DD.MM.YYYY. */
	date: string;
}

/** The printed journal's PDF, drawn in the PDF thread. */
export async function printedJournalPdf(journal: PrintedJournal, heading: PrintedJournalHeading): Promise<Buffer> {
	return drawPdf(printedJournalDefinition(journal, heading));
}

/** Thin grey rules and tight padding, registered by name in the PDF thread (pdf-worker.js). */
const THIN = 'thin';

/** The pdfmake document of the printed journal. */
export function printedJournalDefinition(journal: PrintedJournal, h: PrintedJournalHeading): PlainPdfDefinition {
	const title = `Классный журнал: ${h.group}, ${h.subject}`;
	const content: unknown[] = [
		{ text: h.school, bold: true, fontSize: 11 },
		{ text: title, bold: true, fontSize: 14, margin: [0, 4, 0, 0] },
		{ text: `Учитель: ${h.teachers || 'не назначен'}` },
		{ text: `Период: ${h.period}` },
		{ text: `Дата печати: ${h.date}`, margin: [0, 0, 0, 6] }
	];
	journal.grid.forEach((page, i) => {
		const dateWidths = page.dates.map(() => '*');
		const markWidths = page.markTitles.map(() => 30);
		content.push({
			text: journal.grid.length > 1 ? `Отметки и пропуски (лист ${i + 1} из ${journal.grid.length})` : 'Отметки и пропуски',
			bold: true,
			margin: [0, 4, 0, 3],
			...(i > 0 ? { pageBreak: 'before' } : {})
		});
		content.push({
			fontSize: 7,
			layout: THIN,
			table: {
				headerRows: 1,
				dontBreakRows: true,
				widths: [14, 120, ...dateWidths, ...markWidths],
				body: [
					[
						{ text: '№', bold: true },
						{ text: 'Ученик', bold: true },
						...page.dates.map((d) => ({ text: d, bold: true, alignment: 'center' })),
						...page.markTitles.map((t) => ({ text: t, bold: true, alignment: 'center' }))
					],
					...page.rows.map((r) => [
						String(r.no),
						r.name,
						...r.cells.map((c) => ({ text: c, alignment: 'center' })),
						...r.marks.map((m) => ({ text: m, bold: true, alignment: 'center' }))
					])
				]
			}
		});
	});
	content.push({ text: 'Проведённые уроки: темы и домашние задания', bold: true, margin: [0, 4, 0, 3], pageBreak: 'before' });
	if (journal.lessons.length === 0) content.push({ text: 'Уроков в периоде нет.' });
	else
		content.push({
			fontSize: 8,
			layout: THIN,
			table: {
				headerRows: 1,
				dontBreakRows: true,
				widths: [18, 52, '*', '*'],
				body: [
					[
						{ text: '№', bold: true },
						{ text: 'Дата', bold: true },
						{ text: 'Тема урока', bold: true },
						{ text: 'Домашнее задание', bold: true }
					],
					...journal.lessons.map((l) => [String(l.no), l.date, l.topic, l.homework])
				]
			}
		});
	content.push({
		margin: [0, 24, 0, 0],
		unbreakable: true,
		stack: [
			{
				columns: [
					{ text: 'Учитель: ____________________ / ____________________ /', width: '*' },
					{ text: 'Заместитель директора: ____________________ / ____________________ /', width: '*' }
				]
			},
			{ text: 'М. П.          «___» ____________ 20__ г.', margin: [0, 14, 0, 0] }
		]
	});
	return {
		pageSize: 'A4',
		pageOrientation: 'landscape',
		pageMargins: [28, 34, 28, 28],
		info: { title },
		defaultStyle: { font: 'Roboto', fontSize: 9 },
		pageHeader: {
			text: `${h.school} · ${h.group} · ${h.subject} · ${h.period} · стр. {page} из {pages}`,
			fontSize: 7,
			color: '#666666',
			margin: [28, 14, 28, 0]
		},
		content
	};
}
