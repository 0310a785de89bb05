/**
 * The demo school generator against a real database (embedded PGlite, or PostgreSQL in the
 * PostgreSQL run): the school it writes is what a user of each demo login would expect.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/password.ts';
import { closeDatabase, openDatabase, type Sql } from '../../src/lib/server/db/client.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { generateDemoSchool, isDatabaseEmpty, type DemoOptions, type DemoSummary } from '../../src/lib/server/demo/generate.ts';
import { freshDatabase, type FreshDatabase } from '../helpers/database.ts';
import { actorOf } from '../../src/lib/server/queries/people.ts';
import { timetablePage } from '../../src/lib/server/queries/timetable.ts';

const OPTIONS: DemoOptions = { seed: 1, classesPerGrade: 1, studentsPerClass: 6, today: '2026-11-28' };
const fresh: FreshDatabase[] = [];

/** A new, empty, migrated database of this run's back-end. */
async function openFreshDatabase(): Promise<Sql> {
	const target = await freshDatabase();
	fresh.push(target);
	const db = await openDatabase(target);
	await migrate(db.sql);
	return db.sql;
}

/** A digest of the people, lessons and marks, to compare two generated schools. */
async function fingerprint(sql: Sql) {
	const [people] = await sql<{ digest: string }[]>`
		select md5(string_agg(a.login || ':' || p.last_name || ' ' || p.first_name || ' ' || coalesce(p.middle_name, '') || ':' || coalesce(p.birth_date::text, ''), ',' order by a.login)) as digest
		from person p join account a on a.person_id = p.id`;
	const [lessons] = await sql<{ digest: string }[]>`
		select md5(string_agg(l.date || ' ' || l.lesson_no || ' ' || coalesce(l.topic, '') || ' ' || coalesce(l.homework, ''), ',' order by l.id)) as digest
		from lesson l`;
	const [marks] = await sql<{ total: string; count: string }[]>`select sum(value)::text as total, count(*)::text as count from mark`;
	return { people: people.digest, lessons: lessons.digest, marks };
}

let sql: Sql;
let summary: DemoSummary;

/** Joins a lesson `l` to its class and keeps grade 1's. */
const inGradeOne = (sql: Sql) => sql`
	join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
	where c.grade = 1`;

beforeAll(async () => {
	sql = await openFreshDatabase();
	if (!(await isDatabaseEmpty(sql))) {
		throw new Error('The test database already holds a school: the demo generator needs an empty database.');
	}
	summary = await generateDemoSchool(sql, OPTIONS);
});

afterAll(async () => {
	await closeDatabase();
	for (const target of fresh) await target.drop();
});

