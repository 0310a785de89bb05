/**
 * What the live journal counts on the page itself (X-MARKS): a student's marks and absences in
 * the shown period, and the order of lessons and membership of the group. Averages, suggestions
 * and forecasts are the server's marks sheet (src/lib/server/queries/standing.ts), which knows each
 * mark's own type of work; none of it is stored in the live document.
 */
import type { CellValue } from './cell.ts';
import type { DocLesson, DocStudent } from './journal-doc.ts';

/** How many marks and absences a student's cells hold. */
export interface CellCounts {
	markCount: number;
	absenceCount: number;
}

/** Counts the marks (a cell «5/4» holds two) and the absences (late arrivals too) of the cells. */
export function countCells(values: Iterable<CellValue>): CellCounts {
	let markCount = 0;
	let absenceCount = 0;
	for (const value of values) {
		markCount += value.marks.length;
		if (value.absence !== null) absenceCount += 1;
	}
	return { markCount, absenceCount };
}

/** True when the student belonged to the group on that date (`to` is the last day in it). */
export function inGroupOn(student: Pick<DocStudent, 'from' | 'to'>, date: string): boolean {
	return student.from <= date && (student.to === null || date <= student.to);
}

/** Lessons in journal order: by date, then lesson number, then id. */
export function compareLessons(a: DocLesson, b: DocLesson): number {
	if (a.date !== b.date) return a.date < b.date ? -1 : 1;
	const an = a.lessonNo ?? 0;
	const bn = b.lessonNo ?? 0;
	return an !== bn ? an - bn : a.id - b.id;
}
