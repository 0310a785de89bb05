/**
 * The school's grading rules (R-2.5, R-5.1, R-5.2, X-MARKS) as pure functions: the suggested
 * period mark with the rule that decided it, year and final marks, and when a teacher's mark
 * needs a justification. Every threshold is a setting, since regions and schools differ.
 */
import type { MarkScale } from './cell.ts';
import { weightedAverage } from './marks.ts';

/** A rounding threshold: an average from `from` upwards earns `mark`. */
export interface Threshold {
	mark: number;
	from: number;
}

/** A school's grading rules for one school year. */
export interface GradingRules {
	/** The mark scale (2–5 by default). */
	scale: MarkScale;
	/** Rounding of the weighted average, highest mark first; below the last one: the scale's minimum. */
	thresholds: readonly Threshold[];
	/** fewest marks for a period mark (3 by default). */
	minMarks: number;
	/** Codes of the types of work that must be among the marks when such a work was held. */
	requiredWorkTypes: readonly string[];
	/** Optional rule: no top mark while the period holds a failing mark. */
	noTopWithFail: boolean;
}

/** Default rules: 2–5, 5 from 4.60, 4 from 3.60, 3 from 2.60, at least three marks. */
export const DEFAULT_GRADING: GradingRules = {
	scale: { min: 2, max: 5 },
	thresholds: [
		{ mark: 5, from: 4.6 },
		{ mark: 4, from: 3.6 },
		{ mark: 3, from: 2.6 }
	],
	minMarks: 3,
	requiredWorkTypes: ['test', 'lab', 'practical'],
	noTopWithFail: false
};

/** Special period marks. */
export const NOT_ASSESSED = 'н/а';
/** Exempt from the subject. */
export const EXEMPT = 'осв.';
/** Pass and fail in mark-free grades and subjects. */
export const PASS = 'зач.';
/** Fail in mark-free grades and subjects. */
export const FAIL = 'незач.';

/** A mark as the period rules see it. */
export interface GradedMark {
	value: number;
	weight: number;
	/** The plus (1) or minus (−1) the mark was written with; 0 or absent for none. */
	sign?: number;
	/** What it counts in averages, when a sign makes that differ from `value` (see markWorth). */
	worth?: number;
	/** Code of its type of work, when known. */
	workType: string | null;
}

/** What the suggestion for one student in one subject and period is made from. */
export interface PeriodInput {
	marks: readonly GradedMark[];
	/** Types of work held in this period in this journal (so that a missing test counts). */
	heldWorkTypes?: readonly string[];
	/** Exempt from the subject (медицинская группа, etc.). */
	exempt?: boolean;
	/** A mark-free grade or subject (grade 1): pass/fail instead of a mark. */
	markFree?: boolean;
}

/** The suggested mark and why. */
export interface Suggestion {
	/** '2'…'5' (or the scale's range), 'н/а', 'осв.', 'зач.', 'незач.'. */
	mark: string;
	/** The weighted average, when there are marks. */
	average: number | null;
	/** The rule that decided, in Russian, for the teacher and the parent. */
	rule: string;
	/** Warnings that do not change the mark but the teacher should act on. */
	warnings: string[];
}

/** The weighted average of the marks, or null when there are none. */
export const weightedAverageOf: (marks: readonly GradedMark[]) => number | null = weightedAverage;

/** Rounds an average to a mark by the thresholds. */
export function roundAverage(average: number, rules: Pick<GradingRules, 'thresholds' | 'scale'>): number {
	// Averages are compared at two decimals, as shown to people: 4.595 is shown 4,60 and earns the 5.
	const shown = Math.round(average * 100) / 100;
	for (const threshold of rules.thresholds) if (shown >= threshold.from) return threshold.mark;
	return rules.scale.min;
}

const fmt = (n: number) => n.toFixed(2).replace('.', ',');

