import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { messageFileFor } from '$lib/server/queries/messages';
import { downloadHeaders, readStoredFile } from '$lib/server/files';
import { MESSAGES_TEXT } from '$lib/domain/messages';

/**
 * Streams a file of a message or an announcement to the two people of its conversation, or to
 * whoever reads its announcement; others get the same 404. Always a download with its stored type,
 * never rendered or run on our origin (`downloadHeaders`).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireActor(locals, url);
	const file = unwrap(await messageFileFor(await requestContext(), actor, params.fileId));
	const body = readStoredFile(appConfig().attachmentsDir, file.storageKey);
	if (!body) error(404, MESSAGES_TEXT.fileNotFound);
	return new Response(body, { headers: downloadHeaders(file) });
};
