import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { homePage } from '$lib/server/queries/home';
import { OFFLINE_KEEP_HEADER } from '$lib/server/offline';

/** The home page: one section per role the person holds. */
export const load = (async ({ locals, url, setHeaders }) => {
	const actor = requireActor(locals, url);
	const home = await homePage(await requestContext(), actor, locals.yearId);
	// A family's home page (children's or one's own cards) may be kept on the phone for reading offline.
	if (!home.noYear && (home.children.length || home.self)) setHeaders({ [OFFLINE_KEEP_HEADER]: '1' });
	return { ...home, loadedAt: new Date().toISOString() };
}) satisfies PageServerLoad;
