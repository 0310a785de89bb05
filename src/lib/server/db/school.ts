/** Read models of the school for pages and endpoints: home pages, classes, journals, diaries. */
import type { Sql } from './client.ts';

/** A journal in a list: class, subject and group. */
export interface JournalListItem {
	journalId: number;
	classId: number;
	className: string;
	subject: string;
	groupName: string;
	wholeClass: boolean;
	students: number;
	teachers: string;
}

const CLASS_NAME = `c.grade::text || c.letter`;

/** A row of journalsOfTeacher and journalsOfClass (JOURNAL_COUNTS gives students and teachers). */
interface JournalListRow {
	id: number;
	class_id: number;
	class_name: string;
	subject: string;
	group_name: string;
	whole_class: boolean;
	students: number;
	teachers: string;
}

/** Journals a teacher teaches in the year, and the other journals named (substitutions, replacements). */
export async function journalsOfTeacher(sql: Sql, teacherId: number, yearId: number, alsoJournalIds: readonly number[] = []): Promise<JournalListItem[]> {
	const rows = await sql<JournalListRow[]>`
		select j.id, c.id as class_id, ${sql.unsafe(CLASS_NAME)} as class_name, s.name as subject, g.name as group_name, g.whole_class,
			${sql.unsafe(JOURNAL_COUNTS)}
		from journal j
		join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		where c.year_id = ${yearId}
			and (exists (select 1 from journal_teacher jt_me where jt_me.journal_id = j.id and jt_me.teacher_id = ${teacherId})
				or j.id = any(${alsoJournalIds as number[]}))
		order by c.grade, c.letter, s.name, g.name`;
	return rows.map(toJournalItem);
}

/** Every journal of a class. */
export async function journalsOfClass(sql: Sql, classId: number): Promise<JournalListItem[]> {
	const rows = await sql<JournalListRow[]>`
		select j.id, c.id as class_id, ${sql.unsafe(CLASS_NAME)} as class_name, s.name as subject, g.name as group_name, g.whole_class,
			${sql.unsafe(JOURNAL_COUNTS)}
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		where c.id = ${classId}
		order by s.name, g.name`;
	return rows.map(toJournalItem);
}

// Current group size and the teachers of a journal row `j` of group `g`.
const JOURNAL_COUNTS = `
	(select count(*)::int from group_member m where m.group_id = g.id and m.to_on is null) as students,
	coalesce((select string_agg(p.last_name || ' ' || left(p.first_name, 1) || '.', ', ' order by p.last_name)
		from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id), '') as teachers`;

function toJournalItem(row: JournalListRow): JournalListItem {
	return {
		journalId: row.id,
		classId: row.class_id,
		className: row.class_name,
		subject: row.subject,
		groupName: row.group_name,
		wholeClass: row.whole_class,
		students: row.students,
		teachers: row.teachers
	};
}

/** A class in a list. */
export interface ClassListItem {
	classId: number;
	name: string;
	grade: number;
	students: number;
	classTeacher: string | null;
}

/** A row of classesOfYear. */
interface ClassListRow {
	id: number;
	name: string;
	grade: number;
	students: number;
	/** Null when the class has no class teacher. */
	class_teacher: string | null;
}

/** Classes of the year, optionally only those with the given ids. */
export async function classesOfYear(sql: Sql, yearId: number, onlyIds?: readonly number[]): Promise<ClassListItem[]> {
	const rows = await sql<ClassListRow[]>`
		select c.id, ${sql.unsafe(CLASS_NAME)} as name, c.grade,
			(select count(*)::int from enrolment e where e.class_id = c.id and e.departed_on is null) as students,
			(select concat_ws(' ', p.last_name, p.first_name, p.middle_name) from person p where p.id = c.class_teacher_id) as class_teacher
		from class c
		where c.year_id = ${yearId} ${onlyIds ? sql`and c.id = any(${onlyIds as number[]})` : sql``}
		order by c.grade, c.letter`;
	return rows.map((row) => ({ classId: row.id, name: row.name, grade: row.grade, students: row.students, classTeacher: row.class_teacher }));
}

/** The row of findClass. */
interface ClassRow {
	id: number;
	name: string;
	grade: number;
	school_id: number;
	year_id: number;
}

/** A class with its year and school, or undefined. */
export async function findClass(
	sql: Sql,
	classId: number
): Promise<{ classId: number; name: string; grade: number; schoolId: number; yearId: number } | undefined> {
	const [row] = await sql<ClassRow[]>`
		select c.id, ${sql.unsafe(CLASS_NAME)} as name, c.grade, y.school_id, c.year_id
		from class c join school_year y on y.id = c.year_id where c.id = ${classId}`;
	return row && { classId: row.id, name: row.name, grade: row.grade, schoolId: row.school_id, yearId: row.year_id };
}

