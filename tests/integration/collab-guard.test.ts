/**
 * X-LIVE the live journal against hostile clients (docs/collab-protocol.md, «What only the server
 * sends, limits and close codes»): forged server messages, forged presence, updates whose counts
 * lie, floods, and rights that change while a socket is open.
 *
 * The world: 7А's algebra journal, taught by Петрова (who also teaches 7А geometry) and by Соколов,
 * two students and a lesson on 23.11.2026; the director reads, the administrator writes. The rate
 * limit is small here (a burst of 20 writes, 20 per second) so that a flood is quick to send.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { database } from '../../src/lib/server/db/client';
import { notifyAccessChanged } from '../../src/lib/server/collab-bridge';
import { cellKey, journalDocumentName, type ServerMessage } from '../../src/lib/domain/journal-doc';
import { Client, startEmptySchool, type TestSchool } from '../helpers/server';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';
import { settle, until } from '../helpers/wait';
import { addLesson, buildWorld, type Account, type Journal, type Person } from '../factories';

const BURST = 20;
let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let base: string;
let w: { journal: Journal; teacher: Account; second: Account; director: Account; admin: Account; students: Person[] };
let lessonId: number;
const open: JournalClient[] = [];
const cookies: Record<string, string> = {};

beforeAll(async () => {
	school = await startEmptySchool({ COLLAB_RATE_BURST: String(BURST), COLLAB_RATE_PER_SECOND: '20' });
	sql = (await database()).sql;
	base = school.server.url;
	w = await buildWorld(async (make) => {
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const second = await make.teacher('Соколов Игорь Петрович', { login: 'sokolov' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const students = [await make.student('Иванов Пётр Сергеевич', { class: seventh }), await make.student('Смирнова Ольга Андреевна', { class: seventh })];
		const journal = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher, second] });
		await make.journal({ group: seventh, subject: await make.subject('Геометрия'), teachers: [teacher] });
		return {
			journal,
			teacher,
			second,
			director: await make.staff('Орлова Вера Николаевна', ['director'], { login: 'direktor' }),
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			students
		};
	});
	const client = new Client(base);
	expect((await client.signIn(w.teacher.login, w.teacher.password)).status).toBe(303);
	lessonId = (await addLesson(client, w.journal, '2026-11-23')).id;
});
afterAll(async () => {
	await Promise.all(open.splice(0).map((c) => c.close()));
	await school?.stop();
});

async function journalOf(who: Account, cookie?: string): Promise<JournalClient> {
	const client = await openJournal(base, cookie ?? (cookies[who.login] ??= await sessionCookie(base, who.login, who.password)), w.journal.id);
	open.push(client);
	return client;
}

/** Resolves with the close code of the provider's next socket close. */
function closeCode(client: JournalClient): Promise<number> {
	return new Promise((resolve) => client.provider.on('close', ({ event }: { event: { code: number } }) => resolve(event.code)));
}

/** A raw websocket on the journal, authenticated like a provider: resolves once the server said authenticated. */
async function rawJournal(who: Account): Promise<{ ws: WebSocket; closed: Promise<number>; types: number[] }> {
	const cookie = (cookies[who.login] ??= await sessionCookie(base, who.login, who.password));
	const ws = new WebSocket(base.replace(/^http/, 'ws') + '/collab', { headers: { cookie, origin: base } });
	ws.on('error', () => {});
	const types: number[] = [];
	const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
	ws.on('message', (data) => {
		const decoder = decoding.createDecoder(new Uint8Array(data as Buffer));
		decoding.readVarString(decoder);
		types.push(decoding.readVarUint(decoder));
	});
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	ws.send(frame((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, 'session'))));
	await until(() => types.includes(2), { what: 'the server authenticating the raw socket' });
	return { ws, closed, types };
}

/** A frame for the journal's document: its name, then what `write` adds. */
function frame(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarString(e, journalDocumentName(w.journal.id));
	write(e);
	return encoding.toUint8Array(e);
}

async function accountIdOf(who: Person): Promise<number> {
	const [row] = await sql`select id from account where person_id = ${who.id}`;
	return row.id as number;
}

async function storedMarks(key: string): Promise<number[]> {
	const [lesson, student] = key.split(':').map(Number);
	const rows = await sql`select value from mark where lesson_id = ${lesson} and student_id = ${student} order by position`;
	return rows.map((r) => r.value as number);
}

