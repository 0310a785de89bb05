import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { requireActor, studentFor } from '$lib/server/guard';
import { today } from '$lib/server/start';
import { absencesOfStudent, currentPeriodOfStudent, lessonsOfStudent, marksOfStudent, periodMarksOfStudent, studentCard } from '$lib/server/db/diary';
import { addDays } from '$lib/domain/dates';
import { isMarkFreeGrade } from '$lib/domain/grading-settings';
import { diarySubjects } from '$lib/domain/standing';
import { gradingOf } from '$lib/server/db/grading';
import { weeklyHoursOf } from '$lib/server/db/journal';

/**
 * A student's diary: marks by subject with averages and forecasts, absences, lessons and homework
 * in a mark-free grade no marks, averages or forecasts, only the period
 * marks set (зач./незач.).
 */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const db = await sql();
	const student = await studentFor(db, actor, params.id);
	if (locals.yearId === undefined) error(404, 'Учебный год не найден.');
	const date = today(appConfig());
	// The school's own rules for the year: new thresholds change suggestions, never marks.
	const rules = await gradingOf(db, actor.schoolId, locals.yearId);
	const card = await studentCard(db, student.studentId, locals.yearId);
	const markFree = isMarkFreeGrade(rules, card.grade);
	const period = await currentPeriodOfStudent(db, student.studentId, locals.yearId, date);
	const marks = markFree ? [] : await marksOfStudent(db, student.studentId, locals.yearId);
	const hours = await weeklyHoursOf(db, [...new Set(marks.map((m) => m.journalId))], date);
	return {
		card,
		today: date,
		period,
		scale: rules.scale,
		markFree,
		subjects: markFree ? [] : diarySubjects(marks, period, date, rules, hours),
		// the period, year, exam and final marks set, for every grade.
		periodMarks: await periodMarksOfStudent(db, student.studentId, locals.yearId),
		absences: await absencesOfStudent(db, student.studentId, locals.yearId),
		lessons: await lessonsOfStudent(db, student.studentId, addDays(date, -6), date)
	};
}) satisfies PageServerLoad;
