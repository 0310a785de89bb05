import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { studentLessons } from '$lib/server/queries/diary';

/** A student's lessons with topics and homework between ?from and ?to (default: the last week). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireApiActor(locals);
	const range = { from: url.searchParams.get('from'), to: url.searchParams.get('to') };
	return json(unwrap(await studentLessons(await requestContext(), actor, params.id, range)));
};
