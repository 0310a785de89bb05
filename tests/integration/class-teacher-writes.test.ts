/**
 * What a class teacher writes in the journal of a subject of their class they do not teach
 * (R-4.3.8, R-4.3.11), a school setting on the grading page: absences and comments only (the
 * default), also period marks, or everything — through the live journal and the marks endpoint.
 *
 * The world: 7А, class teacher Кузнецова, who teaches its Russian; its algebra is Петрова's, with
 * a lesson on 16.11.2026; Пётр Иванов and Смирнова in 7А; an administrator. Today is 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { cellKey, type DocLesson } from '../../src/lib/domain/journal-doc';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { openJournal, type JournalClient } from '../helpers/collab';
import { addLesson, buildWorld, type Account, type Journal, type Period, type Person } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
const open: JournalClient[] = [];
let w: { admin: Account; teacher: Account; classTeacher: Account; petr: Person; smirnova: Person; algebra: Journal; q2: Period };
let lesson: DocLesson;

const ONLY_ABSENCES = 'В журнале другого учителя классный руководитель отмечает только пропуски и комментарии.';

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const year = await make.year();
		const admin = await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const classTeacher = await make.teacher('Кузнецова Ирина Олеговна', { login: 'klruk' });
		const seventh = await make.class({ grade: 7, letter: 'А', classTeacher });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh });
		const smirnova = await make.student('Смирнова Ольга Андреевна', { class: seventh });
		const algebra = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] });
		await make.journal({ group: seventh, subject: await make.subject('Русский язык'), teachers: [classTeacher] });
		return { admin, teacher, classTeacher, petr, smirnova, algebra, q2: year.period('2 четверть') };
	});
	lesson = await addLesson(await as(w.teacher), w.algebra, '2026-11-16');
});

afterAll(async () => {
	for (const client of open) client.destroy();
	await school?.stop();
});

async function watch(who: Account): Promise<JournalClient> {
	const client = await openJournal(school.server.url, (await as(who)).cookieHeader(), w.algebra.id);
	open.push(client);
	return client;
}

/** Types a cell as the grid does and waits for the server's answer: the ack, or the reject's message. */
async function typeCell(client: JournalClient, student: Person, cell: { m: number[]; a: string | null; c: string | null }): Promise<{ ok: true } | { ok: false; message: string }> {
	const id = client.setCell(cellKey(lesson.id, student.id), cell);
	return client.until(() => {
		for (const m of client.messages) {
			if (m.type === 'ack' && m.ids.includes(id)) return { ok: true as const };
			if (m.type === 'reject' && m.id === id) return { ok: false as const, message: m.message };
		}
		return undefined;
	}, `answer to ${id}`);
}

async function storedCell(student: Person) {
	const marks = await sql`select value from mark where lesson_id = ${lesson.id} and student_id = ${student.id} order by position`;
	const [absence] = await sql`select code from absence where lesson_id = ${lesson.id} and student_id = ${student.id}`;
	return { marks: marks.map((m) => m.value as number), absence: (absence?.code as string | undefined) ?? null };
}

/** Chooses the setting on the grading page as the administrator. */
async function choose(value: string): Promise<Response> {
	return (await as(w.admin)).request('/admin/grading?/classTeacher', { form: { classTeacherWrites: value } });
}

