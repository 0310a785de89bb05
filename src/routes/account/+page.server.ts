import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { accountSessions } from '$lib/server/queries/people';
import { passwordResetNotice } from '$lib/server/queries/account';
import { changePassword, signOutEverywhere } from '$lib/server/commands/account';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';

/** The account, when its password was last reset with a code, and its live sessions. */
export const load = (async ({ locals, url }) => {
	requireActor(locals, url);
	const account = locals.account!;
	const ctx = await requestContext();
	return {
		login: account.login,
		passwordResetAt: await passwordResetNotice(ctx, account.accountId, appConfig().timeZone),
		sessions: await accountSessions(ctx, account)
	};
}) satisfies PageServerLoad;

export const actions = {
	/** Changes the password; other devices are signed out. */
	password: async ({ locals, request, url }) => {
		requireActor(locals, url);
		const form = await formDataOf(request);
		const outcome = await changePassword(await requestContext(), locals.account!, {
			current: field(form, 'current'),
			password: field(form, 'password'),
			repeat: field(form, 'repeat')
		});
		if (!outcome.ok) return fail(400, { passwordMessage: outcome.message });
		return { passwordChanged: true, endedSessions: outcome.value.endedSessions };
	},
	/** Ends every session of the account, this one too. */
	everywhere: async (event) => {
		requireActor(event.locals, event.url);
		await signOutEverywhere(await requestContext(), event.locals.account);
		clearSessionCookie(event);
		redirect(303, '/login');
	}
} satisfies Actions;
