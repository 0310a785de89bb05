import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { sql } from '$lib/server/context';
import { requireApiActor, studentFor } from '$lib/server/guard';
import { studentCard } from '$lib/server/db/diary';

/** A student's name and class; 404 for anyone the caller may not see. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const student = await studentFor(db, actor, params.id);
	if (locals.yearId === undefined) error(404, 'Учебный год не найден.');
	return json({ studentId: student.studentId, ...(await studentCard(db, student.studentId, locals.yearId)) });
};
