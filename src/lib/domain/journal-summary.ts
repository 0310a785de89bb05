/**
 * The journal's computed columns (X-MARKS): weighted average, number of marks, absences and the
 * suggested period mark of one student. Derived on the page and the server from the same rows;
 * never stored in the live document.
 */
import type { CellValue } from './cell.ts';
import type { DocLesson, DocMeta, DocStudent } from './journal-doc.ts';
import { DEFAULT_GRADING, suggestPeriodMark, type GradedMark, type GradingRules, type Suggestion } from './grading.ts';

/** The computed columns of one student's row. */
export interface StudentSummary {
	average: number | null;
	markCount: number;
	absenceCount: number;
	/** The suggested period mark with the rule that decided it (grading.ts). */
	suggestion: Suggestion;
}

/** The weight of a lesson's marks: its type of work's weight, or 1 without a type. */
export function lessonWeight(lesson: Pick<DocLesson, 'workTypeId'>, workTypes: DocMeta['workTypes']): number {
	if (lesson.workTypeId === null) return 1;
	return workTypes.find((type) => type.id === lesson.workTypeId)?.weight ?? 1;
}

/** True when the student belonged to the group on that date (`to` is the last day in it). */
export function inGroupOn(student: Pick<DocStudent, 'from' | 'to'>, date: string): boolean {
	return student.from <= date && (student.to === null || date <= student.to);
}

/** A cell with what the summary needs of its lesson: the weight and the code of its type of work. */
export interface SummaryCell {
	value: CellValue;
	weight: number;
	workType: string | null;
}

/**
 * Summarises one student's cells. The suggested mark follows the school's grading rules over all
 * marks in the journal; `heldWorkTypes` are the codes of the types of work held in it.
 */
export function summarizeStudent(cells: Iterable<SummaryCell>, heldWorkTypes: readonly string[] = [], rules: GradingRules = DEFAULT_GRADING): StudentSummary {
	const marks: GradedMark[] = [];
	let absenceCount = 0;
	for (const { value, weight, workType } of cells) {
		for (const mark of value.marks) marks.push({ value: mark, weight, workType });
		if (value.absence !== null) absenceCount += 1;
	}
	const suggestion = suggestPeriodMark({ marks, heldWorkTypes }, rules);
	return { average: suggestion.average, markCount: marks.length, absenceCount, suggestion };
}

/** Lessons in journal order: by date, then lesson number, then id. */
export function compareLessons(a: DocLesson, b: DocLesson): number {
	if (a.date !== b.date) return a.date < b.date ? -1 : 1;
	const an = a.lessonNo ?? 0;
	const bn = b.lessonNo ?? 0;
	return an !== bn ? an - bn : a.id - b.id;
}
