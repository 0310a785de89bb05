/**
 * The live journal's period column through its JSON endpoint (R-4.3.11, R-5.1, R-5.3): the
 * current period's suggestions and marks; a mark equal to the suggestion is saved; a differing one
 * needs a justification; a closed quarter and people without the right to write are refused.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { PERIOD_MARK_MESSAGES } from '../../src/lib/domain/period-marks';
import { demoLogins, startTestSchool, type DemoLogin, type TestSchool } from '../helpers/server';
import { teacherJournal } from '../helpers/school';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: DemoLogin;
let journalId: number;
let q1: number;
let q2: number;

/** Calls a JSON endpoint as the login. */
const api = async (login: string, method: string, pathname: string, body?: unknown) => (await as(login)).api(method, pathname, body);

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	as = demoLogins(school.server.url);
	journalId = await teacherJournal(sql, 'uchitel', { grades: [7, 7] });
	const periods = await sql`select id, ordinal from period where kind = 'quarter' order by ordinal`;
	q1 = periods.find((p) => p.ordinal === 1)!.id;
	q2 = periods.find((p) => p.ordinal === 2)!.id;
});

afterAll(async () => {
	await school?.stop();
});

/** Students of the second quarter whose suggestion is a mark. */
async function graded(login = 'uchitel') {
	const { status, json } = await api(login, 'GET', `/api/journals/${journalId}/period-marks`);
	expect(status).toBe(200);
	return (json.students as Array<{ studentId: number; suggested: string; departed: boolean; value: string | null }>).filter((s) => !s.departed && /^\d$/.test(s.suggested ?? ''));
}

describe('R-4.3.11 the period column of the live journal', () => {
	test('GET gives the current period (2 четверть, open) with each student suggestion, rule and average', async () => {
		const { status, json } = await api('uchitel', 'GET', `/api/journals/${journalId}/period-marks`);
		expect(status).toBe(200);
		expect(json.period).toMatchObject({ id: q2, name: '2 четверть', open: true });
		expect(json.canWrite).toBe(true);
		expect(json.values).toContain('5');
		expect(json.students.length).toBeGreaterThan(0);
		expect(json.students[0]).toHaveProperty('suggested');
		expect(json.students[0]).toHaveProperty('rule');
		expect(json.students[0]).toHaveProperty('average');
		const first = await api('uchitel', 'GET', `/api/journals/${journalId}/period-marks?period=${q1}`);
		expect(first.json.period).toMatchObject({ id: q1, open: false });
		expect((await api('uchitel', 'GET', `/api/journals/${journalId}/period-marks?period=999999`)).status).toBe(404);
	});

	test('R-5.1 a mark equal to the suggestion is saved with an audit row; a differing one needs a justification, then is saved', async () => {
		const [a, b] = await graded();
		const same = await api('uchitel', 'PUT', `/api/journals/${journalId}/period-marks`, { studentId: a.studentId, periodId: q2, value: a.suggested });
		expect(same.status).toBe(200);
		expect(same.json).toMatchObject({ ok: true, changed: true, mark: { value: a.suggested, suggested: a.suggested, justification: null } });
		const [audit] = await sql`select action from audit_log where entity = 'period_mark' and entity_id = ${`${journalId}:${a.studentId}:period:${q2}`}`;
		expect(audit).toMatchObject({ action: 'period_mark.set' });

		const other = b.suggested === '5' ? '4' : '5';
		const refused = await api('uchitel', 'PUT', `/api/journals/${journalId}/period-marks`, { studentId: b.studentId, periodId: q2, value: other });
		expect(refused.status).toBe(400);
		expect(refused.json).toMatchObject({ message: PERIOD_MARK_MESSAGES.justificationRequired(other, b.suggested), suggested: b.suggested, justificationRequired: true });
		const saved = await api('uchitel', 'POST', `/api/journals/${journalId}/period-marks`, { studentId: b.studentId, periodId: q2, value: other, justification: 'Олимпиада' });
		expect(saved.status).toBe(200);
		expect(saved.json.mark).toMatchObject({ value: other, suggested: b.suggested, justification: 'Олимпиада' });
		const after = (await graded()).find((s) => s.studentId === b.studentId)!;
		expect(after.value).toBe(other);
	});

	test('R-5.3 a closed quarter refuses with 400; a value not on the scale is refused; nothing is stored', async () => {
		const [a] = await graded();
		const firstQuarter = () => sql`select value, justification, set_at from period_mark where journal_id = ${journalId} and student_id = ${a.studentId} and period_id = ${q1}`;
		const before = await firstQuarter();
		const closed = await api('uchitel', 'PUT', `/api/journals/${journalId}/period-marks`, { studentId: a.studentId, periodId: q1, value: a.suggested === '5' ? '4' : '5', justification: 'x' });
		expect(closed.status).toBe(400);
		expect(closed.json.message).toMatch(/закрыт/);
		const bad = await api('uchitel', 'PUT', `/api/journals/${journalId}/period-marks`, { studentId: a.studentId, periodId: q2, value: '7' });
		expect(bad.status).toBe(400);
		expect(bad.json.justificationRequired).toBe(false);
		expect(bad.json.message).toContain('«7» — такой отметки нет');
		expect(await firstQuarter()).toEqual(before);
	});

	test('the policy: the director reads but may not write (403 in Russian), a parent may not read the journal', async () => {
		const [a] = await graded('director');
		const refused = await api('director', 'PUT', `/api/journals/${journalId}/period-marks`, { studentId: a.studentId, periodId: q2, value: a.suggested });
		expect(refused.status).toBe(403);
		expect(refused.json.message).toMatch(/[а-я]/);
		expect((await api('director', 'GET', `/api/journals/${journalId}/period-marks`)).json.canWrite).toBe(false);
		expect([403, 404]).toContain((await api('roditel', 'GET', `/api/journals/${journalId}/period-marks`)).status);
	});
});
