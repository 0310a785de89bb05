/**
 * Thematic plans of journals: their topics, the lessons they are laid onto with what the
 * plan last wrote into each, the curriculum's hours and the plans a journal may be copied from.
 * No transactions and no audit here: the plan commands do both.
 */
import type { Sql, Tx } from './client.ts';
import type { LessonFill, PlanItem, PlanLesson } from '../../domain/plan.ts';

type Q = Sql | Tx;

interface PlanItemRow {
	journal_id: number;
	position: number;
	topic: string;
	hours: number;
	work_type_id: number | null;
	homework: string | null;
	planned_on: string | null;
}

const itemFrom = (r: PlanItemRow): PlanItem => ({
	position: r.position,
	topic: r.topic,
	hours: r.hours,
	workTypeId: r.work_type_id,
	homework: r.homework,
	plannedOn: r.planned_on
});

/** The journal's plan, in its order (empty when it has none). */
export async function planOf(sql: Q, journalId: number): Promise<PlanItem[]> {
	return (await plansOf(sql, [journalId])).get(journalId) ?? [];
}

/** The plans of several journals in one query, by journal id. */
export async function plansOf(sql: Q, journalIds: readonly number[]): Promise<Map<number, PlanItem[]>> {
	const plans = new Map<number, PlanItem[]>(journalIds.map((id) => [id, []]));
	if (journalIds.length === 0) return plans;
	const rows = await sql<PlanItemRow[]>`
		select journal_id, position, topic, hours, work_type_id, homework, planned_on from plan_item
		where journal_id = any(${journalIds as number[]}) order by journal_id, position`;
	for (const row of rows) plans.get(row.journal_id)?.push(itemFrom(row));
	return plans;
}

/** Replaces the journal's plan with the given topics. */
export async function replacePlan(tx: Tx, journalId: number, items: readonly PlanItem[]): Promise<void> {
	await tx`delete from plan_item where journal_id = ${journalId}`;
	if (items.length === 0) return;
	// One array per column: on the embedded database every statement crosses a socket.
	const column = <T>(pick: (item: PlanItem) => T) => items.map((item) => (pick(item) === null ? null : String(pick(item))));
	await tx`
		insert into plan_item (journal_id, position, topic, hours, work_type_id, homework, planned_on)
		select ${journalId}, * from unnest(${column((i) => i.position)}::text[]::int[], ${column((i) => i.topic)}::text[],
			${column((i) => i.hours)}::text[]::int[], ${column((i) => i.workTypeId)}::text[]::int[],
			${column((i) => i.homework)}::text[], ${column((i) => i.plannedOn)}::text[]::date[])`;
}

/** The journal's lessons as the plan sees them, in the journal's order (date, number). */
export async function planLessonsOf(sql: Q, journalId: number): Promise<PlanLesson[]> {
	const rows = await sql<{ id: number; date: string; topic: string | null; homework: string | null; work_type_id: number | null; plan_topic: string | null; plan_homework: string | null }[]>`
		select id, date, topic, homework, work_type_id, plan_topic, plan_homework from lesson
		where journal_id = ${journalId} order by date, lesson_no nulls last, id`;
	return rows.map((r) => ({ id: r.id, date: r.date, topic: r.topic, homework: r.homework, workTypeId: r.work_type_id, planTopic: r.plan_topic, planHomework: r.plan_homework }));
}

/** The lesson dates of several journals, by journal id. */
export async function lessonDatesOf(sql: Q, journalIds: readonly number[]): Promise<Map<number, string[]>> {
	const dates = new Map<number, string[]>(journalIds.map((id) => [id, []]));
	if (journalIds.length === 0) return dates;
	const rows = await sql<{ journal_id: number; date: string }[]>`
		select journal_id, date from lesson where journal_id = any(${journalIds as number[]}) order by journal_id, date`;
	for (const row of rows) dates.get(row.journal_id)?.push(row.date);
	return dates;
}

/** What laying the plan writes into one lesson: the domain's fill. */
export type LessonFillRow = LessonFill;

/**
 * Writes the plan's topic, homework and type of work into a lesson; when its type of work
 * changes, its marks weigh what the new one weighs (X-MARKS), as a teacher's change does.
 */
