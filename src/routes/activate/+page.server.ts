import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { activateAccount } from '$lib/server/commands/account';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { clientOf, field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';

export const actions = {
	/** a person with an activation code chooses their login and password; with a reset code, a new password (the login stays). */
	default: async (event) => {
		const form = await formDataOf(event.request);
		const values = { code: field(form, 'code'), login: field(form, 'login') };
		const outcome = await activateAccount(
			await requestContext(),
			{ ...values, password: field(form, 'password'), repeat: field(form, 'repeat') },
			clientOf(event),
			appConfig().sessionDays
		);
		if (!outcome.ok) return fail(outcome.code === 'rate_limited' ? 429 : 400, { ...values, message: outcome.message });
		setSessionCookie(event, outcome.value.token, outcome.value.expiresAt);
		redirect(303, '/');
	}
} satisfies Actions;
