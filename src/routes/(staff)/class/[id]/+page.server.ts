import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { classPage } from '$lib/server/queries/class';
import { blockAccountAction, formDataOf, issueCodeAction, revokeCodeAction, unblockAccountAction } from '$lib/server/forms';
import { revokeClassCodes } from '$lib/server/commands/codes';
import { confirmProfile } from '$lib/server/commands/profiles';
import { field } from '$lib/server/request';
import { formFailure } from '$lib/server/http';

/** A class: roster (with codes and blocking of the families' accounts) with arrivals and departures, parents, journals (R-4.3), and its forecast for the current period (R-2.7). */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await classPage(await requestContext(), actor, params.id));
}) satisfies PageServerLoad;

export const actions = {
	issue: issueCodeAction,
	revoke: revokeCodeAction,
	block: blockAccountAction,
	unblock: unblockAccountAction,
	/** Revokes every unused code of the class's pupils and parents (a printout lost). */
	revokeClass: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		await formDataOf(request);
		const outcome = await revokeClassCodes(await requestContext(), actor, { classId: params.id });
		return outcome.ok ? { classRevoked: outcome.value } : formFailure(outcome);
	},
	/** Marks a pupil's or parent's profile data checked today. */
	confirmProfile: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const outcome = await confirmProfile(await requestContext(), actor, { classId: params.id, personId: field(form, 'personId') });
		return outcome.ok ? { profileChecked: outcome.value.message } : formFailure(outcome);
	}
} satisfies Actions;
