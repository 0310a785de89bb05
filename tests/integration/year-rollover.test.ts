/**
 * The end of a school year through the real administrator's form (R-2.4, R-4.1, R-4.3.3, X-AUDIT):
 * 6А becomes 7А in the next year with its pupils present at the end, its English subgroup and its
 * teachers; 11А graduates; the curriculum is copied; the old year is closed — no more lessons or
 * marks in it, no reopening — and the parent still reads last year's marks. Only the administrator
 * rolls a year over, once. The same school serves the audit view: the administration filters the
 * log by person, days and kind of change (X-AUDIT).
 *
 * The world (today 27.11.2026): 2025/2026 with 6А (class teacher Классова; Пётр with a 5 in
 * mathematics in March and in English group 1, Ольга who left in February) and 11А (Выпускников);
 * 2026/2027 created, without classes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import * as setup from '../../src/lib/server/db/setup';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLessons, buildWorld, fillCells, marksOf, onDay, quarters, type Account, type Journal, type Klass, type Year } from '../factories';
import { ROLLOVER_MESSAGES } from '../../src/lib/domain/rollover';

let school: TestSchool;
let as: SignedIn;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let w: { admin: Account; classTeacher: Account; teacher: Account; english: Account; mother: Account; petr: Account; olga: { id: number }; graduate: { id: number }; sixth: Klass; maths: Journal; oldYear: Year; nextYear: Year };

const rollover = async (who: Account, fields: Record<string, string>) => (await as(who)).request('/admin/year?/rollover', { form: fields });

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	sql = (await database()).sql;
	w = await buildWorld(async (make) => {
		const oldYear = await make.year({ name: '2025/2026', periods: quarters(2025) });
		const nextYear = await make.year({ name: '2026/2027' });
		const admin = await make.staff('Админова Ирина Петровна', ['admin'], { login: 'admin1' });
		const classTeacher = await make.teacher('Классова Нина Олеговна', { login: 'klass1' });
		const teacher = await make.teacher('Счётова Анна Ивановна', { login: 'schetova' });
		const english = await make.teacher('Инглишева Мэри Джоновна', { login: 'english' });
		const sixth = await make.class({ grade: 6, letter: 'А', year: oldYear, classTeacher });
		const eleventh = await make.class({ grade: 11, letter: 'А', year: oldYear });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: sixth, login: 'petr' });
		const olga = await make.student('Ольгина Ольга Олеговна', { class: sixth, to: '2026-02-10' });
		const graduate = await make.student('Выпускников Игорь Ильич', { class: eleventh });
		const mathsSubject = await make.subject('Математика');
		const englishSubject = await make.subject('Английский язык');
		const group = await make.subgroup({ class: sixth, subject: englishSubject, name: 'Группа 1', students: [petr] });
		await make.journal({ group, subject: englishSubject, teachers: [english] });
		await setup.insertJournal(make.tx, { groupId: eleventh.wholeClass.id, subjectId: mathsSubject.id });
		await make.tx`insert into curriculum (year_id, subject_id, grade, hours_per_week) values (${oldYear.id}, ${mathsSubject.id}, 6, 5)`;
		return {
			admin,
			classTeacher,
			teacher,
			english,
			petr,
			olga,
			graduate,
			sixth,
			oldYear,
			nextYear,
			maths: await make.journal({ group: sixth, subject: mathsSubject, teachers: [teacher] }),
			mother: await make.parent('Иванова Мария Петровна', { children: [petr], login: 'mama' })
		};
	});
	const teaching = await as(w.teacher);
	await onDay('2026-03-10', async () => {
		const lessons = await addLessons(teaching, w.maths, ['2026-03-02']);
		await fillCells(school.server.url, teaching, w.maths, marksOf(w.petr, lessons, [5]));
	});
});

afterAll(async () => {
	await school?.stop();
});

const ROLL = () => ({ fromYearId: String(w.oldYear.id), toYearId: String(w.nextYear.id), lastGrade: '11' });

describe('R-4.1 the rollover of a year', () => {
	test('the administrator’s page offers it with what happens to each class; a teacher may not roll over', async () => {
		const page = await (await as(w.admin)).pageData<{ rollover: { suggestion: { fromYearId: number; toYearId: number }; preview: { ok: boolean; promote: string[]; graduate: string[] } } }>('/admin/year');
		expect(page.rollover.suggestion).toEqual({ fromYearId: w.oldYear.id, toYearId: w.nextYear.id });
		expect(page.rollover.preview).toEqual({ ok: true, promote: ['6А → 7А'], graduate: ['11А'] });
		expect((await rollover(w.classTeacher, ROLL())).status).toBe(403);
		const refused = await rollover(w.admin, { ...ROLL(), toYearId: String(w.oldYear.id) });
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain(ROLLOVER_MESSAGES.sameYear);
		const [classes] = await sql`select count(*)::int as n from class where year_id = ${w.nextYear.id}`;
		expect(classes.n).toBe(0);
	});

	test('R-4.3.3: 6А becomes 7А with the pupils present at the end, its subgroup and its teachers; 11А graduates; audited', async () => {
		const response = await rollover(w.admin, ROLL());
		expect(response.status).toBe(200);
		expect(await response.text()).toContain(ROLLOVER_MESSAGES.done('2025/2026', '2026/2027', 1, 1));
		const [seventh] = await sql`select c.id, c.class_teacher_id from class c where c.year_id = ${w.nextYear.id} and c.grade = 7 and c.letter = 'А'`;
		expect(seventh.class_teacher_id).toBe(w.classTeacher.id);
		const pupils = await sql`select student_id, arrived_on from enrolment where class_id = ${seventh.id}`;
		expect(pupils.map((p) => [p.student_id, p.arrived_on])).toEqual([[w.petr.id, '2026-09-01']]);
		const groups = await sql`
			select g.name, g.whole_class, array(select student_id from group_member m where m.group_id = g.id) as members,
				array(select t.teacher_id from journal j join journal_teacher t on t.journal_id = j.id where j.group_id = g.id) as teachers
			from study_group g where g.class_id = ${seventh.id} order by g.whole_class desc`;
		expect(groups.map((g) => [g.name, g.whole_class, g.members, g.teachers])).toEqual([
			['Весь класс', true, [w.petr.id], [w.teacher.id]],
			['Группа 1', false, [w.petr.id], [w.english.id]]
		]);
		const [graduated] = await sql`select departed_on, departure_reason from enrolment where student_id = ${w.graduate.id}`;
		expect([graduated.departed_on, graduated.departure_reason]).toEqual(['2026-05-31', 'окончил(а) школу']);
		const [curriculum] = await sql`select hours_per_week from curriculum where year_id = ${w.nextYear.id} and grade = 6`;
		expect(Number(curriculum.hours_per_week)).toBe(5);
		const [audit] = await sql`select actor_id, new_value from audit_log where action = 'year.rollover'`;
		expect(audit.actor_id).toBe(w.admin.id);
		expect(audit.new_value.carried[0]).toMatchObject({ from: '6А', to: '7А', pupils: 1, subgroups: 1, journals: 2 });
	});

	test('R-2.4: the old year is read-only — no lesson, no reopening, no second rollover — and the parent still reads last year’s mark', async () => {
		const teaching = await as(w.teacher);
		await onDay('2026-05-20', async () => {
			const refused = await teaching.api('POST', `/api/journals/${w.maths.id}/lessons`, { date: '2026-05-18' });
			expect(refused.status).toBe(409);
		});
		const [q4] = await sql`select id from period where year_id = ${w.oldYear.id} and ordinal = 4`;
		const reopen = await (await as(w.admin)).request('/admin/periods?/reopen', { form: { periodId: String(q4.id), until: '2026-12-10', reason: 'исправить оценку' } });
		expect(await reopen.text()).toContain(ROLLOVER_MESSAGES.yearClosed);
		const again = await rollover(w.admin, ROLL());
		expect(await again.text()).toContain(ROLLOVER_MESSAGES.closed('2025/2026'));
		const diary = await (await as(w.mother)).pageData<{ card: { className: string }; subjects: Array<{ subject: string; marks: Array<{ value: number }> }> }>(`/diary/${w.petr.id}?year=${w.oldYear.id}&period=year`);
		expect(diary.card.className).toBe('6А');
		expect(diary.subjects.map((s) => [s.subject, s.marks.map((m) => m.value)])).toEqual([['Математика', [5]]]);
		const now = await (await as(w.mother)).pageData<{ card: { className: string } }>(`/diary/${w.petr.id}`);
		expect(now.card.className).toBe('7А');
	});
});

describe('X-AUDIT the audit view of the administration', () => {
	interface AuditData {
		problem: string | null;
		people: Array<{ personId: number; fullName: string }>;
		entries: Array<{ actorName: string | null; kindName: string; actionName: string; entity: string; atText: string }>;
	}
	const audit = async (query: string) => (await as(w.admin)).pageData<AuditData>(`/admin/audit${query}`);

	test('filtered by person and kind: the administrator’s rollover, the teacher’s mark; by days: nothing before the school existed', async () => {
		const all = await audit('');
		expect(all.people.map((p) => p.fullName)).toEqual(expect.arrayContaining(['Админова Ирина Петровна', 'Счётова Анна Ивановна']));
		const rolled = await audit(`?person=${w.admin.id}&kind=structure`);
		expect(rolled.entries.map((e) => [e.actorName, e.kindName, e.actionName])).toContainEqual(['Админова Ирина Петровна', 'Годы, классы, предметы, группы, нагрузка', 'перевод в следующий год']);
		expect(rolled.entries.every((e) => e.actorName === 'Админова Ирина Петровна')).toBe(true);
		const marks = await audit(`?kind=marks`);
		expect(marks.entries.length).toBeGreaterThan(0);
		expect(marks.entries.every((e) => e.entity === 'journal_cell' && e.actorName === 'Счётова Анна Ивановна')).toBe(true);
		expect((await audit('?to=2020-01-01')).entries).toEqual([]);
		const today = all.entries[0].atText.slice(0, 10).split('.').reverse().join('-');
		expect((await audit(`?from=${today}&to=${today}&person=${w.admin.id}`)).entries.length).toBe(rolled.entries.length);
	});

	test('a bad filter says why and shows nothing; a teacher or a parent does not see the log', async () => {
		const bad = await audit('?from=2026-13-40');
		expect(bad.problem).toBe('Дата — в виде ДД.ММ.ГГГГ из календаря.');
		expect(bad.entries).toEqual([]);
		expect((await audit('?from=2026-12-01&to=2026-11-01')).problem).toBe('Первый день позже последнего.');
		expect((await (await as(w.teacher)).request('/admin/audit')).status).toBe(403);
		expect((await (await as(w.mother)).request('/admin/audit')).status).toBe(403);
	});
});
