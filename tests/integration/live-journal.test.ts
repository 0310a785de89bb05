/**
 * The live journal through the real socket: real HocuspocusProviders (as the grid uses) and raw
 * websockets against the real server. Who may connect, what a teacher's edit does to the tables
 * and to the other teachers, what happens to illegal values, forged and malformed messages.
 *
 * The world: 7А's algebra journal, taught by Петрова, with five students and six lessons in the
 * second quarter (16–23.11.2026); Иванов has a 5 on the first, Смирнова is absent from the second.
 * The administrator, the director and a deputy have accounts, and so have Иванов and his mother.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { database } from '../../src/lib/server/db/client';
import { DOC_MAPS, cellKey } from '../../src/lib/domain/journal-doc';
import { Client, startEmptySchool, type TestSchool } from '../helpers/server';
import { openJournal, sessionCookie, upgradeStatus, type JournalClient } from '../helpers/collab';
import { until } from '../helpers/wait';
import { addLessons, buildWorld, fillCells, type Account } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let base: string;
let journalId: number;
let lessons: Array<{ id: number; date: string }>;
let people: Record<'teacher' | 'admin' | 'director' | 'deputy' | 'parent' | 'student', Account>;
const cookies: Record<string, string> = {};
const open: JournalClient[] = [];

const used = new Set<string>();

/** A cell of the journal, in an open period, that is empty and no other test has used. */
async function emptyCell(): Promise<string> {
	const rows = await sql`
		select l.id as lesson_id, m.student_id from lesson l join journal j on j.id = l.journal_id join group_member m on m.group_id = j.group_id
		where l.journal_id = ${journalId} and l.date >= '2026-11-05' and m.from_on <= l.date and (m.to_on is null or m.to_on >= l.date)
		  and not exists (select 1 from mark where lesson_id = l.id and student_id = m.student_id)
		  and not exists (select 1 from absence where lesson_id = l.id and student_id = m.student_id)
		  and not exists (select 1 from cell_comment where lesson_id = l.id and student_id = m.student_id)
		order by l.date desc, l.id, m.student_id`;
	const key = rows.map((r) => cellKey(r.lesson_id, r.student_id)).find((k) => !used.has(k));
	if (!key) throw new Error('no empty cell left');
	used.add(key);
	return key;
}

async function stored(key: string) {
	const [lessonId, studentId] = key.split(':').map(Number);
	const marks = await sql`select value from mark where lesson_id = ${lessonId} and student_id = ${studentId} order by position`;
	const [absence] = await sql`select code from absence where lesson_id = ${lessonId} and student_id = ${studentId}`;
	const audits = await sql`select actor_id, old_value, new_value, source from audit_log where entity = 'journal_cell' and entity_id = ${key} order by id`;
	return { marks: marks.map((m) => m.value as number), absence: (absence?.code as string | undefined) ?? null, audits };
}

/** The session cookie of the person's account. */
async function cookieOf(who: Account): Promise<string> {
	return (cookies[who.login] ??= await sessionCookie(base, who.login, who.password));
}

async function connect(who: Account): Promise<JournalClient> {
	const client = await openJournal(base, await cookieOf(who), journalId);
	open.push(client);
	return client;
}

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	base = school.server.url;
	const world = await buildWorld(async (make) => {
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: seventh, login: 'uchenik' });
		const smirnova = await make.student('Смирнова Ольга Андреевна', { class: seventh });
		for (const name of ['Козлов Денис Игоревич', 'Белова Анна Романовна', 'Орлов Никита Павлович']) await make.student(name, { class: seventh });
		return {
			journal: await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] }),
			ivanov,
			smirnova,
			people: {
				teacher,
				admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
				director: await make.staff('Соколов Игорь Петрович', ['director'], { login: 'director' }),
				deputy: await make.staff('Зайцева Елена Юрьевна', ['deputy'], { login: 'zavuch' }),
				parent: await make.parent('Иванова Марина Викторовна', { children: [ivanov], login: 'roditel' }),
				student: ivanov
			}
		};
	});
	people = world.people;
	journalId = world.journal.id;
	const teacher = new Client(base);
	expect((await teacher.signIn(people.teacher.login, people.teacher.password)).status).toBe(303);
	const added = await addLessons(teacher, world.journal, ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23']);
	await fillCells(base, teacher, world.journal, [
		{ lesson: added[0], student: world.ivanov, marks: [5] },
		{ lesson: added[1], student: world.smirnova, absence: 'н' }
	]);
	// Newest first, as the tests below take them.
	lessons = added.map((l) => ({ id: l.id, date: l.date })).reverse();
});

