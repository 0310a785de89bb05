import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { deliveryPage } from '$lib/server/queries/notifications';

/** How the school's notifications were delivered in the last 7 days, and the latest failures (the administration only). */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await deliveryPage(await requestContext(), actor));
}) satisfies PageServerLoad;
