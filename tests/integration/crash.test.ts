/**
 * Durability (X-LIVE, X-AUDIT): once the server has acknowledged an edit («Сохранено») it is in
 * the tables, so killing the process with SIGKILL right after loses nothing — the restarted
 * server (same DATA_DIR, or the same PostgreSQL database) shows it in a freshly opened document.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DOC_MAPS, cellKey, type DocLesson, type DocStudent } from '../../src/lib/domain/journal-doc';
import { freshDemoDatabase, type FreshDatabase } from '../helpers/database';
import { spawnServer, type ChildServer } from '../helpers/process';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';

let db: FreshDatabase;
let server: ChildServer | undefined;
const open: JournalClient[] = [];

beforeAll(async () => {
	db = await freshDemoDatabase();
});

afterAll(async () => {
	for (const client of open) client.destroy();
	await server?.stop();
	await db?.drop();
});

test('X-LIVE, X-AUDIT after the acknowledgement, kill -9 loses nothing: the mark is in the tables and in the reopened document', async () => {
	const env: Record<string, string> = db.databaseUrl ? { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir } : { DATA_DIR: db.dataDir };
	server = await spawnServer(env);
	const cookie = await sessionCookie(server.url, 'uchitel');
	const me = await (await fetch(`${server.url}/api/me`, { headers: { cookie } })).json();
	const journalId: number = me.journalIds[0];
	const teacher = await openJournal(server.url, cookie, journalId);
	open.push(teacher);
	const lesson = [...teacher.doc.getMap(DOC_MAPS.lessons).values()]
		.map((l) => l as DocLesson)
		.filter((l) => l.date >= '2026-11-05' && l.date <= '2026-11-27')
		.sort((a, b) => b.date.localeCompare(a.date))[0];
	const student = [...teacher.doc.getMap(DOC_MAPS.students).values()]
		.map((s) => s as DocStudent)
		.find((s) => s.from <= lesson.date && s.to === null && !teacher.cells.has(cellKey(lesson.id, s.id)))!;
	const key = cellKey(lesson.id, student.id);
	const id = teacher.setCell(key, { m: [5], a: null, c: 'после сбоя' });
	await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'Сохранено');
	await server.kill9();
	teacher.destroy();

	// Same data directory: the lock file of the dead process is taken over.
	server = await spawnServer(env);
	const reopened = await openJournal(server.url, cookie, journalId);
	open.push(reopened);
	expect(reopened.cells.get(key)).toMatchObject({ m: [5], a: null, c: 'после сбоя' });
	const history = await (
		await fetch(`${server.url}/api/journals/${journalId}/history?lesson=${lesson.id}&student=${student.id}`, { headers: { cookie, accept: 'application/json' } })
	).json();
	expect(history).toHaveLength(1);
	expect(history[0]).toMatchObject({ oldText: '', newText: '5', source: 'collab' });
	const marks = await (await fetch(`${server.url}/api/students/${student.id}/marks`, { headers: { cookie, accept: 'application/json' } })).json();
	expect(marks.some((m: { date: string; value: number }) => m.date === lesson.date && m.value === 5)).toBe(true);
});
