/**
 * What journal control finds in the rows beyond topics and unmarked works
 * (those are in reports.ts): homework entered late, lessons without a topic, period marks missing,
 * who opens the diary; and the reminders sent to teachers, with the check of which findings are
 * still there.
 */
import type { Sql, Tx } from './client.ts';
import type { ControlFinding } from '../../domain/journal-control.ts';

type Q = Sql | Tx;

const CLASS_NAME = `c.grade::text || c.letter`;
const TEACHERS = `coalesce((select string_agg(concat_ws(' ', p.last_name, p.first_name, p.middle_name), ', ' order by p.last_name)
	from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id), '')`;
const TEACHER_IDS = `coalesce((select array_agg(jt.teacher_id order by jt.teacher_id) from journal_teacher jt where jt.journal_id = j.id), '{}')`;

/** A lesson of a journal, with its class, subject and teachers, as a finding names it. */
export interface ControlLesson {
	lessonId: number;
	journalId: number;
	date: string;
	className: string;
	subject: string;
	teachers: string;
	teacherIds: number[];
}

type LessonRow = { id: number; journal_id: number; date: string; class_name: string; subject: string; teachers: string; teacher_ids: number[] };
const lessonFrom = (r: LessonRow): ControlLesson => ({
	lessonId: r.id,
	journalId: r.journal_id,
	date: r.date,
	className: r.class_name,
	subject: r.subject,
	teachers: r.teachers,
	teacherIds: r.teacher_ids
});

/** How many days after a lesson its homework may be entered, by the school's rules of the year (0 unless set). */
export async function homeworkDueDays(sql: Q, schoolId: number, yearId: number): Promise<number> {
	const [row] = await sql<Array<{ days: number }>>`select homework_due_days as days from grading_rules where school_id = ${schoolId} and year_id = ${yearId}`;
	return row?.days ?? 0;
}

/** lessons of the year's classes in the grades and dates whose homework was entered more than `dueDays` days after the lesson. */
export async function lateHomework(sql: Q, yearId: number, grades: { from: number; to: number }, from: string, to: string, dueDays: number): Promise<Array<ControlLesson & { enteredOn: string }>> {
	const rows = await sql<Array<LessonRow & { entered_on: string }>>`
		select l.id, j.id as journal_id, l.date::text as date, l.homework_on::text as entered_on, ${sql.unsafe(CLASS_NAME)} as class_name, s.name as subject,
			${sql.unsafe(TEACHERS)} as teachers, ${sql.unsafe(TEACHER_IDS)} as teacher_ids
		from lesson l join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join subject s on s.id = j.subject_id
		where c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to} and l.date between ${from}::date and ${to}::date
			and nullif(btrim(l.homework), '') is not null and l.homework_on > l.date + ${dueDays}::int
		order by l.date, c.grade, c.letter, s.name`;
	return rows.map((r) => ({ ...lessonFrom(r), enteredOn: r.entered_on }));
}

/** lessons of the year's classes in the grades held between the dates without a topic. */
export async function lessonsWithoutTopic(sql: Q, yearId: number, grades: { from: number; to: number }, from: string, to: string): Promise<ControlLesson[]> {
	const rows = await sql<LessonRow[]>`
		select l.id, j.id as journal_id, l.date::text as date, ${sql.unsafe(CLASS_NAME)} as class_name, s.name as subject,
			${sql.unsafe(TEACHERS)} as teachers, ${sql.unsafe(TEACHER_IDS)} as teacher_ids
		from lesson l join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join subject s on s.id = j.subject_id
		where c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to} and l.date between ${from}::date and ${to}::date
			and nullif(btrim(l.topic), '') is null
		order by l.date, c.grade, c.letter, s.name`;
	return rows.map(lessonFrom);
}

/** A journal where some pupils have no period mark yet. */
export interface MissingPeriodMarks {
	journalId: number;
	className: string;
	subject: string;
	teachers: string;
	teacherIds: number[];
	/** Pupils of the group on the day without a period mark. */
	missing: number;
}

/**
 * journals of the year's classes in the grades (other than mark-free grades and
 * subjects) whose pupils on the day `on` lack a period mark for the period.
 */
