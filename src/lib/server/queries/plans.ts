/**
 * Reads of thematic plans: a journal's plan page — its topics, where they fall
 * among the lessons, its hours against the curriculum, progress to date and the plans it may be
 * copied from — and progress through the programme for a journal's page and for families.
 */
import type { Ctx } from '../context.ts';
import type { Sql } from '../db/client.ts';
import { journalFacts, workTypesOf, type JournalFacts } from '../db/journal-facts.ts';
import { holidaysOfYear } from '../db/holidays.ts';
import { curriculumHoursOf, lessonDatesOf, planLessonsOf, planOf, plansOf, planSourcesOf } from '../db/plans.ts';
import { timetableLessonsOf } from './timetable.ts';
import { addDays } from '../../domain/dates.ts';
import { parseId } from '../../domain/ids.ts';
import { JOURNAL_MESSAGES } from '../../domain/journal-rules.ts';
import { checkHours, layPlan, planCalendar, planDates, planHours, plannedByDate, planProgress, planTable, type PlanItem, type PlanProgress } from '../../domain/plan.ts';
import type { Holiday } from '../../domain/holidays.ts';
import { decide, planResource, type Action, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/**
 * The journal of an id (untrusted) whose plan the actor may read or change: a journal that is
 * missing, of another school or not the actor's to read is not_found; one whose plan the actor
 * reads but may not change is forbidden with the policy's reason.
 */
export async function planJournalFor(ctx: Ctx, actor: Actor, journalId: unknown, action: Action): Promise<Outcome<JournalFacts>> {
	const id = parseId(journalId);
	const journal = id === undefined ? undefined : await journalFacts(ctx.sql, id);
	if (!journal || !decide(actor, 'read', planResource(journal)).allow) return refuse('not_found', JOURNAL_MESSAGES.journalNotFound);
	const decision = decide(actor, action, planResource(journal));
	return decision.allow ? done(journal) : refuse('forbidden', decision.reason);
}

// Progress of a plan: null when it has no topics or nothing tells the pace (no dates, no curriculum).
function progressOf(items: readonly PlanItem[], lessonDates: readonly string[], facts: { today: string; year: JournalFacts['year']; holidays: readonly Holiday[]; hoursPerWeek: number | null }): PlanProgress | null {
	if (items.length === 0) return null;
	const planned = plannedByDate(items, facts);
	return planned === null ? null : planProgress(planned, lessonDates, facts.today);
}

/**
 * The plan page of a journal (every member of staff reads it; its teachers and the administrator
 * change it): the topics with the dates of the lessons each falls on, the school's types of work,
 * the hours against the curriculum and the journal's lessons, progress to date, and the journals
 * of the same subject and grade (this year and last) whose plans can be copied.
 */
export async function planPage(ctx: Ctx, actor: Actor, journalId: unknown) {
	const found = await planJournalFor(ctx, actor, journalId, 'read');
	if (!found.ok) return found;
	const journal = found.value;
	const [items, lessons, workTypes, curriculum, holidays, sources] = await Promise.all([
		planOf(ctx.sql, journal.journalId),
		planLessonsOf(ctx.sql, journal.journalId),
		workTypesOf(ctx.sql, journal.schoolId, journal.yearId),
		curriculumHoursOf(ctx.sql, [journal.journalId]),
		holidaysOfYear(ctx.sql, journal.yearId),
		planSourcesOf(ctx.sql, journal.journalId)
	]);
	const hoursPerWeek = curriculum.get(journal.journalId) ?? null;
	const laid = layPlan(items, lessons);
	const datesOf = new Map<number, string[]>();
	for (const lesson of lessons) {
		const position = laid.get(lesson.id);
		if (position != null) datesOf.set(position, [...(datesOf.get(position) ?? []), lesson.date]);
	}
	const calendar = await planCalendarOf(ctx, journal, lessons.map((l) => l.date));
	const plannedOf = planDates(items, calendar.dates);
	return done({
		journal,
		canWrite: decide(actor, 'write', planResource(journal)).allow,
		today: ctx.today,
		// Each topic's lessons in the journal, and its dates on the calendar (the first is its planned date).
		items: items.map((item) => ({ ...item, lessonDates: datesOf.get(item.position) ?? [], plannedDates: plannedOf.get(item.position) ?? [] })),
		workTypes: workTypes.map((w) => ({ id: w.id, name: w.name })),
		hours:
			items.length === 0
				? null
				: checkHours({ planHours: planHours(items), hoursPerWeek, grade: journal.grade, lessons: lessons.length, scheduled: calendar.timetabled ? calendar.dates.length : null }),
		/** Whether the dates come from the timetable (else from the journal's lessons only). */
		timetabled: calendar.timetabled,
		progress: progressOf(items, lessons.map((l) => l.date), { today: ctx.today, year: journal.year, holidays, hoursPerWeek }),
		lessons: lessons.length,
		sources
	});
}

/**
 * The journal's calendar for its plan: the dates of its lessons, then the dates the
 * timetable gives it after today to the year's end (`planCalendar`); `timetabled` is false when
 * the timetable gives the journal nothing, and the calendar is its lessons alone.
 */
export async function planCalendarOf(ctx: Ctx, journal: JournalFacts, lessonDates: readonly string[]): Promise<{ dates: string[]; timetabled: boolean }> {
	const ahead = ctx.today < journal.year.endsOn ? await timetableLessonsOf(ctx.sql, journal.journalId, addDays(ctx.today > journal.year.startsOn ? ctx.today : addDays(journal.year.startsOn, -1), 1), journal.year.endsOn) : [];
	if (ahead === null) return { dates: [...lessonDates], timetabled: false };
	return { dates: planCalendar(lessonDates, ahead.map((l) => l.date)), timetabled: true };
}

/**
 * The plan's topics of the journal's lessons to come by the timetable (the greyed columns of the
 * journal page): for each lesson of `upcoming`, the topic the plan puts on it, or null.
 */
export async function plannedTopicsOf(ctx: Ctx, journal: JournalFacts, upcoming: ReadonlyArray<{ date: string }>): Promise<Array<string | null>> {
	if (upcoming.length === 0) return [];
	const items = await planOf(ctx.sql, journal.journalId);
	if (items.length === 0) return upcoming.map(() => null);
	const lessons = await planLessonsOf(ctx.sql, journal.journalId);
	const calendar = await planCalendarOf(ctx, journal, lessons.map((l) => l.date));
	const laid = layPlan(items, calendar.dates.map((date, id) => ({ id, date })));
	const topicOf = new Map(items.map((item) => [item.position, item.topic]));
	// The calendar's entries of a day after the journal's own lessons of that day are the timetable's to come.
	const used = new Map<string, number>();
	for (const date of lessons.map((l) => l.date)) used.set(date, (used.get(date) ?? 0) + 1);
	return upcoming.map(({ date }) => {
		const skip = used.get(date) ?? 0;
		used.set(date, skip + 1);
		const id = calendar.dates.indexOf(date) + skip;
		const position = id >= skip && calendar.dates[id] === date ? laid.get(id) : null;
		return position == null ? null : (topicOf.get(position) ?? null);
	});
}

/** The journal's plan as a table for a file (the template's columns), for anyone who may read it. */
export async function planFileRows(ctx: Ctx, actor: Actor, journalId: unknown): Promise<Outcome<{ journal: JournalFacts; rows: string[][] }>> {
	const found = await planJournalFor(ctx, actor, journalId, 'read');
	if (!found.ok) return found;
	const journal = found.value;
	const [items, workTypes] = await Promise.all([planOf(ctx.sql, journal.journalId), workTypesOf(ctx.sql, journal.schoolId, journal.yearId)]);
	return done({ journal, rows: planTable(items, workTypes) });
}

/** Progress through the programme of one journal the caller already may read (its page's line), or null without a plan. */
export async function journalProgress(ctx: Ctx, journal: JournalFacts): Promise<PlanProgress | null> {
	return (await programmeOf(ctx.sql, [journal.journalId], ctx.today)).get(journal.journalId) ?? null;
}

/**
 * Progress through the programme of journals of one school year, by journal id: only
 * journals with a plan whose pace is known. The caller has checked who may read them.
 */
export async function programmeOf(sql: Sql, journalIds: readonly number[], today: string): Promise<Map<number, PlanProgress>> {
	const result = new Map<number, PlanProgress>();
	if (journalIds.length === 0) return result;
	const plans = await plansOf(sql, journalIds);
	const planned = journalIds.filter((id) => (plans.get(id) ?? []).length > 0);
	const first = planned.length === 0 ? undefined : await journalFacts(sql, planned[0]);
	if (!first) return result;
	const [dates, curriculum, holidays] = await Promise.all([lessonDatesOf(sql, planned), curriculumHoursOf(sql, planned), holidaysOfYear(sql, first.yearId)]);
	for (const id of planned) {
		const progress = progressOf(plans.get(id)!, dates.get(id) ?? [], { today, year: first.year, holidays, hoursPerWeek: curriculum.get(id) ?? null });
		if (progress) result.set(id, progress);
	}
	return result;
}
