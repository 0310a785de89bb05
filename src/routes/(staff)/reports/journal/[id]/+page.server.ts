import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { journalReport } from '$lib/server/queries/reports';

/** The report for the asked period (?period=<id>), the current one by default. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	// The journal's id for the printed journal's links (the report found it, so it is a number).
	return { ...unwrap(await journalReport(await requestContext(), actor, params.id, url.searchParams.get('period'))), journalId: Number(params.id) };
}) satisfies PageServerLoad;
