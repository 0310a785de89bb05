import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { formDataOf } from '$lib/server/forms';
import { journalControl } from '$lib/server/queries/journal-control';
import { sendControlNotices } from '$lib/server/commands/journal-control';

/** Journal control for the asked period (?period=<id>) and days without marks (?days=N). */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await journalControl(await requestContext(), actor, url.searchParams.get('period'), url.searchParams.get('days')));
}) satisfies PageServerLoad;

export const actions = {
	/** Sends each teacher their own findings of the period in one notice (the administration). */
	remind: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await sendControlNotices(await requestContext(), actor, { period: form.get('period') });
		return outcome.ok ? { sent: outcome.value.message } : formFailure(outcome);
	}
} satisfies Actions;
