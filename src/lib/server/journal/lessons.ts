/**
 * Lesson columns of a journal: add, change (move, topic, type of work, homework),
 * delete. Each is one transaction with its audit row; afterwards the open document, if any,
 * shows the change. Nothing saved is lost: a lesson with marks, absences or comments is not
 * deleted, and nothing in a closed period changes (R-5.3, judged on the server's `today`). No lesson
 * is created on a holiday of the year or moved onto one.
 */
import type { Sql } from '../db/client.ts';
import { writeAudit } from '../db/audit.ts';
import {
	attachmentKeysOfLesson,
	closedPeriodOn,
	lockLesson,
	deleteLesson as deleteLessonRow,
	findLesson,
	insertLesson,
	lessonHasEntries,
	updateLesson as updateLessonRow,
	workTypesOf,
	type JournalFacts
} from '../db/journal-writes.ts';
import { holidaysOfYear } from '../db/holidays.ts';
import { notifyLessonsChanged } from '../collab-bridge.ts';
import { checkLesson, JOURNAL_MESSAGES, type LessonContext, type LessonInput } from '../../domain/journal-rules.ts';
import type { DocLesson } from '../../domain/journal-doc.ts';
import type { Actor } from '../../domain/policy.ts';

/** The outcome of a lesson command: the lesson, or an HTTP status with a reason in Russian. */
export type LessonOutcome = { ok: true; lesson: DocLesson } | { ok: false; status: 400 | 404 | 409; message: string };

const fail = <S extends 400 | 404 | 409>(status: S, message: string) => ({ ok: false, status, message }) as const;

// What a lesson of the journal is checked against: its year, the school's types of work, the year's holidays.
async function lessonContext(sql: Sql, journal: JournalFacts): Promise<LessonContext> {
	const [workTypes, holidays] = await Promise.all([workTypesOf(sql, journal.schoolId, journal.yearId), holidaysOfYear(sql, journal.yearId)]);
	return { year: journal.year, workTypes, holidays };
}

/** Adds a lesson column to the journal. */
export async function createLesson(sql: Sql, actor: Actor, journal: JournalFacts, input: LessonInput, today: string): Promise<LessonOutcome> {
	const checked = checkLesson(input, await lessonContext(sql, journal));
	if (!checked.ok) return fail(400, checked.reason);
	const closed = await closedPeriodOn(sql, journal.journalId, checked.value.date, today);
	if (closed) return fail(409, closed);
	const id = await sql.begin(async (tx) => {
		const lessonId = await insertLesson(tx, journal.journalId, checked.value, actor.personId);
		await writeAudit(tx, { actorId: actor.personId, action: 'lesson.create', entity: 'lesson', entityId: lessonId, newValue: { journalId: journal.journalId, ...checked.value } });
		return lessonId;
	});
	await notifyLessonsChanged(journal.journalId, [id]);
	return { ok: true, lesson: { id, ...checked.value } };
}

/** Changes a lesson: its date (a move), number, topic, type of work or homework. */
export async function updateLesson(sql: Sql, actor: Actor, journal: JournalFacts, lessonId: number, input: LessonInput, today: string): Promise<LessonOutcome> {
	const current = await findLesson(sql, journal.journalId, lessonId);
	if (!current) return fail(404, JOURNAL_MESSAGES.lessonNotFound);
	const checked = checkLesson(input, await lessonContext(sql, journal), current);
	if (!checked.ok) return fail(400, checked.reason);
	for (const date of new Set([current.date, checked.value.date])) {
		const closed = await closedPeriodOn(sql, journal.journalId, date, today);
		if (closed) return fail(409, closed);
	}
	await sql.begin(async (tx) => {
		await updateLessonRow(tx, lessonId, checked.value);
		const { journalId: _journal, id: _id, ...old } = current;
		await writeAudit(tx, { actorId: actor.personId, action: 'lesson.update', entity: 'lesson', entityId: lessonId, oldValue: old, newValue: checked.value });
	});
	await notifyLessonsChanged(journal.journalId, [lessonId]);
	return { ok: true, lesson: { id: lessonId, ...checked.value } };
}

/** Deletes an empty lesson column; returns the storage keys of its files, to remove after the commit. */
export async function deleteLesson(
	sql: Sql,
	actor: Actor,
	journal: JournalFacts,
	lessonId: number,
	today: string
): Promise<{ ok: true; storageKeys: string[] } | { ok: false; status: 404 | 409; message: string }> {
	const current = await findLesson(sql, journal.journalId, lessonId);
	if (!current) return fail(404, JOURNAL_MESSAGES.lessonNotFound);
	const closed = await closedPeriodOn(sql, journal.journalId, current.date, today);
	if (closed) return fail(409, closed);
	const outcome = await sql.begin(async (tx) => {
		// A mark committed meanwhile cannot slip in between the check and the delete.
		await lockLesson(tx, lessonId);
		if (await lessonHasEntries(tx, lessonId)) return undefined;
		const keys = await attachmentKeysOfLesson(tx, lessonId);
		await deleteLessonRow(tx, lessonId);
		const { journalId: _journal, id: _id, ...old } = current;
		await writeAudit(tx, { actorId: actor.personId, action: 'lesson.delete', entity: 'lesson', entityId: lessonId, oldValue: { journalId: journal.journalId, ...old } });
		return keys;
	});
	if (!outcome) return fail(409, JOURNAL_MESSAGES.lessonHasEntries);
	await notifyLessonsChanged(journal.journalId, [lessonId]);
	return { ok: true, storageKeys: outcome };
}
