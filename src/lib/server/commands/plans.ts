/**
 * A journal's thematic plan (R-4.4.4, R-2.2): saved from the grid, imported from a school's XLSX or
 * CSV, copied from another journal of the same subject and grade (this year or last), and laid
 * onto the journal's lessons. Each checks the plan's policy (its teachers and the administrator
 * change it), then the topics with the domain's rules, then writes the rows and the audit rows in
 * one transaction; laying announces the lessons it changed to the open journal and the pupils'
 * diaries, the same way a teacher's typed topic reaches them (X-LIVE).
 */
import type { Ctx } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { writeAudit } from '../db/audit.ts';
import { journalFacts, workTypesOf, type JournalFacts } from '../db/journal-facts.ts';
import { planJournalFor } from '../queries/plans.ts';
import { lockLessonsOf } from '../db/lessons.ts';
import { periodsOfYear } from '../db/periods.ts';
import { journalMemberIds } from '../db/attachments.ts';
import { planLessonsOf, planOf, planSourcesOf, replacePlan, writeLessonFill } from '../db/plans.ts';
import { notifyLessonsChanged } from '../collab-bridge.ts';
import { notifyDiaryChanged } from '../diary-events.ts';
import { readTable } from '../import-file.ts';
import { parseId } from '../../domain/ids.ts';
import { closedReason, periodsOfGrade } from '../../domain/periods.ts';
import { checkPlan, MAX_PLAN_FILE_BYTES, PLAN_MESSAGES as M, planFills, planRowsOf, type LessonFill, type PlanItem, type PlanItemInput } from '../../domain/plan.ts';
import type { Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** What saving a plan did. */
export interface PlanSaved {
	topics: number;
	hours: number;
}

// Replaces the journal's plan with checked topics, with the audit row, in one transaction.
async function writePlan(ctx: Ctx, actor: Actor, journal: JournalFacts, items: PlanItem[], source: string): Promise<Outcome<PlanSaved>> {
	await ctx.sql.begin(async (tx) => {
		// Plan changes and laying wait for each other, and for lesson changes of the journal.
		await lockLessonsOf(tx, journal.journalId);
		const old = await planOf(tx, journal.journalId);
		await replacePlan(tx, journal.journalId, items);
		await writeAudit(tx, { actorId: actor.personId, action: 'plan.save', entity: 'journal', entityId: journal.journalId, oldValue: old, newValue: items, source });
	});
	return done({ topics: items.length, hours: items.reduce((sum, item) => sum + item.hours, 0) });
}

// The topics checked against the journal's year and the school's types of work.
async function checkedItems(ctx: Ctx, journal: JournalFacts, rows: readonly PlanItemInput[], lines?: readonly number[]): Promise<Outcome<PlanItem[]>> {
	const workTypes = await workTypesOf(ctx.sql, journal.schoolId, journal.yearId);
	const checked = checkPlan(rows, { year: journal.year, workTypes }, lines);
	return checked.ok ? done(checked.value) : refuse('invalid', checked.reason);
}

/**
 * Saves the plan typed in the grid: `{ journalId, items }`, the items an array (or its JSON) of
 * `{ topic, hours, workType, homework, plannedOn }` in order. Refused: a journal the actor may not
 * change the plan of (forbidden), any wrong row (invalid, with its number); then nothing changes.
 */
export async function savePlan(ctx: Ctx, actor: Actor, input: { journalId: unknown; items: unknown }): Promise<Outcome<PlanSaved>> {
	const found = await planJournalFor(ctx, actor, input.journalId, 'write');
	if (!found.ok) return found;
	let rows: unknown = input.items;
	if (typeof rows === 'string') {
		try {
			rows = JSON.parse(rows);
		} catch {
			return refuse('invalid', M.badRequest);
		}
	}
	if (!Array.isArray(rows) || rows.some((row) => typeof row !== 'object' || row === null)) return refuse('invalid', M.badRequest);
	const checked = await checkedItems(ctx, found.value, rows as PlanItemInput[]);
	if (!checked.ok) return checked;
	return writePlan(ctx, actor, found.value, checked.value, 'web');
}

/**
 * Imports the plan from a school's file (XLSX, or CSV in UTF-8 or Windows-1251 with `;` or `,`):
 * the columns «№», «Тема», «Часы», optionally «Дата», «Вид работы», «Домашнее задание», under
 * any title rows. The plan is replaced whole, or, at the first wrong row, not at all.
 */
export async function importPlan(ctx: Ctx, actor: Actor, input: { journalId: unknown; bytes: Uint8Array | undefined }): Promise<Outcome<PlanSaved>> {
	const found = await planJournalFor(ctx, actor, input.journalId, 'write');
	if (!found.ok) return found;
	if (!input.bytes || input.bytes.length === 0) return refuse('invalid', M.noFile);
	if (input.bytes.length > MAX_PLAN_FILE_BYTES) return refuse('too_large', M.tooLarge);
	const table = await readTable(input.bytes);
	if (!table) return refuse('unsupported_type', M.unreadable);
	const read = planRowsOf(table);
	if (!read.ok) return refuse('invalid', read.reason);
	const checked = await checkedItems(ctx, found.value, read.value.rows, read.value.lines);
	if (!checked.ok) return checked;
	return writePlan(ctx, actor, found.value, checked.value, 'import');
}

/**
 * Copies the plan of another journal of the same subject and grade, of this school year or the
 * one before, over this journal's plan. Dates of last year's plan are left out (they belong to
 * that year's calendar); a type of work is kept only if this year has it.
 */
export async function copyPlan(ctx: Ctx, actor: Actor, input: { journalId: unknown; fromJournalId: unknown }): Promise<Outcome<PlanSaved>> {
	const found = await planJournalFor(ctx, actor, input.journalId, 'write');
	if (!found.ok) return found;
	const journal = found.value;
	const fromId = parseId(input.fromJournalId);
	if (fromId === undefined) return refuse('invalid', M.sourceNotFound);
	if (fromId === journal.journalId) return refuse('invalid', M.sameJournal);
	const source = (await planSourcesOf(ctx.sql, journal.journalId)).find((s) => s.journalId === fromId);
	if (!source) {
		const other = await journalFacts(ctx.sql, fromId);
		return other && other.schoolId === actor.schoolId ? refuse('invalid', M.sourceMismatch) : refuse('invalid', M.sourceNotFound);
	}
	const [fromJournal, items, workTypes] = await Promise.all([journalFacts(ctx.sql, fromId), planOf(ctx.sql, fromId), workTypesOf(ctx.sql, journal.schoolId, journal.yearId)]);
	if (items.length === 0) return refuse('invalid', M.sourceEmpty);
	const sameYear = fromJournal?.yearId === journal.yearId;
	const known = new Set(workTypes.map((w) => w.id));
	const copied = items.map((item) => ({
		...item,
		plannedOn: sameYear ? item.plannedOn : null,
		workTypeId: item.workTypeId !== null && known.has(item.workTypeId) ? item.workTypeId : null
	}));
	return writePlan(ctx, actor, journal, copied, `copy:${fromId}`);
}

/** What laying the plan did: the lessons whose topic or homework it wrote, and those it left because their period is closed. */
export interface PlanLaid {
	changed: number;
	closed: number;
}

/**
 * «Разложить план по урокам» (R-4.4.4): the plan's topics, homework where the plan has it, and
 * types of work into lessons without one, written into the journal's lessons in their order; a
 * topic or homework the teacher typed is never overwritten (`planFills`). Lessons of a closed
 * period (R-5.3) are left as they are. One audit row per lesson changed; the open journal and the
 * pupils' diaries show the new topics at once.
 */
export async function layPlanOnLessons(ctx: Ctx, actor: Actor, input: { journalId: unknown }): Promise<Outcome<PlanLaid>> {
	const found = await planJournalFor(ctx, actor, input.journalId, 'write');
	if (!found.ok) return found;
	if ((await planOf(ctx.sql, found.value.journalId)).length === 0) return refuse('invalid', M.noPlan);
	return done(await fillLessonsFromPlan(ctx, actor.personId, found.value));
}

/**
 * Writes the plan into the journal's lessons (see layPlanOnLessons) for a writer already allowed
 * to change them — the plan's command, or a command that just created lessons (a lesson added by
 * hand, lessons from the timetable), so new lessons take their topics from the plan. Does nothing
 * when the journal has no plan.
 */
export async function fillLessonsFromPlan(ctx: Ctx, actorId: number | null, journal: JournalFacts): Promise<PlanLaid> {
	if ((await planOf(ctx.sql, journal.journalId)).length === 0) return { changed: 0, closed: 0 };
	const periods = periodsOfGrade(await periodsOfYear(ctx.sql, journal.yearId), journal.grade);
	const closedOn = (date: string) => closedReason(periods.filter((p) => p.startsOn <= date && date <= p.endsOn), ctx.today) !== null;
	const written = await ctx.sql.begin(async (tx: Tx) => {
		await lockLessonsOf(tx, journal.journalId);
		const items = await planOf(tx, journal.journalId);
		if (items.length === 0) return { changed: [] as LessonFill[], closed: 0 };
		const lessons = await planLessonsOf(tx, journal.journalId);
		const byId = new Map(lessons.map((l) => [l.id, l]));
		const fills = planFills(items, lessons);
		const open = fills.filter((fill) => !closedOn(byId.get(fill.lessonId)!.date));
		for (const fill of open) {
			const old = byId.get(fill.lessonId)!;
			await writeLessonFill(tx, fill, fill.workTypeId !== old.workTypeId);
			await writeAudit(tx, {
				actorId,
				action: 'lesson.plan',
				entity: 'lesson',
				entityId: fill.lessonId,
				oldValue: { topic: old.topic, homework: old.homework, workTypeId: old.workTypeId },
				newValue: { topic: fill.topic, homework: fill.homework, workTypeId: fill.workTypeId },
				source: 'plan'
			});
		}
		return { changed: open, closed: fills.length - open.length };
	});
	if (written.changed.length > 0) {
		await notifyLessonsChanged(journal.journalId, written.changed.map((fill) => fill.lessonId));
		try {
			notifyDiaryChanged(await journalMemberIds(ctx.sql, journal.journalId), 'lesson');
		} catch (error) {
			console.error('diary events: pupils of the journal not read', error);
		}
	}
	return { changed: written.changed.length, closed: written.closed };
}
