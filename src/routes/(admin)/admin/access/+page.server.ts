import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { accessPage } from '$lib/server/queries/access';
import { saveAccessRights } from '$lib/server/commands/access';
import { formDataOf } from '$lib/server/forms';

/** The school's rights per category of user, for the administrator. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await accessPage(await requestContext(), actor));
}) satisfies PageServerLoad;

export const actions = {
	/** Saves the table: ticked boxes grant, the others withhold; on bad input nothing changes. */
	default: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await saveAccessRights(await requestContext(), actor, { checked: form.getAll('granted') });
		return outcome.ok ? { saved: outcome.value } : formFailure(outcome);
	}
} satisfies Actions;
