import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { jsonBody, unwrap } from '$lib/server/http';
import { createLesson } from '$lib/server/commands/lessons';

/** Adds a lesson column: { date, lessonNo?, topic?, workTypeId?, homework? }. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const ctx = await requestContext();
	const lesson = unwrap(await createLesson(ctx, actor, { journalId: params.id, fields: await jsonBody(request) }));
	return json(lesson, { status: 201 });
};
