import { describe, expect, test } from 'vitest';
import { DEFAULT_GRADING } from '../../src/lib/domain/grading';
import {
	allowedValues,
	buildMarksSheet,
	checkPeriodMark,
	findCell,
	lowMarksWarningDue,
	parseCellTarget,
	PERIOD_MARK_MESSAGES,
	type DatedMark,
	type SheetPeriod
} from '../../src/lib/domain/period-marks';

const SCALE = { min: 2, max: 5 };
const ALLOWED = allowedValues(SCALE);

describe('R-5.1, R-4.3.11 a period-mark submission is checked against the scale and the suggestion', () => {
	test.each([
		{ name: 'same as the suggestion: no justification needed', value: '4', suggested: '4', justification: '', ok: true as const },
		{ name: 'differing from the suggestion without a justification is refused', value: '5', suggested: '4', justification: '', reason: PERIOD_MARK_MESSAGES.justificationRequired('5', '4') },
		{ name: 'differing from the suggestion with only spaces is refused', value: '3', suggested: '4', justification: '   ', reason: PERIOD_MARK_MESSAGES.justificationRequired('3', '4') },
		{ name: 'differing from the suggestion with a justification is accepted', value: '5', suggested: '4', justification: 'Олимпиада по предмету', ok: true as const },
		{ name: 'н/а is allowed and needs none when suggested (R-5.2)', value: 'н/а', suggested: 'н/а', justification: '', ok: true as const },
		{ name: 'н/а instead of a mark needs a justification', value: 'н/а', suggested: '3', justification: '', reason: PERIOD_MARK_MESSAGES.justificationRequired('н/а', '3') },
		{ name: 'осв. with a justification', value: 'осв.', suggested: '4', justification: 'Справка, освобождён', ok: true as const },
		{ name: 'an exam mark (no suggestion) needs no justification', value: '3', suggested: null, justification: '', ok: true as const },
		{ name: 'a value outside the scale is refused', value: '6', suggested: '5', justification: 'x', reason: PERIOD_MARK_MESSAGES.value('6', ALLOWED) },
		{ name: 'a value below the scale is refused', value: '1', suggested: '2', justification: 'x', reason: PERIOD_MARK_MESSAGES.value('1', ALLOWED) },
		{ name: 'зач. in a graded subject is refused', value: 'зач.', suggested: '4', justification: 'x', reason: PERIOD_MARK_MESSAGES.value('зач.', ALLOWED) },
		{ name: 'an empty value is refused', value: '', suggested: '4', justification: '', reason: PERIOD_MARK_MESSAGES.valueEmpty },
		{ name: 'a justification longer than 500 characters is refused', value: '5', suggested: '4', justification: 'а'.repeat(501), reason: PERIOD_MARK_MESSAGES.justificationTooLong }
	])('$name', ({ value, suggested, justification, ok, reason }) => {
		const result = checkPeriodMark({ value, justification }, suggested, SCALE);
		if (ok) expect(result).toEqual({ ok: true, value, justification: justification.trim() || null });
		else expect(result).toEqual({ ok: false, reason });
	});

	test('the Russian message names both marks', () => {
		expect(PERIOD_MARK_MESSAGES.justificationRequired('5', '4')).toBe('Отметка «5» отличается от предложенной «4»: напишите обоснование.');
	});

	test('the values to pick: the scale from the top, н/а, осв.; зач./незач. in mark-free grades', () => {
		expect(ALLOWED).toEqual(['5', '4', '3', '2', 'н/а', 'осв.']);
		expect(allowedValues(SCALE, true)).toEqual(['зач.', 'незач.', 'н/а', 'осв.']);
	});

	test.each([
		[['period', '7'], { kind: 'period', periodId: 7 }],
		[['year', ''], { kind: 'year', periodId: null }],
		[['final', '3'], { kind: 'final', periodId: null }],
		[['period', ''], undefined],
		[['period', '0'], undefined],
		[['term', '1'], undefined]
	])('cell target %j → %j', ([kind, periodId], expected) => {
		expect(parseCellTarget(kind, periodId)).toEqual(expected);
	});
});

