import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { schoolReport } from '$lib/server/queries/reports';

/** The school's report for the asked period (?period=<id>), the current one by default. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await schoolReport(await requestContext(), actor, url.searchParams.get('period')));
}) satisfies PageServerLoad;
