import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { reportsIndex } from '$lib/server/queries/reports';

/** The reports the person may open: the school's, classes', their journals'. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await reportsIndex(await requestContext(), actor, locals.yearId));
}) satisfies PageServerLoad;
