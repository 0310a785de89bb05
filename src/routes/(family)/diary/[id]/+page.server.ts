import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { requireActor, studentFor } from '$lib/server/guard';
import { today } from '$lib/server/start';
import { absencesOfStudent, currentPeriodOfStudent, lessonsOfStudent, marksOfStudent, studentCard } from '$lib/server/db/diary';
import { addDays } from '$lib/domain/dates';
import { suggestPeriodMark, weightedAverageOf, type GradedMark } from '$lib/domain/grading';
import { periodElapsed, studentForecast } from '$lib/server/marks/standing';
import { gradingOf } from '$lib/server/db/grading';
import { weeklyHoursOf } from '$lib/server/db/journal';
import { gradingForJournal } from '$lib/domain/grading-settings';

/** A student's diary: marks by subject with averages and forecasts, absences, lessons and homework. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const db = await sql();
	const student = await studentFor(db, actor, params.id);
	if (locals.yearId === undefined) error(404, 'Учебный год не найден.');
	const date = today(appConfig());
	// The school's own rules for the year: new thresholds change suggestions, never marks.
	const rules = await gradingOf(db, actor.schoolId, locals.yearId);
	const marks = await marksOfStudent(db, student.studentId, locals.yearId);
	const period = await currentPeriodOfStudent(db, student.studentId, locals.yearId, date);
	const inPeriod = (d: string) => !period || (d >= period.startsOn && d <= period.endsOn);
	const graded = (list: typeof marks): GradedMark[] => list.map((m) => ({ value: m.value, weight: m.weight, workType: m.workTypeCode }));

	const bySubject = new Map<string, typeof marks>();
	for (const mark of [...marks].reverse()) bySubject.set(mark.subject, [...(bySubject.get(mark.subject) ?? []), mark]);
	const allInPeriod = graded(marks.filter((m) => inPeriod(m.date)));
	const elapsed = periodElapsed(period, date);
	const hours = await weeklyHoursOf(db, [...new Set(marks.map((m) => m.journalId))], date);

	const subjects = [...bySubject]
		.map(([subject, list]) => {
			const current = graded(list.filter((m) => inPeriod(m.date)));
			// the subject's minimum follows the lessons a week of the journal of its latest mark.
			const own = gradingForJournal(rules, hours.get(list.at(-1)!.journalId) ?? 0);
			const forecast = studentForecast(current, allInPeriod, elapsed, own);
			return {
				subject,
				marks: list,
				periodMarks: list.filter((m) => inPeriod(m.date)).map((m) => ({ date: m.date, value: m.value, weight: m.weight })),
				average: weightedAverageOf(current),
				suggestion: suggestPeriodMark({ marks: current }, own),
				forecast: { expected: forecast.expected, band: forecast.band, risks: forecast.risks, advice: forecast.advice }
			};
		})
		.sort((a, b) => a.subject.localeCompare(b.subject, 'ru'));
	return {
		card: await studentCard(db, student.studentId, locals.yearId),
		today: date,
		period,
		scale: rules.scale,
		subjects,
		absences: await absencesOfStudent(db, student.studentId, locals.yearId),
		lessons: await lessonsOfStudent(db, student.studentId, addDays(date, -6), date)
	};
}) satisfies PageServerLoad;
