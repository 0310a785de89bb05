import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { requireActor, studentFor } from '$lib/server/guard';
import { today } from '$lib/server/start';
import { absencesOfStudent, lessonsOfStudent, marksOfStudent, studentCard } from '$lib/server/db/diary';
import { addDays } from '$lib/domain/dates';
import { weightedAverage } from '$lib/domain/marks';

/** A student's diary: marks by subject with averages, absences, lessons and homework. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const db = await sql();
	const student = await studentFor(db, actor, params.id);
	if (locals.yearId === undefined) error(404, 'Учебный год не найден.');
	const date = today(appConfig());
	const marks = await marksOfStudent(db, student.studentId, locals.yearId);
	const bySubject = new Map<string, typeof marks>();
	for (const mark of [...marks].reverse()) bySubject.set(mark.subject, [...(bySubject.get(mark.subject) ?? []), mark]);
	return {
		card: await studentCard(db, student.studentId, locals.yearId),
		subjects: [...bySubject].map(([subject, list]) => ({ subject, marks: list, average: weightedAverage(list) })).sort((a, b) => a.subject.localeCompare(b.subject, 'ru')),
		absences: await absencesOfStudent(db, student.studentId, locals.yearId),
		lessons: await lessonsOfStudent(db, student.studentId, addDays(date, -6), date)
	};
}) satisfies PageServerLoad;
