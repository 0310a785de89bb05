import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { requireApiActor, studentFor } from '$lib/server/guard';
import { lessonsOfStudent } from '$lib/server/db/diary';
import { today } from '$lib/server/start';
import { addDays } from '$lib/domain/dates';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A student's lessons with topics and homework between ?from and ?to (default: the last week). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const student = await studentFor(db, actor, params.id);
	const to = url.searchParams.get('to') ?? today(appConfig());
	const from = url.searchParams.get('from') ?? addDays(to, -6);
	if (!ISO_DATE.test(from) || !ISO_DATE.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)))
		error(400, 'Даты указываются как ГГГГ-ММ-ДД.');
	if (from > to) error(400, 'Начало периода позже его конца.');
	return json(await lessonsOfStudent(db, student.studentId, from, to));
};
