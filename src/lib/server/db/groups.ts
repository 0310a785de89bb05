/**
 * Groups of a class and their membership history (R-4.3.3, R-4.4.6), and the journals a class
 * gets from the curriculum. No transactions and no audit here: the group commands do both.
 */
import type { Sql, Tx } from './client.ts';
import type { Membership } from '../../domain/groups.ts';

type Q = Sql | Tx;

/** A class as the group commands need it: its school, year and the year's dates. */
export interface ClassForGroups {
	classId: number;
	schoolId: number;
	yearId: number;
	grade: number;
	name: string;
	startsOn: string;
	endsOn: string;
}

/** The class with its school and year; with `lock`, its row is locked so changes to its groups run one at a time. */
export async function classForGroups(sql: Q, classId: number, lock = false): Promise<ClassForGroups | undefined> {
	const [row] = await sql<{ id: number; school_id: number; year_id: number; grade: number; name: string; starts_on: string; ends_on: string }[]>`
		select c.id, y.school_id, c.year_id, c.grade, c.grade::text || c.letter as name, y.starts_on::text, y.ends_on::text
		from class c join school_year y on y.id = c.year_id where c.id = ${classId}
		${lock ? sql`for update of c` : sql``}`;
	return row && { classId: row.id, schoolId: row.school_id, yearId: row.year_id, grade: row.grade, name: row.name, startsOn: row.starts_on, endsOn: row.ends_on };
}

/** A group with its class: the whole class (no subject) or a subgroup for one subject. */
export interface GroupRow {
	groupId: number;
	classId: number;
	subjectId: number | null;
	name: string;
	wholeClass: boolean;
}

/** The group, or undefined when there is none with that id. */
export async function findGroup(sql: Q, groupId: number): Promise<GroupRow | undefined> {
	const [row] = await sql<{ id: number; class_id: number; subject_id: number | null; name: string; whole_class: boolean }[]>`
		select id, class_id, subject_id, name, whole_class from study_group where id = ${groupId}`;
	return row && { groupId: row.id, classId: row.class_id, subjectId: row.subject_id, name: row.name, wholeClass: row.whole_class };
}

/** True when the class already has a subgroup of that name for the subject (another one than `exceptId`). */
export async function groupNameTaken(sql: Q, classId: number, subjectId: number, name: string, exceptId?: number): Promise<boolean> {
	const [row] = await sql<{ taken: boolean }[]>`
		select exists (select 1 from study_group where class_id = ${classId} and subject_id = ${subjectId}
			and lower(name) = lower(${name}) and id <> ${exceptId ?? 0}) as taken`;
	return row.taken;
}

/** Renames a group. */
export async function renameGroupRow(tx: Tx, groupId: number, name: string): Promise<void> {
	await tx`update study_group set name = ${name} where id = ${groupId}`;
}

/** The student's whole-class membership of the class on the date (its last day, null while there), or undefined when not in the class that day. */
export async function classMembershipOn(sql: Q, classId: number, studentId: number, date: string): Promise<{ toOn: string | null } | undefined> {
	const [row] = await sql<{ to_on: string | null }[]>`
		select m.to_on::text from group_member m join study_group g on g.id = m.group_id
		where g.class_id = ${classId} and g.whole_class and m.student_id = ${studentId}
			and m.from_on <= ${date} and (m.to_on is null or m.to_on >= ${date})
		order by m.from_on desc limit 1`;
	return row ? { toOn: row.to_on } : undefined;
}

/** The student's memberships in the class's subgroups of the subject that last until the date or later (with the row ids to close them). */
export async function subgroupMembershipsFrom(sql: Q, classId: number, subjectId: number, studentId: number, date: string): Promise<Array<Membership & { memberId: number }>> {
	const rows = await sql<{ id: number; group_id: number; name: string; from_on: string; to_on: string | null }[]>`
		select m.id, m.group_id, g.name, m.from_on::text, m.to_on::text from group_member m join study_group g on g.id = m.group_id
		where g.class_id = ${classId} and g.subject_id = ${subjectId} and m.student_id = ${studentId}
			and (m.to_on is null or m.to_on >= ${date})
		order by m.from_on`;
	return rows.map((r) => ({ memberId: r.id, groupId: r.group_id, groupName: r.name, fromOn: r.from_on, toOn: r.to_on }));
}

/** True when the student has a mark, an absence or a comment in a journal of the group on a lesson dated on or after the date. */
export async function hasEntriesFrom(sql: Q, groupId: number, studentId: number, date: string): Promise<boolean> {
	const [row] = await sql<{ found: boolean }[]>`
		select exists (
			select 1 from lesson l join journal j on j.id = l.journal_id
			where j.group_id = ${groupId} and l.date >= ${date} and (
				exists (select 1 from mark k where k.lesson_id = l.id and k.student_id = ${studentId})
				or exists (select 1 from absence a where a.lesson_id = l.id and a.student_id = ${studentId})
				or exists (select 1 from cell_comment c where c.lesson_id = l.id and c.student_id = ${studentId}))) as found`;
	return row.found;
}

/** Closes a membership: the given day is the last one in the group. */
export async function closeMembership(tx: Tx, memberId: number, lastDay: string): Promise<void> {
	await tx`update group_member set to_on = ${lastDay} where id = ${memberId}`;
}

