import type { Actions, PageServerLoad } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { formDataOf } from '$lib/server/forms';
import { archivesPage } from '$lib/server/queries/archives';
import { ARCHIVE_MESSAGES, startYearArchive } from '$lib/server/commands/archive';

/** The year's archives: the finished ones, the one being made, the years; for the administration. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await archivesPage(await requestContext(), actor, appConfig(), locals.yearId));
}) satisfies PageServerLoad;

export const actions = {
	/** Starts making the archive of the chosen year in the background (the administrator). */
	start: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await startYearArchive(await requestContext(), actor, { yearId: form.get('yearId'), config: appConfig() });
		return outcome.ok ? { started: ARCHIVE_MESSAGES.started } : formFailure(outcome);
	}
} satisfies Actions;
