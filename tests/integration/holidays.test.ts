/**
 * Holidays through the real server: the administrator keeps them on the periods page (listed,
 * checked, audited, admin only), a lesson is neither created on one nor moved onto one through
 * the lessons API, and a holiday is not laid over lessons that already exist (nothing saved is lost).
 *
 * The world: the year 01.09.2026 — 31.05.2027 with the autumn break (25.10 — 04.11.2026) and the
 * winter break (28.12.2026 — 11.01.2027); 7А's algebra (Петрова) has lessons on 16, 18, 20 and
 * 23 November, its Russian (Орлова) one on 17 November. Today is 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLesson, addLessons, buildWorld, type Account, type Journal } from '../factories';
import type { DocLesson } from '../../src/lib/domain/journal-doc';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let journal: Journal;
let people: { admin: Account; teacher: Account; director: Account; parent: Account };
let algebraLessons: DocLesson[];

/** Posts a named action of the periods page as the person. */
async function post(who: Account, action: string, form: Record<string, string>): Promise<{ status: number; text: string }> {
	const response = await (await as(who)).request(`/admin/periods?/${action}`, { form });
	return { status: response.status, text: await response.text() };
}

/** Calls the lessons API as the teacher of the journal, with a JSON body. */
const api = async (method: string, pathname: string, body: unknown) => (await as(people.teacher)).api(method, pathname, body);

/** Every holiday row and the number of audit rows, to prove a refusal changed nothing. */
async function snapshot(): Promise<{ holidays: string[]; audits: number }> {
	const holidays = await sql`select to_jsonb(h)::text as row from holiday h order by id`;
	const [{ audits }] = await sql`select count(*)::int as audits from audit_log`;
	return { holidays: holidays.map((h) => h.row as string), audits };
}

async function holidayNamed(name: string): Promise<{ id: number; starts_on: string; ends_on: string } | undefined> {
	const [row] = await sql`select id, starts_on, ends_on from holiday where name = ${name}`;
	return row as never;
}

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	let russian: Journal;
	let russianTeacher: Account;
	({ journal, russian, russianTeacher, people } = await buildWorld(async (make) => {
		await make.year({
			holidays: [
				{ name: 'Осенние каникулы', startsOn: '2026-10-25', endsOn: '2026-11-04' },
				{ name: 'Зимние каникулы', startsOn: '2026-12-28', endsOn: '2027-01-11' }
			]
		});
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const child = await make.student('Иванов Пётр Сергеевич', { class: seventh });
		const people = {
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			teacher: await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' }),
			director: await make.staff('Соколов Игорь Петрович', ['director'], { login: 'director' }),
			parent: await make.parent('Иванова Марина Викторовна', { children: [child], login: 'roditel' })
		};
		const russianTeacher = await make.teacher('Орлова Вера Михайловна', { login: 'orlova' });
		const journal = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [people.teacher] });
		const russian = await make.journal({ group: seventh, subject: await make.subject('Русский язык'), teachers: [russianTeacher] });
		return { journal, russian, russianTeacher, people };
	}));
	algebraLessons = await addLessons(await as(people.teacher), journal, ['2026-11-16', '2026-11-18', '2026-11-20', '2026-11-23']);
	await addLesson(await as(russianTeacher), russian, '2026-11-17');
});

afterAll(async () => {
	await school?.stop();
});

