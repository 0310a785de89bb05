/**
 * Input a person (or a forged request) can send that the server must refuse with a Russian
 * sentence and a 400, never a server error: days the calendar does not have (30 February,
 * 31 November) and form bodies that cannot be read.
 *
 * The world: the year 01.09.2026 — 31.05.2027 in quarters; 7А's algebra, taught by Петрова, with
 * a lesson on 16.11.2026; Пётр Иванов in 7А, whose mother has an account; an administrator.
 * Today is 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLesson, buildWorld, type Account, type Journal, type Person } from '../factories';
import type { DocLesson } from '../../src/lib/domain/journal-doc';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let w: { admin: Account; teacher: Account; parent: Account; petr: Person; algebra: Journal };
let lesson: DocLesson;

const IMPOSSIBLE = ['2027-02-30', '2026-11-31', '2027-02-29'];
const LESSON_DATE = 'Укажите дату урока в формате ГГГГ-ММ-ДД.';
const UNREADABLE = 'Форма пришла повреждённой: обновите страницу и отправьте её ещё раз.';

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const admin = await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh });
		const parent = await make.parent('Иванова Марина Викторовна', { children: [petr], login: 'roditel' });
		const algebra = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] });
		return { admin, teacher, parent, petr, algebra };
	});
	lesson = await addLesson(await as(w.teacher), w.algebra, '2026-11-16');
});
afterAll(async () => school?.stop());

/** Posts a multipart body whose parts never end, as a cut or forged upload does, to a form action. */
async function brokenMultipart(who: Account | null, pathname: string): Promise<{ status: number; text: string }> {
	const cookie = who ? (await as(who)).cookieHeader() : '';
	const base = school.server.url;
	const response = await fetch(base + pathname, {
		method: 'POST',
		headers: { origin: base, accept: 'text/html', 'content-type': 'multipart/form-data; boundary=x', ...(cookie ? { cookie } : {}) },
		body: '--x\r\nContent-Disposition: form-data; name="login"\r\n\r\nadmin',
		redirect: 'manual'
	});
	return { status: response.status, text: await response.text() };
}

describe('R-4.4.5 a lesson on a day the calendar does not have', () => {
	test('POST a lesson on 30 February (or 31 November) → 400 with a Russian message, nothing stored', async () => {
		const teacher = await as(w.teacher);
		const [{ before }] = await sql`select count(*)::int as before from lesson`;
		for (const date of IMPOSSIBLE) {
			const refused = await teacher.api('POST', `/api/journals/${w.algebra.id}/lessons`, { date });
			expect(refused.status, date).toBe(400);
			expect(refused.json.message, date).toBe(LESSON_DATE);
		}
		const [{ after }] = await sql`select count(*)::int as after from lesson`;
		expect(after).toBe(before);
	});

	test('moving a lesson to 31 November → 400, the lesson keeps its day', async () => {
		const refused = await (await as(w.teacher)).api('PATCH', `/api/journals/${w.algebra.id}/lessons/${lesson.id}`, { date: '2026-11-31' });
		expect(refused.status).toBe(400);
		expect(refused.json.message).toBe(LESSON_DATE);
		const [row] = await sql`select to_char(date, 'YYYY-MM-DD') as date from lesson where id = ${lesson.id}`;
		expect(row.date).toBe('2026-11-16');
	});
});

describe('R-5.3 reopening a period and keeping holidays until a day the calendar does not have', () => {
	test('reopening the first quarter until 31 November → 400 with the reason, the period stays closed', async () => {
		const [q1] = await sql`select id, reopened_until from period where name = '1 четверть' order by id limit 1`;
		const response = await (await as(w.admin)).request('/admin/periods?/reopen', { form: { periodId: String(q1.id), until: '2026-11-31', reason: 'исправление' } });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Укажите дату, до которой период открыт, в формате ГГГГ-ММ-ДД.');
		const [after] = await sql`select reopened_until from period where id = ${q1.id}`;
		expect(after.reopened_until).toBe(q1.reopened_until);
	});

	test('a holiday from 30 February → 400, no holiday stored', async () => {
		const response = await (await as(w.admin)).request('/admin/periods?/addHoliday', { form: { name: 'Несуществующий день', startsOn: '2027-02-30', endsOn: '2027-03-01' } });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Укажите первый день в формате ГГГГ-ММ-ДД.');
		expect(await sql`select id from holiday where name = 'Несуществующий день'`).toHaveLength(0);
	});
});

describe('R-2.8 the diary’s lessons between two days the calendar does not have', () => {
	test('?from or ?to on 31 November → 400 with a Russian message', async () => {
		const parent = await as(w.parent);
		for (const query of ['from=2026-11-31', 'to=2026-11-31', 'from=2027-02-30&to=2027-03-05']) {
			const response = await parent.api('GET', `/api/students/${w.petr.id}/lessons?${query}`);
			expect(response.status, query).toBe(400);
			expect(response.json.message, query).toBe('Даты указываются как ГГГГ-ММ-ДД.');
		}
		expect((await parent.api('GET', `/api/students/${w.petr.id}/lessons?from=2026-11-16&to=2026-11-30`)).status).toBe(200);
	});
});

describe('X-RU a form body that cannot be read is a 400 with a Russian message, not a server error', () => {
	test('the sign-in form', async () => {
		const { status, text } = await brokenMultipart(null, '/login');
		expect(status).toBe(400);
		expect(text).toContain(UNREADABLE);
	});

	test('the administrator’s grading rules and periods forms', async () => {
		for (const action of ['/admin/grading?/rules', '/admin/periods?/reopen']) {
			const { status, text } = await brokenMultipart(w.admin, action);
			expect(status, action).toBe(400);
			expect(text, action).toContain(UNREADABLE);
		}
		// The server is fine afterwards.
		expect((await (await as(w.admin)).request('/admin/grading')).status).toBe(200);
	});
});
