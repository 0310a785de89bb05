/**
 * Categories of access (R-4.1.1): the administrator grants or withholds optional rights per
 * category of user on «Права категорий пользователей»; every request is judged by the school's
 * choice at once, on the server.
 *
 * The world: 7А (class teacher Кузнецова, who teaches its Russian) with Пётр Иванов; Петрова
 * teaches 7А algebra, where Пётр has three marks; Пётр's mother has an account; an administrator
 * and a director. Today is 27.11.2026 (the second quarter is under way).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { ACCESS_MESSAGES, choicesOf, DEFAULT_ACCESS } from '../../src/lib/domain/access';
import { WITHHELD } from '../../src/lib/domain/policy';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { openJournal } from '../helpers/collab';
import { addLessons, buildWorld, fillCells, type Account, type Journal, type Person } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let w: { admin: Account; director: Account; teacher: Account; classTeacher: Account; mother: Account; petr: Person; algebra: Journal; russian: Journal };

/** Every box ticked as by default, as the form sends them. */
const DEFAULT_TICKS = choicesOf(DEFAULT_ACCESS)
	.filter((c) => c.granted)
	.map((c) => `${c.category}:${c.right}`);

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		await make.year();
		const admin = await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' });
		const director = await make.staff('Соколов Игорь Петрович', ['director'], { login: 'director' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const classTeacher = await make.teacher('Кузнецова Ирина Олеговна', { login: 'klruk' });
		const seventh = await make.class({ grade: 7, letter: 'А', classTeacher });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh });
		const mother = await make.parent('Иванова Марина Викторовна', { children: [petr], login: 'roditel' });
		const algebra = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] });
		const russian = await make.journal({ group: seventh, subject: await make.subject('Русский язык'), teachers: [classTeacher] });
		return { admin, director, teacher, classTeacher, mother, petr, algebra, russian };
	});
	const teacher = await as(w.teacher);
	const lessons = await addLessons(teacher, w.algebra, ['2026-11-16', '2026-11-18', '2026-11-23']);
	await fillCells(school.server.url, teacher, w.algebra, lessons.map((lesson, i) => ({ lesson, student: w.petr, marks: [[5, 4, 5][i]] })));
});

afterAll(async () => {
	await school?.stop();
});

/** Saves the table as the administrator with these boxes ticked. */
async function save(ticks: readonly string[], who: Account = w.admin): Promise<Response> {
	const form = new URLSearchParams();
	for (const tick of ticks) form.append('granted', tick);
	return (await as(who)).request('/admin/access', { form });
}
const without = (tick: string) => DEFAULT_TICKS.filter((t) => t !== tick);
const storedRows = async () => (await sql`select count(*)::int as n from access_right`)[0].n as number;

type Diary = { subjects: Array<{ subject: string; forecast: unknown }> };

describe('R-4.1.1 the administrator’s table of rights per category of user', () => {
	test('shows the categories and rights with the defaults ticked; it is the administrator’s alone', async () => {
		const response = await (await as(w.admin)).request('/admin/access');
		expect(response.status).toBe(200);
		const html = await response.text();
		for (const text of ['Права категорий пользователей', 'директор', 'родитель', 'Просматривают журнал изменений школы', 'Видят в дневнике прогноз отметки за период'])
			expect(html).toContain(text);
		expect(html).toMatch(/value="parent:see_forecasts"[^>]*checked/);
		for (const who of [w.director, w.teacher, w.mother]) {
			expect((await (await as(who)).request('/admin/access')).status, who.login).toBe(403);
			expect((await save([], who)).status, who.login).toBe(403);
		}
		expect(await storedRows()).toBe(0);
	});

	test('a box that means nothing is refused with a Russian reason and nothing is stored', async () => {
		const response = await save([...DEFAULT_TICKS, 'director:see_forecasts']);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain(ACCESS_MESSAGES.unknown);
		expect(await storedRows()).toBe(0);
	});

	test('saving the defaults again changes nothing and writes no audit row', async () => {
		expect((await save(DEFAULT_TICKS)).status).toBe(200);
		expect(await storedRows()).toBe(0);
		expect((await sql`select count(*)::int as n from audit_log where action = 'access.update'`)[0].n).toBe(0);
	});
});

