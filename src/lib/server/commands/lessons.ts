/**
 * Lesson columns of a journal: add, change (move, topic, type of work, homework),
 * delete. Each checks the policy, then the lesson against its year, types of work and holidays,
 * refuses a closed period (R-5.3, judged on `ctx.today`), writes the row and its audit row in one
 * transaction, and then shows the change in the open live document. Nothing saved is lost: a
 * lesson with marks, absences or comments is not deleted.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { closedPeriodOn, workTypesOf, type JournalFacts } from '../db/journal-facts.ts';
import {
	deleteLesson as deleteLessonRow,
	findLesson,
	insertLesson,
	lessonHasEntries,
	lessonsOfJournal,
	lessonsOn,
	lockLesson,
	lockLessonsOf,
	updateLesson as updateLessonRow,
	type StoredLesson
} from '../db/lessons.ts';
import { attachmentKeysOfLesson } from '../db/attachments.ts';
import { holidaysOfYear } from '../db/holidays.ts';
import { notifyLessonsChanged } from '../collab-bridge.ts';
import { fillLessonsFromPlan } from './plans.ts';
import { noticeHomework } from './journal-notices.ts';
import { notifyInboxChanged } from '../inbox-events.ts';
import { notifyDiaryChanged } from '../diary-events.ts';
import { journalMemberIds } from '../db/attachments.ts';
import { removeAttachmentFiles } from '../files.ts';
import { appConfig } from '../context.ts';
import { journalFor } from '../queries/journal.ts';
import { parseId } from '../../domain/ids.ts';
import { checkLesson, JOURNAL_MESSAGES, lessonSlotClash, type LessonContext, type LessonInput } from '../../domain/journal-rules.ts';
import type { Tx } from '../db/client.ts';
import type { DocLesson } from '../../domain/journal-doc.ts';
import { journalResource, may, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

// What a lesson of the journal is checked against: its year, the school's types of work, the year's holidays.
async function lessonContext(ctx: Ctx, journal: JournalFacts): Promise<LessonContext> {
	const [workTypes, holidays] = await Promise.all([workTypesOf(ctx.sql, journal.schoolId, journal.yearId), holidaysOfYear(ctx.sql, journal.yearId)]);
	return { year: journal.year, workTypes, holidays };
}

/**
 * A lesson (ids untrusted) of a journal the actor may write, or the refusal. With `single`, the
 * write is of this one lesson (its topic, homework, files), which a substitute of single lessons
 * may make in exactly the lessons they replace; `wholeJournal` then says whether the
 * actor writes the journal's lessons at all (moves and deletions are theirs only).
 */
async function writableLesson(
	ctx: Ctx,
	actor: Actor,
	input: { journalId: unknown; lessonId: unknown },
	single = false
): Promise<Outcome<{ journal: JournalFacts; current: StoredLesson; wholeJournal: boolean }>> {
	const lessonId = parseId(input.lessonId);
	const found = await journalFor(ctx, actor, input.journalId, 'write', undefined, single ? lessonId : undefined);
	if (!found.ok) return found;
	const current = lessonId === undefined ? undefined : await findLesson(ctx.sql, found.value.journalId, lessonId);
	if (!current) return refuse('not_found', JOURNAL_MESSAGES.lessonNotFound);
	const wholeJournal = !single || may(actor, 'write', journalResource(found.value));
	return done({ journal: found.value, current, wholeJournal });
}

// one lesson per day and number, judged inside the writing transaction after the
// journal's lesson changes are made to wait for each other: two teachers adding the same lesson
// at once cannot both pass. The reason, or null when the lesson may stand there.
async function slotClash(tx: Tx, journalId: number, lesson: { date: string; lessonNo: number | null }, selfId?: number): Promise<string | null> {
	await lockLessonsOf(tx, journalId);
	return lessonSlotClash(lesson, await lessonsOn(tx, journalId, lesson.date), selfId);
}

/**
 * Adds a lesson column to the journal: `{ journalId, fields: { date, lessonNo?, topic?, workTypeId?, homework? } }`.
 * Refused: a date outside the school year or on a holiday, a bad number or type of work, a test
 * without a topic (invalid); a closed period, or a day and number another lesson holds (conflict).
 */
export async function createLesson(ctx: Ctx, actor: Actor, input: { journalId: unknown; fields: LessonInput }): Promise<Outcome<DocLesson>> {
	const found = await journalFor(ctx, actor, input.journalId, 'write');
	if (!found.ok) return found;
	const journal = found.value;
	const checked = checkLesson(input.fields, await lessonContext(ctx, journal));
	if (!checked.ok) return refuse('invalid', checked.reason);
	const closed = await closedPeriodOn(ctx.sql, journal.journalId, checked.value.date, ctx.today);
	if (closed) return refuse('conflict', closed);
	const written = await ctx.sql.begin(async (tx) => {
		const clash = await slotClash(tx, journal.journalId, checked.value);
		if (clash) return { clash, id: null, told: [] };
		const lessonId = await insertLesson(tx, journal.journalId, checked.value, actor.personId, ctx.today);
		await writeAudit(tx, { actorId: actor.personId, action: 'lesson.create', entity: 'lesson', entityId: lessonId, newValue: { journalId: journal.journalId, ...checked.value } });
		// homework given with the lesson reaches the group's pupils and their parents.
		const told = await noticeHomework(tx, actor, journal, { id: lessonId, ...checked.value }, null);
		return { clash: null, id: lessonId, told };
	});
	if (written.clash !== null) return refuse('conflict', written.clash);
	const id = written.id;
	notifyInboxChanged(written.told, 'journal');
	// a new lesson takes its topic from the thematic plan, if the journal has one.
	const laid = await fillLessonsFromPlan(ctx, actor.personId, journal);
	await lessonsChanged(ctx, journal.journalId, [id]);
	const [stored] = laid.changed > 0 ? await lessonsOfJournal(ctx.sql, journal.journalId, [id]) : [];
	return done(stored ?? { id, ...checked.value });
}

