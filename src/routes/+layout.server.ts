import type { LayoutServerLoad } from './$types';
import { ROLE_NAMES } from '$lib/domain/policy';

/** Who is signed in, for the header. */
export const load = (({ locals }) => {
	if (!locals.account || !locals.actor) return { user: null };
	return {
		user: {
			fullName: locals.account.fullName,
			login: locals.account.login,
			roles: locals.actor.roles.map((role) => ROLE_NAMES[role])
		}
	};
}) satisfies LayoutServerLoad;
