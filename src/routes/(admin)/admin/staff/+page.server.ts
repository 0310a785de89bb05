import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { staffPage } from '$lib/server/queries/people';
import { field } from '$lib/server/request';
import { blockAccountAction, formDataOf, issueCodeAction, revokeCodeAction, unblockAccountAction } from '$lib/server/forms';
import { setStaffRole } from '$lib/server/commands/staff';

/**
 * Staff with their roles and account state: codes and blocking are the administrator's,
 * roles the director's and the administrator's.
 */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await staffPage(await requestContext(), actor));
}) satisfies PageServerLoad;

async function roleAction(event: RequestEvent, granted: boolean) {
	const actor = requireActor(event.locals, event.url);
	const form = await formDataOf(event.request);
	const outcome = await setStaffRole(await requestContext(), actor, { personId: field(form, 'personId'), role: field(form, 'role'), granted });
	return outcome.ok ? { roleChanged: outcome.value } : formFailure(outcome);
}

export const actions = {
	issue: issueCodeAction,
	revoke: revokeCodeAction,
	grant: (event) => roleAction(event, true),
	take: (event) => roleAction(event, false),
	block: blockAccountAction,
	unblock: unblockAccountAction
} satisfies Actions;
