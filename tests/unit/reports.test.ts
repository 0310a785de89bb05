/** The figures of school reports: hand-computed distributions and standings. */
import { describe, expect, test } from 'vitest';
import {
	addDistributions,
	distributionOf,
	figuresOf,
	formatReportCell,
	learningDegree,
	pupilStanding,
	roundedFigure,
	standingCounts,
	NO_DATA,
	pupilRates,
	addStandingCounts,
	quietDaysOf,
	percentOf
} from '../../src/lib/domain/reports';
import { decide, reportsResource, type Actor } from '../../src/lib/domain/policy';

describe('R-7.1 успеваемость, качество, СОУ and the mean from a distribution', () => {
	test.each([
		// marks                                  count mean   success quality sou
		[['5', '5', '4', '4', '4', '3', '3', '3', '3', '2'], 10, 3.6, 90, 50, 55.2],
		[[5, 5, 5, 5], 4, 5, 100, 100, 100],
		[['2', 'н/а'], 2, 2, 0, 0, 11.5],
		[['4', '1'], 2, 3, 50, 50, 40],
		[['5', 'н/а', 'зач.', 'осв.'], 2, 5, 50, 50, 53.5]
	])('%j → N %d, mean %d, успеваемость %d, качество %d, СОУ %d', (marks, count, mean, success, quality, sou) => {
		const f = figuresOf(distributionOf(marks));
		expect(f.count).toBe(count);
		expect(f.mean).toBeCloseTo(mean, 10);
		expect(f.success).toBeCloseTo(success, 10);
		expect(f.quality).toBeCloseTo(quality, 10);
		expect(f.sou).toBeCloseTo(sou, 10);
	});

	test('with no marks every figure is undefined and reads «нет данных», never 0', () => {
		const f = figuresOf(distributionOf(['зач.']));
		expect(f).toEqual({ count: 0, mean: null, success: null, quality: null, sou: null });
		expect(formatReportCell(f.sou, 'percent')).toBe(NO_DATA);
		expect(formatReportCell(0, 'percent')).toBe('0,0');
	});

	test('a parallel adds its classes up before dividing', () => {
		const sum = addDistributions(distributionOf([5, 5]), distributionOf([3, 2, 'н/а']));
		expect(sum).toEqual({ five: 2, four: 0, three: 1, two: 1, na: 1 });
		expect(learningDegree(sum)).toBeCloseTo((200 + 36 + 16 + 7) / 5, 10);
	});
});

describe('R-7.1 a pupil stands by their period marks across subjects', () => {
	test.each([
		[['5', '5', '5'], 'excellent'],
		[['5', '4', '5'], 'good'],
		[['5', '4', '3'], 'one_three'],
		[['3', '4', '3'], 'satisfactory'],
		[['5', '5', '2'], 'failing'],
		[['5', 'н/а'], 'failing'],
		[['зач.'], 'none'],
		[[], 'none']
	])('%j → %s', (marks, standing) => {
		expect(pupilStanding(marks)).toBe(standing);
	});

	test('counts every standing, zero included', () => {
		expect(standingCounts([['5'], ['4', '5'], ['2'], ['5', '5']])).toEqual({ excellent: 2, good: 1, one_three: 0, satisfactory: 0, failing: 1, none: 0 });
	});
});

describe('report cells are written as a Russian reader writes numbers', () => {
	test.each([
		[4.6, 'mean', '4,60'],
		[85.714, 'percent', '85,7'],
		[12, 'int', '12'],
		['Алгебра', 'text', 'Алгебра']
	] as const)('%s as %s → %s', (cell, format, text) => {
		expect(formatReportCell(cell, format)).toBe(text);
	});

	test('the number kept for a spreadsheet is the one on screen', () => {
		expect(roundedFigure(85.714, 'percent')).toBe(85.7);
		expect(roundedFigure(4.666, 'mean')).toBe(4.67);
		expect(roundedFigure(null, 'mean')).toBeNull();
	});
});

describe('R-4.5.4 who may see which report', () => {
	const base: Actor = { personId: 1, schoolId: 1, roles: ['teacher'], journalIds: [100], teachingClassIds: [10], classTeacherOf: [], childIds: [], familyClassIds: [] };
	const classTeacher: Actor = { ...base, roles: ['teacher', 'class_teacher'], journalIds: [], teachingClassIds: [], classTeacherOf: [20] };
	const deputy: Actor = { ...base, roles: ['deputy'], journalIds: [], teachingClassIds: [] };
	const parent: Actor = { ...base, roles: ['parent'], journalIds: [], teachingClassIds: [], childIds: [5], familyClassIds: [10] };
	test.each([
		['a teacher, their journal', base, { journalId: 100, classId: 10 }, true],
		['a teacher, another journal of a class they teach in', base, { journalId: 101, classId: 10 }, false],
		['a teacher, the class they teach in', base, { classId: 10 }, false],
		['a teacher, the school', base, {}, false],
		['a class teacher, their class', classTeacher, { classId: 20 }, true],
		['a class teacher, a journal of their class', classTeacher, { journalId: 300, classId: 20 }, true],
		['a class teacher, another class', classTeacher, { classId: 10 }, false],
		['the deputy, the school', deputy, {}, true],
		['the deputy, any journal', deputy, { journalId: 999, classId: 99 }, true],
		['a parent, their child’s class', parent, { classId: 10 }, false]
	] as const)('%s → %s', (_who, actor, scope, allowed) => {
		expect(decide(actor, 'read', reportsResource(1, scope)).allow).toBe(allowed);
		// Write is sending journal control's reminders: the administration's only.
		expect(decide(actor, 'write', reportsResource(1, scope)).allow).toBe(actor.roles.includes('deputy'));
	});
});

describe('R-7.1 a group of pupils: успеваемость and качество over the pupils attested', () => {
	test('two excellent, one good, one with a «3», one failing and one without marks', () => {
		const counts = standingCounts([['5'], ['5', '5'], ['4', '5'], ['3', '4'], ['2', '5'], []]);
		const rates = pupilRates(counts);
		expect(rates.attested).toBe(5);
		expect(rates.success).toBeCloseTo(80, 10);
		expect(rates.quality).toBeCloseTo(60, 10);
	});
	test('nobody attested: both undefined', () => {
		expect(pupilRates(standingCounts([[], ['зач.']]))).toEqual({ attested: 0, success: null, quality: null });
	});
	test('classes add up into a parallel', () => {
		expect(addStandingCounts(standingCounts([['5']]), standingCounts([['5'], ['2']]))).toMatchObject({ excellent: 2, failing: 1 });
	});
});

describe('R-4.5.5 journal control settings', () => {
	test.each([
		['14', 14],
		['1', 1],
		['120', 120],
		['0', 14],
		['121', 14],
		['7.5', 14],
		['abc', 14],
		[null, 14]
	] as const)('days %s → %d', (asked, days) => {
		expect(quietDaysOf(asked)).toBe(days);
	});
	test('a share of nothing is undefined', () => {
		expect(percentOf(0, 0)).toBeNull();
		expect(percentOf(3, 4)).toBe(75);
	});
});