afterAll(async () => {
	for (const client of open) client.destroy();
	await school?.stop();
});

describe('R-4.3.13, R-4.4.8 who may connect to a journal', () => {
	test('parents and students are refused at the upgrade, as are strangers and foreign origins', async () => {
		for (const who of [people.parent, people.student]) {
			expect(await upgradeStatus(base, { cookie: await cookieOf(who), origin: base }), who.login).toBe(403);
		}
		expect(await upgradeStatus(base, { origin: base })).toBe(401);
		expect(await upgradeStatus(base, { cookie: 'session=nonsense', origin: base })).toBe(401);
		expect(await upgradeStatus(base, { cookie: await cookieOf(people.teacher), origin: 'https://evil.example' })).toBe(403);
		expect(await upgradeStatus(base, { cookie: await cookieOf(people.teacher), origin: base })).toBe(101);
	});

	test('the journal’s teacher and the administrator write; the director reads only', async () => {
		const teacher = await connect(people.teacher);
		const admin = await connect(people.admin);
		const director = await connect(people.director);
		expect(teacher.readOnly).toBe(false);
		expect(admin.readOnly).toBe(false);
		expect(director.readOnly).toBe(true);
		const meta = teacher.doc.getMap(DOC_MAPS.meta).get('journal') as { journalId: number; rules: { scale: { min: number } } };
		expect(meta.journalId).toBe(journalId);
		expect(meta.rules.scale.min).toBe(2);
		expect(teacher.doc.getMap(DOC_MAPS.lessons).size).toBe(6);
		expect(teacher.doc.getMap(DOC_MAPS.students).size).toBe(5);
		// The document holds what the tables hold.
		const [{ count }] = await sql`
			select count(*)::int as count from (select distinct m.lesson_id, m.student_id from mark m join lesson l on l.id = m.lesson_id where l.journal_id = ${journalId}
				union select a.lesson_id, a.student_id from absence a join lesson l on l.id = a.lesson_id where l.journal_id = ${journalId}) c`;
		expect(teacher.cells.size).toBe(count);
		expect(count).toBe(2);
	});
});

