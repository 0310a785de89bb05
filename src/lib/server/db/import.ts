/**
 * The SQL of the import (X-IMPORT): who the school already has, as the import matches them, and
 * the bulk inserts of a file's new people, enrolments, parents' links and staff roles (one
 * statement per table however many rows). No transactions and no audit here: the import command
 * does both.
 */
import type { Sql, Tx } from './client.ts';
import { bulkWriter } from './bulk.ts';
import type { KnownClass, KnownJournal, KnownPerson, KnownStaff } from '../../domain/import.ts';
import { personFieldsOf, type PersonFields } from './persons.ts';

type Q = Sql | Tx;

/** Everyone of the school with their fields, current class of the year, staff roles and parents. */
export async function peopleForImport(sql: Q, schoolId: number, yearId: number): Promise<KnownPerson[]> {
	const rows = await sql<{ id: number; last_name: string; first_name: string; middle_name: string | null; birth_date: string | null; email: string | null; phone: string | null; school_key: string | null; class_id: number | null; is_student: boolean; roles: string[]; parent_ids: number[] }[]>`
		select p.id, p.last_name, p.first_name, p.middle_name, p.birth_date, p.email, p.phone, p.school_key,
			(select e.class_id from enrolment e join class c on c.id = e.class_id
				where e.student_id = p.id and c.year_id = ${yearId} and e.departed_on is null order by e.arrived_on desc limit 1) as class_id,
			exists (select 1 from enrolment e where e.student_id = p.id) as is_student,
			coalesce((select array_agg(role order by role) from staff_role where person_id = p.id), '{}') as roles,
			coalesce((select array_agg(parent_id order by parent_id) from guardian where student_id = p.id), '{}') as parent_ids
		from person p where p.school_id = ${schoolId} order by p.id`;
	return rows.map((r) => ({
		personId: r.id,
		...personFieldsOf(r),
		classId: r.class_id,
		isStudent: r.is_student,
		staffRoles: r.roles,
		parentIds: r.parent_ids
	}));
}

/** Classes of the year with their whole-class group. */
export async function classesForImport(sql: Q, yearId: number): Promise<Array<KnownClass & { groupId: number }>> {
	const rows = await sql<{ id: number; grade: number; letter: string; group_id: number }[]>`
		select c.id, c.grade, c.letter, g.id as group_id from class c join study_group g on g.class_id = c.id and g.whole_class
		where c.year_id = ${yearId} order by c.grade, c.letter`;
	return rows.map((r) => ({ classId: r.id, grade: r.grade, letter: r.letter, groupId: r.group_id }));
}

/** Inserts the school's new people in one statement; their ids in the order given. */
export async function insertPeople(tx: Tx, schoolId: number, people: readonly PersonFields[]): Promise<number[]> {
	const bulk = await bulkWriter(tx);
	return bulk.insertReturningIds(
		'person',
		['school_id', 'last_name', 'first_name', 'middle_name', 'birth_date', 'email', 'phone', 'school_key'],
		people.map((p) => ({ school_id: schoolId, last_name: p.lastName, first_name: p.firstName, middle_name: p.middleName, birth_date: p.birthDate, email: p.email, phone: p.phone, school_key: p.schoolKey }))
	);
}

/** The rows an import writes once its new people have ids. */
export interface ImportLinks {
	enrolments: Array<{ studentId: number; classId: number; groupId: number; from: string }>;
	guardians: Array<{ parentId: number; studentId: number }>;
	roles: Array<{ personId: number; role: string }>;
}

/** Writes the rows that need the new people's ids: enrolments with memberships, parents' links, staff roles. */
export async function writeImportLinks(tx: Tx, w: ImportLinks): Promise<void> {
	const bulk = await bulkWriter(tx);
	await bulk.insert('enrolment', ['student_id', 'class_id', 'arrived_on'], w.enrolments.map((e) => ({ student_id: e.studentId, class_id: e.classId, arrived_on: e.from })));
	await bulk.insert('group_member', ['group_id', 'student_id', 'from_on'], w.enrolments.map((e) => ({ group_id: e.groupId, student_id: e.studentId, from_on: e.from })));
	await bulk.insert('guardian', ['parent_id', 'student_id'], w.guardians.map((g) => ({ parent_id: g.parentId, student_id: g.studentId })));
	await bulk.insert('staff_role', ['person_id', 'role'], w.roles.map((r) => ({ person_id: r.personId, role: r.role })));
}

/** A year of the school with its dates, or undefined. */
export async function findYearDates(sql: Q, schoolId: number, yearId: number): Promise<{ id: number; startsOn: string; endsOn: string } | undefined> {
	const [row] = await sql<{ id: number; starts_on: string; ends_on: string }[]>`
		select id, starts_on, ends_on from school_year where id = ${yearId} and school_id = ${schoolId}`;
	return row && { id: row.id, startsOn: row.starts_on, endsOn: row.ends_on };
}

/** The parent–student links of these students. */
export async function guardianPairs(sql: Q, studentIds: number[]): Promise<Array<{ parentId: number; studentId: number }>> {
	if (studentIds.length === 0) return [];
	const rows = await sql<{ parent_id: number; student_id: number }[]>`
		select parent_id, student_id from guardian where student_id = any(${[...new Set(studentIds)]})`;
	return rows.map((r) => ({ parentId: r.parent_id, studentId: r.student_id }));
}

/** What a teaching-load file is matched against: the year's subjects, subgroups and journals with their teachers, and the school's staff. */
export async function loadForImport(sql: Q, schoolId: number, yearId: number): Promise<{ subjects: string[]; groups: Array<{ classId: number; subjectName: string; name: string }>; journals: KnownJournal[]; staff: KnownStaff[] }> {
	const subjects = await sql<{ name: string }[]>`select name from subject where school_id = ${schoolId} order by name`;
	const groups = await sql<{ class_id: number; subject: string; name: string }[]>`
		select g.class_id, s.name as subject, g.name from study_group g join class c on c.id = g.class_id join subject s on s.id = g.subject_id
		where c.year_id = ${yearId} and not g.whole_class order by g.id`;
	const journals = await sql<{ id: number; class_id: number; grp: string; whole_class: boolean; subject: string; hours: number; teacher_ids: number[] }[]>`
		select j.id, g.class_id, g.name as grp, g.whole_class, s.name as subject, j.hours_per_week::float8 as hours,
			coalesce((select array_agg(teacher_id order by teacher_id) from journal_teacher where journal_id = j.id), '{}') as teacher_ids
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		where c.year_id = ${yearId} order by j.id`;
	const staff = await sql<{ id: number; last_name: string; first_name: string; middle_name: string | null; school_key: string | null }[]>`
		select p.id, p.last_name, p.first_name, p.middle_name, p.school_key from person p
		where p.school_id = ${schoolId} and exists (select 1 from staff_role r where r.person_id = p.id) order by p.id`;
	return {
		subjects: subjects.map((r) => r.name),
		groups: groups.map((r) => ({ classId: r.class_id, subjectName: r.subject, name: r.name })),
		journals: journals.map((r) => ({ journalId: r.id, classId: r.class_id, groupName: r.grp, wholeClass: r.whole_class, subjectName: r.subject, hoursPerWeek: Number(r.hours), teacherIds: r.teacher_ids })),
		staff: staff.map((r) => ({ personId: r.id, lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name, schoolKey: r.school_key }))
	};
}

/** Sets a journal's hours a week (the teaching load's «часов в неделю»). */
export async function setJournalHours(tx: Tx, journalId: number, hours: number): Promise<void> {
	await tx`update journal set hours_per_week = ${hours} where id = ${journalId}`;
}
