import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { field } from '$lib/server/request';
import { requireActor } from '$lib/server/guard';
import { periodMarkFields, formDataOf } from '$lib/server/forms';
import { unwrap } from '$lib/server/http';
import { classMarksPage, mayReadClass } from '$lib/server/queries/class';
import { setPeriodMark } from '$lib/server/commands/period-marks';
import { httpStatusOf } from '$lib/server/commands/outcome';

/** The per-class sheet of one period's (or the year's) marks across every subject journal. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await classMarksPage(await requestContext(), actor, params.id, url.searchParams.get('period')));
}) satisfies PageServerLoad;

export const actions = {
	/** Sets one mark of a journal of the class through the journal's own command (policy, open period, R-5.1, audit). */
	set: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const ctx = await requestContext();
		const classId = unwrap(await mayReadClass(ctx, actor, params.id));
		const form = await formDataOf(request);
		const cell = { journalId: field(form, 'journalId'), ...periodMarkFields(form) };
		const outcome = await setPeriodMark(ctx, actor, { ...cell, classId });
		if (outcome.ok) return { done: outcome.value.message, cell };
		if (outcome.code === 'forbidden') error(httpStatusOf(outcome.code), outcome.message);
		return fail(400, { message: outcome.message, cell });
	}
} satisfies Actions;
