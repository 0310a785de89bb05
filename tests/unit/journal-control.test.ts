/** Journal control's rules (R-4.5.5, R-4.4.3, R-5.3): late homework, when period marks are checked, findings' keys and who gets them. */
import { describe, expect, test } from 'vitest';
import {
	findingsByTeacher,
	findingsOf,
	findingStates,
	isHomeworkLate,
	lessonFindingKey,
	parseFindingKey,
	periodFindingKey,
	periodMarksDueSoon,
	parseHomeworkDueDays,
	unsentFindings,
	HOMEWORK_DUE_MESSAGES
} from '../../src/lib/domain/journal-control';

describe('R-4.4.3 homework entered late', () => {
	test.each([
		{ lesson: '2026-12-08', entered: '2026-12-08', days: 0, late: false },
		{ lesson: '2026-12-08', entered: '2026-12-01', days: 0, late: false },
		{ lesson: '2026-12-08', entered: '2026-12-09', days: 0, late: true },
		{ lesson: '2026-12-08', entered: '2026-12-09', days: 1, late: false },
		{ lesson: '2026-12-31', entered: '2027-01-02', days: 1, late: true },
		{ lesson: '2026-12-08', entered: null, days: 0, late: false }
	])('lesson $lesson, entered $entered, $days days allowed: late $late', ({ lesson, entered, days, late }) => {
		expect(isHomeworkLate(lesson, entered, days)).toBe(late);
	});
});

describe('R-5.3 missing period marks are looked for from a week before the deadline', () => {
	test.each([
		{ today: '2026-12-18', due: false },
		{ today: '2026-12-19', due: true },
		{ today: '2026-12-27', due: true }
	])('deadline 26.12, today $today: $due', ({ today, due }) => {
		expect(periodMarksDueSoon('2026-12-26', today)).toBe(due);
	});
});

describe('R-4.5.5 findings, their keys and their teachers', () => {
	test('keys read back; anything else is no key', () => {
		expect(parseFindingKey(lessonFindingKey('work', 12))).toEqual({ kind: 'work', lessonId: 12 });
		expect(parseFindingKey(lessonFindingKey('topic', 3))).toEqual({ kind: 'topic', lessonId: 3 });
		expect(parseFindingKey(periodFindingKey(7, 2))).toEqual({ kind: 'period', journalId: 7, periodId: 2 });
		for (const bad of ['work:', 'work:x', 'period:1', 'drop table', 'topic:1:2']) expect(parseFindingKey(bad)).toBeUndefined();
	});

	test('a stored notice keeps only findings of the right shape', () => {
		const good = { key: 'work:1', journalId: 4, text: 'нет отметки' };
		expect(findingsOf([good, { key: 'work:1' }, { ...good, key: 'nonsense' }, null, 'x'])).toEqual([good]);
		expect(findingsOf({})).toEqual([]);
	});

	test('a finding is fixed once its key is no longer found', () => {
		const findings = [
			{ key: 'work:1', journalId: 4, text: 'a' },
			{ key: 'topic:2', journalId: 4, text: 'b' }
		];
		expect(findingStates(findings, new Set(['topic:2'])).map((f) => f.fixed)).toEqual([true, false]);
	});

	test('each teacher gets the findings of their own journals, a shared journal’s go to both, once each', () => {
		const by = findingsByTeacher([
			{ key: 'work:1', journalId: 4, text: 'a', teacherIds: [10] },
			{ key: 'topic:2', journalId: 5, text: 'b', teacherIds: [10, 11] },
			{ key: 'topic:2', journalId: 5, text: 'b', teacherIds: [11] }
		]);
		expect(by.get(10)!.map((f) => f.key)).toEqual(['work:1', 'topic:2']);
		expect(by.get(11)!.map((f) => f.key)).toEqual(['topic:2']);
	});
});

describe('R-4.5.5 a reminder sent twice stores nothing the second time', () => {
	const f = (key: string) => ({ key, journalId: 1, text: key });
	test('each teacher gets only the findings no earlier notice to them holds; a teacher with none is left out', () => {
		const byTeacher = new Map([
			[10, [f('work:1'), f('topic:2')]],
			[20, [f('period:3:4')]],
			[30, [f('work:1')]]
		]);
		const sent = new Map([
			[10, new Set(['work:1'])],
			[20, new Set(['period:3:4'])]
		]);
		expect(unsentFindings(byTeacher, sent)).toEqual(
			new Map([
				[10, [f('topic:2')]],
				[30, [f('work:1')]]
			])
		);
		expect(unsentFindings(byTeacher, new Map([...byTeacher].map(([id, own]) => [id, new Set(own.map((x) => x.key))])))).toEqual(new Map());
	});
});

describe('R-4.4.3 the days by which homework is entered', () => {
	test.each([
		['0', 0],
		['2', 2],
		[' 14 ', 14]
	])('«%s» is %i days', (value, days) => expect(parseHomeworkDueDays(value)).toEqual({ ok: true, days }));
	test.each(['', '15', '-1', '1,5', 'два', null, 3])('%j is refused in Russian', (value) => {
		expect(parseHomeworkDueDays(value)).toEqual({ ok: false, reason: HOMEWORK_DUE_MESSAGES.invalid });
	});
});
