/**
 * An arrival or a departure reaches the open live journals at once (R-4.3.6, X-LIVE): the
 * administrator adds a pupil into a class, records a departure, enrols a pupil into another class,
 * and a teacher's open journal shows the pupil, or shows them as gone after the last day, without
 * reopening — through the real websocket, as a move between subgroups does.
 *
 * The world: 5А with Пётр Иванов and a mathematics journal, and an English subgroup «1 группа»
 * (Пётр) with its own journal; 6Б with a mathematics journal. Today is 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { openJournal, type JournalClient } from '../helpers/collab';
import { buildWorld, type Account, type Journal, type Klass, type Person } from '../factories';
import type * as Y from 'yjs';
import type { DocStudent } from '../../src/lib/domain/journal-doc';

let school: TestSchool;
let as: SignedIn;
let w: { admin: Account; teacher: Account; petr: Person; fifth: Klass; sixth: Klass; maths: Journal; english: Journal; sixthMaths: Journal };
const open: JournalClient[] = [];

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		await make.year();
		const admin = await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const fifth = await make.class({ grade: 5, letter: 'А' });
		const sixth = await make.class({ grade: 6, letter: 'Б' });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: fifth, from: '2026-09-01' });
		const maths = await make.journal({ group: fifth, subject: await make.subject('Математика'), teachers: [teacher] });
		const englishSubject = await make.subject('Английский язык');
		const group = await make.subgroup({ class: fifth, subject: englishSubject, name: '1 группа', students: [petr] });
		const english = await make.journal({ group, subject: englishSubject, teachers: [teacher] });
		const sixthMaths = await make.journal({ group: sixth, subject: await make.subject('Алгебра'), teachers: [teacher] });
		return { admin, teacher, petr, fifth, sixth, maths, english, sixthMaths };
	});
});

afterAll(async () => {
	for (const client of open) client.destroy();
	await school?.stop();
});

async function watch(journal: Journal): Promise<JournalClient> {
	const client = await openJournal(school.server.url, (await as(w.teacher)).cookieHeader(), journal.id);
	open.push(client);
	return client;
}

const studentsOf = (client: JournalClient) => [...(client.doc.getMap('students') as Y.Map<DocStudent>).values()];
const named = (client: JournalClient, name: string) => studentsOf(client).find((s) => s.name.startsWith(name));

async function post(path: string, form: Record<string, string>): Promise<number> {
	return (await (await as(w.admin)).request(path, { form })).status;
}

describe('R-4.3.6, X-LIVE arrivals and departures show in open journals without reopening them', () => {
	test('a pupil added into 5А from a date appears in the open mathematics journal', async () => {
		const maths = await watch(w.maths);
		expect(named(maths, 'Смирнова')).toBeUndefined();
		expect(await post('/admin/people?/add', { kind: 'student', lastName: 'Смирнова', firstName: 'Анна', birthDate: '05.09.2015', classId: String(w.fifth.id), arrivedOn: '2026-11-23' })).toBe(200);
		const anna = await maths.until(() => named(maths, 'Смирнова'), 'Смирнова in the open journal');
		expect(anna).toMatchObject({ from: '2026-11-23', to: null });
	});

	test('Пётр’s departure marks him gone after his last day in the class’s journal and in its subgroup’s', async () => {
		const maths = await watch(w.maths);
		const english = await watch(w.english);
		expect(named(maths, 'Иванов')?.to ?? null).toBeNull();
		expect(named(english, 'Иванов')?.to ?? null).toBeNull();
		expect(await post(`/admin/people/${w.petr.id}?/depart`, { lastDay: '2026-11-24', to: 'Школа № 7', reason: 'переезд' })).toBe(200);
		await maths.until(() => named(maths, 'Иванов')?.to === '2026-11-24', 'Пётр gone in mathematics');
		await english.until(() => named(english, 'Иванов')?.to === '2026-11-24', 'Пётр gone in English');
	});

	test('enrolled into 6Б from the next day, Пётр appears in 6Б’s open journal', async () => {
		const sixth = await watch(w.sixthMaths);
		expect(named(sixth, 'Иванов')).toBeUndefined();
		expect(await post(`/admin/people/${w.petr.id}?/enrol`, { classId: String(w.sixth.id), arrivedOn: '2026-11-25' })).toBe(200);
		const petr = await sixth.until(() => named(sixth, 'Иванов'), 'Пётр in 6Б');
		expect(petr).toMatchObject({ from: '2026-11-25' });
	});
});
