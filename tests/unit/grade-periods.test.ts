import { describe, expect, test } from 'vitest';
import { currentPeriod, periodsOfGrade, type Period } from '../../src/lib/domain/periods';
import { forecastPeriodMark, periodElapsed } from '../../src/lib/domain/forecast';
import { chooseColumn } from '../../src/lib/domain/period-marks';

// A year as the demo plans it: quarters for grades 1–9, halves for 10–11, given in no order.
const period = (id: number, name: string, startsOn: string, endsOn: string, gradeFrom: number, gradeTo: number): Period => ({
	id,
	name,
	startsOn,
	endsOn,
	marksDeadline: endsOn,
	closedOn: null,
	reopenedUntil: null,
	reopenReason: null,
	gradeFrom,
	gradeTo
});
const year: Period[] = [
	period(3, '3 четверть', '2027-01-11', '2027-03-20', 1, 9),
	period(5, '1 полугодие', '2026-09-01', '2026-12-29', 10, 11),
	period(1, '1 четверть', '2026-09-01', '2026-10-24', 1, 9),
	period(4, '4 четверть', '2027-03-30', '2027-05-31', 1, 9),
	period(6, '2 полугодие', '2027-01-11', '2027-05-31', 10, 11),
	period(2, '2 четверть', '2026-11-05', '2026-12-29', 1, 9)
];
const QUARTERS = ['1 четверть', '2 четверть', '3 четверть', '4 четверть'];
const HALVES = ['1 полугодие', '2 полугодие'];

describe('R-5.3 the periods of a grade are those whose grades include it, in the order they begin', () => {
	test.each([
		{ name: 'a grade in the middle of the quarters gets the four quarters in order', grade: 5, periods: QUARTERS },
		{ name: 'the lowest grade of the quarters gets them', grade: 1, periods: QUARTERS },
		{ name: 'the highest grade of the quarters gets them', grade: 9, periods: QUARTERS },
		{ name: 'the lowest grade of the halves gets the two halves', grade: 10, periods: HALVES },
		{ name: 'the highest grade of the halves gets them', grade: 11, periods: HALVES },
		{ name: 'a grade no period is for gets none', grade: 12, periods: [] }
	])('$name', ({ grade, periods }) => {
		expect(periodsOfGrade(year, grade).map((p) => p.name)).toEqual(periods);
	});

	test('the periods given are left as they were', () => {
		const before = year.map((p) => p.id);
		periodsOfGrade(year, 5);
		expect(year.map((p) => p.id)).toEqual(before);
	});
});

describe('R-2.7 the current period is the one containing today, else the last one begun before it', () => {
	const quarters = periodsOfGrade(year, 5);
	test.each([
		{ name: 'a day inside the second quarter is in it', today: '2026-12-01', current: '2 четверть' },
		{ name: 'the first day of a quarter is in it', today: '2026-09-01', current: '1 четверть' },
		{ name: 'the last day of a quarter is still in it', today: '2026-10-24', current: '1 четверть' },
		{ name: 'in the holidays after a quarter it is the quarter just ended', today: '2026-10-30', current: '1 четверть' },
		{ name: 'after the year has ended it is the last quarter', today: '2027-06-15', current: '4 четверть' },
		{ name: 'before the year begins there is none', today: '2026-08-31', current: undefined }
	])('$name', ({ today, current }) => {
		expect(currentPeriod(quarters, today)?.name).toBe(current);
	});
});

describe('R-2.7 the forecast’s clock is the share of the period gone by today', () => {
	// Ten days: 01.09 to 11.09.
	const tenDays = { startsOn: '2026-09-01', endsOn: '2026-09-11' };
	test.each([
		{ name: 'on the first day of the period none of it has gone', period: tenDays, today: '2026-09-01', elapsed: 0 },
		{ name: 'half way through half of it has gone', period: tenDays, today: '2026-09-06', elapsed: 0.5 },
		{ name: 'on its last day all of it has gone', period: tenDays, today: '2026-09-11', elapsed: 1 },
		{ name: 'without a period (a diary before the first one) the whole year counts as gone', period: undefined, today: '2026-08-20', elapsed: 1 },
		{ name: 'the day before the period the share is below nothing, not clamped here', period: tenDays, today: '2026-08-31', elapsed: -0.1 },
		{ name: 'the day after the period the share is past the whole, not clamped here', period: tenDays, today: '2026-09-12', elapsed: 1.1 }
	])('$name', ({ period, today, elapsed }) => {
		expect(periodElapsed(period, today)).toBeCloseTo(elapsed, 10);
	});

	test('a share past the whole is forecast as the period’s end: the forecast clamps it', () => {
		const marks = [4, 5, 3].map((value) => ({ value, weight: 1, workType: 'answer' }));
		expect(forecastPeriodMark({ marks, elapsed: periodElapsed(tenDays, '2026-09-12') })).toEqual(forecastPeriodMark({ marks, elapsed: 1 }));
	});
});

describe('R-4.3.11 the class sheet shows the column the query asks for, else the current period', () => {
	const quarters = periodsOfGrade(year, 5);
	test.each([
		{ name: 'asked for the year, it shows the year', periods: quarters, asked: 'year', today: '2026-12-01', column: { key: 'year', title: 'Год' } },
		{ name: 'asked for a period of the grade, it shows that period', periods: quarters, asked: '3', today: '2026-12-01', column: { key: 'p3', title: '3 четверть' } },
		{ name: 'asked for nothing, it shows the current period', periods: quarters, asked: null, today: '2026-12-01', column: { key: 'p2', title: '2 четверть' } },
		{ name: 'asked for a period of another grade, it shows the current period', periods: quarters, asked: '5', today: '2026-12-01', column: { key: 'p2', title: '2 четверть' } },
		{ name: 'before the year begins, it shows the first period', periods: quarters, asked: null, today: '2026-08-20', column: { key: 'p1', title: '1 четверть' } },
		{ name: 'a grade without periods shows the year', periods: [], asked: null, today: '2026-12-01', column: { key: 'year', title: 'Год' } }
	])('$name', ({ periods, asked, today, column }) => {
		expect(chooseColumn(periods, asked, today)).toEqual(column);
	});
});
