/**
 * X-LIVE growth while people stay connected: after COLLAB_COMPACT_AFTER cell edits the server
 * drops the document's sockets; clients (which start every connection from an empty document)
 * come back to one rebuilt from the rows, as small as a fresh one, with every committed value.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { database } from '../../src/lib/server/db/client';
import { cellKey } from '../../src/lib/domain/journal-doc';
import { startTestSchool, type TestSchool } from '../helpers/server';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';
import { teacherJournal } from '../helpers/school';

const COMPACT_AFTER = 20;
let school: TestSchool;

beforeAll(async () => {
	school = await startTestSchool({ COLLAB_COMPACT_AFTER: String(COMPACT_AFTER) });
});
afterAll(async () => school?.stop());

test('X-LIVE an open journal rewritten past the limit is rebuilt from the rows while its teachers stay', async () => {
	const { sql } = await database();
	const base = school.server.url;
	const journalId = await teacherJournal(sql, 'uchitel');
	const [cell] = await sql`
		select l.id as lesson_id, m.student_id from lesson l join journal j on j.id = l.journal_id join group_member m on m.group_id = j.group_id
		where l.journal_id = ${journalId} and l.date >= '2026-11-05' and m.from_on <= l.date and m.to_on is null
		  and not exists (select 1 from mark where lesson_id = l.id and student_id = m.student_id)
		  and not exists (select 1 from absence where lesson_id = l.id and student_id = m.student_id)
		order by l.date desc limit 1`;
	const key = cellKey(cell.lesson_id, cell.student_id);

	const teacher = await openJournal(base, await sessionCookie(base, 'uchitel'), journalId);
	const watcher = await openJournal(base, await sessionCookie(base, 'admin'), journalId);
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

	const back = await openJournal(base, await sessionCookie(base, 'uchitel'), journalId);
	expect(Y.encodeStateAsUpdate(back.doc).length).toBeLessThan(fresh + 100);
	expect(back.cells.get(key)).toMatchObject({ m: [2 + ((COMPACT_AFTER - 1) % 4)] });
	const marks = await sql`select value from mark where lesson_id = ${cell.lesson_id} and student_id = ${cell.student_id}`;
	expect(marks.map((m) => m.value)).toEqual([2 + ((COMPACT_AFTER - 1) % 4)]);
	back.destroy();
});
