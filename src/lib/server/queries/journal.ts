/**
 * Reads of one journal for pages, endpoints and commands: the journal the actor may act on, its
 * page header, a cell's history and its lessons' files — each found and allowed by the one policy.
 */
import type { Ctx } from '../context.ts';
import { journalFacts, type JournalFacts } from '../db/journal-facts.ts';
import { findJournal, type JournalHeader } from '../db/journal.ts';
import { classTeacherWritesOf } from '../db/settings.ts';
import { cellHistory, type CellHistoryEntry } from '../db/cells.ts';
import { findLesson } from '../db/lessons.ts';
import { attachmentsOfLesson, findAttachment, journalMemberIds, type Attachment } from '../db/attachments.ts';
import { journalForecasts, journalStanding } from './standing.ts';
import { parseId } from '../../domain/ids.ts';
import { allowedValues, periodColumnOf, sheetColumnOf, PERIOD_MARK_MESSAGES } from '../../domain/period-marks.ts';
import { JOURNAL_MESSAGES } from '../../domain/journal-rules.ts';
import { decide, journalResource, lessonFilesResource, may, reportsResource, type Action, type Actor, type JournalPart } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

export type { JournalFacts, JournalHeader, CellHistoryEntry, Attachment };

/**
 * The journal of an id (untrusted) when the actor may do the action to it. A journal that is
 * missing, foreign or not the actor's to read is one not_found (ids do not tell whether a journal
 * exists); a journal the actor reads but may not change is forbidden with the policy's reason.
 * A write names the part of the journal it changes (lessons and marks unless told): a class
 * teacher writes another teacher's journal only as far as the school allows. A write of one lesson
 * names it (`lessonId`): a substitute of single lessons writes exactly those.
 */
export async function journalFor(ctx: Ctx, actor: Actor, journalId: unknown, action: Action, part?: JournalPart, lessonId?: number): Promise<Outcome<JournalFacts>> {
	const id = parseId(journalId);
	const journal = id === undefined ? undefined : await journalFacts(ctx.sql, id);
	if (!journal || !may(actor, 'read', journalResource(journal))) return refuse('not_found', JOURNAL_MESSAGES.journalNotFound);
	const classTeacherWrites = action === 'read' ? undefined : await classTeacherWritesOf(ctx.sql, journal.schoolId);
	const decision = decide(actor, action, journalResource(journal, { classTeacherWrites, part, lessonId }));
	return decision.allow ? done(journal) : refuse('forbidden', decision.reason);
}

/** The actor may write this part of the journal (the school's class-teacher setting read now). */
async function mayWrite(ctx: Ctx, actor: Actor, journal: { schoolId: number; journalId: number; classId: number }, part: JournalPart): Promise<boolean> {
	return may(actor, 'write', journalResource(journal, { classTeacherWrites: await classTeacherWritesOf(ctx.sql, journal.schoolId), part }));
}

/**
 * The journal page's header and what the actor may write (the sheet itself comes over /collab);
 * not_found for a journal the actor may not read. `canWrite`: any cell at all (a class teacher
 * always marks absences, so their live connection is writable; so does a substitute of single
 * lessons, whose `replacedLessonIds` are the lessons they write); `canWriteMarks`: lessons and
 * marks; `canWritePeriodMarks`: the period, year, exam and final marks; `canPrint`: the printed
 * journal (its teachers, the class teacher, the administration).
 */
export async function journalPage(
	ctx: Ctx,
	actor: Actor,
	journalId: unknown
): Promise<Outcome<{ journal: JournalHeader; canWrite: boolean; replacedLessonIds: number[]; canWriteMarks: boolean; canWritePeriodMarks: boolean; canPrint: boolean }>> {
	const id = parseId(journalId);
	const journal = id === undefined ? undefined : await findJournal(ctx.sql, id);
	if (!journal || !may(actor, 'read', journalResource(journal))) return refuse('not_found', JOURNAL_MESSAGES.journalNotFound);
	// The school's setting is read once and judged for each part of the journal.
	const classTeacherWrites = await classTeacherWritesOf(ctx.sql, journal.schoolId);
	const mayWritePart = (part: JournalPart) => may(actor, 'write', journalResource(journal, { classTeacherWrites, part }));
	// A substitute of single lessons writes cells of those lessons only; the rest is refused per edit.
	const replacedLessonIds = actor.replacedLessons?.[journal.journalId] ?? [];
	return done({
		journal,
		canWrite: mayWritePart('absences') || replacedLessonIds.length > 0,
		replacedLessonIds: mayWritePart('lessons_and_marks') ? [] : [...replacedLessonIds],
		canWriteMarks: mayWritePart('lessons_and_marks'),
		canWritePeriodMarks: mayWritePart('period_marks'),
		canPrint: may(actor, 'read', reportsResource(journal.schoolId, { journalId: journal.journalId, classId: journal.classId }))
	});
}