const period = (id: number, name: string, startsOn: string, endsOn: string, marksDeadline: string): SheetPeriod => ({
	id,
	name,
	startsOn,
	endsOn,
	marksDeadline,
	closedOn: null,
	reopenedUntil: null,
	reopenReason: null
});
const Q1 = period(1, '1 четверть', '2026-09-01', '2026-10-24', '2026-10-23');
const Q2 = period(2, '2 четверть', '2026-11-05', '2026-12-27', '2026-12-26');
const mark = (date: string, value: number, weight = 1): DatedMark => ({ date, value, weight, workType: 'answer' });

describe('R-5.1, R-5.2, R-5.3 the marks sheet', () => {
	const input = (today: string, marks: DatedMark[]) => ({
		students: [
			{ id: 10, name: 'Иванов Иван', from: '2026-09-01', to: null },
			{ id: 11, name: 'Петров Пётр', from: '2026-09-01', to: '2026-10-01' }
		],
		periods: [Q1, Q2],
		marks: new Map([[10, marks]]),
		heldWorkTypes: new Map(),
		set: [
			{ studentId: 10, kind: 'period' as const, periodId: 1, value: '5', suggested: '4', justification: 'Олимпиада', authorName: 'Учитель', setAt: '2026-10-20T10:00:00.000Z' }
		],
		rules: DEFAULT_GRADING,
		markFree: false,
		today
	});

	test('periods suggest by weighted average; the year takes set marks, else suggestions of begun periods; the final follows the year', () => {
		const sheet = buildMarksSheet(input('2026-11-27', [mark('2026-09-10', 5), mark('2026-11-10', 4), mark('2026-11-11', 4), mark('2026-11-12', 3, 2)]));
		expect(sheet.columns.map((c) => c.key)).toEqual(['p1', 'p2', 'year', 'exam', 'final']);
		expect(sheet.columns.map((c) => c.state.open)).toEqual([false, true, true, true, true]);
		const q2 = findCell(sheet, 10, 'period', 2)!;
		expect(q2.cell.average).toBeCloseTo(3.5, 6);
		expect(q2.cell.suggestion?.mark).toBe('3');
		expect(q2.cell.suggestion?.rule).toContain('Средний взвешенный балл 3,50');
		// Q1 set 5 and Q2 suggested 3 → (5 + 3) / 2 = 4.
		expect(findCell(sheet, 10, 'year', null)!.cell.suggestion?.mark).toBe('4');
		expect(findCell(sheet, 10, 'final', null)!.cell.suggestion?.mark).toBe('4');
		expect(findCell(sheet, 10, 'exam', null)!.cell.suggestion).toBeNull();
		expect(sheet.rows.map((r) => r.departed)).toEqual([false, true]);
	});

	test('R-5.2 «не хватает оценок» is shown for open periods whose deadline is within 14 days, not earlier, not for departed students', () => {
		const few = [mark('2026-11-10', 4)];
		expect(buildMarksSheet(input('2026-11-27', few)).warnings).toEqual([]);
		const warned = buildMarksSheet(input('2026-12-12', few)).warnings;
		expect(warned).toEqual([
			{
				studentId: 10,
				periodId: 2,
				count: 1,
				min: 3,
				deadline: '2026-12-26',
				text: 'Иванов Иван: не хватает оценок за «2 четверть» — 1 из 3, отметки за период до 26.12.2026.'
			}
		]);
		expect(buildMarksSheet(input('2026-12-27', few)).warnings).toEqual([]);
	});

	test.each([
		['2026-11-27', false],
		['2026-12-11', false],
		['2026-12-12', true],
		['2026-12-26', true],
		['2026-12-27', false]
	])('R-5.2 on %s the low-marks warning for «2 четверть» is due: %s', (today, due) => {
		expect(lowMarksWarningDue(Q2, today)).toBe(due);
	});
});
