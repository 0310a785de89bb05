import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { personPage } from '$lib/server/queries/persons';
import { enrolStudent, recordDeparture, setParentLink, updatePerson } from '$lib/server/commands/people';

/** One person's card: names, date of birth, contacts, enrolments and departures, parents and children. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await personPage(await requestContext(), actor, { personId: params.id, yearId: locals.yearId }));
}) satisfies PageServerLoad;

export const actions = {
	/** Saves names, date of birth, contacts and the school's number (audited with old and new). */
	save: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const values = Object.fromEntries(['lastName', 'firstName', 'middleName', 'birthDate', 'email', 'phone', 'schoolKey'].map((name) => [name, field(form, name)]));
		const outcome = await updatePerson(await requestContext(), actor, { personId: event.params.id, ...values });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, { values });
	},
	/** Links this student to a parent, or this parent to a child. */
	link: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await setParentLink(await requestContext(), actor, { parentId: field(form, 'parentId'), studentId: field(form, 'studentId'), linked: true });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** Removes a parent's link to a child. */
	unlink: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await setParentLink(await requestContext(), actor, { parentId: field(form, 'parentId'), studentId: field(form, 'studentId'), linked: false });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** Enrols the student into a class from a date (an arrival). */
	enrol: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await enrolStudent(await requestContext(), actor, { studentId: event.params.id, classId: field(form, 'classId'), arrivedOn: field(form, 'arrivedOn') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** Records the student's departure: last day, to which school, why. */
	depart: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await recordDeparture(await requestContext(), actor, {
			studentId: event.params.id,
			lastDay: field(form, 'lastDay'),
			to: field(form, 'to'),
			reason: field(form, 'reason')
		});
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	}
} satisfies Actions;
