/** A student's diary: marks, absences and homework, read from the tables. */
import type { Sql, Tx } from './client.ts';
import type { PeriodMarkKind } from '../../domain/period-marks.ts';

/**
 * a mark weighs what its type of work weighs now (the school's new weights change averages
 * and suggestions; the mark rows stay as set). Needs `mark m` and `left join work_type w`.
 */
export const currentWeight = (sql: Sql | Tx) => sql`coalesce(w.weight, m.weight)::float8`;

/** A mark as the diary lists it. */
export interface DiaryMark {
	/** The journal the mark is in (its subject's rules depend on its lessons a week, R-5.2). */
	journalId: number;
	date: string;
	subject: string;
	value: number;
	/** The plus (1) or minus (−1) it was written with, 0 for none. */
	sign: number;
	weight: number;
	workType: string | null;
	/** Code of the type of work (test, lab, …), for the grading rules. */
	workTypeCode: string | null;
	topic: string | null;
	/** The lesson the mark was given at, and the teacher's comment in that cell. */
	lessonId: number;
	comment: string | null;
}

/** A row of marksOfStudent. */
interface StudentMarkRow {
	journal_id: number;
	date: string;
	subject: string;
	value: number;
	sign: number;
	weight: number;
	/** Null when the mark has no type of work (left join). */
	work_type: string | null;
	work_type_code: string | null;
	topic: string | null;
	lesson_id: number;
	comment: string | null;
}

/**
 * The student's marks in the year, newest first, each weighing what its type of work weighs now
 * the school's new weights change averages and suggestions; the mark rows stay as set).
 */
export async function marksOfStudent(sql: Sql, studentId: number, yearId: number): Promise<DiaryMark[]> {
	const rows = await sql<StudentMarkRow[]>`
		select l.journal_id, l.date, s.name as subject, m.value, m.sign, ${currentWeight(sql)} as weight, w.name as work_type, w.code as work_type_code, l.topic,
			l.id as lesson_id, cc.comment
		from mark m join lesson l on l.id = m.lesson_id join journal j on j.id = l.journal_id
		join subject s on s.id = j.subject_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		left join work_type w on w.id = m.work_type_id
		left join cell_comment cc on cc.lesson_id = m.lesson_id and cc.student_id = m.student_id
		where m.student_id = ${studentId} and c.year_id = ${yearId}
		order by l.date desc, s.name, m.position`;
	return rows.map((row) => ({
		journalId: row.journal_id,
		date: row.date,
		subject: row.subject,
		value: row.value,
		sign: row.sign,
		weight: row.weight,
		workType: row.work_type,
		workTypeCode: row.work_type_code,
		topic: row.topic,
		lessonId: row.lesson_id,
		comment: row.comment
	}));
}

/** An absence as the diary lists it. */
export interface DiaryAbsence {
	date: string;
	subject: string;
	code: string;
}

/** A row of absencesOfStudent. */
interface StudentAbsenceRow {
	date: string;
	subject: string;
	code: string;
}

/** The student's absences in the year, newest first. */
export async function absencesOfStudent(sql: Sql, studentId: number, yearId: number): Promise<DiaryAbsence[]> {
	const rows = await sql<StudentAbsenceRow[]>`
		select l.date, s.name as subject, a.code
		from absence a join lesson l on l.id = a.lesson_id join journal j on j.id = l.journal_id
		join subject s on s.id = j.subject_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		where a.student_id = ${studentId} and c.year_id = ${yearId}
		order by l.date desc, l.lesson_no`;
	return rows.map((row) => ({ date: row.date, subject: row.subject, code: row.code }));
}

/** Homework of one lesson. */
export interface DiaryHomework {
	date: string;
	lessonNo: number | null;
	subject: string;
	topic: string | null;
	homework: string | null;
}

/** A row of lessonsOfStudent. */
interface StudentLessonRow {
	date: string;
	lesson_no: number | null;
	subject: string;
	topic: string | null;
	homework: string | null;
}

/** Lessons of the student's groups between two dates (inclusive), with topic and homework. */
export async function lessonsOfStudent(sql: Sql, studentId: number, from: string, to: string): Promise<DiaryHomework[]> {
	const rows = await sql<StudentLessonRow[]>`
		select l.date, l.lesson_no, s.name as subject, l.topic, l.homework
		from group_member m join journal j on j.group_id = m.group_id join lesson l on l.journal_id = j.id
		join subject s on s.id = j.subject_id
		where m.student_id = ${studentId} and l.date between ${from}::date and ${to}::date
		  and l.date >= m.from_on and (m.to_on is null or l.date <= m.to_on)
		order by l.date desc, l.lesson_no`;
	return rows.map((row) => ({ date: row.date, lessonNo: row.lesson_no, subject: row.subject, topic: row.topic, homework: row.homework }));
}

