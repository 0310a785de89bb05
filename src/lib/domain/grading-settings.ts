/**
 * The administrator's grading settings form (R-2.5, R-5.2, X-MARKS): a school's rules for one
 * school year — the scale, rounding thresholds, minimum marks (raised by steps of weekly hours),
 * required works, the "no top mark
 * with a failing one" rule, absence codes, mark-free grades — and the weights of its types of
 * work. Pure: the form's fields in, checked settings or one Russian reason out.
 */
import { DEFAULT_CELL_RULES, type CellRules } from './cell.ts';
import { DEFAULT_GRADING, type GradingRules, type Threshold } from './grading.ts';

/** A school's rules for one year: the grading rules plus what cells and grades need. */
export interface SchoolGrading extends GradingRules {
	/** Absence codes the journal accepts (X-MARKS). */
	absenceCodes: readonly string[];
	/** Grades taught without marks (grade 1 by default). */
	markFreeGrades: readonly number[];
	/** more marks for subjects with more lessons a week, ascending by hours; empty: `minMarks` for every journal. */
	minMarksByHours: ReadonlyArray<MinMarksStep>;
	/** Marks may carry a plus or a minus («5−», «4+»); off by default. */
	markSigns: boolean;
	/** How much a plus adds to (a minus takes from) a mark in averages, 0–0.5: «5−» counts 5 − signWorth. */
	signWorth: number;
}

/** One step of the minimum: a journal with `fromHours` lessons a week or more needs `minMarks` marks. */
export interface MinMarksStep {
	fromHours: number;
	minMarks: number;
}

/** At most this many steps of weekly hours. */
export const MAX_MIN_MARKS_STEPS = 6;

/** The defaults until the administrator saves the school's own rules. */
export const DEFAULT_SCHOOL_GRADING: SchoolGrading = {
	...DEFAULT_GRADING,
	absenceCodes: DEFAULT_CELL_RULES.absenceCodes,
	markFreeGrades: [1],
	minMarksByHours: [],
	markSigns: false,
	signWorth: 0.25
};

/**
 * the fewest marks for a period mark in a journal with `weeklyHours` lessons a week — the
 * base minimum, raised by the highest step the hours reach; a step never lowers the base.
 */
export function minMarksFor(grading: Pick<SchoolGrading, 'minMarks' | 'minMarksByHours'>, weeklyHours: number): number {
	let reached: MinMarksStep | undefined;
	for (const step of grading.minMarksByHours) if (step.fromHours <= weeklyHours && (!reached || step.fromHours > reached.fromHours)) reached = step;
	return Math.max(grading.minMarks, reached?.minMarks ?? 0);
}

/** The school's rules as one journal applies them: `minMarks` is that journal's minimum. */
export function gradingForJournal(grading: SchoolGrading, weeklyHours: number): SchoolGrading {
	return { ...grading, minMarks: minMarksFor(grading, weeklyHours) };
}

/** What the diary of a student in a mark-free grade says instead of marks, averages and forecasts. */
export const MARK_FREE_NOTE = 'Безотметочное обучение: отметки не ставятся.';

/** True when the grade is taught without marks: no averages, suggestions or forecasts, only зач./незач. for periods. */
export function isMarkFreeGrade(grading: Pick<SchoolGrading, 'markFreeGrades'>, grade: number | null | undefined): boolean {
	return grade !== null && grade !== undefined && grading.markFreeGrades.includes(grade);
}

/** The cell rules (scale and absence codes) the live journal checks against. */
export function cellRulesFrom(grading: SchoolGrading, grade?: number): CellRules {
	const rules: CellRules = { scale: { min: grading.scale.min, max: grading.scale.max }, absenceCodes: [...grading.absenceCodes], ...(grading.markSigns ? { signs: true } : {}) };
	return isMarkFreeGrade(grading, grade) ? { ...rules, marksAllowed: false } : rules;
}

