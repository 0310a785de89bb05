import { describe, expect, test } from 'vitest';
import { checkReopen, closedReason, periodState, type PeriodDates } from '../../src/lib/domain/periods';

// The demo's first quarter: 01.09–24.10.2026, marks due by the penultimate day, 23.10.
const q1: PeriodDates = {
	name: '1 четверть',
	startsOn: '2026-09-01',
	endsOn: '2026-10-24',
	marksDeadline: '2026-10-23',
	closedOn: null,
	reopenedUntil: null,
	reopenReason: null
};
const BY_DEADLINE = 'Период «1 четверть» закрыт 23.10.2026 (срок выставления отметок): изменения не принимаются.';

describe('R-5.3 a period is closed after its marks deadline (the penultimate day) or when closed early, unless reopened', () => {
	const cases: Array<[string, PeriodDates, string, boolean, string]> = [
		['in the middle of the period it is open', q1, '2026-10-01', true, 'Открыт; отметки за период — до 23.10.2026 включительно.'],
		['on the deadline day itself it is still open', q1, '2026-10-23', true, 'Открыт; отметки за период — до 23.10.2026 включительно.'],
		['the day after the deadline (the last day of the period) it is closed', q1, '2026-10-24', false, BY_DEADLINE],
		['a month later it is still closed', q1, '2026-11-27', false, BY_DEADLINE],
		['closed early by the administrator, before the deadline', { ...q1, closedOn: '2026-10-20' }, '2026-10-21', false, 'Период «1 четверть» закрыт администратором 20.10.2026: изменения не принимаются.'],
		[
			'reopened until a later day, it is open up to that day inclusive',
			{ ...q1, reopenedUntil: '2026-11-30', reopenReason: 'болезнь учителя' },
			'2026-11-30',
			true,
			'Открыт до 30.11.2026 включительно: болезнь учителя'
		],
		['after the reopening ends it is closed again', { ...q1, reopenedUntil: '2026-11-30', reopenReason: 'болезнь учителя' }, '2026-12-01', false, BY_DEADLINE],
		[
			'a reopening also opens a period the administrator closed early',
			{ ...q1, closedOn: '2026-10-20', reopenedUntil: '2026-10-22', reopenReason: 'исправление ошибки' },
			'2026-10-22',
			true,
			'Открыт до 22.10.2026 включительно: исправление ошибки'
		]
	];
	for (const [name, period, today, open, reason] of cases) {
		test(name, () => {
			const state = periodState(period, today);
			expect(state.open).toBe(open);
			expect(state.reason).toBe(reason);
		});
	}

	test('closedReason gives the reason of the first closed period containing the date, or null', () => {
		expect(closedReason([], '2026-11-27')).toBeNull();
		expect(closedReason([q1], '2026-10-23')).toBeNull();
		expect(closedReason([q1], '2026-11-27')).toBe(BY_DEADLINE);
	});
});

describe('R-5.3 the administrator reopens a period until a date, for a named reason', () => {
	const cases: Array<[string, { until?: unknown; reason?: unknown }, string | null]> = [
		['a date and a reason', { until: '2026-12-01', reason: ' болезнь учителя ' }, null],
		['today itself', { until: '2026-11-27', reason: 'исправление' }, null],
		['no reason', { until: '2026-12-01', reason: '   ' }, 'Укажите причину, по которой период открывается снова.'],
		['no date', { reason: 'исправление' }, 'Укажите дату, до которой период открыт, в формате ГГГГ-ММ-ДД.'],
		['a date that is not one', { until: '01.12.2026', reason: 'исправление' }, 'Укажите дату, до которой период открыт, в формате ГГГГ-ММ-ДД.'],
		['a day the calendar does not have (31 November)', { until: '2026-11-31', reason: 'исправление' }, 'Укажите дату, до которой период открыт, в формате ГГГГ-ММ-ДД.'],
		['30 February', { until: '2027-02-30', reason: 'исправление' }, 'Укажите дату, до которой период открыт, в формате ГГГГ-ММ-ДД.'],
		['a date in the past', { until: '2026-11-26', reason: 'исправление' }, 'Дата, до которой период открыт, не может быть раньше сегодняшней.'],
		['a reason too long', { until: '2026-12-01', reason: 'я'.repeat(501) }, 'Причина длиннее 500 символов.']
	];
	for (const [name, input, reason] of cases) {
		test(name, () => {
			const result = checkReopen(input, '2026-11-27');
			expect(result.ok ? null : result.reason).toBe(reason);
		});
	}
	test('the reason is kept trimmed', () => {
		expect(checkReopen({ until: '2026-12-01', reason: ' болезнь учителя ' }, '2026-11-27')).toEqual({ ok: true, until: '2026-12-01', reason: 'болезнь учителя' });
	});
});
