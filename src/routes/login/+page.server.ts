import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { signIn } from '$lib/server/auth/login';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { clientOf, field, safeNext } from '$lib/server/request';

/** Signed-in visitors go straight home. */
export const load = (({ locals, url }) => {
	if (locals.account) redirect(303, safeNext(url.searchParams.get('next')));
	return {};
}) satisfies PageServerLoad;

export const actions = {
	/** Signs in with login and password; one answer for wrong and unknown logins. */
	default: async (event) => {
		const form = await event.request.formData();
		const login = field(form, 'login');
		const result = await signIn(await sql(), { login, password: field(form, 'password') }, clientOf(event), appConfig().sessionDays);
		if (!result.ok) return fail(result.retryAfter ? 429 : 400, { login, message: result.message });
		setSessionCookie(event, result.token, result.expiresAt);
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
} satisfies Actions;