/** Every message of the settings form, in one place for review (X-RU). */
export const GRADING_MESSAGES = {
	scale: 'Шкала: наименьшая и наибольшая оценки — целые числа от 1 до 12, наименьшая меньше наибольшей.',
	thresholdsEmpty: 'Укажите пороги округления, например «5: 4,6; 4: 3,6; 3: 2,6».',
	thresholdFormat: (part: string) => `Порог «${part}» не понятен: пишите «оценка: от», например «5: 4,6».`,
	thresholdMark: (mark: number, min: number, max: number) => `Порог для «${mark}»: такой оценки нет в шкале ${min}–${max}.`,
	thresholdFrom: (mark: number, min: number, max: number) => `Порог для «${mark}» должен быть в пределах шкалы: от ${min} до ${max}.`,
	thresholdTop: (max: number) => `Первым идёт порог для высшей оценки шкалы — «${max}».`,
	thresholdsOrder: 'Пороги идут от высшей оценки к низшей, и каждый следующий строго меньше предыдущего.',
	minMarks: 'Наименьшее число оценок за период — целое число от 1 до 20.',
	stepIncomplete: (row: number) => `Строка ${row} ступеней: укажите и часы в неделю, и число оценок — или очистите оба поля.`,
	stepHours: (row: number) => `Строка ${row} ступеней: часы в неделю — целое число от 1 до 40.`,
	stepMarks: (row: number) => `Строка ${row} ступеней: число оценок — целое число от 1 до 20.`,
	stepsOrder: 'Ступени идут по возрастанию часов в неделю (в каждой следующей часов больше), а число оценок в них не убывает.',
	stepsTooMany: `Ступеней по часам в неделю не больше ${MAX_MIN_MARKS_STEPS}.`,
	workType: (code: string) => `Вида работы «${code}» в этом учебном году нет.`,
	absenceEmpty: 'Укажите хотя бы одну отметку о пропуске, например «н».',
	absenceCode: (code: string) => `«${code}» — отметка о пропуске пишется строчными русскими буквами, от 1 до 4.`,
	absenceDuplicate: (code: string) => `Отметка о пропуске «${code}» указана дважды.`,
	absenceTooMany: 'Отметок о пропуске не больше 10.',
	grades: (value: string) => `«${value}» — не класс: безотметочными могут быть классы с 1 по 11.`,
	weight: (name: string) => `Вес вида работы «${name}» — число больше 0 и не больше 10, до двух знаков после запятой.`,
	unknownWorkType: 'Такого вида работы в этом учебном году нет.',
	signWorth: 'Вес плюса и минуса — число от 0 до 0,5, до двух знаков после запятой (0,25: «5−» считается как 4,75).',
	saved: 'Правила оценивания сохранены.',
	workTypesSaved: 'Виды работ сохранены.'
} as const;

/** The settings form's fields as submitted (every value untrusted). */
export interface GradingForm {
	scaleMin?: unknown;
	scaleMax?: unknown;
	thresholds?: unknown;
	minMarks?: unknown;
	/** steps, row by row: the hours of each row (a list; empty rows are skipped). */
	minMarksHours?: unknown;
	/** steps, row by row: the marks of each row, paired with `minMarksHours` by position. */
	minMarksCounts?: unknown;
	requiredWorkTypes?: unknown;
	noTopWithFail?: unknown;
	absenceCodes?: unknown;
	markFreeGrades?: unknown;
	/** «Оценки с плюсом и минусом»: a checkbox. */
	markSigns?: unknown;
	/** How much a plus or a minus weighs in averages ("0,25"). */
	signWorth?: unknown;
}

/** A checked form, or one reason in Russian. */
export type GradingFormResult = { ok: true; value: SchoolGrading } | { ok: false; reason: string };

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const values = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(text);
const list = (value: unknown): string[] => values(value).filter(Boolean);
const integer = (value: unknown) => (/^\d{1,3}$/.test(text(value)) ? Number(text(value)) : NaN);

/** How thresholds read in the form: "5: 4,6; 4: 3,6; 3: 2,6". */
export function formatThresholds(thresholds: readonly Threshold[]): string {
	return thresholds.map((t) => `${t.mark}: ${String(t.from).replace('.', ',')}`).join('; ');
}

