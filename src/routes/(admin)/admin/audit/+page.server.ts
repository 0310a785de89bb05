import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { auditPage } from '$lib/server/queries/audit';

/** The school's audit log for the administration, filtered by `?person=&from=&to=&kind=` (X-AUDIT); `before` pages back. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	const q = (name: string) => url.searchParams.get(name);
	return unwrap(await auditPage(await requestContext(), actor, { person: q('person'), from: q('from'), to: q('to'), kind: q('kind'), before: q('before') }));
}) satisfies PageServerLoad;
