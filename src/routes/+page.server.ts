import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { homePage } from '$lib/server/queries/home';
import { teacherNotices } from '$lib/server/queries/journal-control';
import { OFFLINE_KEEP_HEADER } from '$lib/server/offline';

/** The home page: one section per role the person holds. */
export const load = (async ({ locals, url, setHeaders }) => {
	const actor = requireActor(locals, url);
	const ctx = await requestContext();
	const home = await homePage(ctx, actor, locals.yearId);
	// a teacher sees the deputy's reminders about their journals.
	const controlNotices = home.noYear ? [] : await teacherNotices(ctx, actor);
	// A family's home page (children's or one's own cards) may be kept on the phone for reading offline.
	if (!home.noYear && (home.children.length || home.self)) setHeaders({ [OFFLINE_KEEP_HEADER]: '1' });
	return { ...home, controlNotices, loadedAt: new Date().toISOString() };
}) satisfies PageServerLoad;
