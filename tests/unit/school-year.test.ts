import { describe, expect, test } from 'vitest';
import {
	checkYearPlan,
	copyYearPlan,
	nextYearDate,
	usualYearDraft,
	YEAR_MESSAGES as M,
	type ExistingYear,
	type PeriodInput,
	type YearDraft,
	type YearPlanInput
} from '../../src/lib/domain/school-year';
import type { PeriodKind } from '../../src/lib/domain/periods';
import type { HolidayInput } from '../../src/lib/domain/holidays';

/** The usual 2026/2027 as the form sends it (all text). */
const usual = usualYearDraft(2026);
const asInput = (draft: YearDraft): YearPlanInput => ({
	startsOn: draft.startsOn,
	endsOn: draft.endsOn,
	periods: draft.periods.map((p) => ({ ...p, gradeFrom: String(p.gradeFrom), gradeTo: String(p.gradeTo) })),
	holidays: draft.holidays
});
type Mutable = YearPlanInput & { periods: PeriodInput[]; holidays: HolidayInput[] };
const plan = (change: (input: Mutable) => void = () => {}): YearPlanInput => {
	const input = structuredClone(asInput(usual)) as Mutable;
	change(input);
	return input;
};
const last: ExistingYear = { name: '2025/2026', startsOn: '2025-09-01', endsOn: '2026-05-31' };
const reason = (input: YearPlanInput, others: ExistingYear[] = [last]) => {
	const result = checkYearPlan(input, others);
	return result.ok ? null : result.reason;
};
const q = (n: number) => `${n} четверть, 1–9 кл.`;

describe('R-5.3 a school year and its periods are checked before they are stored', () => {
	const cases: Array<[string, YearPlanInput, string | null]> = [
		['the usual year: quarters for 1–9, half-years for 10–11, the usual breaks', plan(), null],
		['empty rows are skipped', plan((p) => { p.periods.push({ kind: 'quarter', gradeFrom: '1', gradeTo: '9' }); p.holidays = [...p.holidays, { name: '', startsOn: '', endsOn: '' }]; }), null],
		['no first day', plan((p) => (p.startsOn = '')), M.startDate],
		['a last day that does not exist', plan((p) => (p.endsOn = '2027-02-30')), M.endDate],
		['the last day before the first', plan((p) => (p.endsOn = '2026-08-01')), M.endBeforeStart],
		['longer than a calendar year', plan((p) => (p.endsOn = '2027-09-02')), M.tooLong],
		['overlapping last year', plan((p) => { p.startsOn = '2026-05-30'; p.endsOn = '2027-05-29'; }), M.overlapsYear('2025/2026', '2025-09-01', '2026-05-31')],
		['no periods at all', plan((p) => (p.periods = [])), M.periodsRequired],
		['an unknown kind of period', plan((p) => (p.periods[0].kind = 'month')), M.periodKind],
		['grade 12', plan((p) => (p.periods[4].gradeTo = '12')), M.grades],
		['grades from 9 to 1', plan((p) => { p.periods[0].gradeFrom = '9'; p.periods[0].gradeTo = '1'; }), M.grades],
		['a period without its last day', plan((p) => (p.periods[1].endsOn = '')), M.periodEnd('Период 2 (1–9 кл.)')],
		['a period ending before it starts', plan((p) => (p.periods[1].endsOn = '2026-11-01')), M.periodOrder('Период 2 (1–9 кл.)')],
		['a period outside the year', plan((p) => (p.periods[3].endsOn = '2027-06-02')), M.periodOutsideYear('Период 4 (1–9 кл.)', '2026-09-01', '2027-05-31')],
		['a marks deadline after the period’s end', plan((p) => (p.periods[0].marksDeadline = '2026-10-25')), M.deadlineOutside('Период 1 (1–9 кл.)')],
		['a marks deadline before the period’s start', plan((p) => (p.periods[1].marksDeadline = '2026-11-04')), M.deadlineOutside('Период 2 (1–9 кл.)')],
		['the marks deadline on the last day itself', plan((p) => (p.periods[0].marksDeadline = '2026-10-24')), null],
		['quarters and trimesters for the same grades', plan((p) => (p.periods[2].kind = 'trimester')), M.mixedKinds('1–9')],
		['grade 9 in two schemes', plan((p) => { for (const row of p.periods.slice(4)) row.gradeFrom = '9'; }), M.gradesTwice(9)],
		['grades 10–11 without periods', plan((p) => (p.periods = p.periods.slice(0, 4))), M.gradesMissing(10)],
		['three quarters', plan((p) => p.periods.splice(3, 1)), M.periodCount('1–9', 'quarter', 3)],
		['the first quarter starting a week late', plan((p) => (p.periods[0].startsOn = '2026-09-08')), M.firstNotAtStart('1–9', '2026-09-01')],
		['quarters overlapping', plan((p) => (p.periods[1].startsOn = '2026-10-20')), M.periodsOverlap(q(1), q(2))],
		['a gap between quarters that is not a break', plan((p) => (p.holidays = p.holidays.filter((h) => h.name !== 'Весенние каникулы'))), M.gapNotHoliday(q(3), q(4), '2027-03-21', '2027-03-29')],
		['a gap only partly covered by the break', plan((p) => (p.periods[1].startsOn = '2026-11-09')), M.gapNotHoliday(q(1), q(2), '2026-11-05', '2026-11-08')],
		['a holiday outside the year', plan((p) => (p.holidays[0] = { name: 'Летние', startsOn: '2027-06-01', endsOn: '2027-06-02' })), M.holiday('Летние', 'Каникулы должны быть в пределах учебного года: 01.09.2026 — 31.05.2027.')],
		['two holidays overlapping', plan((p) => p.holidays.push({ name: 'Дни здоровья', startsOn: '2026-11-04', endsOn: '2026-11-05' })), M.holiday('Дни здоровья', 'Эти дни пересекаются с «Осенние каникулы» (25.10.2026 — 04.11.2026).')]
	];
	for (const [name, input, expected] of cases) test(name, () => expect(reason(input)).toBe(expected));

	test('trimesters for the whole school are fine', () => {
		const tri = (startsOn: string, endsOn: string): PeriodInput => ({ kind: 'trimester' satisfies PeriodKind, gradeFrom: '1', gradeTo: '11', startsOn, endsOn });
		const input = plan((p) => (p.periods = [tri('2026-09-01', '2026-11-29'), tri('2026-11-30', '2027-02-28'), tri('2027-03-01', '2027-05-31')]));
		expect(reason(input)).toBeNull();
	});

	test('a year taking an existing name is refused even when the dates differ', () => {
		expect(reason(plan(), [{ name: '2026/2027', startsOn: '2030-09-01', endsOn: '2031-05-31' }])).toBe(M.nameTaken('2026/2027'));
	});

	test('the checked plan is named, its periods numbered in date order, deadlines default to the penultimate day', () => {
		const input = plan((p) => {
			p.periods.reverse();
			for (const row of p.periods) row.marksDeadline = '';
		});
		const result = checkYearPlan(input, [last]);
		if (!result.ok) throw new Error(result.reason);
		expect(result.value.name).toBe('2026/2027');
		expect(result.value.periods.map((p) => [p.name, p.gradeFrom, p.gradeTo, p.startsOn, p.marksDeadline])).toEqual([
			['1 четверть', 1, 9, '2026-09-01', '2026-10-23'],
			['2 четверть', 1, 9, '2026-11-05', '2026-12-26'],
			['3 четверть', 1, 9, '2027-01-12', '2027-03-19'],
			['4 четверть', 1, 9, '2027-03-30', '2027-05-25'],
			['1 полугодие', 10, 11, '2026-09-01', '2026-12-26'],
			['2 полугодие', 10, 11, '2027-01-12', '2027-05-25']
		]);
		expect(result.value.holidays.map((h) => h.name)).toEqual(['Осенние каникулы', 'Зимние каникулы', 'Весенние каникулы', 'Праздник Весны и Труда', 'День Победы']);
	});
});

