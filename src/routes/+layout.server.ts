import type { LayoutServerLoad } from './$types';
import { ROLE_NAMES } from '$lib/domain/policy';
import { requestContext } from '$lib/server/context';
import { unreadCount } from '$lib/server/queries/messages';

/** Who is signed in, for the header, and how many of their notifications are unread (the badge, R-2.8). */
export const load = (async ({ locals, depends }) => {
	if (!locals.account || !locals.actor) return { user: null };
	// The header's badge is read again whenever the live channel says something arrived.
	depends('app:inbox');
	return {
		user: {
			fullName: locals.account.fullName,
			login: locals.account.login,
			roles: locals.actor.roles.map((role) => ROLE_NAMES[role]),
			unread: await unreadCount(await requestContext(), locals.actor)
		}
	};
}) satisfies LayoutServerLoad;
