/**
 * X-LIVE growth while people stay connected: after COLLAB_COMPACT_AFTER cell edits the server
 * drops the document's sockets; clients (which start every connection from an empty document)
 * come back to one rebuilt from the rows, as small as a fresh one, with every committed value.
 *
 * The world: 7А's algebra journal (Петрова) with two students and a lesson on 23.11.2026; the
 * administrator watches it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { database } from '../../src/lib/server/db/client';
import { cellKey } from '../../src/lib/domain/journal-doc';
import { Client, startEmptySchool, type TestSchool } from '../helpers/server';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';
import { addLesson, buildWorld, type Account, type Journal, type Person } from '../factories';

const COMPACT_AFTER = 20;
let school: TestSchool;
let w: { journal: Journal; teacher: Account; admin: Account; student: Person };
let lesson: { id: number };

beforeAll(async () => {
	school = await startEmptySchool({ COLLAB_COMPACT_AFTER: String(COMPACT_AFTER) });
	w = await buildWorld(async (make) => {
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const student = await make.student('Иванов Пётр Сергеевич', { class: seventh });
		await make.student('Смирнова Ольга Андреевна', { class: seventh });
		return {
			journal: await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] }),
			teacher,
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			student
		};
	});
	const client = new Client(school.server.url);
	expect((await client.signIn(w.teacher.login, w.teacher.password)).status).toBe(303);
	lesson = await addLesson(client, w.journal, '2026-11-23');
});
afterAll(async () => school?.stop());

test('X-LIVE an open journal rewritten past the limit is rebuilt from the rows while its teachers stay', async () => {
	const { sql } = await database();
	const base = school.server.url;
	const journalId = w.journal.id;
	const cell = { lesson_id: lesson.id, student_id: w.student.id };
	const key = cellKey(cell.lesson_id, cell.student_id);

	const teacher = await openJournal(base, await sessionCookie(base, w.teacher.login, w.teacher.password), journalId);
	const watcher = await openJournal(base, await sessionCookie(base, w.admin.login, w.admin.password), journalId);
	const fresh = Y.encodeStateAsUpdate(teacher.doc).length;
	const dropped = (client: JournalClient) =>
		new Promise<void>((resolve) =>
			client.provider.on('disconnect', () => {
				client.destroy(); // as the grid does: the next connection starts from an empty document
				resolve();
			})
		);
	const bothDropped = Promise.all([dropped(teacher), dropped(watcher)]);

	// Two writers taking turns, so the overwritten values cannot merge into one deleted range.
	let grown = 0;
	for (let i = 0; i < COMPACT_AFTER; i++) {
		const writer = i % 2 ? watcher : teacher;
		grown = Y.encodeStateAsUpdate(writer.doc).length;
		const id = writer.setCell(key, { m: [2 + (i % 4)], a: null, c: null });
		await writer.until(() => writer.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), `ack ${i}`);
	}
	expect(grown).toBeGreaterThan(fresh + (COMPACT_AFTER - 2) * 5);
	await bothDropped;

	const back = await openJournal(base, await sessionCookie(base, w.teacher.login, w.teacher.password), journalId);
	expect(Y.encodeStateAsUpdate(back.doc).length).toBeLessThan(fresh + 100);
	expect(back.cells.get(key)).toMatchObject({ m: [2 + ((COMPACT_AFTER - 1) % 4)] });
	const marks = await sql`select value from mark where lesson_id = ${cell.lesson_id} and student_id = ${cell.student_id}`;
	expect(marks.map((m) => m.value)).toEqual([2 + ((COMPACT_AFTER - 1) % 4)]);
	back.destroy();
});
