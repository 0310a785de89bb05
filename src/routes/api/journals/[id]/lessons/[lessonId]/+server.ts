import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { jsonBody, unwrap } from '$lib/server/http';
import { deleteLesson, updateLesson } from '$lib/server/commands/lessons';

/** Changes a lesson: move (date), number, topic, type of work, homework. */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const ctx = await requestContext();
	return json(unwrap(await updateLesson(ctx, actor, { journalId: params.id, lessonId: params.lessonId, fields: await jsonBody(request) })));
};

/** Deletes a lesson that holds no marks, absences or comments. */
export const DELETE: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	unwrap(await deleteLesson(await requestContext(), actor, { journalId: params.id, lessonId: params.lessonId }));
	return new Response(null, { status: 204 });
};