/**
 * Changes a lesson: its date (a move), number, topic, type of work or homework; refused as
 * createLesson is. A substitute of single lessons changes the topic, type of work and homework of
 * a lesson they replace, never its day or number (forbidden), and nothing of the other lessons.
 */
export async function updateLesson(ctx: Ctx, actor: Actor, input: { journalId: unknown; lessonId: unknown; fields: LessonInput }): Promise<Outcome<DocLesson>> {
	const found = await writableLesson(ctx, actor, input, true);
	if (!found.ok) return found;
	const { journal, current, wholeJournal } = found.value;
	const lessonId = current.id;
	const checked = checkLesson(input.fields, await lessonContext(ctx, journal), current);
	if (!checked.ok) return refuse('invalid', checked.reason);
	// A substitute takes the lesson where the timetable puts it: its day and number stay.
	if (!wholeJournal && (checked.value.date !== current.date || checked.value.lessonNo !== current.lessonNo)) return refuse('forbidden', JOURNAL_MESSAGES.substituteMoves);
	for (const date of new Set([current.date, checked.value.date])) {
		const closed = await closedPeriodOn(ctx.sql, journal.journalId, date, ctx.today);
		if (closed) return refuse('conflict', closed);
	}
	// Only a lesson that moves to another day or number can clash: older data stays changeable.
	const moves = checked.value.date !== current.date || checked.value.lessonNo !== current.lessonNo;
	const { clash, told } = await ctx.sql.begin(async (tx) => {
		const reason = moves ? await slotClash(tx, journal.journalId, checked.value, lessonId) : null;
		if (reason) return { clash: reason, told: [] };
		await updateLessonRow(tx, lessonId, checked.value, ctx.today);
		const { journalId: _journal, id: _id, ...old } = current;
		await writeAudit(tx, { actorId: actor.personId, action: 'lesson.update', entity: 'lesson', entityId: lessonId, oldValue: old, newValue: checked.value });
		// new or changed homework reaches the group's pupils and their parents.
		return { clash: null, told: await noticeHomework(tx, actor, journal, { id: lessonId, ...checked.value }, current.homework) };
	});
	if (clash) return refuse('conflict', clash);
	notifyInboxChanged(told, 'journal');
	await lessonsChanged(ctx, journal.journalId, [lessonId]);
	return done({ id: lessonId, ...checked.value });
}

/** Deletes an empty lesson column and, after the commit, its attached files. */
export async function deleteLesson(ctx: Ctx, actor: Actor, input: { journalId: unknown; lessonId: unknown }): Promise<Outcome> {
	const found = await writableLesson(ctx, actor, input);
	if (!found.ok) return found;
	const { journal, current } = found.value;
	const lessonId = current.id;
	const closed = await closedPeriodOn(ctx.sql, journal.journalId, current.date, ctx.today);
	if (closed) return refuse('conflict', closed);
	const storageKeys = await ctx.sql.begin(async (tx) => {
		// A mark committed meanwhile cannot slip in between the check and the delete.
		await lockLesson(tx, lessonId);
		if (await lessonHasEntries(tx, lessonId)) return undefined;
		const keys = await attachmentKeysOfLesson(tx, lessonId);
		await deleteLessonRow(tx, lessonId);
		const { journalId: _journal, id: _id, ...old } = current;
		await writeAudit(tx, { actorId: actor.personId, action: 'lesson.delete', entity: 'lesson', entityId: lessonId, oldValue: { journalId: journal.journalId, ...old } });
		return keys;
	});
	if (!storageKeys) return refuse('conflict', JOURNAL_MESSAGES.lessonHasEntries);
	removeAttachmentFiles(appConfig().attachmentsDir, storageKeys);
	await lessonsChanged(ctx, journal.journalId, [lessonId]);
	return done(undefined);
}

/** After a committed lesson change: the open journal shows it, and the open diaries of the group's pupils read it again (X-LIVE). */
async function lessonsChanged(ctx: Ctx, journalId: number, lessonIds: readonly number[]): Promise<void> {
	await notifyLessonsChanged(journalId, lessonIds);
	await pupilsOfJournalChanged(ctx, journalId);
}

/** The open diaries of every pupil ever in the journal's group read their lessons again (a topic, homework or file changed). */
export async function pupilsOfJournalChanged(ctx: Ctx, journalId: number): Promise<void> {
	try {
		notifyDiaryChanged(await journalMemberIds(ctx.sql, journalId), 'lesson');
	} catch (error) {
		console.error('diary events: pupils of the journal not read', error);
	}
}
