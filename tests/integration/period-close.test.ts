/**
 * Closing a period early through the administrator's form: the period's row and its audit
 * row change in one command, the journal refuses lessons in it at once, and nobody else may close it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { demoLogins, startTestSchool, type DemoLogin, type TestSchool } from '../helpers/server';
import { teacherJournal } from '../helpers/school';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: DemoLogin;
let journalId: number;
let period: { id: number; name: string; starts_on: string; ends_on: string };

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	as = demoLogins(school.server.url);
	journalId = await teacherJournal(sql, 'uchitel', { grades: [2, 9] });
	// The quarter under way on the test's today (27.11.2026) for the journal's grade.
	[period] = await sql`
		select p.id, p.name, p.starts_on, p.ends_on from period p
		join class c on c.year_id = p.year_id and c.grade between p.grade_from and p.grade_to
		join study_group g on g.class_id = c.id join journal j on j.group_id = g.id
		where j.id = ${journalId} and '2026-11-27'::date between p.starts_on and p.ends_on`;
});

afterAll(async () => {
	await school?.stop();
});

describe('R-5.3 the administrator closes a period early', () => {
	test('a teacher may not close it: 403 and the period stays open', async () => {
		const response = await (await as('uchitel')).request('/admin/periods?/close', { form: { periodId: String(period.id) } });
		expect(response.status).toBe(403);
		expect((await sql`select closed_at from period where id = ${period.id}`)[0].closed_at).toBeNull();
	});

	test('the administrator closes it: the row and an audit row change, and a lesson in it is refused with the reason', async () => {
		const before = await (await as('uchitel')).api('POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-26', topic: 'до закрытия' });
		expect(before.status).toBe(201);
		const closed = await (await as('admin')).request('/admin/periods?/close', { form: { periodId: String(period.id) } });
		expect(closed.status).toBe(200);
		expect((await sql`select closed_at from period where id = ${period.id}`)[0].closed_at).not.toBeNull();
		const [audit] = await sql`select new_value from audit_log where action = 'period.close' and entity_id = ${String(period.id)}`;
		expect(audit.new_value).toEqual({ closed: true });
		const after = await (await as('uchitel')).api('POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-26', topic: 'после закрытия' });
		expect(after.status).toBe(409);
		expect(after.json.message).toContain(`Период «${period.name}» закрыт администратором`);
	});

	test('an unknown period is refused on the form with a Russian reason, nothing written', async () => {
		const count = async () => (await sql`select count(*)::int as n from audit_log where action = 'period.close'`)[0].n;
		const auditRows = await count();
		const response = await (await as('admin')).request('/admin/periods?/close', { form: { periodId: '999999' } });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Период не найден.');
		expect(await count()).toBe(auditRows);
	});
});
