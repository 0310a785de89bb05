import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { changeStream, unwrap } from '$lib/server/http';
import { studentFor } from '$lib/server/queries/diary';
import { subscribeDiary } from '$lib/server/diary-events';

/**
 * The live channel of one pupil's diary (X-LIVE): a server-sent event stream that says `changed`
 * whenever a mark, absence, comment, lesson or period mark of the pupil is committed; the page then
 * reads its data again. Only for those who may read the pupil (the same 404 for anyone else);
 * it carries no data, so nothing in it can be forged into the diary.
 */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const { studentId } = unwrap(await studentFor(await requestContext(), actor, params.id));
	return changeStream(request, (changed) => subscribeDiary(studentId, changed));
};