describe('R-4.1.1 a withheld right is refused on the server at once, and granting it again allows it', () => {
	test('the director’s audit log: withheld — 403 with the reason; granted — open; each change audited', async () => {
		const director = await as(w.director);
		expect((await director.request('/admin/audit')).status).toBe(200);
		expect((await save(without('director:read_audit'))).status).toBe(200);
		const refused = await director.request('/admin/audit');
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain(WITHHELD.audit.split(':')[0]);
		expect((await save(DEFAULT_TICKS)).status).toBe(200);
		expect((await director.request('/admin/audit')).status).toBe(200);
		const audit = await sql`select actor_id, entity, old_value, new_value from audit_log where action = 'access.update' order by id`;
		expect(audit).toHaveLength(2);
		expect(audit[0]).toMatchObject({ actor_id: w.admin.id, entity: 'school' });
		expect(audit[0].new_value.director).toEqual([]);
		expect(audit[1].new_value.director).toEqual(['read_audit']);
	});

	test('a parent writing first to a subject teacher: withheld — 403, nothing written; the class teacher stays reachable; granted — sent', async () => {
		const mother = await as(w.mother);
		const messages = async () => (await sql`select count(*)::int as n from message`)[0].n as number;
		expect((await save(without('parent:write_to_teachers'))).status).toBe(200);
		const before = await messages();
		const refused = await mother.request('/messages?/send', { form: { to: `person:${w.teacher.id}`, body: 'Здравствуйте! Пётр болел, можно переписать работу?' } });
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain(WITHHELD.toTeachers.split(':')[0]);
		expect(await messages()).toBe(before);
		const toClassTeacher = await mother.request('/messages?/send', { form: { to: `person:${w.classTeacher.id}`, body: 'Здравствуйте! Пётр болел.' } });
		expect(toClassTeacher.status).toBe(303);
		expect((await save(DEFAULT_TICKS)).status).toBe(200);
		const sent = await mother.request('/messages?/send', { form: { to: `person:${w.teacher.id}`, body: 'Здравствуйте! Пётр болел, можно переписать работу?' } });
		expect(sent.status).toBe(303);
		expect(await messages()).toBe(before + 2);
	});

	test('a teacher reading another subject’s journal of their class: withheld — not found; granted — open', async () => {
		const teacher = await as(w.teacher);
		expect((await teacher.request(`/journal/${w.russian.id}`)).status).toBe(200);
		expect((await save(without('teacher:read_class_journals'))).status).toBe(200);
		expect((await teacher.request(`/journal/${w.russian.id}`)).status).toBe(404);
		expect((await teacher.request(`/journal/${w.algebra.id}`)).status).toBe(200);
		expect((await save(DEFAULT_TICKS)).status).toBe(200);
		expect((await teacher.request(`/journal/${w.russian.id}`)).status).toBe(200);
	});

	test('X-LIVE a teacher reading another subject’s journal live is closed at once when the school withholds the right', async () => {
		const client = await openJournal(school.server.url, (await as(w.teacher)).cookieHeader(), w.russian.id);
		try {
			expect(client.refused).toBeUndefined();
			expect(client.readOnly).toBe(true);
			const closed = new Promise<number>((resolve) => client.provider.on('close', ({ event }: { event: { code: number } }) => resolve(event.code)));
			expect((await save(without('teacher:read_class_journals'))).status).toBe(200);
			expect(await closed).toBe(4403);
		} finally {
			client.destroy();
			expect((await save(DEFAULT_TICKS)).status).toBe(200);
		}
	});

	test('R-2.7 the forecast in a parent’s diary: withheld — none; the teacher still sees it; granted — shown again', async () => {
		const forecastOf = async (who: Account) => (await (await as(who)).pageData<Diary>(`/diary/${w.petr.id}`)).subjects.find((s) => s.subject === 'Алгебра')?.forecast;
		expect(await forecastOf(w.mother)).not.toBeNull();
		expect((await save(without('parent:see_forecasts'))).status).toBe(200);
		expect(await forecastOf(w.mother)).toBeNull();
		expect(await forecastOf(w.classTeacher)).not.toBeNull();
		expect((await save(DEFAULT_TICKS)).status).toBe(200);
		expect(await forecastOf(w.mother)).not.toBeNull();
	});
});