/** A student of a class roster, with arrival and departure (R-4.3.6). */
export interface RosterStudent {
	studentId: number;
	fullName: string;
	arrivedOn: string;
	departedOn: string | null;
	hasAccount: boolean;
	/** Their account is blocked. */
	blocked: boolean;
	parents: Array<{ personId: number; fullName: string; hasAccount: boolean; blocked: boolean }>;
}

/** A row of classRoster. */
interface RosterRow {
	id: number;
	full_name: string;
	arrived_on: string;
	departed_on: string | null;
	has_account: boolean;
	blocked: boolean;
	/** json_agg: parsed by the driver, or its text where the driver leaves json unparsed. */
	parents: RosterStudent['parents'] | string;
}

/** The class roster, departed students included. */
export async function classRoster(sql: Sql, classId: number): Promise<RosterStudent[]> {
	const rows = await sql<RosterRow[]>`
		select p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name, e.arrived_on, e.departed_on,
			exists (select 1 from account a where a.person_id = p.id) as has_account,
			exists (select 1 from account a where a.person_id = p.id and a.disabled_at is not null) as blocked,
			coalesce((select json_agg(json_build_object('personId', pp.id,
					'fullName', concat_ws(' ', pp.last_name, pp.first_name, pp.middle_name),
					'hasAccount', exists (select 1 from account a where a.person_id = pp.id),
					'blocked', exists (select 1 from account a where a.person_id = pp.id and a.disabled_at is not null)) order by pp.last_name)
				from guardian gd join person pp on pp.id = gd.parent_id where gd.student_id = p.id), '[]') as parents
		from enrolment e join person p on p.id = e.student_id
		where e.class_id = ${classId}
		order by p.last_name, p.first_name`;
	return rows.map((row) => ({
		studentId: row.id,
		fullName: row.full_name,
		arrivedOn: row.arrived_on,
		departedOn: row.departed_on,
		hasAccount: row.has_account,
		blocked: row.blocked,
		parents: typeof row.parents === 'string' ? JSON.parse(row.parents) : row.parents
	}));
}

/** A parent's child with their current class. */
export interface Child {
	studentId: number;
	fullName: string;
	className: string | null;
}

/** A row of childrenOf. */
interface ChildRow {
	id: number;
	full_name: string;
	/** Null when the child is in no class of the year. */
	class_name: string | null;
}

/** The children of a parent with their class in the year. */
export async function childrenOf(sql: Sql, parentId: number, yearId: number): Promise<Child[]> {
	const rows = await sql<ChildRow[]>`
		select p.id, concat_ws(' ', p.last_name, p.first_name) as full_name,
			(select ${sql.unsafe(CLASS_NAME)} from enrolment e join class c on c.id = e.class_id
				where e.student_id = p.id and c.year_id = ${yearId} order by e.departed_on nulls first limit 1) as class_name
		from guardian g join person p on p.id = g.student_id
		where g.parent_id = ${parentId}
		order by p.birth_date nulls last, p.id`;
	return rows.map((row) => ({ studentId: row.id, fullName: row.full_name, className: row.class_name }));
}

/** The row of schoolOverview. */
interface SchoolOverviewRow {
	school: string;
	year: string;
	classes: number;
	students: number;
	teachers: number;
	lessons_today: number;
	marks: number;
}

/** Headline figures of a school year for the administration's home page. */
export async function schoolOverview(sql: Sql, schoolId: number, yearId: number, today: string) {
	const [row] = await sql<SchoolOverviewRow[]>`
		select s.name as school, y.name as year,
			(select count(*)::int from class where year_id = y.id) as classes,
			(select count(*)::int from enrolment e join class c on c.id = e.class_id where c.year_id = y.id and e.departed_on is null) as students,
			(select count(distinct person_id)::int from staff_role r join person p on p.id = r.person_id where p.school_id = s.id and r.role = 'teacher') as teachers,
			(select count(*)::int from lesson l join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id
				join class c on c.id = g.class_id where c.year_id = y.id and l.date = ${today}::date) as lessons_today,
			(select count(*)::int from mark m join lesson l on l.id = m.lesson_id join journal j on j.id = l.journal_id
				join study_group g on g.id = j.group_id join class c on c.id = g.class_id where c.year_id = y.id) as marks
		from school s join school_year y on y.school_id = s.id
		where s.id = ${schoolId} and y.id = ${yearId}`;
	return row;
}
