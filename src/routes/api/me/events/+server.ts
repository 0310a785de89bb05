import type { RequestHandler } from './$types';
import { requireApiActor } from '$lib/server/guard';
import { changeStream } from '$lib/server/http';
import { subscribeInbox } from '$lib/server/inbox-events';

/**
 * The live channel of the signed-in person's mail and notifications (X-LIVE): a server-sent event
 * stream that says `changed` when a message, an announcement or a notification of theirs is
 * committed; the page then reads its badge and lists again. Read-only, and it carries no data.
 */
export const GET: RequestHandler = async ({ locals, request }) => {
	const actor = requireApiActor(locals);
	return changeStream(request, (changed) => subscribeInbox(actor.personId, changed));
};
