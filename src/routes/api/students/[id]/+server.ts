import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { studentCardOf } from '$lib/server/queries/diary';

/** A student's name and class; 404 for anyone the caller may not see. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	return json(unwrap(await studentCardOf(await requestContext(), actor, params.id, locals.yearId)));
};
