/**
 * The live journal's period column through its JSON endpoint (R-4.3.11, R-5.1, R-5.3): the
 * current period's suggestions and marks; a mark equal to the suggestion is saved; a differing one
 * needs a justification; a closed quarter and people without the right to write are refused.
 *
 * The world: 7А's algebra journal, taught by Петрова; today is 27.11.2026, so the first quarter
 * closed with its deadline (23.10.2026) and the second is open. In the second quarter Иванов has
 * 5, 5, 4 (suggested 5) and Смирнова 4, 4, 3 (suggested 4); Козлов has one mark (no suggestion).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { PERIOD_MARK_MESSAGES } from '../../src/lib/domain/period-marks';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLessons, buildWorld, fillCells, marksOf, type Account, type Journal, type Period, type Person } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let journal: Journal;
let q1: Period;
let q2: Period;
let teacher: Account;
let director: Account;
let parent: Account;
let ivanov: Person;
let smirnova: Person;

/** Calls a JSON endpoint as the person. */
const api = async (who: Account, method: string, pathname: string, body?: unknown) => (await as(who)).api(method, pathname, body);

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	let kozlov: Person;
	({ journal, q1, q2, teacher, director, parent, ivanov, smirnova, kozlov } = await buildWorld(async (make) => {
		const year = await make.year();
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const director = await make.staff('Соколов Игорь Петрович', ['director'], { login: 'director' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: seventh });
		const smirnova = await make.student('Смирнова Ольга Андреевна', { class: seventh });
		const kozlov = await make.student('Козлов Денис Игоревич', { class: seventh });
		const parent = await make.parent('Иванова Марина Викторовна', { children: [ivanov], login: 'roditel' });
		const journal = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] });
		return { journal, q1: year.period('1 четверть'), q2: year.period('2 четверть'), teacher, director, parent, ivanov, smirnova, kozlov };
	}));
	const lessons = await addLessons(await as(teacher), journal, ['2026-11-16', '2026-11-18', '2026-11-20']);
	await fillCells(school.server.url, await as(teacher), journal, [
		...marksOf(ivanov, lessons, [5, 5, 4]),
		...marksOf(smirnova, lessons, [4, 4, 3]),
		...marksOf(kozlov, lessons, [5])
	]);
});

afterAll(async () => {
	await school?.stop();
});

/** Students of the second quarter whose suggestion is a mark. */
async function graded(who = teacher) {
	const { status, json } = await api(who, 'GET', `/api/journals/${journal.id}/period-marks`);
	expect(status).toBe(200);
	return (json.students as Array<{ studentId: number; suggested: string; departed: boolean; value: string | null }>).filter((s) => !s.departed && /^\d$/.test(s.suggested ?? ''));
}

describe('R-4.3.11 the period column of the live journal', () => {
	test('GET gives the current period (2 четверть, open) with each student suggestion, rule and average', async () => {
		const { status, json } = await api(teacher, 'GET', `/api/journals/${journal.id}/period-marks`);
		expect(status).toBe(200);
		expect(json.period).toMatchObject({ id: q2.id, name: '2 четверть', open: true });
		expect(json.canWrite).toBe(true);
		expect(json.values).toContain('5');
		expect(json.students).toHaveLength(3);
		const ivanovs = json.students.find((s: { studentId: number }) => s.studentId === ivanov.id);
		expect(ivanovs).toMatchObject({ suggested: '5', average: expect.closeTo(4.67, 2) });
		expect(ivanovs.rule).toEqual(expect.any(String));
		const first = await api(teacher, 'GET', `/api/journals/${journal.id}/period-marks?period=${q1.id}`);
		expect(first.json.period).toMatchObject({ id: q1.id, open: false });
		expect((await api(teacher, 'GET', `/api/journals/${journal.id}/period-marks?period=999999`)).status).toBe(404);
	});

	test('R-5.1 a mark equal to the suggestion is saved with an audit row; a differing one needs a justification, then is saved', async () => {
		const [a, b] = await graded();
		expect([a, b].map((s) => [s.studentId, s.suggested])).toEqual([
			[ivanov.id, '5'],
			[smirnova.id, '4']
		]);
		const same = await api(teacher, 'PUT', `/api/journals/${journal.id}/period-marks`, { studentId: a.studentId, periodId: q2.id, value: a.suggested });
		expect(same.status).toBe(200);
		expect(same.json).toMatchObject({ ok: true, changed: true, mark: { value: '5', suggested: '5', justification: null } });
		const [audit] = await sql`select action from audit_log where entity = 'period_mark' and entity_id = ${`${journal.id}:${a.studentId}:period:${q2.id}`}`;
		expect(audit).toMatchObject({ action: 'period_mark.set' });

		const refused = await api(teacher, 'PUT', `/api/journals/${journal.id}/period-marks`, { studentId: b.studentId, periodId: q2.id, value: '5' });
		expect(refused.status).toBe(400);
		expect(refused.json).toMatchObject({ message: PERIOD_MARK_MESSAGES.justificationRequired('5', '4'), suggested: '4', justificationRequired: true });
		const saved = await api(teacher, 'POST', `/api/journals/${journal.id}/period-marks`, { studentId: b.studentId, periodId: q2.id, value: '5', justification: 'Олимпиада' });
		expect(saved.status).toBe(200);
		expect(saved.json.mark).toMatchObject({ value: '5', suggested: '4', justification: 'Олимпиада' });
		const after = (await graded()).find((s) => s.studentId === b.studentId)!;
		expect(after.value).toBe('5');
	});

	test('R-5.3 a closed quarter refuses with 400; a value not on the scale is refused; nothing is stored', async () => {
		const firstQuarter = () => sql`select value, justification, set_at from period_mark where journal_id = ${journal.id} and student_id = ${ivanov.id} and period_id = ${q1.id}`;
		const before = await firstQuarter();
		const closed = await api(teacher, 'PUT', `/api/journals/${journal.id}/period-marks`, { studentId: ivanov.id, periodId: q1.id, value: '4', justification: 'x' });
		expect(closed.status).toBe(400);
		expect(closed.json.message).toMatch(/закрыт/);
		const bad = await api(teacher, 'PUT', `/api/journals/${journal.id}/period-marks`, { studentId: ivanov.id, periodId: q2.id, value: '7' });
		expect(bad.status).toBe(400);
		expect(bad.json.justificationRequired).toBe(false);
		expect(bad.json.message).toContain('«7» — такой отметки нет');
		expect(await firstQuarter()).toEqual(before);
	});

	test('the policy: the director reads but may not write (403 in Russian), a parent may not read the journal', async () => {
		const [a] = await graded(director);
		const refused = await api(director, 'PUT', `/api/journals/${journal.id}/period-marks`, { studentId: a.studentId, periodId: q2.id, value: a.suggested });
		expect(refused.status).toBe(403);
		expect(refused.json.message).toMatch(/[а-я]/);
		expect((await api(director, 'GET', `/api/journals/${journal.id}/period-marks`)).json.canWrite).toBe(false);
		expect([403, 404]).toContain((await api(parent, 'GET', `/api/journals/${journal.id}/period-marks`)).status);
	});
});
