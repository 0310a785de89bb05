import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { archiveProgress } from '$lib/server/queries/archives';

/** How far the archive being made has got, polled by the archive page. */
export const GET: RequestHandler = async ({ locals }) => {
	const actor = requireApiActor(locals);
	return json(unwrap(archiveProgress(actor)), { headers: { 'cache-control': 'no-store' } });
};
