import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { periodsPage } from '$lib/server/queries/settings';
import { addHoliday, changeHoliday, closePeriod, deleteHoliday, reopenPeriod } from '$lib/server/commands/calendar';
import { formDataOf } from '$lib/server/forms';

/** The periods of the current school year with their deadlines and state, and its holidays. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	if (locals.yearId === undefined) error(404, 'Учебный год не найден.');
	return unwrap(await periodsPage(await requestContext(), actor, locals.yearId));
}) satisfies PageServerLoad;

/** The holiday fields as typed, to check and, when refused, to show again. */
function holidayFields(form: FormData): { name: string; startsOn: string; endsOn: string } {
	return { name: field(form, 'name'), startsOn: field(form, 'startsOn'), endsOn: field(form, 'endsOn') };
}

export const actions = {
	/** Reopens a period until a date for a named reason (both required; audited). */
	reopen: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await reopenPeriod(await requestContext(), actor, { periodId: form.get('periodId'), until: form.get('until'), reason: form.get('reason') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, outcome.periodId === undefined ? {} : { periodId: outcome.periodId });
	},
	/** Closes a period now: early, or again after a reopening (audited). */
	close: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await closePeriod(await requestContext(), actor, { periodId: form.get('periodId') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** Adds a holiday to the current school year (checked, not over existing lessons; audited). */
	addHoliday: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const values = holidayFields(form);
		const outcome = await addHoliday(await requestContext(), actor, { yearId: event.locals.yearId, fields: values });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, { values });
	},
	/** Changes a holiday's name or dates (checked, not over existing lessons; audited). */
	updateHoliday: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const values = holidayFields(form);
		const outcome = await changeHoliday(await requestContext(), actor, { holidayId: field(form, 'holidayId'), fields: values });
		if (outcome.ok) return { done: outcome.value };
		return formFailure(outcome, outcome.holidayId === undefined ? {} : { holidayId: outcome.holidayId, values });
	},
	/** Deletes a holiday; its days become school days again (audited). */
	deleteHoliday: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await deleteHoliday(await requestContext(), actor, { holidayId: field(form, 'holidayId') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	}
} satisfies Actions;
