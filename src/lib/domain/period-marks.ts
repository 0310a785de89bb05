/**
 * The sheet of period, year, exam and final marks of one journal (R-4.3.11, R-5.1, R-5.2, R-5.3):
 * each cell with the mark set, the weighted average, the suggested mark and the rule that decided
 * it; the check of a teacher's submission (a mark differing from the suggestion needs a
 * justification); and the «не хватает оценок» warnings before a period's deadline. Pure: the
 * server reads the rows and today's date, this decides.
 */
import type { MarkScale } from './cell.ts';
import { addDays, formatDate } from './dates.ts';
import {
	EXEMPT,
	FAIL,
	NOT_ASSESSED,
	PASS,
	needsJustification,
	suggestFinalMark,
	suggestPeriodMark,
	suggestYearMark,
	type GradedMark,
	type GradingRules,
	type Suggestion
} from './grading.ts';
import { currentPeriod, periodState, type PeriodDates, type PeriodState } from './periods.ts';

/** What a period-mark row is for: a period of the year, the year, the exam, the final mark. */
export type PeriodMarkKind = 'period' | 'year' | 'exam' | 'final';

/** Every kind, in the order the sheet shows them after the periods. */
export const PERIOD_MARK_KINDS: readonly PeriodMarkKind[] = ['period', 'year', 'exam', 'final'];

/** Longest justification kept (a short comment, not an essay). */
export const MAX_JUSTIFICATION_LENGTH = 500;

/** R-5.2: the teacher is warned about too few marks this many days before a period's deadline. */
export const LOW_MARKS_WARNING_DAYS = 14;

/** Every message of the marks sheet, in one place for review (X-RU). */
export const PERIOD_MARK_MESSAGES = {
	valueEmpty: 'Выберите отметку.',
	value: (value: string, allowed: readonly string[]) => `«${value}» — такой отметки нет: выберите одну из ${allowed.map((v) => `«${v}»`).join(', ')}.`,
	justificationRequired: (given: string, suggested: string) =>
		`Отметка «${given}» отличается от предложенной «${suggested}»: напишите обоснование.`,
	justificationTooLong: `Обоснование длиннее ${MAX_JUSTIFICATION_LENGTH} символов.`,
	cellNotFound: 'Такой отметки в этом журнале нет: проверьте ученика и период.',
	periodNotFound: 'Такого периода у этого класса нет.',
	lowMarks: (name: string, period: string, count: number, needed: number, deadline: string) =>
		`${name}: не хватает оценок за «${period}» — ${count} из ${needed}, отметки за период до ${formatDate(deadline)}.`,
	saved: (value: string, column: string, name: string) => `Сохранено: «${value}» (${column}), ${name}.`,
	unchanged: 'Отметка не изменилась.'
} as const;

/** Russian column names of the year, exam and final marks. */
export const KIND_TITLES: Record<Exclude<PeriodMarkKind, 'period'>, string> = { year: 'Год', exam: 'Экзамен', final: 'Итоговая' };

/** The values a teacher may pick: the scale from the top, н/а, осв. (and зач./незач. without marks). */
export function allowedValues(scale: MarkScale, markFree = false): string[] {
	const marks: string[] = [];
	for (let mark = scale.max; mark >= scale.min; mark--) marks.push(String(mark));
	return markFree ? [PASS, FAIL, NOT_ASSESSED, EXEMPT] : [...marks, NOT_ASSESSED, EXEMPT];
}

/** A submitted mark as the form sends it (every field untrusted). */
export interface PeriodMarkForm {
	value?: unknown;
	justification?: unknown;
}

/** A checked submission, or one reason in Russian. */
export type PeriodMarkCheck = { ok: true; value: string; justification: string | null } | { ok: false; reason: string };

/**
 * R-5.1: checks a teacher's mark against the scale and the suggestion. A mark that differs from
 * the suggestion needs a justification; an exam mark (suggested: null) never does.
 */
export function checkPeriodMark(form: PeriodMarkForm, suggested: string | null, scale: MarkScale, markFree = false): PeriodMarkCheck {
	const checked = checkPeriodMarkWhy(form, suggested, scale, markFree);
	return checked.ok ? checked : { ok: false, reason: checked.reason };
}

