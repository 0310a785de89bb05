import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { lessonFile } from '$lib/server/queries/journal';
import { downloadHeaders, readStoredFile } from '$lib/server/files';
import { JOURNAL_MESSAGES } from '$lib/domain/journal-rules';

/**
 * Streams an attached file to whoever may read the journal, and to the students of its group
 * and their parents (R-4.4.1: materials are for the students). Others get the same 404. The file
 * is always a download with its stored type, never rendered or run on our origin (`downloadHeaders`).
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	const attachment = unwrap(await lessonFile(await requestContext(), actor, { journalId: params.id, lessonId: params.lessonId, attachmentId: params.attachmentId }));
	const body = readStoredFile(appConfig().attachmentsDir, attachment.storageKey);
	if (!body) error(404, JOURNAL_MESSAGES.fileNotFound);
	return new Response(body, { headers: downloadHeaders(attachment) });
};