/** Suggests a period mark with the rule that decided it. */
export function suggestPeriodMark(input: PeriodInput, rules: GradingRules = DEFAULT_GRADING): Suggestion {
	if (input.exempt) return { mark: EXEMPT, average: null, rule: 'Ученик освобождён от предмета.', warnings: [] };
	const average = weightedAverageOf(input.marks);
	if (input.markFree) {
		if (input.marks.length === 0) return { mark: PASS, average: null, rule: 'Безотметочное обучение: зачёт без отметок.', warnings: [] };
		// Marks in a mark-free subject (a teacher's check-ups) pass when they would round above failing.
		const passed = average !== null && roundAverage(average, rules) > rules.scale.min;
		return {
			mark: passed ? PASS : FAIL,
			average,
			rule: passed ? 'Безотметочное обучение: зачёт.' : 'Безотметочное обучение: незачёт по итогам работ.',
			warnings: []
		};
	}
	if (average === null || input.marks.length < rules.minMarks) {
		const count = input.marks.length;
		return {
			mark: NOT_ASSESSED,
			average,
			rule: `Для отметки за период нужно не меньше ${rules.minMarks} оценок, а есть ${count}.`,
			warnings: ['не хватает оценок']
		};
	}
	const missing = (input.heldWorkTypes ?? []).filter(
		(type) => rules.requiredWorkTypes.includes(type) && !input.marks.some((mark) => mark.workType === type)
	);
	const warnings = missing.length ? [`нет оценки за обязательную работу: ${[...new Set(missing)].join(', ')}`] : [];
	let mark = roundAverage(average, rules);
	let rule = `Средний взвешенный балл ${fmt(average)}: ${describeThreshold(mark, rules)}.`;
	const hasFail = input.marks.some((m) => m.value <= rules.scale.min);
	if (rules.noTopWithFail && mark === rules.scale.max && hasFail) {
		mark = rules.scale.max - 1;
		rule = `Средний взвешенный балл ${fmt(average)}, но за период есть ${rules.scale.min}: по правилу школы не выше ${mark}.`;
	}
	return { mark: String(mark), average, rule, warnings };
}

function describeThreshold(mark: number, rules: GradingRules): string {
	const threshold = rules.thresholds.find((t) => t.mark === mark);
	if (threshold) return `«${mark}» ставится от ${fmt(threshold.from)}`;
	const lowest = rules.thresholds[rules.thresholds.length - 1];
	return lowest ? `ниже ${fmt(lowest.from)} — «${mark}»` : `«${mark}»`;
}

/** Suggests the year mark from the period marks (н/а and осв. periods are left out). */
export function suggestYearMark(periodMarks: readonly string[], rules: GradingRules = DEFAULT_GRADING): Suggestion {
	if (periodMarks.length > 0 && periodMarks.every((mark) => mark === EXEMPT))
		return { mark: EXEMPT, average: null, rule: 'Освобождён во всех периодах.', warnings: [] };
	const numeric = periodMarks.filter((mark) => /^\d+$/.test(mark)).map(Number);
	if (numeric.length === 0) return { mark: NOT_ASSESSED, average: null, rule: 'Нет ни одной отметки за периоды.', warnings: [] };
	const average = numeric.reduce((a, b) => a + b, 0) / numeric.length;
	const warnings = periodMarks.includes(NOT_ASSESSED) ? ['есть период с «н/а»'] : [];
	// Year marks round half up from the arithmetic mean of the period marks.
	const mark = Math.min(rules.scale.max, Math.max(rules.scale.min, Math.floor(average + 0.5)));
	return { mark: String(mark), average, rule: `Среднее отметок за периоды ${fmt(average)} → «${mark}».`, warnings };
}

/** Suggests the final mark from the year mark and, where one was held, the exam mark. */
export function suggestFinalMark(year: string, exam: string | null, rules: GradingRules = DEFAULT_GRADING): Suggestion {
	if (exam === null || !/^\d+$/.test(exam)) return { mark: year, average: null, rule: 'Итоговая отметка равна годовой.', warnings: [] };
	if (!/^\d+$/.test(year)) return { mark: exam, average: null, rule: 'Годовой отметки нет: итоговая — по экзамену.', warnings: [] };
	const average = (Number(year) + Number(exam)) / 2;
	// Between two marks the exam decides, as the usual local acts say.
	const mark = Number.isInteger(average) ? average : Number(exam);
	return {
		mark: String(Math.min(rules.scale.max, Math.max(rules.scale.min, mark))),
		average,
		rule: Number.isInteger(average) ? `Годовая и экзаменационная отметки дают «${average}».` : `Годовая «${year}» и экзамен «${exam}»: решает экзамен.`,
		warnings: []
	};
}

/** a period or final mark that differs from the suggestion needs a short justification. */
export function needsJustification(given: string, suggested: string): boolean {
	return given !== suggested;
}
