/**
 * The class teacher's weekly check (R-4.3.1, R-4.3.8, R-4.3.10) through the real pages: a day on
 * which the journals disagree about an absence is found and reconciled through the cell edit
 * path (the open journal shows it, the disagreement is gone); the failing pupils and the pupils
 * missing lessons without a valid reason are listed; «Сообщить родителям» gives each listed
 * pupil's parent one conversation with the prepared text, as one group send, and nothing to other
 * parents; a teacher who is not the class teacher is refused and nothing changes.
 *
 * The world (today 27.11.2026, week of 23.11): 7А, class teacher Кузнецова who teaches its
 * Russian; its algebra is Петрова's. Cells (algebra / Russian):
 *  - Иванов: 23.11 «н» / «5» — a disagreement; 1 lesson missed without a valid reason.
 *  - Смирнова: 16.11 «2» in algebra (average 2: failing algebra); 23.11 «б» / «б» — agreed, excused.
 *  - Орлов: 16.11 and 23.11 «2» in algebra (failing algebra), 23.11 «3» in Russian;
 *    24.11 «н» / «н» — agreed, 2 lessons without a valid reason.
 * Parents: Иванова (of Иванов), Смирнов (of Смирнова), Орлова (of Орлов); Зайцева of a 7Б pupil.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { cellKey } from '../../src/lib/domain/journal-doc';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { openJournal } from '../helpers/collab';
import { addLesson, buildWorld, fillCells, type Account, type Journal, type Klass, type Person } from '../factories';

let school: TestSchool;
let as: SignedIn;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let w: {
	classTeacher: Account;
	teacher: Account;
	klass: Klass;
	algebra: Journal;
	russian: Journal;
	ivanov: Person;
	smirnova: Person;
	orlov: Person;
	ivanova: Account;
	smirnov: Account;
	orlova: Account;
	zaitseva: Account;
};
let algebra23: number;
let russian23: number;
let algebra24: number;
let russian24: number;

type Week = {
	disagreements: Array<{ studentId: number; date: string; suggested: string; lessons: Array<{ subject: string; status: string }> }>;
	failing: Array<{ studentId: number; name: string; failing: string[] }>;
	unexcused: Array<{ studentId: number; name: string; unexcused: { lessons: number; dates: string[] } }>;
	pupils: Array<{ studentId: number; days: Array<Array<{ subject: string; marks: number[]; absence: string | null }>> }>;
	days: Array<{ date: string }>;
};

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	sql = (await database()).sql;
	w = await buildWorld(async (make) => {
		await make.year();
		const classTeacher = await make.teacher('Кузнецова Ирина Олеговна', { login: 'klruk-week' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'algebra-week' });
		const klass = await make.class({ grade: 7, letter: 'А', classTeacher });
		const other = await make.class({ grade: 7, letter: 'Б' });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: klass });
		const smirnova = await make.student('Смирнова Ольга Андреевна', { class: klass });
		const orlov = await make.student('Орлов Иван Юрьевич', { class: klass });
		const zaitsev = await make.student('Зайцев Максим Олегович', { class: other });
		const algebra = await make.journal({ group: klass, subject: await make.subject('Алгебра'), teachers: [teacher] });
		const russian = await make.journal({ group: klass, subject: await make.subject('Русский язык'), teachers: [classTeacher] });
		return {
			classTeacher,
			teacher,
			klass,
			algebra,
			russian,
			ivanov,
			smirnova,
			orlov,
			ivanova: await make.parent('Иванова Елена Викторовна', { children: [ivanov], login: 'ivanova-week' }),
			smirnov: await make.parent('Смирнов Андрей Павлович', { children: [smirnova], login: 'smirnov-week' }),
			orlova: await make.parent('Орлова Мария Петровна', { children: [orlov], login: 'orlova-week' }),
			zaitseva: await make.parent('Зайцева Ольга Сергеевна', { children: [zaitsev], login: 'zaitseva-week' })
		};
	});
	const petrova = await as(w.teacher);
	const kuznetsova = await as(w.classTeacher);
	const a16 = await addLesson(petrova, w.algebra, { date: '2026-11-16', lessonNo: 1 });
	const a23 = await addLesson(petrova, w.algebra, { date: '2026-11-23', lessonNo: 1 });
	const a24 = await addLesson(petrova, w.algebra, { date: '2026-11-24', lessonNo: 1 });
	const r23 = await addLesson(kuznetsova, w.russian, { date: '2026-11-23', lessonNo: 2 });
	const r24 = await addLesson(kuznetsova, w.russian, { date: '2026-11-24', lessonNo: 2 });
	algebra23 = a23.id;
	russian23 = r23.id;
	algebra24 = a24.id;
	russian24 = r24.id;
	const base = school.server.url;
	await fillCells(base, petrova, w.algebra, [
		{ lesson: a16, student: w.smirnova, marks: [2] },
		{ lesson: a16, student: w.orlov, marks: [2] },
		{ lesson: a23, student: w.ivanov, absence: 'н' },
		{ lesson: a23, student: w.smirnova, absence: 'б' },
		{ lesson: a23, student: w.orlov, marks: [2] },
		{ lesson: a24, student: w.orlov, absence: 'н' }
	]);
	await fillCells(base, kuznetsova, w.russian, [
		{ lesson: r23, student: w.ivanov, marks: [5] },
		{ lesson: r23, student: w.smirnova, absence: 'б' },
		{ lesson: r23, student: w.orlov, marks: [3] },
		{ lesson: r24, student: w.orlov, absence: 'н' }
	]);
});

afterAll(async () => {
	await school?.stop();
});

const page = (klass = w.klass) => `/reports/class/${klass.id}/week?week=2026-11-25`;
const action = (name: string) => `/reports/class/${w.klass.id}/week?/${name}`;

async function counts() {
	const [row] = await sql<Array<{ batches: number; conversations: number; absences: number; audits: number }>>`
		select (select count(*)::int from message_batch) as batches, (select count(*)::int from conversation) as conversations,
			(select count(*)::int from absence) as absences, (select count(*)::int from audit_log) as audits`;
	return row;
}

describe('R-4.3.1 R-4.3.8: the weekly check of marks and absences', () => {
	test('the week shows per pupil and day the lessons with marks and absences', async () => {
		const week = await (await as(w.classTeacher)).pageData<Week>(page());
		expect(week.days.map((d) => d.date)).toEqual(['2026-11-23', '2026-11-24']);
		const orlov = week.pupils.find((p) => p.studentId === w.orlov.id)!;
		expect(orlov.days).toEqual([
			[
				{ subject: 'Алгебра', lessonNo: 1, marks: [2], absence: null },
				{ subject: 'Русский язык', lessonNo: 2, marks: [3], absence: null }
			],
			[
				{ subject: 'Алгебра', lessonNo: 1, marks: [], absence: 'н' },
				{ subject: 'Русский язык', lessonNo: 2, marks: [], absence: 'н' }
			]
		]);
	});

	test('the failing pupils and the pupils missing lessons without a valid reason are listed', async () => {
		const week = await (await as(w.classTeacher)).pageData<Week>(page());
		expect(new Map(week.failing.map((p) => [p.studentId, p.failing]))).toEqual(
			new Map([
				[w.smirnova.id, ['Алгебра']],
				[w.orlov.id, ['Алгебра']]
			])
		);
		expect(new Map(week.unexcused.map((p) => [p.studentId, p.unexcused]))).toEqual(
			new Map([
				[w.ivanov.id, { lessons: 1, dates: ['2026-11-23'] }],
				[w.orlov.id, { lessons: 2, dates: ['2026-11-24'] }]
			])
		);
	});

	test('a teacher who is not the class teacher is refused the check and its actions, and nothing changes', async () => {
		const petrova = await as(w.teacher);
		expect((await petrova.request(page())).status).toBe(403);
		const before = await counts();
		const reconcile = await petrova.request(action('reconcile'), { form: { studentId: String(w.ivanov.id), date: '2026-11-23', code: 'уп' } });
		expect(reconcile.status).toBe(403);
		const form = new URLSearchParams({ week: '2026-11-23', subject: 'Пропуски', template: 'Ученик {ученик}: {причина}.' });
		form.append('studentId', String(w.orlov.id));
		expect((await petrova.request(action('notify'), { form })).status).toBe(403);
		expect(await counts()).toEqual(before);
	});

	test('reconciling a day is all or nothing: when the write of its second lesson fails, the first is not changed either', async () => {
		// The database refuses any absence written on Orlov's Russian lesson of 24.11 (the day's second lesson).
		await sql.unsafe(`
			create function refuse_absence() returns trigger language plpgsql as $$
			begin
				if new.lesson_id = ${russian24} then raise exception 'запись не удалась'; end if;
				return new;
			end $$`);
		await sql.unsafe('create trigger refuse_absence before insert or update on absence for each row execute function refuse_absence()');
		const before = await counts();
		try {
			const response = await (await as(w.classTeacher)).request(action('reconcile'), { form: { studentId: String(w.orlov.id), date: '2026-11-24', code: 'уп' } });
			expect(response.status).toBe(500);
		} finally {
			await sql.unsafe('drop trigger refuse_absence on absence');
			await sql.unsafe('drop function refuse_absence()');
		}
		const rows = await sql`select lesson_id, code from absence where student_id = ${w.orlov.id} and lesson_id in (${algebra24}, ${russian24}) order by lesson_id`;
		expect(rows.map((r) => [r.lesson_id, r.code])).toEqual([
			[algebra24, 'н'],
			[russian24, 'н']
		]);
		expect(await counts()).toEqual(before);
	});

	test('a disagreement is found, reconciled through the journals (the open one shows it), and gone after', async () => {
		const kuznetsova = await as(w.classTeacher);
		const before = await kuznetsova.pageData<Week>(page());
		expect(before.disagreements).toEqual([
			{
				studentId: w.ivanov.id,
				date: '2026-11-23',
				suggested: 'н',
				name: 'Иванов Пётр Сергеевич',
				label: '23.11.2026',
				lessons: [
					{ lessonId: algebra23, subject: 'Алгебра', lessonNo: 1, status: 'н', marks: [] },
					{ lessonId: russian23, subject: 'Русский язык', lessonNo: 2, status: '', marks: [5] }
				]
			}
		]);
		const live = await openJournal(school.server.url, (await as(w.teacher)).cookieHeader(), w.algebra.id);
		try {
			const bad = await kuznetsova.request(action('reconcile'), { form: { studentId: String(w.ivanov.id), date: '2026-11-23', code: 'ъ' } });
			expect(bad.status).toBe(400);
			expect(await bad.text()).toContain('Такой отметки о пропуске в школе нет.');

			const response = await kuznetsova.request(action('reconcile'), { form: { studentId: String(w.ivanov.id), date: '2026-11-23', code: 'уп' } });
			expect(response.status).toBe(200);
			await live.until(() => (live.cells.get(cellKey(algebra23, w.ivanov.id)) as { a?: string } | undefined)?.a === 'уп', 'the algebra journal shows «уп»');
		} finally {
			await live.close();
		}
		const rows = await sql`select lesson_id, code from absence where student_id = ${w.ivanov.id} order by lesson_id`;
		expect(rows.map((r) => [r.lesson_id, r.code])).toEqual([
			[algebra23, 'уп'],
			[russian23, 'уп']
		]);
		const [mark] = await sql`select value from mark where lesson_id = ${russian23} and student_id = ${w.ivanov.id}`;
		expect(mark.value).toBe(5);
		const after = await kuznetsova.pageData<Week>(page());
		expect(after.disagreements).toEqual([]);
		expect(after.unexcused.map((p) => p.studentId)).toEqual([w.orlov.id]);
	});
});

describe('R-4.3.10: «Сообщить родителям» sends the prepared message to the parents of the listed pupils', () => {
	test('each listed pupil’s parent gets one conversation with the text for their child; other parents nothing; one group send', async () => {
		const before = await counts();
		const form = new URLSearchParams({ week: '2026-11-23', subject: 'Успеваемость и посещаемость', template: 'Уважаемые родители! У ученика {ученик}: {причина}.' });
		for (const pupil of [w.orlov, w.smirnova, w.ivanov]) form.append('studentId', String(pupil.id));
		const response = await (await as(w.classTeacher)).request(action('notify'), { form });
		expect(response.status).toBe(200);
		const after = await counts();
		expect(after.batches).toBe(before.batches + 1);
		expect(after.conversations).toBe(before.conversations + 2);

		const received = async (parent: Account) =>
			sql<Array<{ body: string; subject: string; sender_id: number }>>`
				select m.body, m.subject, m.sender_id from message m join conversation c on c.id = m.thread_id where c.other_id = ${parent.id}`;
		expect(await received(w.orlova)).toEqual([
			{
				body: 'Уважаемые родители! У ученика Орлов Иван Юрьевич: неудовлетворительные результаты по предметам: Алгебра; пропуски уроков без уважительной причины за неделю: 2.',
				subject: 'Успеваемость и посещаемость',
				sender_id: w.classTeacher.id
			}
		]);
		expect(await received(w.smirnov)).toEqual([
			{
				body: 'Уважаемые родители! У ученика Смирнова Ольга Андреевна: неудовлетворительные результаты по предметам: Алгебра.',
				subject: 'Успеваемость и посещаемость',
				sender_id: w.classTeacher.id
			}
		]);
		// Иванов is no longer listed (his day was reconciled as excused): his mother gets nothing; nor does a 7Б parent.
		expect(await received(w.ivanova)).toEqual([]);
		expect(await received(w.zaitseva)).toEqual([]);
		const notified = await sql`select person_id from notification where kind = 'message' order by person_id`;
		expect(notified.map((n) => n.person_id)).toEqual([w.smirnov.id, w.orlova.id].sort((a, b) => a - b));
	});

	test('an empty text or no listed pupil is refused with a Russian message, and nothing is sent', async () => {
		const before = await counts();
		const empty = new URLSearchParams({ week: '2026-11-23', template: '  ' });
		empty.append('studentId', String(w.orlov.id));
		const kuznetsova = await as(w.classTeacher);
		const a = await kuznetsova.request(action('notify'), { form: empty });
		expect(a.status).toBe(400);
		expect(await a.text()).toContain('Напишите текст сообщения.');
		const nobody = new URLSearchParams({ week: '2026-11-23', template: 'Текст' });
		nobody.append('studentId', String(w.ivanov.id));
		const b = await kuznetsova.request(action('notify'), { form: nobody });
		expect(b.status).toBe(400);
		expect(await b.text()).toContain('Отметьте хотя бы одного ученика из списков.');
		expect(await counts()).toEqual(before);
	});
});
