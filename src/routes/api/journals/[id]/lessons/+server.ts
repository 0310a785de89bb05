import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { today } from '$lib/server/start';
import { requireApiActor } from '$lib/server/guard';
import { journalFor, jsonBody } from '$lib/server/journal/access';
import { createLesson } from '$lib/server/journal/lessons';

/** Adds a lesson column: { date, lessonNo?, topic?, workTypeId?, homework? }. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const journal = await journalFor(db, actor, params.id, 'write');
	const outcome = await createLesson(db, actor, journal, await jsonBody(request), today(appConfig()));
	if (!outcome.ok) error(outcome.status, outcome.message);
	return json(outcome.lesson, { status: 201 });
};