describe('R-4.3.8 by default the class teacher reconciles absences in another teacher’s journal, and sets no marks there', () => {
	test('her live connection is writable: «н» is stored, a «5» is refused with a Russian reason and nothing changes', async () => {
		const klruk = await watch(w.classTeacher);
		await klruk.caughtUp();
		expect(klruk.readOnly).toBe(false);
		expect(await typeCell(klruk, w.petr, { m: [], a: 'н', c: null })).toEqual({ ok: true });
		expect(await storedCell(w.petr)).toEqual({ marks: [], absence: 'н' });
		expect(await typeCell(klruk, w.smirnova, { m: [5], a: null, c: null })).toEqual({ ok: false, message: ONLY_ABSENCES });
		expect(await storedCell(w.smirnova)).toEqual({ marks: [], absence: null });
		// An absence next to a mark the teacher set keeps the mark: only the absence changed.
		const teacher = await watch(w.teacher);
		expect(await typeCell(teacher, w.smirnova, { m: [4], a: null, c: null })).toEqual({ ok: true });
		expect(await typeCell(klruk, w.smirnova, { m: [4], a: 'б', c: 'справка' })).toEqual({ ok: true });
		expect(await storedCell(w.smirnova)).toEqual({ marks: [4], absence: 'б' });
		expect(await typeCell(klruk, w.smirnova, { m: [], a: 'б', c: 'справка' })).toEqual({ ok: false, message: ONLY_ABSENCES });
		expect(await storedCell(w.smirnova)).toEqual({ marks: [4], absence: 'б' });
	});

	test('a period mark, a lesson column: 403 with the reason', async () => {
		const klruk = await as(w.classTeacher);
		const mark = await klruk.api('PUT', `/api/journals/${w.algebra.id}/period-marks`, { studentId: w.petr.id, periodId: w.q2.id, value: '4', justification: 'по итогам' });
		expect(mark.status).toBe(403);
		expect(mark.json.message).toBe(ONLY_ABSENCES);
		const lessonRefused = await klruk.api('POST', `/api/journals/${w.algebra.id}/lessons`, { date: '2026-11-18' });
		expect(lessonRefused.status).toBe(403);
		expect((await klruk.api('GET', `/api/journals/${w.algebra.id}/period-marks`)).json.canWrite).toBe(false);
	});
});

describe('R-4.1.1, R-4.3.11 the administrator chooses on the grading page what a class teacher writes', () => {
	test('the page shows the three choices in Russian, the default chosen', async () => {
		const html = await (await (await as(w.admin)).request('/admin/grading')).text();
		expect(html).toContain('Классный руководитель в журналах других учителей');
		expect(html).toContain('только пропуски и комментарии');
		expect(html).toMatch(/value="absences"[^>]*checked/);
	});

	test('a teacher may not change it; an unknown value is refused; nothing is stored', async () => {
		expect((await (await as(w.classTeacher)).request('/admin/grading?/classTeacher', { form: { classTeacherWrites: 'everything' } })).status).toBe(403);
		const bad = await choose('всё');
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Выберите, что классный руководитель отмечает в журналах других учителей.');
		const [row] = await sql`select settings ->> 'classTeacherWrites' as value from school`;
		expect(row.value).toBeNull();
	});

	test('absences and period marks: she sets Пётр’s quarter mark, still no lesson marks; the change is audited', async () => {
		expect((await choose('absences_and_period_marks')).status).toBe(200);
		const [audit] = await sql`select old_value, new_value from audit_log where action = 'settings.class_teacher_writes' order by id desc limit 1`;
		expect(audit).toMatchObject({ old_value: { classTeacherWrites: 'absences' }, new_value: { classTeacherWrites: 'absences_and_period_marks' } });
		const klruk = await as(w.classTeacher);
		const mark = await klruk.api('PUT', `/api/journals/${w.algebra.id}/period-marks`, { studentId: w.petr.id, periodId: w.q2.id, value: '4', justification: 'по итогам' });
		expect(mark.status, mark.json?.message).toBe(200);
		expect((await klruk.api('GET', `/api/journals/${w.algebra.id}/period-marks`)).json.canWrite).toBe(true);
		const live = await watch(w.classTeacher);
		const refused = await typeCell(live, w.petr, { m: [3], a: 'н', c: null });
		expect(refused.ok).toBe(false);
		expect(await storedCell(w.petr)).toEqual({ marks: [], absence: 'н' });
	});

	test('everything: she types a mark like the subject teacher, from the next edit on', async () => {
		const live = await watch(w.classTeacher);
		expect(await typeCell(live, w.petr, { m: [3], a: null, c: null })).toEqual({ ok: false, message: expect.stringMatching(/классный руководитель/) });
		expect((await choose('everything')).status).toBe(200);
		expect(await typeCell(live, w.petr, { m: [3], a: null, c: null })).toEqual({ ok: true });
		expect(await storedCell(w.petr)).toEqual({ marks: [3], absence: null });
		expect((await choose('absences')).status).toBe(200);
	});
});