describe('X-LIVE, X-MARKS, X-AUDIT a teacher’s edit', () => {
	test('a valid mark reaches the other teacher and the tables with an audit row, and is acknowledged only after the commit', async () => {
		const teacher = await connect(people.teacher);
		const admin = await connect(people.admin);
		const key = await emptyCell();
		const id = teacher.setCell(key, { m: [5, 4], a: null, c: 'у доски' });
		await admin.until(() => (admin.cells.get(key) as { m: number[] } | undefined)?.m?.join('/') === '5/4', 'the mark at the other teacher');
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'ack');
		// At the moment of the ack the rows are there.
		const after = await stored(key);
		expect(after.marks).toEqual([5, 4]);
		expect(after.audits).toHaveLength(1);
		expect(after.audits[0].source).toBe('collab');
		expect(after.audits[0].old_value).toEqual({ m: [], a: null, c: null });
		expect(after.audits[0].new_value).toMatchObject({ m: [5, 4], a: null, c: 'у доски', e: id });
		expect(after.audits[0].actor_id).toBe(people.teacher.id);
		const [mark] = await sql`select author_id, weight::float8 as weight from mark where lesson_id = ${Number(key.split(":")[0])} and position = 1 and student_id = ${Number(key.split(':')[1])}`;
		expect(mark.author_id).toBe(people.teacher.id);
		expect(mark.weight).toBeGreaterThan(0);
	});

	test('an absence replaces a mark, and clearing the cell removes both; every step is one audit row', async () => {
		const teacher = await connect(people.teacher);
		const key = await emptyCell();
		const first = teacher.setCell(key, { m: [3], a: null, c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(first)), 'ack 1');
		const second = teacher.setCell(key, { m: [], a: 'н', c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(second)), 'ack 2');
		expect(await stored(key)).toMatchObject({ marks: [], absence: 'н' });
		const third = teacher.setCell(key, { m: [], a: null, c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(third)), 'ack 3');
		const after = await stored(key);
		expect(after).toMatchObject({ marks: [], absence: null });
		expect(after.audits.map((a) => a.new_value.e)).toEqual([first, second, third]);
	});

	test('an edit id already committed is a replay after reconnect: acknowledged again, stored once', async () => {
		const teacher = await connect(people.teacher);
		const key = await emptyCell();
		const id = teacher.setCell(key, { m: [4], a: null, c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'ack');
		teacher.destroy();
		// A fresh connection (empty document, as the protocol says) writes its unacknowledged edit again.
		const again = await connect(people.teacher);
		again.cells.set(key, { m: [4], a: null, c: null, e: id });
		await again.until(() => again.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'second ack');
		expect((await stored(key)).audits).toHaveLength(1);
	});
});

describe('X-MARKS illegal values are reverted with a reason in Russian', () => {
	const cases = [
		{ name: 'a mark off the 2–5 scale', cell: { m: [7], a: null, c: null }, message: '«7» — такой оценки нет: шкала 2–5.' },
		{ name: 'a forged non-number mark', cell: { m: ['abc'], a: null, c: null }, message: 'Клетка записана в неверном формате: изменение отменено.' },
		{ name: 'an absence code the school does not use', cell: { m: [], a: 'зз', c: null }, message: '«зз» — такой отметки о пропуске в школе нет (н, б, уп, оп).' },
		{ name: 'a cell that is not an object', cell: 'пять', message: 'Клетка записана в неверном формате: изменение отменено.' }
	];
	for (const { name, cell, message } of cases) {
		test(`${name}: the sender gets «${message}», every client sees the old value, the tables are untouched`, async () => {
			const teacher = await connect(people.teacher);
			const admin = await connect(people.admin);
			const key = await emptyCell();
			const before = await stored(key);
			const e = `bad-${Math.random()}`;
			teacher.cells.set(key, typeof cell === 'string' ? cell : { ...cell, e });
			const reject = await teacher.until(() => teacher.messages.find((m) => m.type === 'reject' && m.key === key), 'reject');
			expect(reject).toMatchObject({ type: 'reject', key, message });
			await teacher.until(() => !teacher.cells.has(key), 'revert at the sender');
			// The revert went to every connection at once: once the other teacher's connection has
			// caught up with the server, it holds whatever it will ever get of this edit.
			await admin.caughtUp();
			expect(admin.cells.has(key)).toBe(false);
			expect(await stored(key)).toEqual(before);
			teacher.messages.length = 0;
		});
	}

	test('a mark in a closed period is refused (period.closed_at set)', async () => {
		const teacher = await connect(people.teacher);
		const key = await emptyCell();
		const [period] = await sql`
			update period p set closed_at = now() from lesson l join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
			where l.id = ${Number(key.split(':')[0])} and l.date between p.starts_on and p.ends_on and c.grade between p.grade_from and p.grade_to
			returning p.id, p.name, to_char(p.closed_at at time zone 'Europe/Moscow', 'DD.MM.YYYY') as day`;
		try {
			teacher.setCell(key, { m: [5], a: null, c: null });
			const reject = await teacher.until(() => teacher.messages.find((m) => m.type === 'reject' && m.key === key), 'reject');
			expect(reject).toMatchObject({ message: `Период «${period.name}» закрыт администратором ${period.day}: изменения не принимаются.` });
			expect((await stored(key)).marks).toEqual([]);
		} finally {
			await sql`update period set closed_at = null where id = ${period.id}`;
		}
	});

	test('lessons, students and settings in the document are the server’s: a client’s change is undone', async () => {
		const teacher = await connect(people.teacher);
		const admin = await connect(people.admin);
		const lessonsMap = teacher.doc.getMap(DOC_MAPS.lessons);
		const original = lessonsMap.get(String(lessons[0].id));
		lessonsMap.set(String(lessons[0].id), { ...(original as object), topic: 'подделка' });
		teacher.doc.getMap(DOC_MAPS.students).set('999999', { id: 999999, name: 'Призрак', from: '2026-09-01', to: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'reject' && m.key === `students/999999`), 'reject');
		await teacher.until(() => (lessonsMap.get(String(lessons[0].id)) as { topic: string | null }).topic !== 'подделка', 'lesson reverted');
		expect(teacher.doc.getMap(DOC_MAPS.students).has('999999')).toBe(false);
		await admin.caughtUp();
		expect(admin.doc.getMap(DOC_MAPS.students).has('999999')).toBe(false);
		expect((admin.doc.getMap(DOC_MAPS.lessons).get(String(lessons[0].id)) as { topic: string | null }).topic).toBe((original as { topic: string | null }).topic);
	});
});

