import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { classesPage } from '$lib/server/queries/structure';
import { addClass, deleteClass } from '$lib/server/commands/classes';

/** The classes of a year (`?year=<id>`, the current one by default) and the staff who may lead one. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await classesPage(await requestContext(), actor, { year: url.searchParams.get('year'), currentYearId: locals.yearId }));
}) satisfies PageServerLoad;

export const actions = {
	/** Adds a class (grade, letter, class teacher if chosen) to the year of the form (audited). */
	add: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const values = { grade: field(form, 'grade'), letter: field(form, 'letter'), classTeacherId: field(form, 'classTeacherId') };
		const outcome = await addClass(await requestContext(), actor, { yearId: field(form, 'yearId'), ...values });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, { values });
	},
	/** Deletes a class nobody was ever enrolled in and with no journals (audited). */
	delete: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await deleteClass(await requestContext(), actor, { classId: field(form, 'classId') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	}
} satisfies Actions;
