import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { periodMarkFields, formDataOf } from '$lib/server/forms';
import { unwrap } from '$lib/server/http';
import { journalMarksPage } from '$lib/server/queries/journal';
import { setPeriodMark } from '$lib/server/commands/period-marks';
import { httpStatusOf } from '$lib/server/commands/outcome';

/** The period, year, exam and final marks of a journal with averages, suggestions and their rules. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await journalMarksPage(await requestContext(), actor, params.id));
}) satisfies PageServerLoad;

export const actions = {
	/** Sets one mark of the sheet: policy, open period and justification checked on the server. */
	set: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const cell = periodMarkFields(form);
		const outcome = await setPeriodMark(await requestContext(), actor, { journalId: params.id, ...cell });
		if (outcome.ok) return { done: outcome.value.message, cell };
		// A missing journal is the page's 404 and a refusal its 403; anything else is shown on the form.
		if (outcome.code === 'forbidden' || outcome.code === 'not_found') error(httpStatusOf(outcome.code), outcome.message);
		return fail(400, { message: outcome.message, cell });
	}
} satisfies Actions;