/** The row of studentCard. */
interface StudentCardRow {
	full_name: string;
	/** Null when not enrolled in the year (left join). */
	class_name: string | null;
	grade: number | null;
	class_id: number | null;
}

/** Name, class and grade of a student in the year (class and grade null when not enrolled). */
export async function studentCard(sql: Sql, studentId: number, yearId: number): Promise<{ fullName: string; className: string | null; grade: number | null; classId: number | null }> {
	const [row] = await sql<StudentCardRow[]>`
		select concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name, k.class_name, k.grade, k.class_id
		from person p left join lateral (
			select c.grade::text || c.letter as class_name, c.grade, c.id as class_id from enrolment e join class c on c.id = e.class_id
			where e.student_id = p.id and c.year_id = ${yearId} order by e.departed_on nulls first limit 1
		) k on true
		where p.id = ${studentId}`;
	return { fullName: row.full_name, className: row.class_name ?? null, grade: row.grade ?? null, classId: row.class_id ?? null };
}

/** A school year in which the student was enrolled, and their class in it. */
export interface StudentYear {
	yearId: number;
	name: string;
	startsOn: string;
	endsOn: string;
	className: string;
}

/** Every school year the student was enrolled in, the latest first. */
export async function yearsOfStudent(sql: Sql, studentId: number): Promise<StudentYear[]> {
	const rows = await sql<Array<{ id: number; name: string; starts_on: string; ends_on: string; class_name: string }>>`
		select distinct on (y.starts_on, y.id) y.id, y.name, y.starts_on, y.ends_on, c.grade::text || c.letter as class_name
		from enrolment e join class c on c.id = e.class_id join school_year y on y.id = c.year_id
		where e.student_id = ${studentId}
		order by y.starts_on desc, y.id, e.departed_on desc nulls first`;
	return rows.map((row) => ({ yearId: row.id, name: row.name, startsOn: row.starts_on, endsOn: row.ends_on, className: row.class_name }));
}

/** A period, year, exam or final mark of the student as the diary lists it. */
export interface DiaryPeriodMark {
	subject: string;
	kind: PeriodMarkKind;
	/** The period's name for a period mark, else null (the kind names it). */
	periodName: string | null;
	value: string;
}

/** A row of periodMarksOfStudent. */
interface StudentPeriodMarkRow {
	subject: string;
	kind: PeriodMarkKind;
	/** Null for a year, exam or final mark (left join). */
	period_name: string | null;
	value: string;
}

/** The period, year, exam and final marks set for the student in the year, by subject and period. */
export async function periodMarksOfStudent(sql: Sql, studentId: number, yearId: number): Promise<DiaryPeriodMark[]> {
	const rows = await sql<StudentPeriodMarkRow[]>`
		select s.name as subject, pm.kind, p.name as period_name, pm.value
		from period_mark pm join journal j on j.id = pm.journal_id join subject s on s.id = j.subject_id
		join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		left join period p on p.id = pm.period_id
		where pm.student_id = ${studentId} and c.year_id = ${yearId}
		order by s.name, p.starts_on nulls last, array_position(array['period', 'year', 'exam', 'final'], pm.kind::text)`;
	return rows.map((row) => ({ subject: row.subject, kind: row.kind, periodName: row.period_name, value: row.value }));
}

/** A lesson of a student's week as the diary shows it. */
export interface WeekLesson {
	lessonId: number;
	journalId: number;
	date: string;
	lessonNo: number | null;
	subject: string;
	teachers: string;
	/** The room of the timetable slot the lesson is in, if any. */
	room: string | null;
	topic: string | null;
	homework: string | null;
	/** The lesson's type of work (a test, a lab…), if any. */
	workType: string | null;
	marks: Array<{ value: number; sign: number; weight: number; workType: string | null }>;
	absence: string | null;
	comment: string | null;
	files: Array<{ id: number; fileName: string; sizeBytes: number }>;
}

/** A row of weekOfStudent (json columns parsed by the driver, or text where it leaves json unparsed). */
interface WeekLessonRow {
	id: number;
	journal_id: number;
	date: string;
	lesson_no: number | null;
	subject: string;
	teachers: string;
	room: string | null;
	topic: string | null;
	homework: string | null;
	work_type: string | null;
	marks: WeekLesson['marks'] | string;
	absence: string | null;
	comment: string | null;
	files: WeekLesson['files'] | string;
}

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * The student's lessons between two dates (inclusive) while in the group, in day and lesson
 * order: subject, teachers, room, topic, homework with its files, and the student's own marks,
 * absence and comment.
 */