describe('R-5.3 the administrator keeps the holidays of the school year on the periods page', () => {
	test('X-RU the year’s holidays are listed with their dates as ДД.ММ.ГГГГ and their length', async () => {
		const page = await (await as(people.admin)).request('/admin/periods');
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Каникулы и праздники');
		expect(html).toContain('Осенние каникулы');
		expect(html).toContain('25.10.2026 — 04.11.2026');
		expect(html).toContain('11 дней');
	});

	test('an added holiday is stored, audited and listed', async () => {
		const added = await post(people.admin, 'addHoliday', { name: '  Дни здоровья ', startsOn: '2026-12-07', endsOn: '2026-12-08' });
		expect(added.status).toBe(200);
		expect(added.text).toContain('Добавлено: «Дни здоровья», 07.12.2026 — 08.12.2026.');
		const holiday = await holidayNamed('Дни здоровья');
		expect(holiday).toMatchObject({ starts_on: '2026-12-07', ends_on: '2026-12-08' });
		const [audit] = await sql`select action, entity, old_value, new_value from audit_log where entity = 'holiday' and entity_id = ${String(holiday!.id)}`;
		expect(audit).toMatchObject({ action: 'holiday.add', old_value: null, new_value: { name: 'Дни здоровья', startsOn: '2026-12-07', endsOn: '2026-12-08' } });
		const listed = await (await (await as(people.admin)).request('/admin/periods')).text();
		expect(listed).toContain('07.12.2026 — 08.12.2026');
		expect(listed).toContain('2 дня');
	});

	test('a holiday overlapping another is refused with a message naming it, and nothing changes', async () => {
		const before = await snapshot();
		const refused = await post(people.admin, 'addHoliday', { name: 'Новогодние', startsOn: '2026-12-31', endsOn: '2027-01-03' });
		expect(refused.status).toBe(400);
		expect(refused.text).toContain('Эти дни пересекаются с «Зимние каникулы» (28.12.2026 — 11.01.2027).');
		const unnamed = await post(people.admin, 'addHoliday', { name: ' ', startsOn: '2026-12-14', endsOn: '2026-12-14' });
		expect(unnamed.status).toBe(400);
		expect(unnamed.text).toContain('Укажите название каникул или праздника.');
		const outside = await post(people.admin, 'addHoliday', { name: 'Лето', startsOn: '2027-06-01', endsOn: '2027-08-31' });
		expect(outside.status).toBe(400);
		expect(outside.text).toContain('Каникулы должны быть в пределах учебного года: 01.09.2026 — 31.05.2027.');
		expect(await snapshot()).toEqual(before);
	});

	test('a holiday over lessons that exist is refused with their count, in every journal: nothing saved is lost', async () => {
		const before = await snapshot();
		const refused = await post(people.admin, 'addHoliday', { name: 'Карантин', startsOn: '2026-11-16', endsOn: '2026-11-20' });
		expect(refused.status).toBe(400);
		// Algebra on 16, 18 and 20 November, Russian on the 17th.
		expect(refused.text).toContain('На эти дни уже есть уроки: 4. Сначала перенесите их.');
		// Stretching a holiday back over lessons is refused the same way.
		const health = await holidayNamed('Дни здоровья');
		const stretched = await post(people.admin, 'updateHoliday', { holidayId: String(health!.id), name: 'Дни здоровья', startsOn: '2026-11-16', endsOn: '2026-12-08' });
		expect(stretched.status).toBe(400);
		expect(stretched.text).toContain('На эти дни уже есть уроки: 5. Сначала перенесите их.');
		expect(await snapshot()).toEqual(before);
	});

	test('R-4.1 a teacher, the director or a parent posting the forms gets 403 and nothing changes', async () => {
		const health = await holidayNamed('Дни здоровья');
		const before = await snapshot();
		for (const who of [people.teacher, people.director, people.parent]) {
			expect((await post(who, 'addHoliday', { name: 'Мой праздник', startsOn: '2026-12-14', endsOn: '2026-12-14' })).status, who.login).toBe(403);
			expect((await post(who, 'updateHoliday', { holidayId: String(health!.id), name: 'Другое', startsOn: '2026-12-07', endsOn: '2026-12-08' })).status, who.login).toBe(403);
			expect((await post(who, 'deleteHoliday', { holidayId: String(health!.id) })).status, who.login).toBe(403);
		}
		expect(await snapshot()).toEqual(before);
	});
});

