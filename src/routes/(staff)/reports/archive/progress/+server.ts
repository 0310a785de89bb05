import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { archiveProgress } from '$lib/server/queries/archives';

/** How far the school's archive being made has got (from its job row, on any instance), polled by the archive page. */
export const GET: RequestHandler = async ({ locals }) => {
	const actor = requireApiActor(locals);
	return json(unwrap(await archiveProgress(await requestContext(), actor)), { headers: { 'cache-control': 'no-store' } });
};
