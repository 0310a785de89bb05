/**
 * The printed journal of a group: the paper journal's pages for a period or the
 * year — first the marks grid (pupils × the lesson dates, the marks and absence codes as the grid
 * shows them, then the period's marks), split over as many pages as the dates need, then the
 * pages of lessons (date, topic, homework). Pure: the server reads the rows, this lays them out,
 * src/lib/server/pdf/journal-print.ts draws them.
 */
import { formatCell, type CellValue } from './cell.ts';
import { formatDate, formatDayMonth } from './dates.ts';

/** Lesson columns a grid page holds at most (A4 landscape, beside the pupils' names). */
export const DATES_PER_PAGE = 22;

/** A pupil of the group, with the span of their membership (`to` null: still in it). */
export interface PrintedPupil {
	id: number;
	name: string;
	from: string;
	to: string | null;
}

/** A lesson of the journal. */
export interface PrintedLesson {
	id: number;
	date: string;
	lessonNo: number | null;
	topic: string | null;
	homework: string | null;
	/** The type of work's name, when it has one. */
	work?: string | null;
}

/** A column of marks after the dates: a period's, the year's, the exam's; value by pupil id. */
export interface PrintedMarkColumn {
	title: string;
	values: ReadonlyMap<number, string>;
}

/** What the printed journal is made of. */
export interface PrintedJournalInput {
	/** The dates printed, both ends included (YYYY-MM-DD). */
	from: string;
	to: string;
	pupils: readonly PrintedPupil[];
	lessons: readonly PrintedLesson[];
	cells: ReadonlyArray<{ lessonId: number; studentId: number; value: CellValue }>;
	markColumns: readonly PrintedMarkColumn[];
}

/** One page of the marks grid. */
export interface GridPage {
	/** The lesson columns' heads: day and month, «02.09». */
	dates: string[];
	/** The mark columns' heads (only on the last grid page, as on paper). */
	markTitles: string[];
	rows: Array<{ no: number; name: string; cells: string[]; marks: string[] }>;
}

/** One line of the lessons' pages. */
export interface LessonLine {
	no: number;
	date: string;
	topic: string;
	homework: string;
}

/** The printed journal: its grid pages, then its lessons. */
export interface PrintedJournal {
	grid: GridPage[];
	lessons: LessonLine[];
}

/**
 * Lays out the journal: the lessons within the dates in order; the pupils whose membership
 * overlaps them (one who left is kept for the dates they were in); the lesson columns in pages
 * of even size, at most `perPage` each (so the last is not a lone column); the mark columns on
 * the last page. A grid without lessons is still one page of names and period marks.
 */
export function printedJournal(input: PrintedJournalInput, perPage = DATES_PER_PAGE): PrintedJournal {
	const lessons = input.lessons
		.filter((l) => l.date >= input.from && l.date <= input.to)
		.sort((a, b) => a.date.localeCompare(b.date) || (a.lessonNo ?? 99) - (b.lessonNo ?? 99) || a.id - b.id);
	const pupils = input.pupils.filter((p) => p.from <= input.to && (p.to === null || p.to >= input.from));
	const cellOf = new Map(input.cells.map((c) => [`${c.lessonId}:${c.studentId}`, c.value]));
	const text = (lessonId: number, pupilId: number) => {
		const value = cellOf.get(`${lessonId}:${pupilId}`);
		return value ? formatCell(value) : '';
	};

	const pages = Math.max(1, Math.ceil(lessons.length / perPage));
	const size = Math.max(1, Math.ceil(lessons.length / pages));
	const grid: GridPage[] = [];
	for (let page = 0; page < pages; page++) {
		const own = lessons.slice(page * size, (page + 1) * size);
		const last = page === pages - 1;
		grid.push({
			dates: own.map((l) => formatDayMonth(l.date)),
			markTitles: last ? input.markColumns.map((c) => c.title) : [],
			rows: pupils.map((p, i) => ({
				no: i + 1,
				name: p.name,
				cells: own.map((l) => text(l.id, p.id)),
				marks: last ? input.markColumns.map((c) => c.values.get(p.id) ?? '') : []
			}))
		});
	}
	return {
		grid,
		lessons: lessons.map((l, i) => ({
			no: i + 1,
			date: formatDate(l.date),
			topic: [l.work ? `${l.work}.` : '', l.topic?.trim() ?? ''].filter(Boolean).join(' '),
			homework: l.homework?.trim() ?? ''
		}))
	};
}
