import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { signIn } from '$lib/server/commands/account';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { clientOf, field, safeNext } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';

/** Signed-in visitors go straight home. */
export const load = (({ locals, url }) => {
	if (locals.account) redirect(303, safeNext(url.searchParams.get('next')));
	return {};
}) satisfies PageServerLoad;

export const actions = {
	/** Signs in with login and password; one answer for wrong and unknown logins. */
	default: async (event) => {
		const form = await formDataOf(event.request);
		const login = field(form, 'login');
		const outcome = await signIn(await requestContext(), { login, password: field(form, 'password') }, clientOf(event), appConfig().sessionDays);
		if (!outcome.ok) return fail(outcome.code === 'rate_limited' ? 429 : 400, { login, message: outcome.message });
		setSessionCookie(event, outcome.value.token, outcome.value.expiresAt);
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
} satisfies Actions;
