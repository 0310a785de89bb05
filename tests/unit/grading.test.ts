import { describe, expect, test } from 'vitest';
import {
	DEFAULT_GRADING,
	needsJustification,
	roundAverage,
	suggestFinalMark,
	suggestPeriodMark,
	suggestYearMark,
	type GradedMark,
	type GradingRules
} from '../../src/lib/domain/grading';

const m = (value: number, weight = 1, workType: string | null = 'answer'): GradedMark => ({ value, weight, workType });

describe('R-2.5 rounding thresholds (default 4,60 / 3,60 / 2,60)', () => {
	test.each([
		[5, 5],
		[4.6, 5],
		[4.595, 5], // shown as 4,60
		[4.59, 4],
		[3.6, 4],
		[3.59, 3],
		[2.6, 3],
		[2.59, 2],
		[1, 2]
	])('average %d rounds to %d', (average, mark) => {
		expect(roundAverage(average, DEFAULT_GRADING)).toBe(mark);
	});

	test('a school with other thresholds gets other marks from the same average', () => {
		const lenient: GradingRules = { ...DEFAULT_GRADING, thresholds: [{ mark: 5, from: 4.5 }, { mark: 4, from: 3.5 }, { mark: 3, from: 2.5 }] };
		expect(roundAverage(4.5, lenient)).toBe(5);
		expect(roundAverage(4.5, DEFAULT_GRADING)).toBe(4);
	});
});

describe('R-5.1, R-5.2 suggested period mark and the rule that decided it', () => {
	test.each([
		{ name: 'mixed weights: a test (3) outweighs two answers', marks: [m(5, 3, 'test'), m(3), m(3)], mark: '4', average: 4.2 },
		{ name: 'exactly on the threshold', marks: [m(5), m(5), m(4), m(5), m(4)], mark: '5', average: 4.6 },
		{ name: 'just below the threshold', marks: [m(5, 1), m(4, 1), m(5, 2), m(4, 1), m(4, 1), m(5, 1), m(4, 1), m(5, 1), m(4, 1), m(5, 1), m(4, 1)], mark: '4', average: 54 / 12 },
		{ name: 'failing', marks: [m(2), m(2), m(3)], mark: '2', average: 7 / 3 }
	])('$name → $mark', ({ marks, mark, average }) => {
		const suggestion = suggestPeriodMark({ marks });
		expect(suggestion.mark).toBe(mark);
		expect(suggestion.average).toBeCloseTo(average, 6);
		expect(suggestion.rule).toMatch(/Средний взвешенный балл \d,\d\d/);
	});

	test.each([
		{ name: 'no marks', marks: [] as GradedMark[] },
		{ name: 'only absences (no marks at all)', marks: [] as GradedMark[] },
		{ name: 'two marks', marks: [m(5), m(5)] }
	])('R-5.2 $name → н/а with the reason', ({ marks }) => {
		const suggestion = suggestPeriodMark({ marks });
		expect(suggestion.mark).toBe('н/а');
		expect(suggestion.rule).toContain('не меньше 3 оценок');
		expect(suggestion.warnings).toContain('не хватает оценок');
	});

	test('R-5.2 a school may ask for more marks', () => {
		expect(suggestPeriodMark({ marks: [m(5), m(5), m(5)] }, { ...DEFAULT_GRADING, minMarks: 5 }).mark).toBe('н/а');
	});

	test('R-5.2 a held test without a mark for it is a warning, not a different mark', () => {
		const suggestion = suggestPeriodMark({ marks: [m(5), m(5), m(5)], heldWorkTypes: ['answer', 'test'] });
		expect(suggestion.mark).toBe('5');
		expect(suggestion.warnings).toEqual(['нет оценки за обязательную работу: test']);
	});

	test('the optional "no 5 with a 2" rule lowers the mark and says so', () => {
		const marks = [m(5, 3, 'test'), m(5, 3, 'test'), m(5, 3, 'test'), m(2)];
		expect(suggestPeriodMark({ marks }).mark).toBe('5');
		const strict = suggestPeriodMark({ marks }, { ...DEFAULT_GRADING, noTopWithFail: true });
		expect(strict.mark).toBe('4');
		expect(strict.rule).toContain('по правилу школы не выше 4');
	});

	test('осв.: an exempt student gets осв. whatever the marks', () => {
		expect(suggestPeriodMark({ marks: [m(2), m(2), m(2)], exempt: true }).mark).toBe('осв.');
	});

	test('a mark-free grade gets зач./незач., never a number', () => {
		expect(suggestPeriodMark({ marks: [], markFree: true }).mark).toBe('зач.');
		expect(suggestPeriodMark({ marks: [m(4), m(5)], markFree: true }).mark).toBe('зач.');
		expect(suggestPeriodMark({ marks: [m(2), m(2)], markFree: true }).mark).toBe('незач.');
	});
});

describe('R-4.3.11 year and final marks', () => {
	test.each([
		[['5', '4', '5', '4'], '5'],
		[['4', '4', '3', '3'], '4'],
		[['3', '3', '3', '4'], '3'],
		[['н/а', '4', '4', '5'], '4'],
		[['осв.', 'осв.'], 'осв.'],
		[['н/а', 'н/а'], 'н/а']
	])('periods %j → year %s', (periods, year) => {
		expect(suggestYearMark(periods).mark).toBe(year);
	});

	test.each([
		['4', null, '4'],
		['4', '4', '4'],
		['4', '5', '5'],
		['5', '3', '4'],
		['4', '3', '3'],
		['н/а', '4', '4']
	])('year %s and exam %s → final %s', (year, exam, final) => {
		expect(suggestFinalMark(year, exam).mark).toBe(final);
	});

	test('R-5.1 a mark other than the suggestion needs a justification', () => {
		expect(needsJustification('5', '4')).toBe(true);
		expect(needsJustification('4', '4')).toBe(false);
	});
});
