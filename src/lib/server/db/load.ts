/**
 * The teaching load: which teachers keep which journal (`journal_teacher`). No transactions and
 * no audit here: the load commands do both.
 */
import type { Sql, Tx } from './client.ts';

type Q = Sql | Tx;

/** A journal with its school and class, as the load commands need it. */
export interface JournalForLoad {
	journalId: number;
	schoolId: number;
	classId: number;
	title: string;
	/** The days of the class's school year. */
	startsOn: string;
	endsOn: string;
}

/** The journal with its school and class, or undefined when there is none with that id. */
export async function journalForLoad(sql: Q, journalId: number): Promise<JournalForLoad | undefined> {
	const [row] = await sql<{ id: number; school_id: number; class_id: number; title: string; starts_on: string; ends_on: string }[]>`
		select j.id, y.school_id, c.id as class_id, y.starts_on::text, y.ends_on::text, c.grade::text || c.letter || ', ' || s.name || case when g.whole_class then '' else ' (' || g.name || ')' end as title
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join school_year y on y.id = c.year_id join subject s on s.id = j.subject_id
		where j.id = ${journalId}`;
	return row && { journalId: row.id, schoolId: row.school_id, classId: row.class_id, title: row.title, startsOn: row.starts_on, endsOn: row.ends_on };
}

/** The teacher's full name when the person is staff of the school, else undefined. */
export async function staffNameOf(sql: Q, schoolId: number, personId: number): Promise<string | undefined> {
	const [row] = await sql<{ name: string }[]>`
		select concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name from person p
		where p.id = ${personId} and p.school_id = ${schoolId} and exists (select 1 from staff_role r where r.person_id = p.id)`;
	return row?.name;
}

/** Adds the teacher to the journal; false when they already keep it. */
export async function addJournalTeacher(tx: Tx, journalId: number, teacherId: number): Promise<boolean> {
	const rows = await tx`insert into journal_teacher (journal_id, teacher_id) values (${journalId}, ${teacherId}) on conflict do nothing returning teacher_id`;
	return rows.length > 0;
}

/** Takes the teacher off the journal; false when they did not keep it. */
export async function removeJournalTeacher(tx: Tx, journalId: number, teacherId: number): Promise<boolean> {
	const rows = await tx`delete from journal_teacher where journal_id = ${journalId} and teacher_id = ${teacherId} returning teacher_id`;
	return rows.length > 0;
}

/** One journal of the year's load: class, subject, group and its teachers. */
export interface LoadRow {
	journalId: number;
	classId: number;
	className: string;
	subject: string;
	group: string | null;
	hoursPerWeek: number;
	teachers: Array<{ personId: number; name: string }>;
	substitutes: Array<{ substituteId: number; name: string; fromOn: string; toOn: string }>;
}

/** Every journal of the year, by class and subject, with its teachers. */
export async function loadOfYear(sql: Q, yearId: number): Promise<LoadRow[]> {
	const rows = await sql<{ id: number; class_id: number; class_name: string; subject: string; grp: string; whole_class: boolean; hours: number; teacher_ids: number[] | null; teacher_names: string[] | null }[]>`
		select j.id, c.id as class_id, c.grade::text || c.letter as class_name, s.name as subject, g.name as grp, g.whole_class,
			j.hours_per_week::float8 as hours,
			(select array_agg(p.id order by p.last_name, p.first_name, p.id) from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id) as teacher_ids,
			(select array_agg(concat_ws(' ', p.last_name, p.first_name, p.middle_name) order by p.last_name, p.first_name, p.id)
				from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id) as teacher_names
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		where c.year_id = ${yearId}
		order by c.grade, c.letter, s.name, g.whole_class desc, g.name, j.id`;
	const subs = await sql<{ id: number; journal_id: number; name: string; from_on: string; to_on: string }[]>`
		select s.id, s.journal_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name, s.from_on::text, s.to_on::text
		from journal_substitute s join person p on p.id = s.teacher_id join journal j on j.id = s.journal_id
		join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		where c.year_id = ${yearId} order by s.from_on, s.id`;
	return rows.map((r) => ({
		journalId: r.id,
		classId: r.class_id,
		className: r.class_name,
		subject: r.subject,
		group: r.whole_class ? null : r.grp,
		hoursPerWeek: r.hours,
		teachers: (r.teacher_ids ?? []).map((personId, i) => ({ personId, name: r.teacher_names![i] })),
		substitutes: subs.filter((x) => x.journal_id === r.id).map((x) => ({ substituteId: x.id, name: x.name, fromOn: x.from_on, toOn: x.to_on }))
	}));
}

/** True when the person keeps the journal as one of its teachers. */
export async function isJournalTeacher(sql: Q, journalId: number, teacherId: number): Promise<boolean> {
	const [row] = await sql<{ found: boolean }[]>`
		select exists (select 1 from journal_teacher where journal_id = ${journalId} and teacher_id = ${teacherId}) as found`;
	return row.found;
}

/** True when the teacher already substitutes in the journal on a day of the range. */
export async function substitutionOverlaps(sql: Q, journalId: number, teacherId: number, from: string, to: string): Promise<boolean> {
	const [row] = await sql<{ found: boolean }[]>`
		select exists (select 1 from journal_substitute where journal_id = ${journalId} and teacher_id = ${teacherId}
			and from_on <= ${to} and to_on >= ${from}) as found`;
	return row.found;
}

/** Adds a substitution; returns its id. */
export async function insertSubstitution(tx: Tx, s: { journalId: number; teacherId: number; from: string; to: string }): Promise<number> {
	const [row] = await tx<{ id: number }[]>`
		insert into journal_substitute (journal_id, teacher_id, from_on, to_on) values (${s.journalId}, ${s.teacherId}, ${s.from}, ${s.to}) returning id`;
	return row.id;
}

/** A substitution with its journal and teacher. */
export interface SubstitutionRow {
	substituteId: number;
	journalId: number;
	teacherId: number;
	teacherName: string;
	fromOn: string;
	toOn: string;
}

/** The substitution, or undefined when there is none with that id. */
export async function findSubstitution(sql: Q, substituteId: number): Promise<SubstitutionRow | undefined> {
	const [row] = await sql<{ id: number; journal_id: number; teacher_id: number; name: string; from_on: string; to_on: string }[]>`
		select s.id, s.journal_id, s.teacher_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name, s.from_on::text, s.to_on::text
		from journal_substitute s join person p on p.id = s.teacher_id where s.id = ${substituteId}`;
	return row && { substituteId: row.id, journalId: row.journal_id, teacherId: row.teacher_id, teacherName: row.name, fromOn: row.from_on, toOn: row.to_on };
}

/** Removes a substitution. */
export async function deleteSubstitution(tx: Tx, substituteId: number): Promise<void> {
	await tx`delete from journal_substitute where id = ${substituteId}`;
}
