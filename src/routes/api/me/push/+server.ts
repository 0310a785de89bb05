import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { jsonBody, unwrap } from '$lib/server/http';
import { subscribePush, unsubscribePush } from '$lib/server/commands/notifications';

/** Subscribes this browser to the signed-in person's web push: the body is `PushSubscription.toJSON()`. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const actor = requireApiActor(locals);
	return json(unwrap(await subscribePush(await requestContext(), actor, await jsonBody(request))), { status: 201 });
};

/** Unsubscribes one of the person's browsers: `{ endpoint }`. */
export const DELETE: RequestHandler = async ({ locals, request }) => {
	const actor = requireApiActor(locals);
	return json(unwrap(await unsubscribePush(await requestContext(), actor, await jsonBody(request))));
};
