import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { activate } from '$lib/server/auth/login';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { clientOf, field } from '$lib/server/request';

export const actions = {
	/** a person with a valid code chooses their login and password. */
	default: async (event) => {
		const form = await event.request.formData();
		const values = { code: field(form, 'code'), login: field(form, 'login') };
		const result = await activate(
			await sql(),
			{ ...values, password: field(form, 'password'), repeat: field(form, 'repeat') },
			clientOf(event),
			appConfig().sessionDays
		);
		if (!result.ok) return fail(result.retryAfter ? 429 : 400, { ...values, message: result.message });
		setSessionCookie(event, result.token, result.expiresAt);
		redirect(303, '/');
	}
} satisfies Actions;