/** The same check, telling apart the one refusal a form answers by asking for a justification (R-5.1). */
export function checkPeriodMarkWhy(
	form: PeriodMarkForm,
	suggested: string | null,
	scale: MarkScale,
	markFree = false
): PeriodMarkCheck | { ok: false; reason: string; justificationRequired: true } {
	const value = typeof form.value === 'string' ? form.value.trim() : '';
	if (!value) return { ok: false, reason: PERIOD_MARK_MESSAGES.valueEmpty };
	const allowed = allowedValues(scale, markFree);
	if (!allowed.includes(value)) return { ok: false, reason: PERIOD_MARK_MESSAGES.value(value, allowed) };
	const justification = typeof form.justification === 'string' ? form.justification.trim() : '';
	if (justification.length > MAX_JUSTIFICATION_LENGTH) return { ok: false, reason: PERIOD_MARK_MESSAGES.justificationTooLong };
	if (suggested !== null && needsJustification(value, suggested) && !justification)
		return { ok: false, reason: PERIOD_MARK_MESSAGES.justificationRequired(value, suggested), justificationRequired: true };
	return { ok: true, value, justification: justification || null };
}

/** A student of the journal with the span of their membership. */
export interface SheetStudent {
	id: number;
	name: string;
	from: string;
	to: string | null;
}

/** A period of the class's grade. */
export interface SheetPeriod extends PeriodDates {
	id: number;
}

/** A mark of the journal with its lesson's date. */
export interface DatedMark extends GradedMark {
	date: string;
}

/** A period, year, exam or final mark as stored. */
export interface StoredPeriodMark {
	studentId: number;
	kind: PeriodMarkKind;
	periodId: number | null;
	value: string;
	suggested: string | null;
	justification: string | null;
	authorName: string | null;
	setAt: string;
}

/** One column of the sheet: a period, or the year, exam or final mark. */
export interface SheetColumn {
	/** "p<periodId>", "year", "exam" or "final". */
	key: string;
	kind: PeriodMarkKind;
	periodId: number | null;
	title: string;
	/** False for a period that has not begun yet (its suggestion means nothing so far). */
	begun: boolean;
	/** Whether marks may be set (a period open; year, exam and final while the last period is). */
	state: PeriodState;
}

/** One cell: the mark set, the average, the suggestion and why. */
export interface SheetCell {
	key: string;
	set: StoredPeriodMark | null;
	/** Weighted average of the period's marks (periods), mean of period marks (year). */
	average: number | null;
	/** The suggestion, or null for the exam (it is the exam's result). */
	suggestion: Suggestion | null;
	/** The number of marks the period's suggestion was made from. */
	markCount: number;
}

/** A student's row. */
export interface SheetRow {
	student: SheetStudent;
	departed: boolean;
	cells: SheetCell[];
}

/** R-5.2: a student with too few marks for a period whose deadline is near, and the sentence that says so. */
export interface LowMarksWarning {
	studentId: number;
	periodId: number;
	/** Marks the student has in the period. */
	count: number;
	/** Marks the rules ask for. */
	min: number;
	/** The period's deadline for period marks. */
	deadline: string;
	/** The warning as the teacher reads it. */
	text: string;
}

/** The whole sheet with the R-5.2 warnings the teacher should act on. */
export interface MarksSheet {
	columns: SheetColumn[];
	rows: SheetRow[];
	warnings: LowMarksWarning[];
}

/** What the sheet is built from. */
export interface SheetInput {
	students: readonly SheetStudent[];
	/** The periods of the class's grade, in order. */
	periods: readonly SheetPeriod[];
	/** Marks of the journal per student (each weighing what its type of work weighs now). */
	marks: ReadonlyMap<number, readonly DatedMark[]>;
	/** Codes of the types of work held in each period (lessons with that type). */
	heldWorkTypes: ReadonlyMap<number, readonly string[]>;
	set: readonly StoredPeriodMark[];
	rules: GradingRules;
	markFree: boolean;
	today: string;
}

/** The key of a cell's column. */
export function columnKey(kind: PeriodMarkKind, periodId: number | null): string {
	return kind === 'period' ? `p${periodId}` : kind;
}

