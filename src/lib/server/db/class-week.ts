/**
 * The rows of the class teacher's weekly check: every lesson of the
 * class's journals in some days × every pupil in the journal's group that day, with marks and absence;
 * and the parents of pupils.
 */
import type { Sql, Tx } from './client.ts';
import type { WeekCell } from '../../domain/class-week.ts';

type Q = Sql | Tx;

/** The cells of the class's lessons dated from..to (both included), for the pupils in each group that day (one pupil, if given). */
export async function weekCellsOfClass(sql: Q, classId: number, from: string, to: string, studentId?: number): Promise<WeekCell[]> {
	const rows = await sql<Array<{ lesson_id: number; journal_id: number; subject: string; date: string; lesson_no: number | null; student_id: number; code: string | null }>>`
		select l.id as lesson_id, l.journal_id, s.name as subject, l.date::text as date, l.lesson_no, gm.student_id, a.code
		from lesson l join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join subject s on s.id = j.subject_id
		join group_member gm on gm.group_id = g.id and gm.from_on <= l.date and (gm.to_on is null or gm.to_on >= l.date)
		left join absence a on a.lesson_id = l.id and a.student_id = gm.student_id
		where g.class_id = ${classId} and l.date between ${from}::date and ${to}::date
			and (${studentId ?? null}::int is null or gm.student_id = ${studentId ?? null}::int)
		order by l.date, l.lesson_no nulls last, l.id, gm.student_id`;
	const marks = await sql<Array<{ lesson_id: number; student_id: number; value: number }>>`
		select m.lesson_id, m.student_id, m.value
		from mark m join lesson l on l.id = m.lesson_id join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id
		where g.class_id = ${classId} and l.date between ${from}::date and ${to}::date
		order by m.lesson_id, m.student_id, m.position`;
	const marksOf = new Map<string, number[]>();
	for (const m of marks) {
		const key = `${m.lesson_id}:${m.student_id}`;
		marksOf.set(key, [...(marksOf.get(key) ?? []), m.value]);
	}
	return rows.map((r) => ({
		lessonId: r.lesson_id,
		journalId: r.journal_id,
		subject: r.subject,
		date: r.date,
		lessonNo: r.lesson_no,
		studentId: r.student_id,
		marks: marksOf.get(`${r.lesson_id}:${r.student_id}`) ?? [],
		absence: r.code
	}));
}

/** The parents of the pupils: each parent with the child they are told about. */
export async function parentsOfStudents(sql: Q, schoolId: number, studentIds: readonly number[]): Promise<Array<{ parentId: number; studentId: number }>> {
	if (studentIds.length === 0) return [];
	const rows = await sql<Array<{ parent_id: number; student_id: number }>>`
		select g.parent_id, g.student_id from guardian g join person p on p.id = g.parent_id
		where p.school_id = ${schoolId} and g.student_id = any(${studentIds as number[]}::int[]) order by g.student_id, g.parent_id`;
	return rows.map((r) => ({ parentId: r.parent_id, studentId: r.student_id }));
}

// ───────────────────────── the weekly automatic notice ─────────────────────────

/** A class's weekly notice rule: who turned it on, and its words. */
export interface WeeklyNoticeRule {
	classId: number;
	authorId: number;
	subject: string;
	template: string;
}

/** The class's rule, when it is on; with the Monday it last ran. */
export async function weeklyNoticeRuleOf(sql: Q, classId: number): Promise<(WeeklyNoticeRule & { lastWeek: string | null }) | undefined> {
	const [row] = await sql<Array<WeeklyNoticeRule & { lastWeek: string | null }>>`
		select r.class_id as "classId", r.author_id as "authorId", r.subject, r.template,
			(select max(week)::text from weekly_notice_run x where x.class_id = r.class_id) as "lastWeek"
		from weekly_notice_rule r where r.class_id = ${classId}`;
	return row;
}

/** Turns the class's rule on with these words (or changes them), or off (null). */
export async function setWeeklyNoticeRule(tx: Tx, classId: number, rule: Omit<WeeklyNoticeRule, 'classId'> | null): Promise<void> {
	if (rule === null) await tx`delete from weekly_notice_rule where class_id = ${classId}`;
	else
		await tx`
			insert into weekly_notice_rule (class_id, author_id, subject, template) values (${classId}, ${rule.authorId}, ${rule.subject}, ${rule.template})
			on conflict (class_id) do update set author_id = excluded.author_id, subject = excluded.subject, template = excluded.template, created_at = now()`;
}

/** The rules that have not run for the week of this Monday yet. */
export async function weeklyNoticesDue(sql: Q, monday: string): Promise<WeeklyNoticeRule[]> {
	return sql<WeeklyNoticeRule[]>`
		select r.class_id as "classId", r.author_id as "authorId", r.subject, r.template from weekly_notice_rule r
		where not exists (select 1 from weekly_notice_run x where x.class_id = r.class_id and x.week = ${monday}::date)
		order by r.class_id`;
}

/** Takes the class's run of the week in the caller's transaction: false when it was taken already (by another instance). */
export async function claimWeeklyRun(tx: Tx, classId: number, monday: string, recipients: number): Promise<boolean> {
	const rows = await tx`
		insert into weekly_notice_run (class_id, week, recipients) values (${classId}, ${monday}::date, ${recipients})
		on conflict (class_id, week) do nothing returning class_id`;
	return rows.length > 0;
}