describe('R-4.4.5 no lessons on holidays', () => {
	const ON_HEALTH_DAY = '07.12.2026 — «Дни здоровья»: в каникулы и праздничные дни уроков нет.';

	test('a lesson in the autumn break, or on a day the administrator added, is refused through the lessons API', async () => {
		const before = await sql`select count(*)::int as lessons from lesson`;
		const autumn = await api('POST', `/api/journals/${journal.id}/lessons`, { date: '2026-10-28' });
		expect(autumn.status).toBe(400);
		expect(autumn.json.message).toBe('28.10.2026 — «Осенние каникулы»: в каникулы и праздничные дни уроков нет.');
		const health = await api('POST', `/api/journals/${journal.id}/lessons`, { date: '2026-12-07', topic: 'Повторение' });
		expect(health.status).toBe(400);
		expect(health.json.message).toBe(ON_HEALTH_DAY);
		expect(await sql`select count(*)::int as lessons from lesson`).toEqual(before);
	});

	test('a lesson is not moved onto a holiday; the day before it is fine', async () => {
		const lesson = algebraLessons.at(-1)!;
		const [row] = await sql`select to_jsonb(l)::text as row from lesson l where id = ${lesson.id}`;
		const moved = await api('PATCH', `/api/journals/${journal.id}/lessons/${lesson.id}`, { date: '2026-12-07' });
		expect(moved.status).toBe(400);
		expect(moved.json.message).toBe(ON_HEALTH_DAY);
		expect((await sql`select to_jsonb(l)::text as row from lesson l where id = ${lesson.id}`)[0].row).toBe(row.row);
		const empty = await addLesson(await as(people.teacher), journal, { date: '2026-12-04', topic: 'Перед днями здоровья' });
		expect((await api('PATCH', `/api/journals/${journal.id}/lessons/${empty.id}`, { date: '2026-12-09' })).status).toBe(200);
	});

	test('a lesson already on a holiday (older data) stays and can still be edited, and the holiday can still be renamed', async () => {
		// Older data: the lessons API refuses a lesson on a holiday (the rule under test), so the row goes in directly.
		const [old] = await sql`insert into lesson (journal_id, date, topic) values (${journal.id}, '2026-12-08', 'Старый урок') returning id`;
		const edited = await api('PATCH', `/api/journals/${journal.id}/lessons/${old.id}`, { homework: '§ 7' });
		expect(edited.status).toBe(200);
		expect(edited.json).toMatchObject({ date: '2026-12-08', homework: '§ 7' });
		const health = await holidayNamed('Дни здоровья');
		const renamed = await post(people.admin, 'updateHoliday', { holidayId: String(health!.id), name: 'Дни здоровья и спорта', startsOn: '2026-12-07', endsOn: '2026-12-08' });
		expect(renamed.status).toBe(200);
		expect(renamed.text).toContain('Сохранено: «Дни здоровья и спорта», 07.12.2026 — 08.12.2026.');
		const [audit] = await sql`select old_value, new_value from audit_log where action = 'holiday.update' and entity_id = ${String(health!.id)}`;
		expect(audit).toMatchObject({ old_value: { name: 'Дни здоровья', startsOn: '2026-12-07' }, new_value: { name: 'Дни здоровья и спорта', startsOn: '2026-12-07' } });
		expect((await sql`select count(*)::int as n from lesson where id = ${old.id}`)[0].n).toBe(1);
	});

	test('a deleted holiday is audited and its days take lessons again', async () => {
		const health = await holidayNamed('Дни здоровья и спорта');
		const deleted = await post(people.admin, 'deleteHoliday', { holidayId: String(health!.id) });
		expect(deleted.status).toBe(200);
		expect(deleted.text).toContain('Удалено: «Дни здоровья и спорта», 07.12.2026 — 08.12.2026.');
		expect(await holidayNamed('Дни здоровья и спорта')).toBeUndefined();
		const [audit] = await sql`select old_value, new_value from audit_log where action = 'holiday.delete' and entity_id = ${String(health!.id)}`;
		expect(audit).toMatchObject({ old_value: { name: 'Дни здоровья и спорта', startsOn: '2026-12-07', endsOn: '2026-12-08' }, new_value: null });
		expect((await api('POST', `/api/journals/${journal.id}/lessons`, { date: '2026-12-07' })).status).toBe(201);
	});
});