/** The student's full name, when the person is of the school. */
export async function personNameOf(sql: Q, schoolId: number, personId: number): Promise<string | undefined> {
	const [row] = await sql<{ name: string }[]>`
		select concat_ws(' ', last_name, first_name, middle_name) as name from person where id = ${personId} and school_id = ${schoolId}`;
	return row?.name;
}

/** A subject and its lessons a week in the class's grade, from the year's curriculum. */
export async function curriculumOfGrade(sql: Q, yearId: number, grade: number): Promise<Array<{ subjectId: number; hoursPerWeek: number }>> {
	const rows = await sql<{ subject_id: number; hours_per_week: number }[]>`
		select subject_id, hours_per_week::float8 as hours_per_week from curriculum where year_id = ${yearId} and grade = ${grade} order by subject_id`;
	return rows.map((r) => ({ subjectId: r.subject_id, hoursPerWeek: r.hours_per_week }));
}

/** Adds the journal of the group and subject unless it exists; its id when added. */
export async function insertJournalIfMissing(tx: Tx, groupId: number, subjectId: number, hoursPerWeek: number): Promise<number | undefined> {
	const [row] = await tx<{ id: number }[]>`
		insert into journal (group_id, subject_id, hours_per_week) values (${groupId}, ${subjectId}, ${hoursPerWeek})
		on conflict (group_id, subject_id) do nothing returning id`;
	return row?.id;
}

/** A group of a class as its page lists it, with the members of the day and the journal, if any. */
export interface ClassGroupItem {
	groupId: number;
	subjectId: number | null;
	name: string;
	wholeClass: boolean;
	members: Array<{ studentId: number; name: string; fromOn: string }>;
}

/** The class's groups (the whole class first, then subgroups by subject and name) with who is in each on the day. */
export async function groupsOfClass(sql: Q, classId: number, day: string): Promise<ClassGroupItem[]> {
	const groups = await sql<{ id: number; subject_id: number | null; name: string; whole_class: boolean }[]>`
		select g.id, g.subject_id, g.name, g.whole_class from study_group g left join subject s on s.id = g.subject_id
		where g.class_id = ${classId} order by g.whole_class desc, s.name, g.name, g.id`;
	const members = await sql<{ group_id: number; student_id: number; name: string; from_on: string }[]>`
		select m.group_id, m.student_id, concat_ws(' ', p.last_name, p.first_name) as name, m.from_on::text
		from group_member m join study_group g on g.id = m.group_id join person p on p.id = m.student_id
		where g.class_id = ${classId} and m.from_on <= ${day} and (m.to_on is null or m.to_on >= ${day})
		order by p.last_name, p.first_name, p.id`;
	return groups.map((g) => ({
		groupId: g.id,
		subjectId: g.subject_id,
		name: g.name,
		wholeClass: g.whole_class,
		members: members.filter((m) => m.group_id === g.id).map((m) => ({ studentId: m.student_id, name: m.name, fromOn: m.from_on }))
	}));
}

/** Everyone ever in the class (its whole-class group), by name, for the move form. */
export async function studentsOfClass(sql: Q, classId: number): Promise<Array<{ studentId: number; name: string }>> {
	const rows = await sql<{ id: number; name: string }[]>`
		select distinct p.id, concat_ws(' ', p.last_name, p.first_name) as name, p.last_name, p.first_name
		from group_member m join study_group g on g.id = m.group_id join person p on p.id = m.student_id
		where g.class_id = ${classId} and g.whole_class order by p.last_name, p.first_name, p.id`;
	return rows.map((r) => ({ studentId: r.id, name: r.name }));
}

/** A journal of a class as the groups page lists it. */
export interface ClassJournalItem {
	journalId: number;
	subject: string;
	group: string;
	wholeClass: boolean;
	hoursPerWeek: number;
}

/** The class's journals by subject and group. */
export async function journalsOfClassGroups(sql: Q, classId: number): Promise<ClassJournalItem[]> {
	const rows = await sql<{ id: number; subject: string; grp: string; whole_class: boolean; hours: number }[]>`
		select j.id, s.name as subject, g.name as grp, g.whole_class, j.hours_per_week::float8 as hours
		from journal j join study_group g on g.id = j.group_id join subject s on s.id = j.subject_id
		where g.class_id = ${classId} order by s.name, g.whole_class desc, g.name, j.id`;
	return rows.map((r) => ({ journalId: r.id, subject: r.subject, group: r.grp, wholeClass: r.whole_class, hoursPerWeek: r.hours }));
}

/** The groups that study the subject in the class: its subgroups for the subject, else the whole class. */
export async function groupsForSubject(sql: Q, classId: number, subjectId: number): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select id from study_group where class_id = ${classId} and subject_id = ${subjectId} order by name, id`;
	if (rows.length > 0) return rows.map((r) => r.id);
	const whole = await sql<{ id: number }[]>`select id from study_group where class_id = ${classId} and whole_class`;
	return whole.map((r) => r.id);
}

/** The journals of the groups. */
export async function journalsOfGroups(sql: Q, groupIds: readonly number[]): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`select id from journal where group_id = any(${groupIds as number[]}) order by id`;
	return rows.map((r) => r.id);
}

/** The journals of every group (whole class and subgroups) of the classes. */
export async function journalsOfClasses(sql: Q, classIds: readonly number[]): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select j.id from journal j join study_group g on g.id = j.group_id where g.class_id = any(${classIds as number[]}) order by j.id`;
	return rows.map((r) => r.id);
}
