import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formDataOf } from '$lib/server/forms';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { planPage } from '$lib/server/queries/plans';
import { copyPlan, importPlan, layPlanOnLessons, savePlan } from '$lib/server/commands/plans';
import type { Failure } from '$lib/server/commands/outcome';

/**
 * A journal's thematic plan: the topics in a grid, their hours against the
 * curriculum, progress to date; its teachers edit, import, copy and lay it onto the lessons, the
 * rest of the staff read it.
 */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await planPage(await requestContext(), actor, params.id));
}) satisfies PageServerLoad;

// A refusal on the form; a journal that is not there is the page's 404.
function failed(outcome: Failure) {
	if (outcome.code === 'not_found') error(404, outcome.message);
	return formFailure(outcome);
}

export const actions = {
	/** Saves the grid: the topics as JSON in `items`. */
	save: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const outcome = await savePlan(await requestContext(), actor, { journalId: params.id, items: field(form, 'items') });
		return outcome.ok ? { saved: outcome.value } : failed(outcome);
	},
	/** Replaces the plan with a school's XLSX or CSV file (`file`). */
	import: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const upload = form.get('file');
		const bytes = upload instanceof File && upload.size > 0 ? new Uint8Array(await upload.arrayBuffer()) : undefined;
		const outcome = await importPlan(await requestContext(), actor, { journalId: params.id, bytes });
		return outcome.ok ? { saved: outcome.value } : failed(outcome);
	},
	/** Replaces the plan with another journal's (`from`). */
	copy: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const outcome = await copyPlan(await requestContext(), actor, { journalId: params.id, fromJournalId: field(form, 'from') });
		return outcome.ok ? { saved: outcome.value } : failed(outcome);
	},
	/** «Разложить план по урокам»: the plan's topics into the journal's lessons. */
	lay: async ({ locals, url, params }) => {
		const actor = requireActor(locals, url);
		const outcome = await layPlanOnLessons(await requestContext(), actor, { journalId: params.id });
		return outcome.ok ? { laid: outcome.value } : failed(outcome);
	}
} satisfies Actions;
