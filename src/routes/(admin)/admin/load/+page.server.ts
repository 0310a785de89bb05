import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { loadPage } from '$lib/server/queries/groups';
import { addSubstitute, assignTeacher, removeSubstitute, removeTeacher } from '$lib/server/commands/load';

/** The teaching load of a year (`?year=<id>`, the current one by default; `?class=<id>` for one class): class × subject → teachers. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await loadPage(await requestContext(), actor, { year: url.searchParams.get('year'), class: url.searchParams.get('class'), currentYearId: locals.yearId }));
}) satisfies PageServerLoad;

export const actions = {
	/** Assigns a teacher to a journal (audited). */
	assign: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await assignTeacher(await requestContext(), actor, { journalId: field(form, 'journalId'), teacherId: field(form, 'teacherId') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** Takes a teacher off a journal (audited). */
	remove: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await removeTeacher(await requestContext(), actor, { journalId: field(form, 'journalId'), teacherId: field(form, 'teacherId') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** Adds a substitute to a journal for a range of days (audited). */
	substitute: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const values = { journalId: field(form, 'journalId'), teacherId: field(form, 'teacherId'), from: field(form, 'from'), to: field(form, 'to') };
		const outcome = await addSubstitute(await requestContext(), actor, values);
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, { values });
	},
	/** Cancels a substitution (audited). */
	unsubstitute: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await removeSubstitute(await requestContext(), actor, { substituteId: field(form, 'substituteId') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	}
} satisfies Actions;
