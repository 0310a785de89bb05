import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { peoplePage } from '$lib/server/queries/persons';
import { addPerson } from '$lib/server/commands/people';

/** The school's people (`?kind=student|parent|staff`, `?q=` a part of the name) and the form that adds one. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await peoplePage(await requestContext(), actor, { kind: url.searchParams.get('kind'), q: url.searchParams.get('q'), yearId: locals.yearId }));
}) satisfies PageServerLoad;

export const actions = {
	/** Adds a student (into a class from a date), a parent (of a child) or a member of staff (with a role), audited. */
	add: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const values = Object.fromEntries(
			['kind', 'lastName', 'firstName', 'middleName', 'birthDate', 'email', 'phone', 'schoolKey', 'classId', 'arrivedOn', 'childId', 'role'].map((name) => [name, field(form, name)])
		);
		const outcome = await addPerson(await requestContext(), actor, values as Record<string, string> & { kind: string });
		return outcome.ok ? { added: outcome.value } : formFailure(outcome, { values });
	}
} satisfies Actions;
