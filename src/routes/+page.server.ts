import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { homePage } from '$lib/server/queries/home';
import { announcementsOf } from '$lib/server/queries/messages';
import { teacherNotices } from '$lib/server/queries/journal-control';
import { OFFLINE_KEEP_HEADER } from '$lib/server/offline';

/** How many announcements the home page shows (the rest are a link away). */
const HOME_ANNOUNCEMENTS = 3;

/** The home page: the latest announcements, then one section per role the person holds. */
export const load = (async ({ locals, url, setHeaders, depends }) => {
	const actor = requireActor(locals, url);
	// A new announcement shows at once (the live channel).
	depends('app:inbox');
	const ctx = await requestContext();
	const [home, announcements] = await Promise.all([homePage(ctx, actor, locals.yearId), announcementsOf(ctx, actor, HOME_ANNOUNCEMENTS)]);
	// a teacher sees the deputy's reminders about their journals.
	const controlNotices = home.noYear ? [] : await teacherNotices(ctx, actor);
	// A family's home page (children's or one's own cards) may be kept on the phone for reading offline.
	if (!home.noYear && (home.children.length || home.self)) setHeaders({ [OFFLINE_KEEP_HEADER]: '1' });
	return { ...home, announcements, controlNotices, loadedAt: new Date().toISOString() };
}) satisfies PageServerLoad;