describe('X-LIVE only the server sends protocol messages', () => {
	test('a read-only connection’s broadcast-stateless «ack» and «reject» reach nobody: its socket closes with 4400', async () => {
		const teacher = await journalOf(w.teacher);
		const key = cellKey(lessonId, w.students[0].id);
		const before = teacher.messages.length;
		for (const type of [6, 5]) {
			const director = await rawJournal(w.director);
			const forged: ServerMessage[] = [
				{ type: 'ack', ids: ['never-stored'] },
				{ type: 'reject', id: null, key, message: 'Подделка' }
			];
			for (const message of forged) director.ws.send(frame((e) => (encoding.writeVarUint(e, type), encoding.writeVarString(e, JSON.stringify(message)))));
			expect(await director.closed).toBe(4400);
		}
		// Anything the server sent the teacher before this round trip has arrived by now.
		await teacher.caughtUp();
		expect(teacher.messages.slice(before)).toEqual([]);
	});
});

describe('X-LIVE presence names come from the session', () => {
	test('the director publishing the teacher’s name is shown under the director’s own name, as a viewer, in the cell it chose', async () => {
		const teacher = await journalOf(w.teacher);
		const director = await journalOf(w.director);
		const cell = { lessonId, studentId: w.students[1].id };
		director.provider.awareness!.setLocalState({ user: { name: 'Петрова Анна Ивановна', color: '#000000', role: 'editor', id: 1 }, cell, extra: 'x'.repeat(100) });
		const seen = await teacher.until(() => {
			const state = teacher.provider.awareness!.getStates().get(director.doc.clientID) as { cell?: unknown } | undefined;
			return state?.cell ? state : undefined;
		}, 'the director’s presence at the teacher');
		expect(seen).toEqual({ user: { id: await accountIdOf(w.director), name: 'Орлова Вера Николаевна', role: 'viewer' }, cell });
		// The teacher's own entry is published under the teacher's name, as an editor.
		teacher.provider.awareness!.setLocalState({ cell: null });
		const own = await director.until(() => teacher.provider.awareness && (director.provider.awareness!.getStates().get(teacher.doc.clientID) as { user?: { role?: string } } | undefined), 'the teacher at the director');
		expect(own).toMatchObject({ user: { id: await accountIdOf(w.teacher), name: 'Петрова Анна Ивановна', role: 'editor' } });
	});

	test('an awareness frame for another connection’s client id is dropped: nobody can hide or rename someone else', async () => {
		const teacher = await journalOf(w.teacher);
		const watcher = await journalOf(w.admin);
		teacher.provider.awareness!.setLocalState({ cell: { lessonId, studentId: w.students[0].id } });
		await watcher.until(() => (watcher.provider.awareness!.getStates().get(teacher.doc.clientID) as { cell?: unknown } | undefined)?.cell, 'the teacher’s cell at the watcher');
		const director = await rawJournal(w.director);
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, 1);
		encoding.writeVarUint(inner, teacher.doc.clientID);
		encoding.writeVarUint(inner, 10_000);
		encoding.writeVarString(inner, 'null');
		director.ws.send(frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, encoding.toUint8Array(inner)))));
		// A round trip on the director's socket: the server handled the forged frame before this answer.
		director.ws.send(frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc())))));
		await until(() => director.types.includes(0), { what: 'the answer to the director’s sync step 1' });
		await watcher.caughtUp();
		expect(watcher.provider.awareness!.getStates().get(teacher.doc.clientID)).toMatchObject({ user: { name: 'Петрова Анна Ивановна' } });
		director.ws.close();
	});
});

describe('X-LIVE an update whose counts lie is refused before Yjs', () => {
	test('eight 7-byte updates announcing 16 million structs each: every socket closes with 4400, HTTP keeps answering, nothing changes', async () => {
		const teacher = await journalOf(w.teacher);
		const stateBefore = Y.encodeStateVector(teacher.doc);
		const sockets = [];
		for (let i = 0; i < 8; i++) sockets.push(await rawJournal(w.second));
		const bomb = new Uint8Array([1, 0x80, 0x80, 0x80, 0x08, 7, 0]); // 1 client, 16 777 216 structs, client 7, clock 0, then nothing
		const started = Date.now();
		for (const { ws } of sockets) ws.send(frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, bomb))));
		const answer = await fetch(`${base}/login`);
		const elapsed = Date.now() - started;
		expect(answer.status).toBe(200);
		// Yjs preallocating 16 million structs eight times takes seconds; refused, it takes nothing. A generous bound.
		expect(elapsed).toBeLessThan(3000);
		expect(await Promise.all(sockets.map((s) => s.closed))).toEqual(Array(8).fill(4400));
		await teacher.caughtUp();
		expect(Y.encodeStateVector(teacher.doc)).toEqual(stateBefore);
	});
});

