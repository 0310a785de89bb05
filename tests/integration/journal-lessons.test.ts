/**
 * Lesson columns, cell history and lesson files through the real HTTP endpoints, with a live
 * provider watching the journal document: what the tables get, what the grid sees, who is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { DOC_MAPS, cellKey, type DocLesson } from '../../src/lib/domain/journal-doc';
import { demoLogins, startTestSchool, type DemoLogin, type TestSchool } from '../helpers/server';
import { openJournal, type JournalClient } from '../helpers/collab';
import { teacherJournal } from '../helpers/school';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let base: string;
let journalId: number;
let workTypes: Array<{ id: number; name: string; topic_required: boolean }>;
let as: DemoLogin;
const open: JournalClient[] = [];

/** The session cookie of the login, for the websocket and the raw upload and download requests. */
const cookieOf = async (login: string) => (await as(login)).cookieHeader();

/** Calls a JSON endpoint as the login. */
const api = async (login: string, method: string, pathname: string, body?: unknown) => (await as(login)).api(method, pathname, body);

async function watch(login: string): Promise<JournalClient> {
	const client = await openJournal(base, await cookieOf(login), journalId);
	open.push(client);
	return client;
}

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	base = school.server.url;
	as = demoLogins(base);
	journalId = await teacherJournal(sql, 'uchitel');
	workTypes = (await sql`select id, name, topic_required from work_type order by id`) as never;
});

afterAll(async () => {
	for (const client of open) client.destroy();
	await school?.stop();
});

