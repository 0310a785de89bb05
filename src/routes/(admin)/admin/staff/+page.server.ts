import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { staffPage } from '$lib/server/queries/people';
import { issueCodeAction, revokeCodeAction } from '$lib/server/forms';

/** Staff with their roles and account state; codes for staff are the administrator's. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await staffPage(await requestContext(), actor));
}) satisfies PageServerLoad;

export const actions = { issue: issueCodeAction, revoke: revokeCodeAction } satisfies Actions;