export async function weekOfStudent(sql: Sql, studentId: number, from: string, to: string): Promise<WeekLesson[]> {
	const rows = await sql<WeekLessonRow[]>`
		select l.id, l.journal_id, l.date, l.lesson_no, s.name as subject, l.topic, l.homework, wt.name as work_type,
			coalesce((select string_agg(concat_ws(' ', p.last_name, p.first_name, p.middle_name), ', ' order by p.last_name)
				from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id), '') as teachers,
			(select t.room from timetable_slot t where t.journal_id = j.id and t.weekday = extract(isodow from l.date)
				and t.lesson_no = l.lesson_no and t.valid_from <= l.date and (t.valid_to is null or t.valid_to >= l.date)
				order by t.valid_from desc limit 1) as room,
			coalesce((select json_agg(json_build_object('value', m.value, 'sign', m.sign, 'weight', ${currentWeight(sql)}, 'workType', w.name) order by m.position)
				from mark m left join work_type w on w.id = m.work_type_id where m.lesson_id = l.id and m.student_id = ${studentId}), '[]') as marks,
			(select a.code from absence a where a.lesson_id = l.id and a.student_id = ${studentId}) as absence,
			(select cc.comment from cell_comment cc where cc.lesson_id = l.id and cc.student_id = ${studentId}) as comment,
			coalesce((select json_agg(json_build_object('id', f.id, 'fileName', f.file_name, 'sizeBytes', f.size_bytes) order by f.id)
				from lesson_attachment f where f.lesson_id = l.id), '[]') as files
		from group_member gm join journal j on j.group_id = gm.group_id join lesson l on l.journal_id = j.id
		join subject s on s.id = j.subject_id left join work_type wt on wt.id = l.work_type_id
		where gm.student_id = ${studentId} and l.date between ${from}::date and ${to}::date
		  and l.date >= gm.from_on and (gm.to_on is null or l.date <= gm.to_on)
		order by l.date, l.lesson_no nulls last, s.name`;
	return rows.map((row) => ({
		lessonId: row.id,
		journalId: row.journal_id,
		date: row.date,
		lessonNo: row.lesson_no,
		subject: row.subject,
		teachers: row.teachers,
		room: row.room,
		topic: row.topic,
		homework: row.homework,
		workType: row.work_type,
		marks: parsed(row.marks),
		absence: row.absence,
		comment: row.comment,
		files: parsed(row.files)
	}));
}

/** A row of lessonPlanOf. */
interface PlanRow {
	id: number;
	hours_per_week: number;
	slots: Array<{ weekday: number; validFrom: string; validTo: string | null }> | string;
}

/** How lessons of a journal come: its weekly timetable slots (weekday 1–6 and the dates each holds) and the curriculum's lessons a week. */
export interface LessonPlan {
	hoursPerWeek: number;
	slots: Array<{ weekday: number; validFrom: string; validTo: string | null }>;
}

/** The lesson plan of each journal, by journal id. */
export async function lessonPlanOf(sql: Sql, journalIds: readonly number[]): Promise<Map<number, LessonPlan>> {
	if (journalIds.length === 0) return new Map();
	const rows = await sql<PlanRow[]>`
		select j.id, j.hours_per_week::float8 as hours_per_week,
			coalesce((select json_agg(json_build_object('weekday', t.weekday, 'validFrom', t.valid_from, 'validTo', t.valid_to))
				from timetable_slot t where t.journal_id = j.id), '[]') as slots
		from journal j where j.id = any(${journalIds as number[]})`;
	return new Map(rows.map((row) => [row.id, { hoursPerWeek: row.hours_per_week, slots: parsed(row.slots) }]));
}

/** When the viewer last opened each of the students' diaries (absent: never). */
export async function diaryVisits(sql: Sql, viewerId: number, studentIds: readonly number[]): Promise<Map<number, Date>> {
	if (studentIds.length === 0) return new Map();
	const rows = await sql<{ student_id: number; seen_at: Date }[]>`
		select student_id, seen_at from diary_visit where viewer_id = ${viewerId} and student_id = any(${studentIds as number[]})`;
	return new Map(rows.map((row) => [row.student_id, row.seen_at]));
}

/** Records that the viewer opened the student's diary now. */
export async function recordDiaryVisit(sql: Sql, viewerId: number, studentId: number, at: Date): Promise<void> {
	await sql`
		insert into diary_visit (viewer_id, student_id, seen_at) values (${viewerId}, ${studentId}, ${at})
		on conflict (viewer_id, student_id) do update set seen_at = excluded.seen_at`;
}

/** What is new in a student's diary: marks and absences entered after a moment (newest first, at most `limit` each). */
export interface DiaryNews {
	marks: Array<{ date: string; subject: string; value: number; sign: number; workType: string | null }>;
	markCount: number;
	absences: Array<{ date: string; subject: string; code: string }>;
	absenceCount: number;
}

