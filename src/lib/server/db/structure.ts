/**
 * The school's structure as the administrator keeps it: subjects, the curriculum of a year
 * (lessons a week per subject and grade), and what a class must be empty of to be deleted. No
 * transactions and no audit here: the structure commands do both.
 */
import type { Sql, Tx } from './client.ts';

type Q = Sql | Tx;

/** A subject of the school. */
export interface SubjectRow {
	id: number;
	name: string;
	shortName: string;
	markFree: boolean;
}

/** The school's subjects by name. */
export async function subjectsOfSchool(sql: Q, schoolId: number): Promise<SubjectRow[]> {
	const rows = await sql<{ id: number; name: string; short_name: string; mark_free: boolean }[]>`
		select id, name, short_name, mark_free from subject where school_id = ${schoolId} order by name`;
	return rows.map((r) => ({ id: r.id, name: r.name, shortName: r.short_name, markFree: r.mark_free }));
}

/** A subject of the school by its id, or undefined. */
export async function findSubject(sql: Q, schoolId: number, subjectId: number): Promise<SubjectRow | undefined> {
	const [r] = await sql<{ id: number; name: string; short_name: string; mark_free: boolean }[]>`
		select id, name, short_name, mark_free from subject where id = ${subjectId} and school_id = ${schoolId}`;
	return r && { id: r.id, name: r.name, shortName: r.short_name, markFree: r.mark_free };
}

/** True when another subject of the school has this name (case ignored). */
export async function subjectNameTaken(sql: Q, schoolId: number, name: string, exceptId?: number): Promise<boolean> {
	const [row] = await sql<{ taken: boolean }[]>`
		select exists (select 1 from subject where school_id = ${schoolId} and lower(name) = lower(${name}) and id <> ${exceptId ?? 0}) as taken`;
	return row.taken;
}

/** Changes a subject's names and grading. */
export async function updateSubject(tx: Tx, subjectId: number, subject: { name: string; shortName: string; markFree: boolean }): Promise<void> {
	await tx`update subject set name = ${subject.name}, short_name = ${subject.shortName}, mark_free = ${subject.markFree} where id = ${subjectId}`;
}

/** A row of the curriculum: lessons a week of a subject in a grade. */
export interface CurriculumRowDb {
	subjectId: number;
	grade: number;
	hoursPerWeek: number;
}

/** The curriculum of the year. */
export async function curriculumOf(sql: Q, yearId: number): Promise<CurriculumRowDb[]> {
	const rows = await sql<{ subject_id: number; grade: number; hours_per_week: string }[]>`
		select subject_id, grade, hours_per_week from curriculum where year_id = ${yearId} order by subject_id, grade`;
	return rows.map((r) => ({ subjectId: r.subject_id, grade: r.grade, hoursPerWeek: Number(r.hours_per_week) }));
}

/** Replaces the year's curriculum with these rows. */
export async function replaceCurriculum(tx: Tx, yearId: number, rows: readonly CurriculumRowDb[]): Promise<void> {
	await tx`delete from curriculum where year_id = ${yearId}`;
	for (const row of rows)
		await tx`insert into curriculum (year_id, subject_id, grade, hours_per_week) values (${yearId}, ${row.subjectId}, ${row.grade}, ${row.hoursPerWeek})`;
}

/** A year of the school (its name), locked for the caller's transaction; undefined when not the school's. */
export async function lockYearOfSchool(tx: Tx, schoolId: number, yearId: number): Promise<{ id: number; name: string } | undefined> {
	const [row] = await tx<{ id: number; name: string }[]>`select id, name from school_year where id = ${yearId} and school_id = ${schoolId} for update`;
	return row;
}

/** A year of the school (its name), or undefined. */
export async function findYearOfSchool(sql: Q, schoolId: number, yearId: number): Promise<{ id: number; name: string } | undefined> {
	const [row] = await sql<{ id: number; name: string }[]>`select id, name from school_year where id = ${yearId} and school_id = ${schoolId}`;
	return row;
}

/** True when the year already has a class of this grade and letter. */
export async function classTaken(sql: Q, yearId: number, grade: number, letter: string): Promise<boolean> {
	const [row] = await sql<{ taken: boolean }[]>`select exists (select 1 from class where year_id = ${yearId} and grade = ${grade} and letter = ${letter}) as taken`;
	return row.taken;
}

/** A class with its school, and whether it holds anyone or anything (students ever enrolled, journals). */
export async function classForChange(tx: Tx, classId: number): Promise<{ id: number; schoolId: number; yearId: number; grade: number; letter: string; inUse: boolean } | undefined> {
	const [row] = await tx<{ id: number; school_id: number; year_id: number; grade: number; letter: string; in_use: boolean }[]>`
		select c.id, y.school_id, c.year_id, c.grade, c.letter,
			exists (select 1 from enrolment e where e.class_id = c.id)
			or exists (select 1 from study_group g join journal j on j.group_id = g.id where g.class_id = c.id) as in_use
		from class c join school_year y on y.id = c.year_id where c.id = ${classId} for update of c`;
	return row && { id: row.id, schoolId: row.school_id, yearId: row.year_id, grade: row.grade, letter: row.letter, inUse: row.in_use };
}

/** Deletes a class (its whole-class group goes with it). */
export async function deleteClassRow(tx: Tx, classId: number): Promise<void> {
	await tx`delete from class where id = ${classId}`;
}

/** True when the person is staff of the school (may lead a class). */
export async function isStaffOfSchool(sql: Q, schoolId: number, personId: number): Promise<boolean> {
	const [row] = await sql<{ staff: boolean }[]>`
		select exists (select 1 from staff_role r join person p on p.id = r.person_id where p.id = ${personId} and p.school_id = ${schoolId}) as staff`;
	return row.staff;
}

/** Locks the school's row: subjects of one school are added and renamed one at a time. */
export async function lockSchoolForSubjects(tx: Tx, schoolId: number): Promise<void> {
	await tx`select id from school where id = ${schoolId} for update`;
}