/** R-5.2: the «не хватает оценок» warning is due while the period is open and its deadline within 14 days. */
export function lowMarksWarningDue(period: PeriodDates, today: string): boolean {
	return periodState(period, today).open && today >= period.startsOn && addDays(today, LOW_MARKS_WARNING_DAYS) >= period.marksDeadline;
}

/** Builds the sheet: suggestions for periods, the year from periods, the final from year and exam. */
export function buildMarksSheet(input: SheetInput): MarksSheet {
	const { periods, rules, today } = input;
	const last = periods[periods.length - 1];
	// Year, exam and final belong to the year's end: they close with its last period.
	const yearState: PeriodState = last ? periodState(last, today) : { open: true, reopened: false, reason: '' };
	const columns: SheetColumn[] = [
		...periods.map((p) => ({ key: columnKey('period', p.id), kind: 'period' as const, periodId: p.id, title: p.name, begun: p.startsOn <= today, state: periodState(p, today) })),
		...(['year', 'exam', 'final'] as const).map((kind) => ({ key: kind, kind, periodId: null, title: KIND_TITLES[kind], begun: true, state: yearState }))
	];
	const setOf = new Map(input.set.map((m) => [`${m.studentId}:${columnKey(m.kind, m.periodId)}`, m]));
	const warnings: LowMarksWarning[] = [];

	const rows = input.students.map((student) => {
		const departed = student.to !== null && student.to < today;
		const marks = input.marks.get(student.id) ?? [];
		const cells: SheetCell[] = [];
		const yearInputs: string[] = [];
		for (const period of periods) {
			const key = columnKey('period', period.id);
			const own = marks.filter((m) => m.date >= period.startsOn && m.date <= period.endsOn);
			const suggestion = suggestPeriodMark({ marks: own, heldWorkTypes: input.heldWorkTypes.get(period.id) ?? [], markFree: input.markFree }, rules);
			const set = setOf.get(`${student.id}:${key}`) ?? null;
			cells.push({ key, set, average: suggestion.average, suggestion, markCount: own.length });
			// The year counts marks set, and suggestions of periods already begun where none is set.
			if (set) yearInputs.push(set.value);
			else if (period.startsOn <= today) yearInputs.push(suggestion.mark);
			if (!set && !departed && suggestion.warnings.includes('не хватает оценок') && lowMarksWarningDue(period, today))
				warnings.push({
					studentId: student.id,
					periodId: period.id,
					count: own.length,
					min: rules.minMarks,
					deadline: period.marksDeadline,
					text: PERIOD_MARK_MESSAGES.lowMarks(student.name, period.name, own.length, rules.minMarks, period.marksDeadline)
				});
		}
		const year = suggestYearMark(yearInputs, rules);
		const yearSet = setOf.get(`${student.id}:year`) ?? null;
		cells.push({ key: 'year', set: yearSet, average: year.average, suggestion: year, markCount: yearInputs.length });
		const exam = setOf.get(`${student.id}:exam`) ?? null;
		cells.push({ key: 'exam', set: exam, average: null, suggestion: null, markCount: 0 });
		const final = suggestFinalMark(yearSet?.value ?? year.mark, exam?.value ?? null, rules);
		cells.push({ key: 'final', set: setOf.get(`${student.id}:final`) ?? null, average: final.average, suggestion: final, markCount: 0 });
		return { student, departed, cells };
	});
	return { columns, rows, warnings };
}

/** The column and cell of a student, or undefined when the journal has no such cell. */
export function findCell(sheet: MarksSheet, studentId: number, kind: PeriodMarkKind, periodId: number | null) {
	const key = columnKey(kind, periodId);
	const index = sheet.columns.findIndex((c) => c.key === key);
	const row = sheet.rows.find((r) => r.student.id === studentId);
	if (index < 0 || !row) return undefined;
	return { column: sheet.columns[index], cell: row.cells[index], row };
}

/** Parses the kind and period of a submitted cell, or undefined. */
export function parseCellTarget(kind: unknown, periodId: unknown): { kind: PeriodMarkKind; periodId: number | null } | undefined {
	if (typeof kind !== 'string' || !PERIOD_MARK_KINDS.includes(kind as PeriodMarkKind)) return undefined;
	if (kind !== 'period') return { kind: kind as PeriodMarkKind, periodId: null };
	const id = typeof periodId === 'string' && /^[1-9]\d{0,9}$/.test(periodId) ? Number(periodId) : NaN;
	return Number.isSafeInteger(id) && id <= 2_147_483_647 ? { kind: 'period', periodId: id } : undefined;
}

