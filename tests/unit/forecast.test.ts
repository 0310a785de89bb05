import { describe, expect, test } from 'vitest';
import { adviceFor, classForecast, forecastPeriodMark, normalCdf } from '../../src/lib/domain/forecast';
import { DEFAULT_GRADING, type GradedMark } from '../../src/lib/domain/grading';

const marks = (...values: number[]): GradedMark[] => values.map((value) => ({ value, weight: 1, workType: 'answer' }));

describe('R-2.7 forecast of a period mark', () => {
	test('a steady excellent student is expected to get 5 with high probability', () => {
		const f = forecastPeriodMark({ marks: marks(5, 5, 5, 5, 4, 5), elapsed: 0.5 });
		expect(f.expected).toBe('5');
		expect(f.distribution['5']).toBeGreaterThan(0.7);
		expect(f.risks).toEqual([]);
	});

	test('probabilities of all marks add up to one', () => {
		const f = forecastPeriodMark({ marks: marks(3, 4, 2, 5), elapsed: 0.4 });
		const total = Object.values(f.distribution).reduce((a, b) => a + b, 0);
		expect(total).toBeCloseTo(1, 6);
	});

	test('the band narrows as the period goes on: less is left to change', () => {
		const early = forecastPeriodMark({ marks: marks(4, 3, 4), elapsed: 0.2 });
		const late = forecastPeriodMark({ marks: marks(4, 3, 4, 4, 3, 4, 4, 3, 4, 4, 3, 4), elapsed: 0.95 });
		const width = (f: typeof early) => f.band![1] - f.band![0];
		expect(width(late)).toBeLessThan(width(early));
	});

	test('a student heading for 2 is flagged «риск 2»', () => {
		const f = forecastPeriodMark({ marks: marks(2, 3, 2, 2), elapsed: 0.5, prior: 2.8 });
		expect(f.risks).toContain('риск 2');
	});

	test('R-5.2 one mark late in the period: «не хватает оценок» and н/а expected', () => {
		const f = forecastPeriodMark({ marks: marks(5), elapsed: 0.9 });
		expect(f.risks).toContain('не хватает оценок');
		expect(f.expected).toBe('н/а');
	});

	test('no marks at all early on: the forecast leans on the prior, not on nothing', () => {
		const f = forecastPeriodMark({ marks: [], elapsed: 0.1, prior: 4.8 });
		expect(f.average).toBeCloseTo(4.8, 6);
	});
});

describe('R-2.7 what a student needs for the next mark', () => {
	test.each([
		[marks(4, 4, 5, 4, 5), 'Три пятёрки за ответ на уроке поднимут до 5.'], // 4,40: (22+5x)/(5+x) ≥ 4,6 ⇔ x ≥ 2,5
		[marks(4, 4, 4, 5), 'Четыре пятёрки за ответ на уроке поднимут до 5.'], // 4,25: x ≥ 3,5
		[marks(4, 5, 4, 5, 4, 5), 'Две пятёрки за ответ на уроке поднимут до 5.'], // 4,50: x ≥ 1,5
		[marks(4, 4, 4, 4, 4, 5), '7 пятёрок за ответ на уроке поднимут до 5.'], // 4,17: x ≥ 6,5
		[marks(3, 4, 3), 'Одна пятёрка за ответ на уроке поднимет до 4.'],
		[marks(5, 5, 5), null]
	])('%j → %s', (input, advice) => {
		expect(adviceFor(input)).toBe(advice);
	});

});

describe('R-2.7 class forecast', () => {
	test('quality counts 4 and 5, success counts everything above 2', () => {
		const make = (expected: string) => ({ expected, distribution: {}, average: null, band: null, risks: [], advice: null });
		const result = classForecast(['5', '4', '3', '2', 'н/а'].map(make), DEFAULT_GRADING);
		expect(result.quality).toBeCloseTo(0.4);
		expect(result.success).toBeCloseTo(0.6);
		expect(result.counts).toEqual({ '5': 1, '4': 1, '3': 1, '2': 1, 'н/а': 1 });
	});

	test('normal CDF is accurate at known points', () => {
		expect(normalCdf(0)).toBeCloseTo(0.5, 6);
		expect(normalCdf(1.645)).toBeCloseTo(0.95, 3);
		expect(normalCdf(-1.96)).toBeCloseTo(0.025, 3);
	});
});