/** The history of one cell of a journal the actor may read (X-AUDIT). */
export async function cellHistoryOf(ctx: Ctx, actor: Actor, input: { journalId: unknown; lessonId: unknown; studentId: unknown }): Promise<Outcome<CellHistoryEntry[]>> {
	const journal = await journalFor(ctx, actor, input.journalId, 'read');
	if (!journal.ok) return journal;
	const lessonId = parseId(input.lessonId);
	const studentId = parseId(input.studentId);
	if (lessonId === undefined || studentId === undefined) return refuse('invalid', JOURNAL_MESSAGES.historyParams);
	if (!(await findLesson(ctx.sql, journal.value.journalId, lessonId))) return refuse('not_found', JOURNAL_MESSAGES.lessonNotFound);
	return done(await cellHistory(ctx.sql, lessonId, studentId));
}

/** The files attached to a lesson of a journal the actor may read. */
export async function lessonFiles(ctx: Ctx, actor: Actor, input: { journalId: unknown; lessonId: unknown }): Promise<Outcome<Attachment[]>> {
	const journal = await journalFor(ctx, actor, input.journalId, 'read');
	if (!journal.ok) return journal;
	const lessonId = parseId(input.lessonId);
	if (lessonId === undefined || !(await findLesson(ctx.sql, journal.value.journalId, lessonId))) return refuse('not_found', JOURNAL_MESSAGES.lessonNotFound);
	return done(await attachmentsOfLesson(ctx.sql, lessonId));
}

/**
 * One attached file for download, to whoever may read its journal and to the students of its
 * group and their parents (R-4.4.1: materials are for the students). Everyone else gets the same
 * not_found, so nobody can probe for files.
 */
export async function lessonFile(ctx: Ctx, actor: Actor, input: { journalId: unknown; lessonId: unknown; attachmentId: unknown }): Promise<Outcome<Attachment>> {
	const missing = refuse('not_found', JOURNAL_MESSAGES.fileNotFound);
	const journalId = parseId(input.journalId);
	const lessonId = parseId(input.lessonId);
	const attachmentId = parseId(input.attachmentId);
	const journal = journalId === undefined ? undefined : await journalFacts(ctx.sql, journalId);
	if (!journal || lessonId === undefined || attachmentId === undefined || journal.schoolId !== actor.schoolId) return missing;
	if (!may(actor, 'read', lessonFilesResource(journal, await journalMemberIds(ctx.sql, journal.journalId)))) return missing;
	const attachment = await findAttachment(ctx.sql, lessonId, attachmentId);
	if (!attachment || !(await findLesson(ctx.sql, journal.journalId, lessonId))) return missing;
	return done(attachment);
}

/** The period, year, exam and final marks of a journal with averages, suggestions and their rules. */
export async function journalMarksPage(ctx: Ctx, actor: Actor, journalId: unknown) {
	const page = await journalPage(ctx, actor, journalId);
	if (!page.ok) return page;
	const { journal, canWritePeriodMarks: canWrite } = page.value;
	const { sheet, rules, markFree } = await journalStanding(ctx.sql, journal, ctx.today);
	return done({ journal, today: ctx.today, sheet, minMarks: rules.minMarks, values: allowedValues(rules.scale, markFree), canWrite });
}

/**
 * The mark column of the live journal: the current period of the class's grade,
 * a period by `period`, or any column of the marks sheet by `column` (`p<id>|year|exam|final`):
 * each student's suggestion, its rule, the average and the mark set; with `column`, a period under
 * way also gets each student's forecast and the too-few-marks warnings.
 */
export async function markColumn(ctx: Ctx, actor: Actor, input: { journalId: unknown; period: string | null; column: string | null }) {
	const found = await journalFor(ctx, actor, input.journalId, 'read');
	if (!found.ok) return found;
	const journal = found.value;
	const periodId = input.period === null ? undefined : parseId(input.period);
	if (input.period !== null && periodId === undefined) return refuse('not_found', PERIOD_MARK_MESSAGES.periodNotFound);
	const standing = await journalStanding(ctx.sql, journal, ctx.today);
	const { sheet, rules, markFree } = standing;
	const view = input.column !== null ? sheetColumnOf(sheet, input.column || undefined) : periodColumnOf(sheet, periodId);
	if (!view) return refuse('not_found', PERIOD_MARK_MESSAGES.periodNotFound);
	const canWrite = await mayWrite(ctx, actor, journal, 'period_marks');
	const shownPeriod = 'column' in view && view.column.kind === 'period' ? view.column.periodId : null;
	const forecasts = shownPeriod === null ? [] : await journalForecasts(ctx.sql, journal, standing, shownPeriod, ctx.today);
	const warnings = shownPeriod === null ? [] : sheet.warnings.filter((w) => w.periodId === shownPeriod);
	return done({ ...view, values: allowedValues(rules.scale, markFree), canWrite, ...(input.column !== null ? { forecasts, warnings } : {}) });
}
