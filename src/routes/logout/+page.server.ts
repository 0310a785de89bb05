import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { signOut } from '$lib/server/commands/account';
import { clearSessionCookie } from '$lib/server/auth/cookie';

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	/** Ends this session only. */
	default: async (event) => {
		await signOut(await requestContext(), event.locals.account);
		clearSessionCookie(event);
		redirect(303, '/login');
	}
} satisfies Actions;
