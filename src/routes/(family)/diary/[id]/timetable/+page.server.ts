import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { pupilWeek } from '$lib/server/queries/timetable';

/** A pupil's week by the timetable (`?week=` any day of it): rooms, teachers and the changes marked. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await pupilWeek(await requestContext(), actor, params.id, url.searchParams.get('week')));
}) satisfies PageServerLoad;