describe('X-LIVE one writer cannot flood a journal', () => {
	test('a burst past the limit is slowed down with a Russian notice and every edit is still stored; a client that keeps on is closed with 4429', async () => {
		const teacher = await journalOf(w.teacher);
		const key = cellKey(lessonId, w.students[0].id);
		const ids: string[] = [];
		for (let i = 0; i < BURST + 15; i++) ids.push(teacher.setCell(key, { m: [2 + (i % 4)], a: null, c: null }));
		const notice = await teacher.until(() => teacher.messages.find((m) => m.type === 'notice'), 'the slow-down notice');
		expect(notice).toMatchObject({ type: 'notice', message: expect.stringContaining('Слишком много изменений подряд') });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(ids.at(-1)!)), 'the last edit acknowledged');
		expect(await storedMarks(key)).toEqual([2 + ((BURST + 14) % 4)]);

		const flooder = await journalOf(w.second);
		const code = closeCode(flooder);
		for (let i = 0; i < BURST * 4; i++) flooder.setCell(key, { m: [2 + (i % 4)], a: null, c: null });
		expect(await code).toBe(4429);
		flooder.destroy();
		// The teacher was never disconnected by the other writer's flood.
		const id = teacher.setCell(key, { m: [5], a: null, c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'an ack after the flood');
	});
});

describe('X-LIVE open connections follow the rights of the moment', () => {
	test('signing out everywhere closes every open journal socket of that account with 4401, and only those', async () => {
		const laptop = new Client(base);
		const tablet = new Client(base);
		expect((await laptop.signIn(w.admin.login, w.admin.password)).status).toBe(303);
		expect((await tablet.signIn(w.admin.login, w.admin.password)).status).toBe(303);
		const onLaptop = await journalOf(w.admin, laptop.cookieHeader());
		const onTablet = await journalOf(w.admin, tablet.cookieHeader());
		const other = await journalOf(w.director);
		const codes = Promise.all([closeCode(onLaptop), closeCode(onTablet)]);
		let otherClosed = false;
		other.provider.on('close', () => (otherClosed = true));
		expect((await tablet.request('/account?/everywhere', { form: {} })).status).toBe(303);
		expect(await codes).toEqual([4401, 4401]);
		onLaptop.destroy();
		onTablet.destroy();
		await other.caughtUp();
		expect(otherClosed).toBe(false);
	});

	test('signing out here closes this session’s journal socket, not the account’s others', async () => {
		const here = new Client(base);
		const there = new Client(base);
		expect((await here.signIn(w.second.login, w.second.password)).status).toBe(303);
		expect((await there.signIn(w.second.login, w.second.password)).status).toBe(303);
		const mine = await journalOf(w.second, here.cookieHeader());
		const theirs = await journalOf(w.second, there.cookieHeader());
		const code = closeCode(mine);
		let theirsClosed = false;
		theirs.provider.on('close', () => (theirsClosed = true));
		expect((await here.request('/logout', { form: {} })).status).toBe(303);
		expect(await code).toBe(4401);
		mine.destroy();
		const id = theirs.setCell(cellKey(lessonId, w.students[1].id), { m: [3], a: null, c: null });
		await theirs.until(() => theirs.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'an ack on the other session');
		expect(theirsClosed).toBe(false);
	});

	test('a teaching assignment removed and announced: the teacher who still teaches the class reads on, but writes no more', async () => {
		const teacher = await journalOf(w.teacher);
		const key = cellKey(lessonId, w.students[1].id);
		const before = await storedMarks(key);
		await sql`delete from journal_teacher where journal_id = ${w.journal.id} and teacher_id = ${w.teacher.id}`;
		await notifyAccessChanged({ accountId: await accountIdOf(w.teacher) });
		const notice = await teacher.until(() => teacher.messages.find((m) => m.type === 'notice'), 'the read-only notice');
		expect(notice).toMatchObject({ message: expect.stringContaining('только для просмотра') });
		const refusals = teacher.syncStatuses.filter((ok) => !ok).length;
		teacher.setCell(key, { m: [5], a: null, c: null });
		await teacher.until(() => teacher.syncStatuses.filter((ok) => !ok).length > refusals, 'the server refusing the update');
		await settle(300, 'a refused update must not reach the tables');
		expect(await storedMarks(key)).toEqual(before);
		await sql`insert into journal_teacher (journal_id, teacher_id) values (${w.journal.id}, ${w.teacher.id})`;
	});
});
