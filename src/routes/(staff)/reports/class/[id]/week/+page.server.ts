import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { formDataOf } from '$lib/server/forms';
import { field } from '$lib/server/request';
import { classWeekCheck } from '$lib/server/queries/class-week';
import { notifyParents, reconcileDay, setWeeklyNotice } from '$lib/server/commands/class-week';

/** The class teacher's weekly check of marks and absences (?week=<a day of the week>), this week by default. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await classWeekCheck(await requestContext(), actor, params.id, url.searchParams.get('week')));
}) satisfies PageServerLoad;

export const actions = {
	/** Sets the absence the class teacher confirms on every lesson of a pupil's day. */
	reconcile: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const outcome = await reconcileDay(await requestContext(), actor, {
			classId: params.id,
			studentId: field(form, 'studentId'),
			date: field(form, 'date'),
			code: field(form, 'code')
		});
		return outcome.ok ? { done: outcome.value.message } : formFailure(outcome);
	},
	/** «Сообщить родителям»: the prepared message to the parents of the chosen pupils. */
	notify: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const outcome = await notifyParents(await requestContext(), actor, {
			classId: params.id,
			week: field(form, 'week'),
			studentIds: form.getAll('studentId'),
			subject: field(form, 'subject'),
			template: field(form, 'template')
		});
		return outcome.ok ? { done: `Сообщения отправлены: ${outcome.value.recipients}.` } : formFailure(outcome);
	},
	/** Turns the weekly automatic notice (Mondays, 9:00) on with this text, or off. */
	weekly: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const outcome = await setWeeklyNotice(await requestContext(), actor, { classId: params.id, on: field(form, 'on'), subject: field(form, 'subject'), template: field(form, 'template') });
		return outcome.ok ? { done: outcome.value.message } : formFailure(outcome);
	}
} satisfies Actions;
