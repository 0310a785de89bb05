import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { sql } from '$lib/server/context';
import { requireApiActor, studentFor } from '$lib/server/guard';
import { marksOfStudent } from '$lib/server/db/diary';

/** A student's marks in the current year. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const student = await studentFor(db, actor, params.id);
	if (locals.yearId === undefined) error(404, 'Учебный год не найден.');
	return json(await marksOfStudent(db, student.studentId, locals.yearId));
};
