import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { parseId, requireApiActor } from '$lib/server/guard';
import { journalResource } from '$lib/server/journal/access';
import { downloadDisposition, readAttachment } from '$lib/server/journal/attachments';
import { findAttachment, findLesson, isFamilyOfJournal, journalFacts } from '$lib/server/db/journal-writes';
import { may } from '$lib/domain/policy';
import { JOURNAL_MESSAGES } from '$lib/domain/journal-rules';

/**
 * Streams an attached file to whoever may read the journal, and to the students of its group
 * and their parents (R-4.4.1: materials are for the students). Others get the same 404.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const journalId = parseId(params.id);
	const lessonId = parseId(params.lessonId);
	const attachmentId = parseId(params.attachmentId);
	const journal = journalId === undefined ? undefined : await journalFacts(db, journalId);
	if (!journal || lessonId === undefined || attachmentId === undefined || journal.schoolId !== actor.schoolId) error(404, JOURNAL_MESSAGES.fileNotFound);
	const allowed = may(actor, 'read', journalResource(journal)) || (await isFamilyOfJournal(db, journal.journalId, actor.personId));
	const attachment = allowed ? await findAttachment(db, lessonId, attachmentId) : undefined;
	if (!attachment || !(await findLesson(db, journal.journalId, lessonId))) error(404, JOURNAL_MESSAGES.fileNotFound);
	const body = readAttachment(appConfig().attachmentsDir, attachment);
	if (!body) error(404, JOURNAL_MESSAGES.fileNotFound);
	return new Response(body, {
		headers: {
			'content-type': attachment.mimeType,
			'content-length': String(attachment.sizeBytes),
			'content-disposition': downloadDisposition(attachment.fileName),
			'cache-control': 'private, no-store'
		}
	});
};
