import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { journalReport } from '$lib/server/queries/reports';

/** The report for the asked period (?period=<id>), the current one by default. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	return unwrap(await journalReport(await requestContext(), actor, params.id, url.searchParams.get('period')));
}) satisfies PageServerLoad;
