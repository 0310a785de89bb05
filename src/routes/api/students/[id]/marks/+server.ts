import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { studentMarks } from '$lib/server/queries/diary';

/** A student's marks in the current year. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	return json(unwrap(await studentMarks(await requestContext(), actor, params.id, locals.yearId)));
};
