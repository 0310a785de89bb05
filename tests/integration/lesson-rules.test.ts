/**
 * R-4.4.5 where a lesson may stand, through the real HTTP endpoints (POST and PATCH
 * /api/journals/:id/lessons): inside the school year only, and one lesson per day and number —
 * a second lesson the same day needs another number. A refusal is a Russian sentence and changes
 * nothing.
 *
 * The world: 7А's history journal taught by Петрова in the year 01.09.2026 — 31.05.2027. Today is
 * 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, STANDARD_WORK_TYPES, type Account, type Journal } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let w: { journal: Journal; teacher: Account };

const lessons = () => `/api/journals/${w.journal.id}/lessons`;
const api = async (method: string, pathname: string, body?: unknown) => (await as(w.teacher)).api(method, pathname, body);
const countOn = async (date: string) => Number((await sql`select count(*)::int as n from lesson where journal_id = ${w.journal.id} and date = ${date}`)[0].n);

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		await make.year({ workTypes: [...STANDARD_WORK_TYPES] });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		await make.student('Иванов Пётр Сергеевич', { class: seventh });
		return { journal: await make.journal({ group: seventh, subject: await make.subject('История'), teachers: [teacher] }), teacher };
	});
});

afterAll(async () => {
	await school?.stop();
});

describe('R-4.4.5 a lesson stands inside the school year', () => {
	test.each(['2031-03-01', '1999-09-01', '2027-06-01', '2026-08-31'])('a new lesson on %s is refused in Russian and nothing is stored', async (date) => {
		const refused = await api('POST', lessons(), { date, lessonNo: 1 });
		expect(refused.status).toBe(400);
		expect(refused.json.message).toBe('Дата урока должна быть в пределах учебного года: 01.09.2026 — 31.05.2027.');
		expect(await countOn(date)).toBe(0);
	});

	test('a lesson is not moved out of the school year; its date stays', async () => {
		const created = await api('POST', lessons(), { date: '2026-11-19', lessonNo: 1 });
		expect(created.status).toBe(201);
		for (const date of ['2031-03-01', '1999-09-01']) {
			const moved = await api('PATCH', `${lessons()}/${created.json.id}`, { date });
			expect(moved.status).toBe(400);
			expect(moved.json.message).toMatch(/^Дата урока должна быть в пределах учебного года/);
		}
		const [row] = await sql`select to_char(date, 'YYYY-MM-DD') as date from lesson where id = ${created.json.id}`;
		expect(row.date).toBe('2026-11-19');
	});
});

describe('R-4.4.5 one lesson per day and number', () => {
	test('a second lesson with the same date and number is refused; with another number it is added', async () => {
		expect((await api('POST', lessons(), { date: '2026-11-20', lessonNo: 2, topic: 'Реформы Петра I' })).status).toBe(201);
		const twin = await api('POST', lessons(), { date: '2026-11-20', lessonNo: 2, topic: 'Повторение' });
		expect(twin.status).toBe(409);
		expect(twin.json.message).toBe('20.11.2026 уже есть 2-й урок: у второго урока в этот день должен быть другой номер.');
		expect(await countOn('2026-11-20')).toBe(1);
		expect((await api('POST', lessons(), { date: '2026-11-20', lessonNo: 3, topic: 'Повторение' })).status).toBe(201);
		expect(await countOn('2026-11-20')).toBe(2);
	});

	test('two lessons the same day without numbers: the second is asked for its number', async () => {
		expect((await api('POST', lessons(), { date: '2026-11-24' })).status).toBe(201);
		const twin = await api('POST', lessons(), { date: '2026-11-24' });
		expect(twin.status).toBe(409);
		expect(twin.json.message).toBe('24.11.2026 урок без номера уже есть: у второго урока в этот день укажите номер урока.');
		expect(await countOn('2026-11-24')).toBe(1);
		expect((await api('POST', lessons(), { date: '2026-11-24', lessonNo: 4 })).status).toBe(201);
	});

	test('a lesson is not moved onto the date and number of another one; its own other fields still change', async () => {
		const first = await api('POST', lessons(), { date: '2026-11-25', lessonNo: 1 });
		const second = await api('POST', lessons(), { date: '2026-11-26', lessonNo: 1 });
		expect([first.status, second.status]).toEqual([201, 201]);
		const onto = await api('PATCH', `${lessons()}/${second.json.id}`, { date: '2026-11-25' });
		expect(onto.status).toBe(409);
		expect(onto.json.message).toBe('25.11.2026 уже есть 1-й урок: у второго урока в этот день должен быть другой номер.');
		const renumbered = await api('PATCH', `${lessons()}/${first.json.id}`, { lessonNo: 2 });
		expect(renumbered.status).toBe(200);
		expect((await api('PATCH', `${lessons()}/${second.json.id}`, { date: '2026-11-25' })).status).toBe(200);
		// Changing a lesson's own topic is not a clash with itself.
		expect((await api('PATCH', `${lessons()}/${second.json.id}`, { topic: 'Смутное время' })).status).toBe(200);
	});

	test('two teachers adding the same lesson at once: exactly one is stored', async () => {
		const both = await Promise.all([api('POST', lessons(), { date: '2026-11-18', lessonNo: 5 }), api('POST', lessons(), { date: '2026-11-18', lessonNo: 5 })]);
		expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
		expect(await countOn('2026-11-18')).toBe(1);
	});
});
