import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { sql } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { deleteAccountSessions, listSessions } from '$lib/server/db/accounts';
import { writeAudit } from '$lib/server/db/audit';
import { changePassword } from '$lib/server/auth/login';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { field } from '$lib/server/request';

/** The account and its live sessions. */
export const load = (async ({ locals, url }) => {
	requireActor(locals, url);
	const account = locals.account!;
	const sessions = await listSessions(await sql(), account.accountId);
	return {
		login: account.login,
		sessions: sessions.map((s) => ({
			current: s.id === account.sessionId,
			createdAt: s.createdAt.toISOString(),
			userAgent: s.userAgent,
			ip: s.ip
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	/** Changes the password; other devices are signed out. */
	password: async ({ locals, request, url }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const result = await changePassword(await sql(), locals.account!.accountId, locals.account!.sessionId, {
			current: field(form, 'current'),
			password: field(form, 'password'),
			repeat: field(form, 'repeat')
		});
		if (!result.ok) return fail(400, { passwordMessage: result.message });
		return { passwordChanged: true, endedSessions: result.endedSessions };
	},
	/** Ends every session of the account, this one too. */
	everywhere: async (event) => {
		requireActor(event.locals, event.url);
		const db = await sql();
		const account = event.locals.account!;
		const ended = await deleteAccountSessions(db, account.accountId);
		await writeAudit(db, { actorId: account.personId, action: 'logout_everywhere', entity: 'account', entityId: account.accountId, newValue: { ended } });
		clearSessionCookie(event);
		redirect(303, '/login');
	}
} satisfies Actions;