/** One student's mark for one period, as the live journal's period column shows it (R-4.3.11). */
export interface PeriodColumnEntry {
	studentId: number;
	name: string;
	departed: boolean;
	suggested: string | null;
	rule: string | null;
	average: number | null;
	warnings: string[];
	value: string | null;
	justification: string | null;
	authorName: string | null;
	setAt: string | null;
}

/** A period column of the live journal: the period, whether it is open, and every student's mark. */
export interface PeriodColumnView {
	period: { id: number; name: string; open: boolean; reason: string };
	/** The periods of the class's grade, to pick another one. */
	periods: Array<{ id: number; name: string }>;
	students: PeriodColumnEntry[];
}

/** A column of the sheet as the live journal's mark column shows it: any period, the year, exam or final mark. */
export interface SheetColumnView {
	column: { key: string; kind: PeriodMarkKind; periodId: number | null; title: string; begun: boolean; open: boolean; reason: string };
	/** Every column of the sheet, to pick another one. */
	columns: Array<{ key: string; kind: PeriodMarkKind; periodId: number | null; title: string }>;
	students: PeriodColumnEntry[];
}

/** The column the live journal shows first: the last period begun by today, else the first one. */
export function defaultColumnKey(sheet: Pick<MarksSheet, 'columns'>): string | undefined {
	const periods = sheet.columns.filter((c) => c.kind === 'period');
	return (periods.filter((c) => c.begun).at(-1) ?? periods[0] ?? sheet.columns[0])?.key;
}

/** Which column of the class sheet the query asks for: `?period=<id>` of the grade, `year`, else the current period. */
export function chooseColumn(periods: ReadonlyArray<Pick<SheetPeriod, 'id' | 'name' | 'startsOn'>>, asked: string | null, today: string): { key: string; title: string } {
	if (asked === 'year') return { key: 'year', title: KIND_TITLES.year };
	const period = periods.find((p) => String(p.id) === asked) ?? currentPeriod(periods, today) ?? periods[0];
	return period ? { key: columnKey('period', period.id), title: period.name } : { key: 'year', title: KIND_TITLES.year };
}

/** The sheet's column with that key (or the default one), with every student's mark and suggestion, or undefined. */
export function sheetColumnOf(sheet: MarksSheet, key: string | undefined = defaultColumnKey(sheet)): SheetColumnView | undefined {
	const index = sheet.columns.findIndex((c) => c.key === key);
	if (index < 0) return undefined;
	const column = sheet.columns[index];
	return {
		column: { key: column.key, kind: column.kind, periodId: column.periodId, title: column.title, begun: column.begun, open: column.state.open, reason: column.state.reason },
		columns: sheet.columns.map((c) => ({ key: c.key, kind: c.kind, periodId: c.periodId, title: c.title })),
		students: sheet.rows.map((row) => {
			const cell = row.cells[index];
			return {
				studentId: row.student.id,
				name: row.student.name,
				departed: row.departed,
				suggested: cell.suggestion?.mark ?? null,
				rule: cell.suggestion?.rule ?? null,
				average: cell.average,
				warnings: cell.suggestion?.warnings ?? [],
				value: cell.set?.value ?? null,
				justification: cell.set?.justification ?? null,
				authorName: cell.set?.authorName ?? null,
				setAt: cell.set?.setAt ?? null
			};
		})
	};
}

/** The sheet's column of one period (the asked one, else the last begun by today), or undefined. */
export function periodColumnOf(sheet: MarksSheet, periodId?: number): PeriodColumnView | undefined {
	const periods = sheet.columns.filter((c) => c.kind === 'period');
	const key = periodId === undefined ? defaultColumnKey({ columns: periods }) : periods.find((c) => c.periodId === periodId)?.key;
	const view = key === undefined ? undefined : sheetColumnOf(sheet, key);
	if (!view || view.column.periodId === null) return undefined;
	return {
		period: { id: view.column.periodId, name: view.column.title, open: view.column.open, reason: view.column.reason },
		periods: periods.map((c) => ({ id: c.periodId!, name: c.title })),
		students: view.students
	};
}
