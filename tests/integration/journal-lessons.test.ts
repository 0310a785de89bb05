/**
 * Lesson columns, cell history and lesson files through the real HTTP endpoints, with a live
 * provider watching the journal document: what the tables get, what the grid sees, who is refused.
 *
 * The world: 7А's algebra journal, taught by Петрова, with the school's usual types of work;
 * Пётр Иванов (with an account, and his mother with one), Смирнова and Козлов in 7А; Орлов (with an
 * account) in 5Б, whose mathematics Орлова teaches. Algebra has a lesson on 16.11.2026 where Пётр
 * has a 5. Today is 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { DOC_MAPS, cellKey, type DocLesson } from '../../src/lib/domain/journal-doc';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { openJournal, type JournalClient } from '../helpers/collab';
import { SAMPLES } from '../helpers/sample-files';
import { STANDARD_WORK_TYPES, addLesson, buildWorld, fillCells, type Account, type Journal, type Person, type WorkType } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let base: string;
let as: SignedIn;
const open: JournalClient[] = [];
let w: {
	journal: Journal;
	foreign: Journal;
	workTypes: WorkType[];
	admin: Account;
	director: Account;
	deputy: Account;
	teacher: Account;
	parent: Account;
	petr: Account;
	smirnova: Person;
	otherClassStudent: Account;
};
/** Algebra's lesson of 16.11.2026, where Пётр has a 5. */
let marked: DocLesson;
let journalId: number;

/** The session cookie of the person, for the websocket and the raw upload and download requests. */
const cookieOf = async (who: Account) => (await as(who)).cookieHeader();

/** Calls a JSON endpoint as the person. */
const api = async (who: Account, method: string, pathname: string, body?: unknown) => (await as(who)).api(method, pathname, body);

async function watch(who: Account): Promise<JournalClient> {
	const client = await openJournal(base, await cookieOf(who), journalId);
	open.push(client);
	return client;
}

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	base = school.server.url;
	as = signedIn(base);
	w = await buildWorld(async (make) => {
		const year = await make.year({ workTypes: [...STANDARD_WORK_TYPES] });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const fifth = await make.class({ grade: 5, letter: 'Б' });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh, login: 'uchenik' });
		const smirnova = await make.student('Смирнова Ольга Андреевна', { class: seventh });
		await make.student('Козлов Денис Игоревич', { class: seventh });
		const otherClassStudent = await make.student('Орлов Никита Павлович', { class: fifth, login: 'orlov' });
		return {
			journal: await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] }),
			foreign: await make.journal({ group: fifth, subject: await make.subject('Математика'), teachers: [await make.teacher('Орлова Вера Михайловна')] }),
			workTypes: year.workTypes,
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			director: await make.staff('Соколов Игорь Петрович', ['director'], { login: 'director' }),
			deputy: await make.staff('Зайцева Елена Юрьевна', ['deputy'], { login: 'zavuch' }),
			teacher,
			parent: await make.parent('Иванова Марина Викторовна', { children: [petr], login: 'roditel' }),
			petr,
			smirnova,
			otherClassStudent
		};
	});
	journalId = w.journal.id;
	marked = await addLesson(await as(w.teacher), w.journal, '2026-11-16');
	await fillCells(base, await as(w.teacher), w.journal, [{ lesson: marked, student: w.petr, marks: [5] }]);
});

afterAll(async () => {
	for (const client of open) client.destroy();
	await school?.stop();
});