describe('R-4.4.5 lesson columns', () => {
	test('a teacher adds a lesson: it is stored with an audit row and appears in the open document', async () => {
		const watcher = await watch('admin');
		const plain = workTypes.find((w) => !w.topic_required)!;
		const created = await api('uchitel', 'POST', `/api/journals/${journalId}/lessons`, {
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
		const needsTopic = workTypes.find((w) => w.topic_required)!;
		const refused = await api('uchitel', 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-25', workTypeId: needsTopic.id, topic: '  ' });
		expect(refused.status).toBe(400);
		expect(refused.json.message).toBe(`Для вида работы «${needsTopic.name}» тема урока обязательна.`);
		const accepted = await api('uchitel', 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-25', workTypeId: needsTopic.id, topic: 'Контрольная по теме «Дроби»' });
		expect(accepted.status).toBe(201);
		// Changing an existing lesson to that type without a topic is refused too.
		const plain = await api('uchitel', 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-24' });
		expect((await api('uchitel', 'PATCH', `/api/journals/${journalId}/lessons/${plain.json.id}`, { workTypeId: needsTopic.id })).status).toBe(400);
	});

	test('a lesson moves to another date, the document follows; a date outside the school year is refused', async () => {
		const watcher = await watch('uchitel');
		const created = await api('uchitel', 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-20' });
		const moved = await api('uchitel', 'PATCH', `/api/journals/${journalId}/lessons/${created.json.id}`, { date: '2026-11-23', homework: 'Читать главу 3' });
		expect(moved.status).toBe(200);
		await watcher.until(() => (watcher.doc.getMap(DOC_MAPS.lessons).get(String(created.json.id)) as DocLesson | undefined)?.date === '2026-11-23', 'moved column');
		const outside = await api('uchitel', 'PATCH', `/api/journals/${journalId}/lessons/${created.json.id}`, { date: '2027-07-15' });
		expect(outside.status).toBe(400);
		expect(outside.json.message).toMatch(/^Дата урока должна быть в пределах учебного года/);
		const garbage = await api('uchitel', 'PATCH', `/api/journals/${journalId}/lessons/${created.json.id}`, { date: 'вчера' });
		expect(garbage.status).toBe(400);
	});

	test('a lesson with marks is never deleted; an empty one is, and leaves the document', async () => {
		const watcher = await watch('uchitel');
		const [marked] = await sql`select l.id from lesson l where l.journal_id = ${journalId} and l.date >= '2026-11-05' and exists (select 1 from mark where lesson_id = l.id) limit 1`;
		const refused = await api('uchitel', 'DELETE', `/api/journals/${journalId}/lessons/${marked.id}`);
		expect(refused.status).toBe(409);
		expect(refused.json.message).toBe('У урока есть оценки, пропуски или комментарии: удалить его нельзя, сначала очистите клетки.');
		expect(await sql`select id from lesson where id = ${marked.id}`).toHaveLength(1);
		const created = await api('uchitel', 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-19' });
		await watcher.until(() => watcher.doc.getMap(DOC_MAPS.lessons).has(String(created.json.id)), 'new column');
		expect((await api('uchitel', 'DELETE', `/api/journals/${journalId}/lessons/${created.json.id}`)).status).toBe(204);
		await watcher.until(() => !watcher.doc.getMap(DOC_MAPS.lessons).has(String(created.json.id)), 'column removed');
		const [audit] = await sql`select action from audit_log where entity = 'lesson' and entity_id = ${String(created.json.id)} and action = 'lesson.delete'`;
		expect(audit).toBeDefined();
	});

	test('the director and family may not change lessons; a teacher may not touch another class’s journal', async () => {
		const [lesson] = await sql`select id from lesson where journal_id = ${journalId} limit 1`;
		for (const login of ['director', 'zavuch', 'roditel', 'uchenik']) {
			expect((await api(login, 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-18' })).status, login).toBe(403);
			expect((await api(login, 'PATCH', `/api/journals/${journalId}/lessons/${lesson.id}`, { topic: 'x' })).status, login).toBe(403);
			expect((await api(login, 'DELETE', `/api/journals/${journalId}/lessons/${lesson.id}`)).status, login).toBe(403);
		}
		const refused = await api('director', 'POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-18' });
		expect(refused.json.message).toBe('Администрация школы просматривает журнал, но не заполняет его.');
		const [foreign] = await sql`
			select j.id from journal j join study_group g on g.id = j.group_id
			where g.class_id not in (select g2.class_id from journal_teacher jt join journal j2 on j2.id = jt.journal_id
				join study_group g2 on g2.id = j2.group_id join account a on a.person_id = jt.teacher_id where a.login = 'uchitel')
			limit 1`;
		expect((await api('uchitel', 'POST', `/api/journals/${foreign.id}/lessons`, { date: '2026-11-18' })).status).toBe(403);
		expect((await api('uchitel', 'POST', `/api/journals/999999/lessons`, { date: '2026-11-18' })).status).toBe(404);
	});
});

describe('X-AUDIT the history of a cell', () => {
	test('clicking a cell shows who changed it, when, and old → new; the director reads it, family does not', async () => {
		const teacher = await watch('uchitel');
		const [cell] = await sql`
			select l.id as lesson_id, m.student_id from lesson l join journal j on j.id = l.journal_id join group_member m on m.group_id = j.group_id
			where l.journal_id = ${journalId} and l.date >= '2026-11-05' and m.to_on is null
			  and not exists (select 1 from mark where lesson_id = l.id and student_id = m.student_id)
			  and not exists (select 1 from absence where lesson_id = l.id and student_id = m.student_id)
			order by l.date desc limit 1`;
		const key = cellKey(cell.lesson_id, cell.student_id);
		for (const value of [{ m: [3], a: null, c: null }, { m: [3, 5], a: null, c: null }, { m: [], a: 'б', c: null }]) {
			const id = teacher.setCell(key, value);
			await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'ack');
		}
		const history = await api('director', 'GET', `/api/journals/${journalId}/history?lesson=${cell.lesson_id}&student=${cell.student_id}`);
		expect(history.status).toBe(200);
		const [name] = await sql`select concat_ws(' ', p.last_name, p.first_name, p.middle_name) as n from person p join account a on a.person_id = p.id where a.login = 'uchitel'`;
		expect(history.json.map((h: { oldText: string; newText: string }) => `${h.oldText} → ${h.newText}`)).toEqual([' → 3', '3 → 3/5', '3/5 → б']);
		expect(history.json.every((h: { actorName: string; source: string }) => h.actorName === name.n && h.source === 'collab')).toBe(true);
		expect(Date.parse(history.json[0].at)).toBeGreaterThan(Date.now() - 60_000);
		for (const login of ['roditel', 'uchenik']) {
			expect((await api(login, 'GET', `/api/journals/${journalId}/history?lesson=${cell.lesson_id}&student=${cell.student_id}`)).status, login).toBe(403);
		}
		expect((await api('uchitel', 'GET', `/api/journals/${journalId}/history?lesson=abc&student=1`)).status).toBe(400);
	});
});

describe('R-4.4.1 files attached to a lesson', () => {
	async function upload(login: string, targetJournal: number, lessonId: number, file: Blob, name: string): Promise<{ status: number; json: any }> {
		const form = new FormData();
		form.append('file', file, name);
		const response = await fetch(`${base}/api/journals/${targetJournal}/lessons/${lessonId}/attachments`, {
			method: 'POST',
			headers: { cookie: await cookieOf(login), origin: base, accept: 'application/json' },
			body: form
		});
		return { status: response.status, json: await response.json() };
	}

	test('a teacher attaches a document; the students of the group and the journal’s readers download it, others do not', async () => {
		const [target] = await sql`
			select j.id as journal_id, l.id as lesson_id from account a join group_member m on m.student_id = a.person_id
			join journal j on j.group_id = m.group_id join lesson l on l.journal_id = j.id
			where a.login = 'uchenik' order by l.date desc limit 1`;
		const bytes = new TextEncoder().encode('%PDF-1.4 учебный материал');
		const saved = await upload('admin', target.journal_id, target.lesson_id, new Blob([bytes], { type: 'application/pdf' }), 'Памятка «Дроби».pdf');
		expect(saved.status).toBe(201);
		expect(saved.json).toMatchObject({ fileName: 'Памятка «Дроби».pdf', mimeType: 'application/pdf', sizeBytes: bytes.length });
		expect(saved.json.storageKey).toBeUndefined();
		const url = `/api/journals/${target.journal_id}/lessons/${target.lesson_id}/attachments/${saved.json.id}`;
		for (const login of ['uchenik', 'admin', 'director']) {
			const response = await fetch(base + url, { headers: { cookie: await cookieOf(login) } });
			expect(response.status, login).toBe(200);
			expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
			expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''");
		}
		// A student of another class gets the same 404 as for a file that does not exist.
		const [other] = await sql`
			select a.login from account a join enrolment e on e.student_id = a.person_id
			where e.class_id <> (select e2.class_id from enrolment e2 join account a2 on a2.person_id = e2.student_id where a2.login = 'uchenik' limit 1)
			and not exists (select 1 from group_member m join journal j on j.group_id = m.group_id where j.id = ${target.journal_id} and m.student_id = a.person_id)
			limit 1`;
		expect((await fetch(base + url, { headers: { cookie: await cookieOf(other.login) } })).status).toBe(404);
		const files = await api('director', 'GET', `/api/journals/${target.journal_id}/lessons/${target.lesson_id}/attachments`);
		expect(files.json.map((f: { id: number }) => f.id)).toContain(saved.json.id);
	});

	test('programs and files over 25 MB are refused; a read-only user may not upload', async () => {
		const [lesson] = await sql`select id from lesson where journal_id = ${journalId} order by date desc limit 1`;
		const exe = await upload('uchitel', journalId, lesson.id, new Blob([new Uint8Array([77, 90, 1, 2])], { type: 'application/x-msdownload' }), 'virus.exe');
		expect(exe.status).toBe(415);
		expect(exe.json.message).toMatch(/^Можно прикреплять аудио, видео и документы/);
		const big = await upload('uchitel', journalId, lesson.id, new Blob([new Uint8Array(25 * 1024 * 1024 + 1)], { type: 'video/mp4' }), 'урок.mp4');
		expect(big.status).toBe(413);
		const audio = await upload('uchitel', journalId, lesson.id, new Blob([new Uint8Array(1000)], { type: 'audio/mpeg' }), 'диктант.mp3');
		expect(audio.status).toBe(201);
		expect((await upload('director', journalId, lesson.id, new Blob([new Uint8Array(10)], { type: 'audio/mpeg' }), 'x.mp3')).status).toBe(403);
	});
});