describe('The demo school', () => {
	test('the summary counts are positive and match what the database holds', async () => {
		const [row] = await sql<Record<string, string>[]>`
			select
				(select count(*) from class)::text as classes,
				(select count(distinct student_id) from enrolment)::text as students,
				(select count(distinct parent_id) from guardian)::text as parents,
				(select count(*) from staff_role where role = 'teacher')::text as teachers,
				(select count(*) from lesson)::text as lessons,
				(select count(*) from mark)::text as marks,
				(select count(*) from absence)::text as absences`;
		const counts = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
		expect(counts).toEqual(summary.counts);
		for (const value of Object.values(summary.counts)) expect(value).toBeGreaterThan(0);
		expect(summary.counts.classes).toBe(11);
		expect(await isDatabaseEmpty(sql)).toBe(false);
	});

	test('the school year containing today is 2026/2027 and everybody belongs to the one school', async () => {
		const years = await sql<{ name: string; starts_on: string; ends_on: string }[]>`select name, starts_on, ends_on from school_year`;
		expect(years).toEqual([{ name: '2026/2027', starts_on: '2026-09-01', ends_on: '2027-05-31' }]);
		const [{ schools, strangers }] = await sql<{ schools: string; strangers: string }[]>`
			select (select count(*) from school)::text as schools,
				(select count(*) from person where school_id <> ${summary.schoolId})::text as strangers`;
		expect([schools, strangers]).toEqual(['1', '0']);
	});

	test('R-5.3 quarters cover grades 1–9, half-years grades 10–11, marks are due on the penultimate day', async () => {
		const periods = await sql<{ kind: string; ordinal: number; starts_on: string; ends_on: string; marks_deadline: string; grade_from: number; grade_to: number }[]>`
			select kind, ordinal, starts_on, ends_on, marks_deadline, grade_from, grade_to from period order by kind desc, ordinal`;
		expect(periods.map((p) => `${p.kind} ${p.ordinal} ${p.grade_from}-${p.grade_to} ${p.starts_on}..${p.ends_on}`)).toEqual([
			'quarter 1 1-9 2026-09-01..2026-10-24',
			'quarter 2 1-9 2026-11-05..2026-12-27',
			'quarter 3 1-9 2027-01-12..2027-03-20',
			'quarter 4 1-9 2027-03-30..2027-05-26',
			'half 1 10-11 2026-09-01..2026-12-27',
			'half 2 10-11 2027-01-12..2027-05-26'
		]);
		const [{ wrong }] = await sql<{ wrong: string }[]>`
			select count(*)::text as wrong from period where marks_deadline <> ends_on - 1`;
		expect(wrong).toBe('0');
	});

	test('every demo login exists and opens with the password demo', async () => {
		expect(summary.logins.map((l) => l.login).sort()).toEqual(['admin', 'director', 'klruk', 'roditel', 'uchenik', 'uchitel', 'zavuch']);
		for (const login of summary.logins) {
			const [account] = await sql<{ password_hash: string }[]>`select password_hash from account where login = ${login.login}`;
			expect(account, login.login).toBeDefined();
			expect(await verifyPassword(account.password_hash, login.password)).toBe(true);
			expect(login.note.length).toBeGreaterThan(0);
		}
		const [{ without }] = await sql<{ without: string }[]>`
			select count(*)::text as without from person p where not exists (select 1 from account a where a.person_id = p.id)`;
		expect(without).toBe('0');
	});

	test('the demo staff hold their roles: admin, director and deputy who also teach', async () => {
		const roles = await sql<{ login: string; roles: string }[]>`
			select a.login, string_agg(r.role, ',' order by r.role) as roles
			from account a join staff_role r on r.person_id = a.person_id
			where a.login in ('admin', 'director', 'zavuch', 'uchitel', 'klruk')
			group by a.login order by a.login`;
		expect(roles).toEqual([
			{ login: 'admin', roles: 'admin' },
			{ login: 'director', roles: 'director,teacher' },
			{ login: 'klruk', roles: 'teacher' },
			{ login: 'uchitel', roles: 'teacher' },
			{ login: 'zavuch', roles: 'deputy,teacher' }
		]);
	});

	test('roditel is the parent of two children in different classes', async () => {
		const children = await sql<{ class_id: number }[]>`
			select e.class_id from account a
			join guardian g on g.parent_id = a.person_id
			join enrolment e on e.student_id = g.student_id
			where a.login = 'roditel'`;
		expect(children.length).toBeGreaterThanOrEqual(2);
		expect(new Set(children.map((c) => c.class_id)).size).toBeGreaterThanOrEqual(2);
	});

	test('klruk is the class teacher of 7А and teaches a subject there; uchenik studies in 7А', async () => {
		const [row] = await sql<{ teaches: boolean; student: boolean }[]>`
			select
				exists (
					select 1 from journal_teacher jt
					join journal j on j.id = jt.journal_id
					join study_group g on g.id = j.group_id
					where jt.teacher_id = a.person_id and g.class_id = c.id
				) as teaches,
				exists (
					select 1 from enrolment e join account s on s.person_id = e.student_id
					where s.login = 'uchenik' and e.class_id = c.id
				) as student
			from class c join account a on a.person_id = c.class_teacher_id
			where c.grade = 7 and c.letter = 'А' and a.login = 'klruk'`;
		expect(row).toEqual({ teaches: true, student: true });
	});

	test('uchitel teaches at least three classes and is nobody’s class teacher', async () => {
		const [row] = await sql<{ classes: string; own: string }[]>`
			select
				(select count(distinct g.class_id) from journal_teacher jt
					join journal j on j.id = jt.journal_id
					join study_group g on g.id = j.group_id
					where jt.teacher_id = a.person_id)::text as classes,
				(select count(*) from class c where c.class_teacher_id = a.person_id)::text as own
			from account a where a.login = 'uchitel'`;
		expect(Number(row.classes)).toBeGreaterThanOrEqual(3);
		expect(row.own).toBe('0');
	});

	test('every class has a class teacher who is a teacher of the school', async () => {
		const [{ missing }] = await sql<{ missing: string }[]>`
			select count(*)::text as missing from class c
			where c.class_teacher_id is null
				or not exists (select 1 from staff_role r where r.person_id = c.class_teacher_id and r.role = 'teacher')`;
		expect(missing).toBe('0');
	});

	test('R-4.3.3 each class has one whole-class group and two subgroups for English from grade 2', async () => {
		const rows = await sql<{ grade: number; whole: string; english: string }[]>`
			select c.grade,
				count(*) filter (where g.whole_class)::text as whole,
				count(*) filter (where s.name = 'Английский язык')::text as english
			from class c
			join study_group g on g.class_id = c.id
			left join subject s on s.id = g.subject_id
			group by c.id, c.grade order by c.grade`;
		expect(rows.map((r) => r.whole)).toEqual(new Array(11).fill('1'));
		expect(rows.map((r) => r.english)).toEqual(['0', ...new Array(10).fill('2')]);
	});

	test('X-MARKS the mark-free grade (grade 1 by the default rules) gets lessons with topics and attendance, but no marks', async () => {
		const [row] = await sql<Record<string, string>[]>`
			select
				(select count(*) from mark m join lesson l on l.id = m.lesson_id ${inGradeOne(sql)})::text as marks,
				(select count(*) from lesson l ${inGradeOne(sql)} and l.topic <> '')::text as topics,
				(select count(*) from absence a join lesson l on l.id = a.lesson_id ${inGradeOne(sql)})::text as absences`;
		expect(row.marks).toBe('0');
		expect(Number(row.topics)).toBeGreaterThan(0);
		expect(Number(row.absences)).toBeGreaterThan(0);
		// Other grades keep their marks.
		const [{ graded }] = await sql<{ graded: string }[]>`
			select count(*)::text as graded from mark m join lesson l on l.id = m.lesson_id
			join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
			where c.grade = 2`;
		expect(Number(graded)).toBeGreaterThan(0);
	});

	test('no student has a mark on a lesson they missed', async () => {
		const [{ both }] = await sql<{ both: string }[]>`
			select count(*)::text as both from mark m
			join absence a on a.lesson_id = m.lesson_id and a.student_id = m.student_id`;
		expect(both).toBe('0');
	});

	test('X-MARKS marks are between 2 and 5 and weigh as their type of work', async () => {
		const [row] = await sql<{ low: number; high: number; misweighted: string; authorless: string }[]>`
			select min(m.value) as low, max(m.value) as high,
				count(*) filter (where m.weight <> w.weight)::text as misweighted,
				count(*) filter (where m.author_id is distinct from l.teacher_id)::text as authorless
			from mark m join work_type w on w.id = m.work_type_id join lesson l on l.id = m.lesson_id`;
		expect(row).toEqual({ low: 2, high: 5, misweighted: '0', authorless: '0' });
	});

	test('R-4.4.5 every test, laboratory, practical work and dictation has a topic', async () => {
		const [row] = await sql<{ works: string; untitled: string }[]>`
			select count(*)::text as works,
				count(*) filter (where l.topic is null or btrim(l.topic) = '')::text as untitled
			from lesson l join work_type w on w.id = l.work_type_id
			where w.topic_required`;
		expect(Number(row.works)).toBeGreaterThan(0);
		expect(row.untitled).toBe('0');
	});

	test('R-4.1.7 no teacher is in two places at the same lesson of the timetable', async () => {
		const conflicts = await sql<{ teacher_id: number; weekday: number; lesson_no: number; slots: string }[]>`
			select jt.teacher_id, t.weekday, t.lesson_no, count(*)::text as slots
			from timetable_slot t join journal_teacher jt on jt.journal_id = t.journal_id
			group by jt.teacher_id, t.weekday, t.lesson_no
			having count(*) > 1`;
		expect(conflicts).toEqual([]);
	});

	test('R-4.5.2 the timetable page’s check finds no conflicts in the demo school', async () => {
		const [account] = await sql<{ personId: number; schoolId: number }[]>`
			select p.id as "personId", p.school_id as "schoolId" from account a join person p on p.id = a.person_id where a.login = 'zavuch'`;
		const ctx = { sql, today: OPTIONS.today };
		const { actor, yearId } = await actorOf(ctx, account);
		const page = await timetablePage(ctx, actor, yearId, {});
		if (!page.ok) throw new Error(page.message);
		expect(page.value.conflicts.map((c) => c.reason)).toEqual([]);
	});

	test('R-4.4.4 the timetable gives every journal its weekly hours', async () => {
		const [{ off }] = await sql<{ off: string }[]>`
			select count(*)::text as off from journal j
			where j.hours_per_week <> (select count(*) from timetable_slot t where t.journal_id = j.id)`;
		expect(off).toBe('0');
	});

	test('lessons take place on school days only, up to today', async () => {
		const [row] = await sql<{ weekend: string; holiday: string; future: string }[]>`
			select
				count(*) filter (where extract(isodow from l.date) > 5)::text as weekend,
				count(*) filter (where exists (select 1 from holiday h where l.date between h.starts_on and h.ends_on))::text as holiday,
				count(*) filter (where l.date > ${OPTIONS.today}::date)::text as future
			from lesson l`;
		expect(row).toEqual({ weekend: '0', holiday: '0', future: '0' });
	});

	test('R-4.3.6 students who left or arrived have no marks or absences outside their enrolment', async () => {
		const [row] = await sql<{ moved: string; outside: string }[]>`
			select
				(select count(*) from enrolment where departed_on is not null or arrived_on > '2026-09-01')::text as moved,
				(select count(*) from (
					select m.student_id, l.date from mark m join lesson l on l.id = m.lesson_id
					union all
					select a.student_id, l.date from absence a join lesson l on l.id = a.lesson_id
				) x join enrolment e on e.student_id = x.student_id
				where x.date < e.arrived_on or x.date > coalesce(e.departed_on, 'infinity'::date))::text as outside`;
		expect(Number(row.moved)).toBeGreaterThan(0);
		expect(row.outside).toBe('0');
	});

	test('absences use the school’s codes and stay around five per cent of attendances', async () => {
		const codes = await sql<{ code: string }[]>`select distinct code from absence order by code`;
		expect(codes.map((c) => c.code).every((code) => ['б', 'н', 'оп', 'уп'].includes(code))).toBe(true);
		const [{ expected }] = await sql<{ expected: string }[]>`
			select count(*)::text as expected from lesson l
			join journal j on j.id = l.journal_id
			join group_member gm on gm.group_id = j.group_id
			where l.date between gm.from_on and coalesce(gm.to_on, 'infinity'::date)`;
		const share = summary.counts.absences / Number(expected);
		expect(share).toBeGreaterThan(0.02);
		expect(share).toBeLessThan(0.09);
	});

	test('class and school announcements and a conversation between klruk and roditel exist', async () => {
		const [row] = await sql<{ school: string; class: string; messages: string; threads: string }[]>`
			select
				(select count(*) from announcement where class_id is null)::text as school,
				(select count(*) from announcement where class_id is not null)::text as class,
				(select count(*) from message m
					join account s on s.person_id = m.sender_id
					join account r on r.person_id = m.recipient_id
					where (s.login, r.login) in (('klruk', 'roditel'), ('roditel', 'klruk')))::text as messages,
				(select count(distinct thread_id) from message)::text as threads`;
		expect(Number(row.school)).toBeGreaterThan(0);
		expect(Number(row.class)).toBeGreaterThan(0);
		expect(Number(row.messages)).toBeGreaterThanOrEqual(2);
		expect(row.threads).toBe('1');
	});

	test('X-AUDIT the log records the school made by the generator and its set-up steps, and no invented history of marks', async () => {
		const rows = await sql<{ actor_id: number | null; action: string; entity: string; entity_id: string | null; source: string; new_value: Record<string, unknown> }[]>`
			select actor_id, action, entity, entity_id, source, new_value from audit_log order by id`;
		expect(rows.map((r) => [r.action, r.entity])).toEqual([
			['school.create', 'school'],
			['year.create', 'school_year'],
			['subject.add', 'subject'],
			['class.add', 'class'],
			['person.add', 'person'],
			['journal.create', 'journal'],
			['timetable.add', 'timetable_slot']
		]);
		for (const row of rows) expect(row).toMatchObject({ actor_id: null, source: 'demo' });
		expect(rows[0]).toMatchObject({ entity_id: String(summary.schoolId), new_value: { demo: true } });
		expect(rows[1]).toMatchObject({ entity_id: String(summary.yearId), new_value: { name: '2026/2027' } });
		expect(rows[3].new_value).toMatchObject({ classes: summary.counts.classes, names: expect.stringContaining('7А') });
		expect(rows[4].new_value).toMatchObject({ students: summary.counts.students, parents: summary.counts.parents });
	});

	// openDatabase keeps one database per process: close this one, open a second, empty one.
	test('R-4.3.11, R-5.3 the closed first quarter has its marks set, mostly as suggested, the rest justified; the open second quarter has none', async () => {
		const rows = await sql<{ ordinal: number; grade: number; value: string; suggested: string; justification: string | null }[]>`
			select p.ordinal, c.grade, pm.value, pm.suggested, pm.justification
			from period_mark pm join period p on p.id = pm.period_id join journal j on j.id = pm.journal_id
			join study_group g on g.id = j.group_id join class c on c.id = g.class_id`;
		expect(rows.length).toBeGreaterThan(100);
		expect(new Set(rows.map((r) => r.ordinal))).toEqual(new Set([1]));
		expect(rows.some((r) => r.grade === 1)).toBe(false);
		for (const r of rows) {
			if (r.value === r.suggested) expect(r.justification).toBeNull();
			else expect(r.justification).toBeTruthy();
		}
		expect(rows.filter((r) => r.value !== r.suggested).length).toBeLessThan(rows.length * 0.1);
	});

	test('the same seed and day generate the same school again', async () => {
		const first = await fingerprint(sql);
		await closeDatabase();
		sql = await openFreshDatabase();
		expect(await isDatabaseEmpty(sql)).toBe(true);
		const again = await generateDemoSchool(sql, OPTIONS);
		expect(again.counts).toEqual(summary.counts);
		expect(again.logins).toEqual(summary.logins);
		expect(await fingerprint(sql)).toEqual(first);
	});
});