export async function writeLessonFill(tx: Tx, fill: LessonFillRow, workTypeChanged: boolean): Promise<void> {
	await tx`
		update lesson set topic = ${fill.topic}, homework = ${fill.homework}, work_type_id = ${fill.workTypeId},
			plan_topic = ${fill.planTopic}, plan_homework = ${fill.planHomework}, updated_at = now()
		where id = ${fill.lessonId}`;
	if (!workTypeChanged) return;
	await tx`
		update mark set work_type_id = ${fill.workTypeId},
			weight = coalesce((select weight from work_type where id = ${fill.workTypeId}), 1), updated_at = now()
		where lesson_id = ${fill.lessonId} and work_type_id is distinct from ${fill.workTypeId}`;
}

/** Lessons a week of each journal's subject in its grade, from the year's curriculum (absent: the subject is not in it). */
export async function curriculumHoursOf(sql: Q, journalIds: readonly number[]): Promise<Map<number, number>> {
	if (journalIds.length === 0) return new Map();
	const rows = await sql<{ id: number; hours_per_week: number }[]>`
		select j.id, cu.hours_per_week::float8 as hours_per_week
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join curriculum cu on cu.year_id = c.year_id and cu.subject_id = j.subject_id and cu.grade = c.grade
		where j.id = any(${journalIds as number[]})`;
	return new Map(rows.map((r) => [r.id, r.hours_per_week]));
}

/** A journal whose plan can be copied: its class, group, year and plan size. */
export interface PlanSource {
	journalId: number;
	className: string;
	groupName: string;
	yearName: string;
	subject: string;
	topics: number;
	hours: number;
}

/**
 * Journals with a plan of the same subject and grade as the journal, in its school year or the
 * year before (the school's latest year that starts earlier), the journal itself aside; the
 * current year first.
 */
export async function planSourcesOf(sql: Q, journalId: number): Promise<PlanSource[]> {
	const rows = await sql<{ id: number; class_name: string; group_name: string; year_name: string; subject: string; topics: number; hours: number }[]>`
		with me as (
			select j.subject_id, c.grade, y.id as year_id, y.school_id, y.starts_on
			from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join school_year y on y.id = c.year_id
			where j.id = ${journalId}
		), years as (
			select year_id as id from me
			union all
			select (select py.id from school_year py where py.school_id = me.school_id and py.starts_on < me.starts_on order by py.starts_on desc limit 1) from me
		)
		select j.id, c.grade::text || c.letter as class_name, g.name as group_name, y.name as year_name, s.name as subject,
			count(p.id)::int as topics, coalesce(sum(p.hours), 0)::int as hours
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join school_year y on y.id = c.year_id join subject s on s.id = j.subject_id
		join plan_item p on p.journal_id = j.id, me
		where j.id <> ${journalId} and j.subject_id = me.subject_id and c.grade = me.grade and y.id in (select id from years where id is not null)
		group by j.id, c.grade, c.letter, g.name, y.name, y.starts_on, s.name
		order by y.starts_on desc, c.letter, g.name, j.id`;
	return rows.map((r) => ({ journalId: r.id, className: r.class_name, groupName: r.group_name, yearName: r.year_name, subject: r.subject, topics: r.topics, hours: r.hours }));
}

/** A journal of the year that has a plan, with its class, subject, group and teachers, for the administration's overview. */
export interface PlannedJournal {
	journalId: number;
	className: string;
	subject: string;
	groupName: string;
	wholeClass: boolean;
	teachers: string;
}

/** The year's journals that have a thematic plan, by class and subject. */
export async function journalsWithPlans(sql: Q, yearId: number): Promise<PlannedJournal[]> {
	const rows = await sql<{ id: number; class_name: string; subject: string; group_name: string; whole_class: boolean; teachers: string }[]>`
		select j.id, c.grade::text || c.letter as class_name, s.name as subject, g.name as group_name, g.whole_class,
			coalesce((select string_agg(concat_ws(' ', p.last_name, p.first_name, p.middle_name), ', ' order by p.last_name)
				from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id), '') as teachers
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		where c.year_id = ${yearId} and exists (select 1 from plan_item p where p.journal_id = j.id)
		order by c.grade, c.letter, s.name, g.name, j.id`;
	return rows.map((r) => ({ journalId: r.id, className: r.class_name, subject: r.subject, groupName: r.group_name, wholeClass: r.whole_class, teachers: r.teachers }));
}
