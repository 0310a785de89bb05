/** The audit view's filter and names (X-AUDIT): what a query string filters by, and each stored change named in Russian. */
import { describe, expect, test } from 'vitest';
import { actionNameOf, AUDIT_MESSAGES, authorOf, checkAuditFilter, kindNameOf } from '../../src/lib/domain/audit-view';

describe('X-AUDIT the audit view', () => {
	test.each([
		[{}, { personId: null, from: null, to: null, kind: null }],
		[{ person: '12', from: '2026-11-01', to: '2026-11-30', kind: 'marks' }, { personId: 12, from: '2026-11-01', to: '2026-11-30', kind: 'marks' }],
		[{ person: 'abc', from: '', kind: '' }, { personId: null, from: null, to: null, kind: null }]
	])('reads the filter %j', (input, value) => {
		expect(checkAuditFilter(input)).toEqual({ ok: true, value });
	});

	test.each([
		[{ from: '2026-13-01' }, AUDIT_MESSAGES.badDate],
		[{ to: '01.12.2026' }, AUDIT_MESSAGES.badDate],
		[{ from: '2026-12-02', to: '2026-12-01' }, AUDIT_MESSAGES.order],
		[{ kind: 'secrets' }, AUDIT_MESSAGES.kind]
	])('refuses %j', (input, reason) => {
		const checked = checkAuditFilter(input);
		expect(checked.ok).toBe(false);
		expect(!checked.ok && checked.reason).toBe(reason);
	});

	test.each([
		['journal_cell', 'Оценки и пропуски'],
		['activation_code', 'Учётные записи и коды'],
		['school_year', 'Годы, классы, предметы, группы, нагрузка'],
		['something_new', 'Прочее']
	])('the entity %s is shown as «%s»', (entity, name) => {
		expect(kindNameOf(entity)).toBe(name);
	});

	test.each([
		['year.rollover', 'перевод в следующий год'],
		['issue', 'выдача'],
		['period.reopen', 'открытие'],
		['reset_password', 'сброс пароля'],
		['cell.edit', 'изменение'],
		['unheard.of', 'изменение']
	])('the action %s is shown as «%s»', (action, name) => {
		expect(actionNameOf(action)).toBe(name);
	});
});

describe('X-AUDIT who made an entry', () => {
	test.each([
		[{ actorName: 'Сидорова Нина Павловна', source: 'web' }, 'Сидорова Нина Павловна'],
		[{ actorName: null, source: 'demo' }, 'генератор демонстрационной школы'],
		[{ actorName: null, source: 'timetable' }, 'система']
	])('%o → %s', (entry, who) => {
		expect(authorOf(entry)).toBe(who);
	});
});