export async function missingPeriodMarks(sql: Q, yearId: number, periodId: number, grades: { from: number; to: number }, on: string, skipGrades: readonly number[]): Promise<MissingPeriodMarks[]> {
	const rows = await sql<Array<{ id: number; class_name: string; subject: string; teachers: string; teacher_ids: number[]; missing: number }>>`
		select j.id, ${sql.unsafe(CLASS_NAME)} as class_name, s.name as subject, ${sql.unsafe(TEACHERS)} as teachers, ${sql.unsafe(TEACHER_IDS)} as teacher_ids,
			count(*)::int as missing
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		join group_member gm on gm.group_id = j.group_id and gm.from_on <= ${on}::date and (gm.to_on is null or gm.to_on >= ${on}::date)
		where c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to} and not s.mark_free and not (c.grade = any(${skipGrades as number[]}))
			and not exists (select 1 from period_mark pm where pm.journal_id = j.id and pm.student_id = gm.student_id and pm.kind = 'period' and pm.period_id = ${periodId})
		group by j.id, c.grade, c.letter, s.name
		order by c.grade, c.letter, s.name`;
	return rows.map((r) => ({ journalId: r.id, className: r.class_name, subject: r.subject, teachers: r.teachers, teacherIds: r.teacher_ids, missing: r.missing }));
}

/** Who of a class opened the diary: pupils and their parents, and how many of each did since a day. */
export interface DiaryOpenings {
	className: string;
	pupils: number;
	pupilsSeen: number;
	parents: number;
	parentsSeen: number;
}

/**
 * per class of the year in the grades, pupils enrolled on `on` and how many last opened their
 * own diary on or after `since`; their parents and how many last opened a child's diary since then.
 */
export async function diaryOpenings(sql: Q, yearId: number, grades: { from: number; to: number }, since: string, on: string): Promise<DiaryOpenings[]> {
	const rows = await sql<Array<{ class_name: string; pupils: number; pupils_seen: number; parents: number; parents_seen: number }>>`
		with pupil as (
			select e.class_id, e.student_id from enrolment e join class c on c.id = e.class_id
			where c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to}
				and e.arrived_on <= ${on}::date and (e.departed_on is null or e.departed_on >= ${on}::date)
		), parent as (
			select distinct p.class_id, g.parent_id from pupil p join guardian g on g.student_id = p.student_id
		)
		select ${sql.unsafe(CLASS_NAME)} as class_name,
			(select count(*) from pupil p where p.class_id = c.id)::int as pupils,
			(select count(*) from pupil p where p.class_id = c.id and exists (
				select 1 from diary_visit v where v.viewer_id = p.student_id and v.student_id = p.student_id and v.seen_at >= ${since}::date))::int as pupils_seen,
			(select count(*) from parent q where q.class_id = c.id)::int as parents,
			(select count(*) from parent q where q.class_id = c.id and exists (
				select 1 from diary_visit v join pupil p on p.student_id = v.student_id and p.class_id = q.class_id
				where v.viewer_id = q.parent_id and v.seen_at >= ${since}::date))::int as parents_seen
		from class c where c.year_id = ${yearId} and c.grade between ${grades.from} and ${grades.to}
		order by c.grade, c.letter`;
	return rows.map((r) => ({ className: r.class_name, pupils: r.pupils, pupilsSeen: r.pupils_seen, parents: r.parents, parentsSeen: r.parents_seen }));
}

/** A reminder as stored. */
export interface ControlNoticeRow {
	id: number;
	teacherId: number;
	teacherName: string;
	senderName: string | null;
	sentOn: string;
	/** As stored: checked by the domain's findingsOf before use. */
	findings: unknown;
}

/** Stores a reminder to a teacher; returns its id. */
export async function insertControlNotice(tx: Tx, notice: { schoolId: number; teacherId: number; sentBy: number; sentOn: string; findings: readonly ControlFinding[] }): Promise<number> {
	const [row] = await tx<Array<{ id: number }>>`
		insert into control_notice (school_id, teacher_id, sent_by, sent_on, findings)
		values (${notice.schoolId}, ${notice.teacherId}, ${notice.sentBy}, ${notice.sentOn}::date, ${tx.json(notice.findings as never)})
		returning id`;
	return row.id;
}

/** The latest reminders of a school (or of one teacher), newest first. */
export async function controlNotices(sql: Q, schoolId: number, opts: { teacherId?: number; limit: number }): Promise<ControlNoticeRow[]> {
	const rows = await sql<Array<{ id: number; teacher_id: number; teacher_name: string; sender_name: string | null; sent_on: string; findings: unknown }>>`
		select n.id, n.teacher_id, concat_ws(' ', t.last_name, t.first_name, t.middle_name) as teacher_name,
			case when s.id is null then null else concat_ws(' ', s.last_name, s.first_name, s.middle_name) end as sender_name,
			n.sent_on::text as sent_on, n.findings
		from control_notice n join person t on t.id = n.teacher_id left join person s on s.id = n.sent_by
		where n.school_id = ${schoolId} and (${opts.teacherId ?? null}::int is null or n.teacher_id = ${opts.teacherId ?? null}::int)
		order by n.sent_at desc, n.id desc
		limit ${opts.limit}`;
	return rows.map((r) => ({ id: r.id, teacherId: r.teacher_id, teacherName: r.teacher_name, senderName: r.sender_name, sentOn: r.sent_on, findings: typeof r.findings === 'string' ? JSON.parse(r.findings) : r.findings }));
}

