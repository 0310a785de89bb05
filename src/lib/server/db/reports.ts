/**
 * The counting behind reports: marks, period marks, lessons and absences are
 * counted and grouped in the database, so a whole school's period costs a handful of queries; the
 * figures are then made from the counts by the pure functions of src/lib/domain/reports.ts.
 */
import type { Sql, Tx } from './client.ts';

type Q = Sql | Tx;

const CLASS_NAME = `c.grade::text || c.letter`;

/** The school's full name, as printed on a report. */
export async function schoolNameOf(sql: Q, schoolId: number): Promise<string> {
	const [row] = await sql<Array<{ name: string }>>`select name from school where id = ${schoolId}`;
	return row?.name ?? '';
}

/** How many lesson marks of each value a journal has in the dates (both ends included). */
export async function markValueCounts(sql: Q, journalId: number, from: string, to: string): Promise<Array<{ value: number; count: number }>> {
	return sql<Array<{ value: number; count: number }>>`
		select m.value, count(*)::int as count
		from mark m join lesson l on l.id = m.lesson_id
		where l.journal_id = ${journalId} and l.date between ${from}::date and ${to}::date
		group by m.value order by m.value`;
}

/** A period mark as set, with its student. */
export interface SetPeriodMark {
	journalId: number;
	studentId: number;
	value: string;
}

/** The period marks set in the journals for the period. */
export async function periodMarksSet(sql: Q, journalIds: readonly number[], periodId: number): Promise<SetPeriodMark[]> {
	if (journalIds.length === 0) return [];
	const rows = await sql<Array<{ journal_id: number; student_id: number; value: string }>>`
		select journal_id, student_id, value from period_mark
		where kind = 'period' and period_id = ${periodId} and journal_id = any(${journalIds as number[]})`;
	return rows.map((r) => ({ journalId: r.journal_id, studentId: r.student_id, value: r.value }));
}

/** A lesson that lacks a topic or homework. */
export interface LessonGap {
	lessonId: number;
	date: string;
	lessonNo: number | null;
	topic: string | null;
	homework: string | null;
}

/** The journal's lessons in the dates and those without a topic or homework (blank counts as none). */
export async function lessonGaps(sql: Q, journalId: number, from: string, to: string): Promise<{ total: number; gaps: LessonGap[] }> {
	const rows = await sql<Array<{ id: number; date: string; lesson_no: number | null; topic: string | null; homework: string | null }>>`
		select l.id, l.date::text as date, l.lesson_no, nullif(btrim(l.topic), '') as topic, nullif(btrim(l.homework), '') as homework
		from lesson l
		where l.journal_id = ${journalId} and l.date between ${from}::date and ${to}::date
			and (nullif(btrim(l.topic), '') is null or nullif(btrim(l.homework), '') is null)
		order by l.date, l.lesson_no nulls first, l.id`;
	const [{ total }] = await sql<Array<{ total: number }>>`
		select count(*)::int as total from lesson where journal_id = ${journalId} and date between ${from}::date and ${to}::date`;
	return { total, gaps: rows.map((r) => ({ lessonId: r.id, date: r.date, lessonNo: r.lesson_no, topic: r.topic, homework: r.homework })) };
}

/** Absences of each student of a class by code, in the class's journals within the dates. */
export async function absenceCountsOfClass(sql: Q, classId: number, from: string, to: string): Promise<Array<{ studentId: number; code: string; count: number }>> {
	const rows = await sql<Array<{ student_id: number; code: string; count: number }>>`
		select a.student_id, a.code, count(*)::int as count
		from absence a join lesson l on l.id = a.lesson_id join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id
		where g.class_id = ${classId} and l.date between ${from}::date and ${to}::date
		group by a.student_id, a.code`;
	return rows.map((r) => ({ studentId: r.student_id, code: r.code, count: r.count }));
}

/** A class of the year with its pupils on a day. */
export interface ReportClass {
	classId: number;
	name: string;
	grade: number;
	/** Pupils enrolled on the day. */
	pupils: number;
}

/** The classes of a year in the grades, with their pupils on the day. */
export async function classesForReport(sql: Q, yearId: number, grades: { from: number; to: number }, on: string): Promise<ReportClass[]> {
	const rows = await sql<Array<{ id: number; name: string; grade: number; pupils: number }>>`
		select c.id, ${sql.unsafe(CLASS_NAME)} as name, c.grade,
			(select count(*)::int from enrolment e where e.class_id = c.id and e.arrived_on <= ${on}::date
				and (e.departed_on is null or e.departed_on >= ${on}::date)) as pupils
		from class c where c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to}
		order by c.grade, c.letter`;
	return rows.map((r) => ({ classId: r.id, name: r.name, grade: r.grade, pupils: r.pupils }));
}

/**
 * Every period mark set for the period in the classes' journals, one line per pupil: their class
 * and their values across subjects (the pupil's class is the one whose journal it is).
 */
export async function periodMarksOfPupils(sql: Q, classIds: readonly number[], periodId: number): Promise<Array<{ classId: number; studentId: number; values: string[] }>> {
	if (classIds.length === 0) return [];
	const rows = await sql<Array<{ class_id: number; student_id: number; values: string[] }>>`
		select g.class_id, pm.student_id, array_agg(pm.value order by pm.journal_id) as values
		from period_mark pm join journal j on j.id = pm.journal_id join study_group g on g.id = j.group_id
		where pm.kind = 'period' and pm.period_id = ${periodId} and g.class_id = any(${classIds as number[]})
		group by g.class_id, pm.student_id`;
	return rows.map((r) => ({ classId: r.class_id, studentId: r.student_id, values: r.values }));
}

/** Absences by class and code in the classes' journals within the dates. */
export async function absenceCountsOfClasses(sql: Q, classIds: readonly number[], from: string, to: string): Promise<Array<{ classId: number; code: string; count: number }>> {
	if (classIds.length === 0) return [];
	const rows = await sql<Array<{ class_id: number; code: string; count: number }>>`
		select g.class_id, a.code, count(*)::int as count
		from absence a join lesson l on l.id = a.lesson_id join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id
		where g.class_id = any(${classIds as number[]}) and l.date between ${from}::date and ${to}::date
		group by g.class_id, a.code`;
	return rows.map((r) => ({ classId: r.class_id, code: r.code, count: r.count }));
}
