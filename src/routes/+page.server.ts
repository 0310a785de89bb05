import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { homePage } from '$lib/server/queries/home';

/** The home page: one section per role the person holds. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return homePage(await requestContext(), actor, locals.yearId);
}) satisfies PageServerLoad;