/** Parses "5: 4,6; 4: 3,6" (also "5 = 4.6", one per line); the order is kept, to be checked. */
export function parseThresholds(value: string): { ok: true; value: Threshold[] } | { ok: false; reason: string } {
	const parts = value
		.split(/[;\n]+/)
		.map((part) => part.trim())
		.filter(Boolean);
	if (parts.length === 0) return { ok: false, reason: GRADING_MESSAGES.thresholdsEmpty };
	const thresholds: Threshold[] = [];
	for (const part of parts) {
		const match = /^(\d{1,2})\s*(?::|=|от)\s*(\d{1,2}(?:[.,]\d{1,2})?)$/.exec(part);
		if (!match) return { ok: false, reason: GRADING_MESSAGES.thresholdFormat(part) };
		thresholds.push({ mark: Number(match[1]), from: Number(match[2].replace(',', '.')) });
	}
	return { ok: true, value: thresholds };
}

/**
 * Checks the steps as the form's rows give them: a row with both fields empty is skipped,
 * hours 1–40 and marks 1–20 as whole numbers, hours strictly ascending, marks not decreasing.
 */
export function checkMinMarksSteps(hours: unknown, counts: unknown): { ok: true; value: MinMarksStep[] } | { ok: false; reason: string } {
	const hourValues = values(hours);
	const countValues = values(counts);
	const steps: MinMarksStep[] = [];
	for (let i = 0; i < Math.max(hourValues.length, countValues.length); i++) {
		const [h, c] = [hourValues[i] ?? '', countValues[i] ?? ''];
		if (!h && !c) continue;
		if (!h || !c) return { ok: false, reason: GRADING_MESSAGES.stepIncomplete(i + 1) };
		const fromHours = integer(h);
		if (!(fromHours >= 1 && fromHours <= 40)) return { ok: false, reason: GRADING_MESSAGES.stepHours(i + 1) };
		const minMarks = integer(c);
		if (!(minMarks >= 1 && minMarks <= 20)) return { ok: false, reason: GRADING_MESSAGES.stepMarks(i + 1) };
		steps.push({ fromHours, minMarks });
	}
	if (steps.length > MAX_MIN_MARKS_STEPS) return { ok: false, reason: GRADING_MESSAGES.stepsTooMany };
	for (let i = 1; i < steps.length; i++) {
		if (!(steps[i].fromHours > steps[i - 1].fromHours && steps[i].minMarks >= steps[i - 1].minMarks)) return { ok: false, reason: GRADING_MESSAGES.stepsOrder };
	}
	return { ok: true, value: steps };
}

/**
 * Checks the settings form against the types of work of the year: the scale within 1–12, the
 * thresholds within the scale, highest first and strictly descending, the other fields well formed.
 */
