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

/** Which marks a report counts: those of a period (its id), or the year marks (null). */
const MARKS_OF = (sql: Q, periodId: number | null) =>
	periodId === null ? sql`pm.kind = 'year'` : sql`pm.kind = 'period' and pm.period_id = ${periodId}`;

/**
 * Every period mark set for the period (the year marks with `periodId` null) in the classes'
 * journals, one line per pupil: their class and their values across subjects (the pupil's class
 * is the one whose journal it is).
 */
export async function periodMarksOfPupils(sql: Q, classIds: readonly number[], periodId: number | null): Promise<Array<{ classId: number; studentId: number; values: string[] }>> {
	if (classIds.length === 0) return [];
	const rows = await sql<Array<{ class_id: number; student_id: number; values: string[] }>>`
		select g.class_id, pm.student_id, array_agg(pm.value order by pm.journal_id) as values
		from period_mark pm join journal j on j.id = pm.journal_id join study_group g on g.id = j.group_id
		where ${MARKS_OF(sql, periodId)} and g.class_id = any(${classIds as number[]})
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

/** How many lessons someone or something (a teacher, a class) has, and how many with a topic and with homework. */
export interface LessonFilling {
	name: string;
	lessons: number;
	withTopic: number;
	withHomework: number;
}

type FillingRow = { name: string; lessons: number; with_topic: number; with_homework: number };
const fillingFrom = (r: FillingRow): LessonFilling => ({ name: r.name, lessons: r.lessons, withTopic: r.with_topic, withHomework: r.with_homework });

/** lessons of the year's journals of the grades within the dates, with a topic and with homework, per teacher of the load and per class. */
export async function lessonFilling(sql: Q, yearId: number, grades: { from: number; to: number }, from: string, to: string): Promise<{ byTeacher: LessonFilling[]; byClass: LessonFilling[] }> {
	const byTeacher = await sql<FillingRow[]>`
		select concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name, count(l.id)::int as lessons,
			count(l.id) filter (where nullif(btrim(l.topic), '') is not null)::int as with_topic,
			count(l.id) filter (where nullif(btrim(l.homework), '') is not null)::int as with_homework
		from journal_teacher jt join person p on p.id = jt.teacher_id
		join journal j on j.id = jt.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		left join lesson l on l.journal_id = j.id and l.date between ${from}::date and ${to}::date
		where c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to}
		group by p.id, p.last_name, p.first_name, p.middle_name order by 1`;
	const byClass = await sql<FillingRow[]>`
		select ${sql.unsafe(CLASS_NAME)} as name, count(l.id)::int as lessons,
			count(l.id) filter (where nullif(btrim(l.topic), '') is not null)::int as with_topic,
			count(l.id) filter (where nullif(btrim(l.homework), '') is not null)::int as with_homework
		from class c join study_group g on g.class_id = c.id join journal j on j.group_id = g.id
		left join lesson l on l.journal_id = j.id and l.date between ${from}::date and ${to}::date
		where c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to}
		group by c.id, c.grade, c.letter order by c.grade, c.letter`;
	return { byTeacher: byTeacher.map(fillingFrom), byClass: byClass.map(fillingFrom) };
}

/** A test, laboratory or practical work whose marks are not all in. */
export interface UnmarkedWork {
	lessonId: number;
	journalId: number;
	date: string;
	className: string;
	subject: string;
	work: string;
	teachers: string;
	/** The journal's teachers, to whom a reminder goes. */
	teacherIds: number[];
	/** Pupils of the group that day with neither a mark nor an absence. */
	unmarked: number;
}

/**
 * lessons of a type of work that needs a topic (test, laboratory, practical) held
 * between the dates, in the year's classes other than the given (mark-free) grades, where some
 * pupil of the group that day has neither a mark nor an absence.
 */
export async function unmarkedWorks(sql: Q, yearId: number, from: string, to: string, skipGrades: readonly number[]): Promise<UnmarkedWork[]> {
	const rows = await sql<Array<{ id: number; journal_id: number; date: string; class_name: string; subject: string; work: string; teachers: string; teacher_ids: number[]; unmarked: number }>>`
		select * from (
			select l.id, j.id as journal_id, l.date::text as date, ${sql.unsafe(CLASS_NAME)} as class_name, s.name as subject, w.name as work,
				coalesce((select string_agg(concat_ws(' ', p.last_name, p.first_name, p.middle_name), ', ' order by p.last_name)
					from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id), '') as teachers,
				coalesce((select array_agg(jt.teacher_id order by jt.teacher_id) from journal_teacher jt where jt.journal_id = j.id), '{}') as teacher_ids,
				(select count(*) from group_member gm where gm.group_id = j.group_id and gm.from_on <= l.date and (gm.to_on is null or gm.to_on >= l.date)
					and not exists (select 1 from mark m where m.lesson_id = l.id and m.student_id = gm.student_id)
					and not exists (select 1 from absence a where a.lesson_id = l.id and a.student_id = gm.student_id))::int as unmarked
			from lesson l join work_type w on w.id = l.work_type_id and w.topic_required
			join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
			join subject s on s.id = j.subject_id
			where c.year_id = ${yearId} and l.date between ${from}::date and ${to}::date and not (c.grade = any(${skipGrades as number[]}))
		) x where unmarked > 0
		order by date, class_name, subject`;
	return rows.map((r) => ({
		lessonId: r.id,
		journalId: r.journal_id,
		date: r.date,
		className: r.class_name,
		subject: r.subject,
		work: r.work,
		teachers: r.teachers,
		teacherIds: r.teacher_ids,
		unmarked: r.unmarked
	}));
}

/** A pupil whose last mark of the year is older than asked, or who has none. */
export interface QuietPupil {
	studentId: number;
	name: string;
	className: string;
	/** The day of the last mark this year, or null. */
	lastMark: string | null;
}

/** pupils enrolled on `today` (other than in the given grades) with no mark since `since` (from the year's start). */
export async function pupilsWithoutMarksSince(sql: Q, yearId: number, yearStart: string, since: string, today: string, skipGrades: readonly number[]): Promise<QuietPupil[]> {
	const rows = await sql<Array<{ id: number; name: string; class_name: string; last_mark: string | null }>>`
		select p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name, ${sql.unsafe(CLASS_NAME)} as class_name,
			(select max(l.date)::text from mark m join lesson l on l.id = m.lesson_id
				where m.student_id = p.id and l.date between ${yearStart}::date and ${today}::date) as last_mark
		from enrolment e join class c on c.id = e.class_id join person p on p.id = e.student_id
		where c.year_id = ${yearId} and e.arrived_on <= ${today}::date and (e.departed_on is null or e.departed_on >= ${today}::date)
			and not (c.grade = any(${skipGrades as number[]}))
		order by c.grade, c.letter, p.last_name, p.first_name`;
	return rows
		.filter((r) => r.last_mark === null || r.last_mark < since)
		.map((r) => ({ studentId: r.id, name: r.name, className: r.class_name, lastMark: r.last_mark }));
}

/** The school year before the given one (the latest that starts earlier), or undefined. */
export async function previousYearId(sql: Q, schoolId: number, yearId: number): Promise<number | undefined> {
	const [row] = await sql<Array<{ id: number }>>`
		select p.id from school_year p join school_year y on y.id = ${yearId}
		where p.school_id = ${schoolId} and p.starts_on < y.starts_on order by p.starts_on desc limit 1`;
	return row?.id;
}

/**
 * the period marks set for the period (the year marks with `periodId` null) in the year's classes of the grades, counted by value
 * and by subject or by teacher of the journal (a journal with two teachers counts for each).
 */
export async function periodMarkCountsBy(sql: Q, by: 'subject' | 'teacher', yearId: number, periodId: number | null, grades: { from: number; to: number }): Promise<Array<{ name: string; value: string; count: number }>> {
	const rows =
		by === 'subject'
			? await sql<Array<{ name: string; value: string; count: number }>>`
				select s.name, pm.value, count(*)::int as count
				from period_mark pm join journal j on j.id = pm.journal_id join subject s on s.id = j.subject_id
				join study_group g on g.id = j.group_id join class c on c.id = g.class_id
				where ${MARKS_OF(sql, periodId)} and c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to}
				group by s.name, pm.value`
			: await sql<Array<{ name: string; value: string; count: number }>>`
				select concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name, pm.value, count(*)::int as count
				from period_mark pm join journal j on j.id = pm.journal_id join journal_teacher jt on jt.journal_id = j.id join person p on p.id = jt.teacher_id
				join study_group g on g.id = j.group_id join class c on c.id = g.class_id
				where ${MARKS_OF(sql, periodId)} and c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to}
				group by p.id, p.last_name, p.first_name, p.middle_name, pm.value`;
	return rows;
}
