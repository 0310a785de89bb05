import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { classPage } from '$lib/server/queries/class';
import { blockAccountAction, issueCodeAction, revokeCodeAction, unblockAccountAction } from '$lib/server/forms';

/** A class: roster (with codes and blocking of the families' accounts) with arrivals and departures, parents, journals (R-4.3), and its forecast for the current period (R-2.7). */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await classPage(await requestContext(), actor, params.id));
}) satisfies PageServerLoad;

export const actions = { issue: issueCodeAction, revoke: revokeCodeAction, block: blockAccountAction, unblock: unblockAccountAction } satisfies Actions;
