import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { studentAbsences } from '$lib/server/queries/diary';

/** A student's absences in the current year. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	return json(unwrap(await studentAbsences(await requestContext(), actor, params.id, locals.yearId)));
};