/** Of the test works asked, those where some pupil of the group that day has neither a mark nor an absence. */
export async function stillUnmarkedLessons(sql: Q, lessonIds: readonly number[]): Promise<number[]> {
	if (lessonIds.length === 0) return [];
	const rows = await sql<Array<{ id: number }>>`
		select l.id from lesson l join journal j on j.id = l.journal_id
		where l.id = any(${lessonIds as number[]}) and exists (
			select 1 from group_member gm where gm.group_id = j.group_id and gm.from_on <= l.date and (gm.to_on is null or gm.to_on >= l.date)
				and not exists (select 1 from mark m where m.lesson_id = l.id and m.student_id = gm.student_id)
				and not exists (select 1 from absence a where a.lesson_id = l.id and a.student_id = gm.student_id))`;
	return rows.map((r) => r.id);
}

/** Of the lessons asked, those still without a topic. */
export async function stillWithoutTopic(sql: Q, lessonIds: readonly number[]): Promise<number[]> {
	if (lessonIds.length === 0) return [];
	const rows = await sql<Array<{ id: number }>>`select id from lesson where id = any(${lessonIds as number[]}) and nullif(btrim(topic), '') is null`;
	return rows.map((r) => r.id);
}

/** Of the journals × periods asked, the pairs where a pupil of the group on the period's last day (or `today`, if earlier) lacks a period mark. */
export async function stillMissingPeriodMarks(sql: Q, pairs: ReadonlyArray<{ journalId: number; periodId: number }>, today: string): Promise<Array<{ journalId: number; periodId: number }>> {
	if (pairs.length === 0) return [];
	const rows = await sql<Array<{ journal_id: number; period_id: number }>>`
		select j.id as journal_id, p.id as period_id
		from journal j cross join period p
		where j.id = any(${pairs.map((x) => x.journalId)}) and p.id = any(${pairs.map((x) => x.periodId)}) and exists (
			select 1 from group_member gm where gm.group_id = j.group_id
				and gm.from_on <= least(p.ends_on, ${today}::date) and (gm.to_on is null or gm.to_on >= least(p.ends_on, ${today}::date))
				and not exists (select 1 from period_mark pm where pm.journal_id = j.id and pm.student_id = gm.student_id and pm.kind = 'period' and pm.period_id = p.id))`;
	return rows.map((r) => ({ journalId: r.journal_id, periodId: r.period_id }));
}

/** Full names of people by id. */
export async function personNames(sql: Q, ids: readonly number[]): Promise<Map<number, string>> {
	if (ids.length === 0) return new Map();
	const rows = await sql<Array<{ id: number; name: string }>>`
		select id, concat_ws(' ', last_name, first_name, middle_name) as name from person where id = any(${ids as number[]})`;
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** Serialises the sending of reminders of one school for the rest of the transaction. */
export async function lockControlNotices(tx: Tx, schoolId: number): Promise<void> {
	await tx`select pg_advisory_xact_lock(7453016, ${schoolId}::int)`;
}

/** The keys of the findings each of the teachers has been sent in any notice. */
export async function sentFindingKeys(sql: Q, schoolId: number, teacherIds: readonly number[]): Promise<Map<number, Set<string>>> {
	const sent = new Map<number, Set<string>>();
	if (teacherIds.length === 0) return sent;
	const rows = await sql<Array<{ teacher_id: number; key: string }>>`
		select distinct n.teacher_id, f ->> 'key' as key
		from control_notice n cross join lateral jsonb_array_elements(n.findings) f
		where n.school_id = ${schoolId} and n.teacher_id = any(${teacherIds as number[]}) and f ->> 'key' is not null`;
	for (const r of rows) sent.set(r.teacher_id, (sent.get(r.teacher_id) ?? new Set()).add(r.key));
	return sent;
}

/**
 * sets the school's days after a lesson by which its homework is entered, on the year's
 * rules row; false when the year has no row of its own yet (its rules are the defaults).
 */
export async function updateHomeworkDueDays(tx: Tx, schoolId: number, yearId: number, days: number, actorId: number): Promise<boolean> {
	const rows = await tx`
		update grading_rules set homework_due_days = ${days}, updated_by = ${actorId}, updated_at = now()
		where school_id = ${schoolId} and year_id = ${yearId} returning id`;
	return rows.length > 0;
}
