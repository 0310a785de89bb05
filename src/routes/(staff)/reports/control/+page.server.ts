import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { journalControl } from '$lib/server/queries/reports';

/** Journal control for the asked period (?period=<id>) and days without marks (?days=N). */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await journalControl(await requestContext(), actor, url.searchParams.get('period'), url.searchParams.get('days')));
}) satisfies PageServerLoad;
