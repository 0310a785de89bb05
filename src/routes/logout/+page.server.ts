import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { sql } from '$lib/server/context';
import { deleteSession } from '$lib/server/db/accounts';
import { clearSessionCookie } from '$lib/server/auth/cookie';

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	/** Ends this session only. */
	default: async (event) => {
		if (event.locals.account) await deleteSession(await sql(), event.locals.account.sessionId);
		clearSessionCookie(event);
		redirect(303, '/login');
	}
} satisfies Actions;
