/**
 * X-LIVE growth while people stay connected: past COLLAB_COMPACT_AFTER cell edits, once nobody has
 * changed a cell for COLLAB_COMPACT_IDLE_MS, the server drops the document's sockets (4000);
 * clients (which start every connection from an empty document) come back to one rebuilt from the
 * rows, as small as a fresh one, with every committed value. While people edit, nobody is dropped.
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
/** Written past the limit before the writers pause. */
const WRITES = COMPACT_AFTER + 15;
/** Far longer than the pause between two acknowledged edits, even on a busy machine. */
const IDLE_MS = 1500;
let school: TestSchool;
let w: { journal: Journal; teacher: Account; admin: Account; student: Person };
let lesson: { id: number };

beforeAll(async () => {
	school = await startEmptySchool({ COLLAB_COMPACT_AFTER: String(COMPACT_AFTER), COLLAB_COMPACT_IDLE_MS: String(IDLE_MS) });
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

test('X-LIVE an open journal rewritten past the limit is rebuilt from the rows once its teachers pause, never while they edit', async () => {
	const { sql } = await database();
	const base = school.server.url;
	const journalId = w.journal.id;
	const cell = { lesson_id: lesson.id, student_id: w.student.id };
	const key = cellKey(cell.lesson_id, cell.student_id);

	const teacher = await openJournal(base, await sessionCookie(base, w.teacher.login, w.teacher.password), journalId);
	const watcher = await openJournal(base, await sessionCookie(base, w.admin.login, w.admin.password), journalId);
	const fresh = Y.encodeStateAsUpdate(teacher.doc).length;
	let writing = true;
	const droppedWhileWriting: number[] = [];
	const dropped = (client: JournalClient) =>
		new Promise<number>((resolve) =>
			client.provider.on('close', ({ event }: { event: { code: number } }) => {
				if (writing) droppedWhileWriting.push(event.code);
				client.destroy(); // as the grid does: the next connection starts from an empty document
				resolve(event.code);
			})
		);
	const bothDropped = Promise.all([dropped(teacher), dropped(watcher)]);

	// Two writers taking turns, so the overwritten values cannot merge into one deleted range.
	let grown = 0;
	for (let i = 0; i < WRITES; i++) {
		const writer = i % 2 ? watcher : teacher;
		grown = Y.encodeStateAsUpdate(writer.doc).length;
		const id = writer.setCell(key, { m: [2 + (i % 4)], a: null, c: null });
		await writer.until(() => writer.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), `ack ${i}`);
	}
	writing = false;
	expect(droppedWhileWriting).toEqual([]);
	expect(grown).toBeGreaterThan(fresh + (WRITES - 2) * 5);
	expect(await bothDropped).toEqual([4000, 4000]);

	const back = await openJournal(base, await sessionCookie(base, w.teacher.login, w.teacher.password), journalId);
	expect(Y.encodeStateAsUpdate(back.doc).length).toBeLessThan(fresh + 100);
	expect(back.cells.get(key)).toMatchObject({ m: [2 + ((WRITES - 1) % 4)] });
	const marks = await sql`select value from mark where lesson_id = ${cell.lesson_id} and student_id = ${cell.student_id}`;
	expect(marks.map((m) => m.value)).toEqual([2 + ((WRITES - 1) % 4)]);
	back.destroy();
});
