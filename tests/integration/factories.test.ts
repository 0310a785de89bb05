/**
 * The test factories themselves, checked through the product: what `buildWorld()` writes is what
 * the journal, the sign-in form and the pages read back (subgroups, departures, accounts), and a
 * world that fails half-way leaves nothing behind (one transaction).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { DOC_MAPS, type DocStudent } from '../../src/lib/domain/journal-doc';
import { Client, signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { openJournal } from '../helpers/collab';
import { buildWorld, type Account, type Journal, type Person } from '../factories';

let school: TestSchool;
let as: SignedIn;
let w: { teacher: Account; english: Journal; algebra: Journal; first: Person; second: Person; left: Person };

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel', password: 'своё-слово' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const first = await make.student('Иванов Пётр Сергеевич', { class: seventh });
		const second = await make.student('Смирнова Ольга Андреевна', { class: seventh });
		const left = await make.student('Козлов Денис Игоревич', { class: seventh, to: '2026-10-30' });
		const english = await make.subject('Английский язык');
		const group = await make.subgroup({ class: seventh, subject: english, name: '1 группа', students: [first, left] });
		return {
			teacher,
			english: await make.journal({ group, subject: english, teachers: [teacher] }),
			algebra: await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] }),
			first,
			second,
			left
		};
	});
});

afterAll(async () => {
	await school?.stop();
});

describe('R-4.3.3, R-4.3.6 buildWorld() writes what the product reads', () => {
	test('a subgroup journal lists only its members; the whole class lists everybody; a student who left carries the day', async () => {
		const students = async (journal: Journal) => {
			const live = await openJournal(school.server.url, (await as(w.teacher)).cookieHeader(), journal.id);
			try {
				return [...live.doc.getMap<DocStudent>(DOC_MAPS.students).values()].map((s) => ({ name: s.name, from: s.from, to: s.to }));
			} finally {
				await live.close();
			}
		};
		expect(await students(w.english)).toEqual([
			{ name: 'Иванов Пётр', from: '2026-09-01', to: null },
			{ name: 'Козлов Денис', from: '2026-09-01', to: '2026-10-30' }
		]);
		expect((await students(w.algebra)).map((s) => s.name)).toEqual(['Иванов Пётр', 'Козлов Денис', 'Смирнова Ольга']);
	});

	test('an account signs in with the login and password the test gave it; a person made without a login has none', async () => {
		const me = await (await (await as(w.teacher)).request('/api/me')).json();
		expect(me).toMatchObject({ login: 'uchitel', fullName: 'Петрова Анна Ивановна', roles: ['teacher'] });
		expect([...me.journalIds].sort()).toEqual([w.english.id, w.algebra.id].sort());
		expect(w.second.login).toBeUndefined();
		expect((await new Client(school.server.url).signIn('uchitel', 'demo')).status).not.toBe(303);
	});

	test('a world that fails half-way leaves nothing behind: it is one transaction', async () => {
		const { sql } = await database();
		const count = async () => (await sql`select (select count(*) from school)::int + (select count(*) from person)::int as n`)[0].n;
		const before = await count();
		await expect(
			buildWorld(async (make) => {
				await make.teacher('Орлова Вера Михайловна', { login: 'orlova' });
				await make.teacher('Однофамилец Вера Михайловна', { login: 'orlova' });
			})
		).rejects.toThrow();
		expect(await count()).toBe(before);
	});
});