describe('copying last year’s calendar into the next one', () => {
	test('the same dates of the next year; 29 February becomes 28 February', () => {
		expect(nextYearDate('2026-09-01')).toBe('2027-09-01');
		expect(nextYearDate('2028-02-29')).toBe('2029-02-28');
		const copy = copyYearPlan(usual, 'dates');
		expect(copy).toEqual(usualYearDraft(2027));
		expect(reason(asInput(copy), [{ name: '2026/2027', startsOn: usual.startsOn, endsOn: usual.endsOn }])).toBeNull();
	});

	test('the same weekdays: periods and breaks move 52 weeks on, the year keeps its dates, the first period starts on its first day', () => {
		const copy = copyYearPlan(usual, 'weekdays');
		expect([copy.startsOn, copy.endsOn]).toEqual(['2027-09-01', '2028-05-31']);
		const q1 = copy.periods[0];
		expect([q1.startsOn, q1.endsOn, q1.marksDeadline]).toEqual(['2027-09-01', '2027-10-23', '2027-10-22']);
		// Saturday 24.10.2026 ends the first quarter; a year on, Saturday 23.10.2027 does.
		expect(new Date(`${q1.endsOn}T00:00:00Z`).getUTCDay()).toBe(6);
		expect(copy.periods[1].startsOn).toBe('2027-11-04');
		expect(copy.holidays.find((h) => h.name === 'Осенние каникулы')).toEqual({ name: 'Осенние каникулы', startsOn: '2027-10-24', endsOn: '2027-11-03' });
		// One-day public holidays keep their date.
		expect(copy.holidays.find((h) => h.name === 'День Победы')).toEqual({ name: 'День Победы', startsOn: '2028-05-09', endsOn: '2028-05-09' });
		expect(reason(asInput(copy), [{ name: '2026/2027', startsOn: usual.startsOn, endsOn: usual.endsOn }])).toBeNull();
	});

	test('a copy is refused where it overlaps the year it was copied from only if the dates really overlap', () => {
		const copy = copyYearPlan(usual, 'dates');
		expect(reason(asInput(copy), [{ name: '2026/2027', startsOn: usual.startsOn, endsOn: '2027-09-01' }])).toBe(M.overlapsYear('2026/2027', usual.startsOn, '2027-09-01'));
	});
});