/** Marks and absences of the student's year entered (or changed) after `since`. */
export async function diaryNewsSince(sql: Sql, studentId: number, yearId: number, since: Date, limit = 8): Promise<DiaryNews> {
	const marks = await sql<{ date: string; subject: string; value: number; sign: number; work_type: string | null; total: number }[]>`
		select l.date, s.name as subject, m.value, m.sign, w.name as work_type, count(*) over ()::int as total
		from mark m join lesson l on l.id = m.lesson_id join journal j on j.id = l.journal_id
		join subject s on s.id = j.subject_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		left join work_type w on w.id = m.work_type_id
		where m.student_id = ${studentId} and c.year_id = ${yearId} and m.updated_at > ${since}
		order by m.updated_at desc, l.date desc limit ${limit}`;
	const absences = await sql<{ date: string; subject: string; code: string; total: number }[]>`
		select l.date, s.name as subject, a.code, count(*) over ()::int as total
		from absence a join lesson l on l.id = a.lesson_id join journal j on j.id = l.journal_id
		join subject s on s.id = j.subject_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		where a.student_id = ${studentId} and c.year_id = ${yearId} and a.created_at > ${since}
		order by a.created_at desc, l.date desc limit ${limit}`;
	return {
		marks: marks.map((m) => ({ date: m.date, subject: m.subject, value: m.value, sign: m.sign, workType: m.work_type })),
		markCount: marks[0]?.total ?? 0,
		absences: absences.map((a) => ({ date: a.date, subject: a.subject, code: a.code })),
		absenceCount: absences[0]?.total ?? 0
	};
}

/** A lesson of the timetable on a day, with the homework due for it: the one given at the subject's latest lesson before that day. */
export interface DueLesson {
	lessonNo: number;
	subject: string;
	room: string | null;
	homework: string | null;
	/** The lesson the homework was given at (its date and id, for its files), if any. */
	givenOn: string | null;
	files: number;
}

/** The student's timetable on the day (their groups on that day) with the homework due for each lesson. */
export async function dueOnDay(sql: Sql, studentId: number, date: string): Promise<DueLesson[]> {
	const rows = await sql<{ lesson_no: number; subject: string; room: string | null; homework: string | null; given_on: string | null; files: number }[]>`
		select t.lesson_no, s.name as subject, t.room, hw.homework, hw.date as given_on,
			coalesce((select count(*)::int from lesson_attachment f where f.lesson_id = hw.id), 0) as files
		from group_member gm join journal j on j.group_id = gm.group_id join subject s on s.id = j.subject_id
		join timetable_slot t on t.journal_id = j.id
		left join lateral (
			select l.id, l.date, l.homework from lesson l
			where l.journal_id = j.id and l.date < ${date}::date and l.date >= gm.from_on
			order by l.date desc, l.lesson_no desc nulls last limit 1
		) hw on true
		where gm.student_id = ${studentId} and gm.from_on <= ${date}::date and (gm.to_on is null or gm.to_on >= ${date}::date)
		  and t.weekday = extract(isodow from ${date}::date) and t.valid_from <= ${date}::date and (t.valid_to is null or t.valid_to >= ${date}::date)
		order by t.lesson_no, s.name`;
	return rows.map((row) => ({ lessonNo: row.lesson_no, subject: row.subject, room: row.room, homework: row.homework, givenOn: row.given_on, files: row.files }));
}

/** Records a parent's «ознакомлен» under a week; false when it was already there. */
export async function insertWeekAck(tx: Tx, studentId: number, parentId: number, monday: string): Promise<boolean> {
	const rows = await tx<{ student_id: number }[]>`
		insert into diary_week_ack (student_id, parent_id, week_monday) values (${studentId}, ${parentId}, ${monday}::date)
		on conflict do nothing returning student_id`;
	return rows.length > 0;
}

/** Who of the pupils' parents confirmed the week, and when, by pupil. */
export async function weekAcksOf(sql: Sql, studentIds: readonly number[], monday: string): Promise<Map<number, Array<{ parentId: number; parentName: string; ackedAt: Date }>>> {
	const acks = new Map<number, Array<{ parentId: number; parentName: string; ackedAt: Date }>>();
	if (studentIds.length === 0) return acks;
	const rows = await sql<{ student_id: number; parent_id: number; parent_name: string; acked_at: Date }[]>`
		select a.student_id, a.parent_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as parent_name, a.acked_at
		from diary_week_ack a join person p on p.id = a.parent_id
		where a.student_id = any(${studentIds as number[]}) and a.week_monday = ${monday}::date
		order by a.acked_at`;
	for (const row of rows) acks.set(row.student_id, [...(acks.get(row.student_id) ?? []), { parentId: row.parent_id, parentName: row.parent_name, ackedAt: row.acked_at }]);
	return acks;
}