describe('R-4.4.8 a read-only connection changes nothing', () => {
	test('the director’s updates, and its sync step 2 after a reconnect, reach neither the tables nor other clients', async () => {
		const teacher = await connect(people.teacher);
		const director = await connect(people.director);
		expect(director.readOnly).toBe(true);
		const key = await emptyCell();
		const key2 = await emptyCell();
		director.setCell(key, { m: [2], a: null, c: null });
		// Hocuspocus answers a read-only connection's update with a sync status "not applied".
		await director.answered();
		const refusals = () => director.syncStatuses.filter((applied) => !applied).length;
		expect(refusals()).toBe(1);
		await teacher.caughtUp();
		expect(teacher.cells.has(key)).toBe(false);
		expect((await stored(key)).marks).toEqual([]);
		// Offline, the director's document gains another forged cell; reconnecting sends it in sync step 2.
		await director.offline();
		director.setCell(key2, { m: [2], a: null, c: null });
		await director.provider.connect();
		await director.until(() => director.provider.isSynced, 'resync');
		// The sync step 2 went out before the server's step 2 made the provider synced; wait for its refusal.
		await director.answered();
		expect(refusals()).toBeGreaterThan(1);
		await teacher.caughtUp();
		expect(teacher.cells.has(key)).toBe(false);
		expect(teacher.cells.has(key2)).toBe(false);
		expect((await stored(key2)).marks).toEqual([]);
		expect((await stored(key)).audits).toHaveLength(0);
		// A fresh reader sees the tables, not the forgery.
		const reader = await connect(people.deputy);
		expect(reader.cells.has(key)).toBe(false);
		expect(reader.cells.has(key2)).toBe(false);
	});
});

