import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { setUpSchool, setupLinkState } from '$lib/server/commands/school';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { formFailure, unwrap } from '$lib/server/http';
import { clientOf, field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { DEFAULT_BELLS, RUSSIAN_TIME_ZONES } from '$lib/domain/school-setup';

/** The first-start form, while the link can still create the school (else its Russian reason). */
export const load = (async ({ params }) => {
	unwrap(await setupLinkState(await requestContext(), params.token));
	return { timeZones: RUSSIAN_TIME_ZONES, bells: DEFAULT_BELLS, defaultTimeZone: appConfig().timeZone };
}) satisfies PageServerLoad;

/** The form's fields as typed (without the passwords), to show again when refused. */
function typed(form: FormData) {
	return {
		name: field(form, 'name'),
		shortName: field(form, 'shortName'),
		timeZone: field(form, 'timeZone'),
		weekDays: field(form, 'weekDays'),
		bellStarts: form.getAll('bellStart').map(String),
		bellEnds: form.getAll('bellEnd').map(String),
		lastName: field(form, 'lastName'),
		firstName: field(form, 'firstName'),
		middleName: field(form, 'middleName'),
		login: field(form, 'login')
	};
}

export const actions = {
	/** Creates the school and its first administrator, spends the link and signs the administrator in. */
	default: async (event) => {
		const form = await formDataOf(event.request);
		const values = typed(form);
		const outcome = await setUpSchool(
			await requestContext(),
			{ token: event.params.token, form: { ...values, password: field(form, 'password'), repeat: field(form, 'repeat') } },
			clientOf(event),
			appConfig().sessionDays
		);
		if (!outcome.ok) return outcome.code === 'invalid' ? formFailure(outcome, { values }) : unwrap(outcome);
		setSessionCookie(event, outcome.value.token, outcome.value.expiresAt);
		redirect(303, '/admin/year');
	}
} satisfies Actions;
