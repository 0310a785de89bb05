// GET /health: 200 when the database (and Redis, if configured) answer, else 503; no session, never cached.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig } from '$lib/server/context';
import { health } from '$lib/server/queries/health';

export const GET: RequestHandler = async () => {
	const state = await health(appConfig().redisUrl);
	return json(state, { status: state.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
