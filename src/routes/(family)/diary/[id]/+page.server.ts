import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { diaryPage } from '$lib/server/queries/diary';

/**
 * A student's diary: marks by subject with averages and forecasts, absences, lessons and homework
 * in a mark-free grade no marks, averages or forecasts, only the period
 * marks set (зач./незач.).
 */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await diaryPage(await requestContext(), actor, params.id, locals.yearId));
}) satisfies PageServerLoad;