export function checkGradingForm(form: GradingForm, workTypeCodes: readonly string[]): GradingFormResult {
	const min = integer(form.scaleMin);
	const max = integer(form.scaleMax);
	if (!(min >= 1 && max <= 12 && min < max)) return { ok: false, reason: GRADING_MESSAGES.scale };
	const parsed = parseThresholds(text(form.thresholds));
	if (!parsed.ok) return parsed;
	const thresholds = parsed.value;
	for (const t of thresholds) {
		if (t.mark < min || t.mark > max) return { ok: false, reason: GRADING_MESSAGES.thresholdMark(t.mark, min, max) };
		if (t.from < min || t.from > max) return { ok: false, reason: GRADING_MESSAGES.thresholdFrom(t.mark, min, max) };
	}
	if (thresholds[0].mark !== max) return { ok: false, reason: GRADING_MESSAGES.thresholdTop(max) };
	for (let i = 1; i < thresholds.length; i++) {
		if (!(thresholds[i].mark < thresholds[i - 1].mark && thresholds[i].from < thresholds[i - 1].from))
			return { ok: false, reason: GRADING_MESSAGES.thresholdsOrder };
	}
	const minMarks = integer(form.minMarks);
	if (!(minMarks >= 1 && minMarks <= 20)) return { ok: false, reason: GRADING_MESSAGES.minMarks };
	const steps = checkMinMarksSteps(form.minMarksHours, form.minMarksCounts);
	if (!steps.ok) return steps;
	const required = [...new Set(list(form.requiredWorkTypes))];
	for (const code of required) if (!workTypeCodes.includes(code)) return { ok: false, reason: GRADING_MESSAGES.workType(code) };
	const codes = list(form.absenceCodes)
		.flatMap((value) => value.split(/[\s,;]+/))
		.map((code) => code.toLowerCase().replace(/\.$/, ''))
		.filter(Boolean);
	if (codes.length === 0) return { ok: false, reason: GRADING_MESSAGES.absenceEmpty };
	if (codes.length > 10) return { ok: false, reason: GRADING_MESSAGES.absenceTooMany };
	for (const [i, code] of codes.entries()) {
		if (!/^[а-яё]{1,4}$/.test(code)) return { ok: false, reason: GRADING_MESSAGES.absenceCode(code) };
		if (codes.indexOf(code) !== i) return { ok: false, reason: GRADING_MESSAGES.absenceDuplicate(code) };
	}
	const grades: number[] = [];
	for (const value of list(form.markFreeGrades).flatMap((v) => v.split(/[\s,;]+/)).filter(Boolean)) {
		const grade = integer(value);
		if (!(grade >= 1 && grade <= 11)) return { ok: false, reason: GRADING_MESSAGES.grades(value) };
		if (!grades.includes(grade)) grades.push(grade);
	}
	const noTop = text(form.noTopWithFail);
	const signs = text(form.markSigns);
	const worthText = text(form.signWorth).replace(',', '.') || String(DEFAULT_SCHOOL_GRADING.signWorth);
	const signWorth = /^0(\.\d{1,2})?$/.test(worthText) && Number(worthText) <= 0.5 ? Number(worthText) : NaN;
	if (Number.isNaN(signWorth)) return { ok: false, reason: GRADING_MESSAGES.signWorth };
	return {
		ok: true,
		value: {
			scale: { min, max },
			thresholds,
			minMarks,
			requiredWorkTypes: required,
			noTopWithFail: noTop === 'on' || noTop === 'true' || noTop === '1',
			absenceCodes: codes,
			markFreeGrades: grades.sort((a, b) => a - b),
			minMarksByHours: steps.value,
			markSigns: signs === 'on' || signs === 'true' || signs === '1',
			signWorth
		}
	};
}

/** A checked weight and topic rule of one type of work. */
export interface WorkTypeSetting {
	id: number;
	weight: number;
	topicRequired: boolean;
}

/** Checks a weight as typed ("1,5", "2"): a number in (0, 10] with at most two decimals, or NaN. */
export function parseWeight(value: unknown): number {
	const raw = text(value).replace(',', '.');
	if (!/^\d{1,2}(\.\d{1,2})?$/.test(raw)) return NaN;
	const weight = Number(raw);
	return weight > 0 && weight <= 10 ? weight : NaN;
}

/** Checks the weights and topic rules of the year's types of work; a type not in the year is refused. */
export function checkWorkTypesForm(
	rows: ReadonlyArray<{ id: number; weight: unknown; topicRequired: unknown }>,
	known: ReadonlyArray<{ id: number; name: string }>
): { ok: true; value: WorkTypeSetting[] } | { ok: false; reason: string } {
	const value: WorkTypeSetting[] = [];
	for (const row of rows) {
		const type = known.find((k) => k.id === row.id);
		if (!type) return { ok: false, reason: GRADING_MESSAGES.unknownWorkType };
		const weight = parseWeight(row.weight);
		if (Number.isNaN(weight)) return { ok: false, reason: GRADING_MESSAGES.weight(type.name) };
		const topic = text(row.topicRequired);
		value.push({ id: row.id, weight, topicRequired: topic === 'on' || topic === 'true' || topic === '1' });
	}
	return { ok: true, value };
}
