import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { parseId, requireApiActor } from '$lib/server/guard';
import { journalFor, jsonBody } from '$lib/server/journal/access';
import { deleteLesson, updateLesson } from '$lib/server/journal/lessons';
import { removeAttachmentFiles } from '$lib/server/journal/attachments';
import { JOURNAL_MESSAGES } from '$lib/domain/journal-rules';
import { today } from '$lib/server/start';

/** Changes a lesson: move (date), number, topic, type of work, homework. */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const journal = await journalFor(db, actor, params.id, 'write');
	const lessonId = parseId(params.lessonId) ?? error(404, JOURNAL_MESSAGES.lessonNotFound);
	const outcome = await updateLesson(db, actor, journal, lessonId, await jsonBody(request), today(appConfig()));
	if (!outcome.ok) error(outcome.status, outcome.message);
	return json(outcome.lesson);
};

/** Deletes a lesson that holds no marks, absences or comments. */
export const DELETE: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const journal = await journalFor(db, actor, params.id, 'write');
	const lessonId = parseId(params.lessonId) ?? error(404, JOURNAL_MESSAGES.lessonNotFound);
	const outcome = await deleteLesson(db, actor, journal, lessonId, today(appConfig()));
	if (!outcome.ok) error(outcome.status, outcome.message);
	removeAttachmentFiles(appConfig().attachmentsDir, outcome.storageKeys);
	return new Response(null, { status: 204 });
};