describe('R-4.4.5 lesson columns', () => {
	test('a teacher adds a lesson: it is stored with an audit row and appears in the open document', async () => {
		const watcher = await watch(w.admin);
		const plain = w.workTypes.find((t) => !t.topicRequired)!;
		const created = await api(w.teacher, 'POST', `/api/journals/${journalId}/lessons`, {
			date: '2026-11-26',
			lessonNo: 3,
			topic: 'Повторение',
			workTypeId: plain.id,
			homework: '§ 12, № 3–5'
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({ date: '2026-11-26', lessonNo: 3, topic: 'Повторение', homework: '§ 12, № 3–5', workTypeId: plain.id });
		const [row] = await sql`select journal_id, topic, homework from lesson where id = ${created.json.id}`;
		expect(row).toMatchObject({ journal_id: journalId, topic: 'Повторение' });
		const [audit] = await sql`select action, source from audit_log where entity = 'lesson' and entity_id = ${String(created.json.id)}`;
		expect(audit).toMatchObject({ action: 'lesson.create', source: 'web' });
		const lesson = await watcher.until(() => watcher.doc.getMap(DOC_MAPS.lessons).get(String(created.json.id)) as DocLesson | undefined, 'the new column');
		expect(lesson).toMatchObject({ id: created.json.id, date: '2026-11-26', homework: '§ 12, № 3–5' });
	});

	test('a test, laboratory or practical work needs a topic; without one the answer says so in Russian', async () => {
		const needsTopic = w.workTypes.find((t) => t.topicRequired)!;
		const refused = await api(w.teacher, 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-25', workTypeId: needsTopic.id, topic: '  ' });
		expect(refused.status).toBe(400);
		expect(refused.json.message).toBe(`Для вида работы «${needsTopic.name}» тема урока обязательна.`);
		const accepted = await api(w.teacher, 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-25', workTypeId: needsTopic.id, topic: 'Контрольная по теме «Дроби»' });
		expect(accepted.status).toBe(201);
		// Changing an existing lesson to that type without a topic is refused too.
		const plain = await api(w.teacher, 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-24' });
		expect((await api(w.teacher, 'PATCH', `/api/journals/${journalId}/lessons/${plain.json.id}`, { workTypeId: needsTopic.id })).status).toBe(400);
	});

	test('a lesson moves to another date, the document follows; a date outside the school year is refused', async () => {
		const watcher = await watch(w.teacher);
		const created = await api(w.teacher, 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-20' });
		const moved = await api(w.teacher, 'PATCH', `/api/journals/${journalId}/lessons/${created.json.id}`, { date: '2026-11-23', homework: 'Читать главу 3' });
		expect(moved.status).toBe(200);
		await watcher.until(() => (watcher.doc.getMap(DOC_MAPS.lessons).get(String(created.json.id)) as DocLesson | undefined)?.date === '2026-11-23', 'moved column');
		const outside = await api(w.teacher, 'PATCH', `/api/journals/${journalId}/lessons/${created.json.id}`, { date: '2027-07-15' });
		expect(outside.status).toBe(400);
		expect(outside.json.message).toMatch(/^Дата урока должна быть в пределах учебного года/);
		const garbage = await api(w.teacher, 'PATCH', `/api/journals/${journalId}/lessons/${created.json.id}`, { date: 'вчера' });
		expect(garbage.status).toBe(400);
	});

	test('a lesson with marks is never deleted; an empty one is, and leaves the document', async () => {
		const watcher = await watch(w.teacher);
		const refused = await api(w.teacher, 'DELETE', `/api/journals/${journalId}/lessons/${marked.id}`);
		expect(refused.status).toBe(409);
		expect(refused.json.message).toBe('У урока есть оценки, пропуски или комментарии: удалить его нельзя, сначала очистите клетки.');
		expect(await sql`select id from lesson where id = ${marked.id}`).toHaveLength(1);
		const created = await api(w.teacher, 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-19' });
		await watcher.until(() => watcher.doc.getMap(DOC_MAPS.lessons).has(String(created.json.id)), 'new column');
		expect((await api(w.teacher, 'DELETE', `/api/journals/${journalId}/lessons/${created.json.id}`)).status).toBe(204);
		await watcher.until(() => !watcher.doc.getMap(DOC_MAPS.lessons).has(String(created.json.id)), 'column removed');
		const [audit] = await sql`select action from audit_log where entity = 'lesson' and entity_id = ${String(created.json.id)} and action = 'lesson.delete'`;
		expect(audit).toBeDefined();
	});

	test('the director and family may not change lessons; a teacher may not touch another class’s journal', async () => {
		const lesson = marked;
		// The director and the deputy read the journal: 403 with the reason. Family may not even read it: the 404 of a missing journal.
		for (const [who, status] of [[w.director, 403], [w.deputy, 403], [w.parent, 404], [w.petr, 404]] as const) {
			expect((await api(who, 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-18' })).status, who.login).toBe(status);
			expect((await api(who, 'PATCH', `/api/journals/${journalId}/lessons/${lesson.id}`, { topic: 'x' })).status, who.login).toBe(status);
			expect((await api(who, 'DELETE', `/api/journals/${journalId}/lessons/${lesson.id}`)).status, who.login).toBe(status);
		}
		const refused = await api(w.director, 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-18' });
		expect(refused.json.message).toBe('Администрация школы просматривает журнал, но не заполняет его.');
		// 5Б's mathematics: Петрова teaches nothing in 5Б, so it answers as a journal that does not exist.
		expect((await api(w.teacher, 'POST', `/api/journals/${w.foreign.id}/lessons`, { date: '2026-11-18' })).status).toBe(404);
		expect((await api(w.teacher, 'POST', `/api/journals/999999/lessons`, { date: '2026-11-18' })).status).toBe(404);
	});
});

describe('X-AUDIT the history of a cell', () => {
	test('clicking a cell shows who changed it, when, and old → new; the director reads it, family does not', async () => {
		const teacher = await watch(w.teacher);
		// Смирнова's empty cell on 16 November.
		const cell = { lesson_id: marked.id, student_id: w.smirnova.id };
		const key = cellKey(cell.lesson_id, cell.student_id);
		for (const value of [{ m: [3], a: null, c: null }, { m: [3, 5], a: null, c: null }, { m: [], a: 'б', c: null }]) {
			const id = teacher.setCell(key, value);
			await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'ack');
		}
		const history = await api(w.director, 'GET', `/api/journals/${journalId}/history?lesson=${cell.lesson_id}&student=${cell.student_id}`);
		expect(history.status).toBe(200);
		expect(history.json.map((h: { oldText: string; newText: string }) => `${h.oldText} → ${h.newText}`)).toEqual([' → 3', '3 → 3/5', '3/5 → б']);
		expect(history.json.every((h: { actorName: string; source: string }) => h.actorName === 'Петрова Анна Ивановна' && h.source === 'collab')).toBe(true);
		expect(Date.parse(history.json[0].at)).toBeGreaterThan(Date.now() - 60_000);
		for (const who of [w.parent, w.petr]) {
			expect((await api(who, 'GET', `/api/journals/${journalId}/history?lesson=${cell.lesson_id}&student=${cell.student_id}`)).status, who.login).toBe(404);
		}
		expect((await api(w.teacher, 'GET', `/api/journals/${journalId}/history?lesson=abc&student=1`)).status).toBe(400);
	});
});

describe('R-4.4.1 files attached to a lesson', () => {
	async function upload(who: Account, targetJournal: number, lessonId: number, file: Blob, name: string): Promise<{ status: number; json: any }> {
		const form = new FormData();
		form.append('file', file, name);
		const response = await fetch(`${base}/api/journals/${targetJournal}/lessons/${lessonId}/attachments`, {
			method: 'POST',
			headers: { cookie: await cookieOf(who), origin: base, accept: 'application/json' },
			body: form
		});
		return { status: response.status, json: await response.json() };
	}

	test('a teacher attaches a document; the students of the group and the journal’s readers download it, others do not', async () => {
		// Пётр's algebra lesson.
		const target = { journal_id: journalId, lesson_id: marked.id };
		const bytes = new TextEncoder().encode('%PDF-1.4 учебный материал');
		const saved = await upload(w.admin, target.journal_id, target.lesson_id, new Blob([bytes], { type: 'application/pdf' }), 'Памятка «Дроби».pdf');
		expect(saved.status).toBe(201);
		expect(saved.json).toMatchObject({ fileName: 'Памятка «Дроби».pdf', mimeType: 'application/pdf', sizeBytes: bytes.length });
		expect(saved.json.storageKey).toBeUndefined();
		const url = `/api/journals/${target.journal_id}/lessons/${target.lesson_id}/attachments/${saved.json.id}`;
		for (const who of [w.petr, w.admin, w.director]) {
			const response = await fetch(base + url, { headers: { cookie: await cookieOf(who) } });
			expect(response.status, who.login).toBe(200);
			expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
			expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''");
		}
		// A student of another class gets the same 404 as for a file that does not exist.
		expect((await fetch(base + url, { headers: { cookie: await cookieOf(w.otherClassStudent) } })).status).toBe(404);
		const files = await api(w.director, 'GET', `/api/journals/${target.journal_id}/lessons/${target.lesson_id}/attachments`);
		expect(files.json.map((f: { id: number }) => f.id)).toContain(saved.json.id);
	});

	test('programs and files over 25 MB are refused; a read-only user may not upload', async () => {
		const lesson = marked;
		const exe = await upload(w.teacher, journalId, lesson.id, new Blob([new Uint8Array([77, 90, 1, 2])], { type: 'application/x-msdownload' }), 'virus.exe');
		expect(exe.status).toBe(415);
		expect(exe.json.message).toMatch(/^Можно прикреплять аудио, видео и документы/);
		const big = await upload(w.teacher, journalId, lesson.id, new Blob([new Uint8Array(25 * 1024 * 1024 + 1)], { type: 'video/mp4' }), 'урок.mp4');
		expect(big.status).toBe(413);
		// Zeros that claim to be audio are not audio any more: the bytes decide (see http-headers.test.ts).
		const audio = await upload(w.teacher, journalId, lesson.id, new Blob([SAMPLES.mp3], { type: 'audio/mpeg' }), 'диктант.mp3');
		expect(audio.status).toBe(201);
		expect((await upload(w.director, journalId, lesson.id, new Blob([new Uint8Array(10)], { type: 'audio/mpeg' }), 'x.mp3')).status).toBe(403);
	});
});
