/**
 * Reads of a student's diary for the student, their parents and their teachers (R-2.4, R-2.7,
 * who may see which student is the policy's; anyone else gets the same not_found
 * whether the student exists or not, so nobody can probe for other children.
 */
import type { Ctx } from '../context.ts';
import { absencesOfStudent, currentPeriodOfStudent, lessonsOfStudent, marksOfStudent, periodMarksOfStudent, studentCard } from '../db/diary.ts';
import { gradingOf } from '../db/grading.ts';
import { weeklyHoursOf } from '../db/journal.ts';
import { loadStudentScope, type StudentScope } from '../db/people.ts';
import { diarySubjects } from '../../domain/standing.ts';
import { addDays, isIsoDate } from '../../domain/dates.ts';
import { isMarkFreeGrade } from '../../domain/grading-settings.ts';
import { parseId } from '../../domain/ids.ts';
import { decide, studentResource, type Action, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/** Message of the one answer given for a student who does not exist or is not the actor's to see. */
export const STUDENT_NOT_FOUND = 'Ученик не найден.';
const YEAR_NOT_FOUND = 'Учебный год не найден.';

/** The student's scope when the actor may act on them; otherwise not_found, the same whether the student exists or not. */
export async function studentFor(ctx: Ctx, actor: Actor, studentId: unknown, action: Action = 'read'): Promise<Outcome<StudentScope>> {
	const id = parseId(studentId);
	const scope = id === undefined ? undefined : await loadStudentScope(ctx.sql, id);
	if (!scope || !decide(actor, action, studentResource(scope)).allow) return refuse('not_found', STUDENT_NOT_FOUND);
	return done(scope);
}

/**
 * A student's diary: marks by subject with averages and forecasts, absences, lessons and homework;
 * in a mark-free grade no marks, averages or forecasts, only the period marks set (зач./незач.).
 */
export async function diaryPage(ctx: Ctx, actor: Actor, studentId: unknown, yearId: number | undefined) {
	const found = await studentFor(ctx, actor, studentId);
	if (!found.ok) return found;
	if (yearId === undefined) return refuse('not_found', YEAR_NOT_FOUND);
	const student = found.value.studentId;
	const { sql, today } = ctx;
	// The school's own rules for the year: new thresholds change suggestions, never marks.
	const rules = await gradingOf(sql, actor.schoolId, yearId);
	const card = await studentCard(sql, student, yearId);
	const markFree = isMarkFreeGrade(rules, card.grade);
	const period = await currentPeriodOfStudent(sql, student, yearId, today);
	const marks = markFree ? [] : await marksOfStudent(sql, student, yearId);
	const hours = await weeklyHoursOf(sql, [...new Set(marks.map((m) => m.journalId))], today);
	return done({
		card,
		today,
		period,
		scale: rules.scale,
		markFree,
		subjects: markFree ? [] : diarySubjects(marks, period, today, rules, hours),
		// the period, year, exam and final marks set, for every grade.
		periodMarks: await periodMarksOfStudent(sql, student, yearId),
		absences: await absencesOfStudent(sql, student, yearId),
		lessons: await lessonsOfStudent(sql, student, addDays(today, -6), today)
	});
}

/** A student's name and class. */
export async function studentCardOf(ctx: Ctx, actor: Actor, studentId: unknown, yearId: number | undefined) {
	const found = await studentFor(ctx, actor, studentId);
	if (!found.ok) return found;
	if (yearId === undefined) return refuse('not_found', YEAR_NOT_FOUND);
	return done({ studentId: found.value.studentId, ...(await studentCard(ctx.sql, found.value.studentId, yearId)) });
}

/** A student's marks in the current year. */
export async function studentMarks(ctx: Ctx, actor: Actor, studentId: unknown, yearId: number | undefined) {
	const found = await studentFor(ctx, actor, studentId);
	if (!found.ok) return found;
	if (yearId === undefined) return refuse('not_found', YEAR_NOT_FOUND);
	return done(await marksOfStudent(ctx.sql, found.value.studentId, yearId));
}

/** A student's absences in the current year. */
export async function studentAbsences(ctx: Ctx, actor: Actor, studentId: unknown, yearId: number | undefined) {
	const found = await studentFor(ctx, actor, studentId);
	if (!found.ok) return found;
	if (yearId === undefined) return refuse('not_found', YEAR_NOT_FOUND);
	return done(await absencesOfStudent(ctx.sql, found.value.studentId, yearId));
}

/** A student's lessons with topics and homework between `from` and `to` (default: the week up to today). */
export async function studentLessons(ctx: Ctx, actor: Actor, studentId: unknown, range: { from: string | null; to: string | null }) {
	const found = await studentFor(ctx, actor, studentId);
	if (!found.ok) return found;
	const to = range.to ?? ctx.today;
	const from = range.from ?? addDays(to, -6);
	if (!isIsoDate(from) || !isIsoDate(to)) return refuse('invalid', 'Даты указываются как ГГГГ-ММ-ДД.');
	if (from > to) return refuse('invalid', 'Начало периода позже его конца.');
	return done(await lessonsOfStudent(ctx.sql, found.value.studentId, from, to));
}