describe('X-LIVE malformed and oversize messages neither crash nor stall the server', () => {
	function rawSocket(): Promise<WebSocket> {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(base.replace(/^http/, 'ws') + '/collab', { headers: { cookie: cookies[people.teacher.login], origin: base } });
			ws.once('open', () => resolve(ws));
			ws.once('error', reject);
		});
	}
	const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

	test('garbage bytes, a 2 MiB message and a truncated Yjs update close only that socket; edits still commit', async () => {
		await cookieOf(people.teacher);
		const garbage = await rawSocket();
		const garbageClosed = closed(garbage);
		garbage.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
		expect(await garbageClosed).toBeGreaterThan(0);

		const huge = await rawSocket();
		huge.on('error', () => {});
		const hugeClosed = closed(huge);
		huge.send(Buffer.alloc(2 * 1024 * 1024, 7));
		expect(await hugeClosed).toBe(1009);

		// A well-framed message for the journal whose update is garbage, after authenticating.
		const teacher = await connect(people.teacher);
		const key = await emptyCell();
		const name = `journal:${journalId}`;
		const { encoding } = await import('lib0');
		const forged = await rawSocket();
		forged.on('error', () => {});
		// What the server answers on the forged socket, by message type; 'closed' when it hangs up.
		const answers: Array<number | 'closed'> = [];
		forged.on('message', (data) => {
			const decoder = decoding.createDecoder(new Uint8Array(data as Buffer));
			decoding.readVarString(decoder);
			answers.push(decoding.readVarUint(decoder));
		});
		const forgedClosed = closed(forged);
		forged.on('close', () => answers.push('closed'));
		const auth = encoding.createEncoder();
		encoding.writeVarString(auth, name);
		encoding.writeVarUint(auth, 2); // Auth
		encoding.writeVarUint(auth, 0); // Token
		encoding.writeVarString(auth, 'session');
		forged.send(encoding.toUint8Array(auth));
		await until(() => answers.includes(2), { what: 'the server authenticating the forged socket' }); // Auth: authenticated
		const update = encoding.createEncoder();
		encoding.writeVarString(update, name);
		encoding.writeVarUint(update, 0); // Sync
		encoding.writeVarUint(update, 2); // Update
		encoding.writeVarUint8Array(update, new Uint8Array([1, 200, 3, 4, 5, 255, 255, 255, 255, 15]));
		const size = teacher.cells.size;
		forged.send(encoding.toUint8Array(update));
		// The server reads every update before Yjs does (server/collab/frames.ts): one that does not
		// decode closes that socket (4400) unapplied, without a sync status; the document does not change.
		expect(await forgedClosed).toBe(4400);
		expect(answers).not.toContain(8);
		await teacher.caughtUp();
		expect(teacher.cells.size).toBe(size);
		forged.close();

		const id = teacher.setCell(key, { m: [4], a: null, c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'ack after abuse');
		expect((await stored(key)).marks).toEqual([4]);
		expect((await fetch(`${base}/login`)).status).toBe(200);
	});
});

describe('X-LIVE growth: a journal rewritten many times is rebuilt from the rows', () => {
	test('after the last client leaves, the reopened document is as small as a fresh one, whatever was overwritten', async () => {
		await Promise.all(open.splice(0).map((client) => client.close()));
		const Y = await import('yjs');
		const first = await connect(people.teacher);
		const second = await connect(people.admin);
		const fresh = Y.encodeStateAsUpdate(first.doc).length;
		const key = await emptyCell();
		// Two writers taking turns: their overwritten values cannot merge into one deleted range.
		for (let i = 0; i < 60; i++) {
			const writer = i % 2 ? second : first;
			const id = writer.setCell(key, { m: [2 + (i % 4)], a: null, c: `переписано ${i} раз` });
			await writer.until(() => writer.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), `ack ${i}`);
		}
		const grown = Y.encodeStateAsUpdate(first.doc).length;
		expect(grown).toBeGreaterThan(fresh + 60 * 5);
		// The server unloads a document when its last socket closes; the next connection gets one rebuilt from the rows.
		await Promise.all(open.splice(0).map((client) => client.close()));
		const reopened = await connect(people.teacher);
		const rebuilt = Y.encodeStateAsUpdate(reopened.doc).length;
		expect(rebuilt).toBeLessThan(fresh + 100);
		expect(reopened.cells.get(key)).toMatchObject({ m: [2 + (59 % 4)], c: 'переписано 59 раз' });
		expect((await stored(key)).audits).toHaveLength(60);
	});
});
