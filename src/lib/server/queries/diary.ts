/**
 * Reads of a student's diary for the student, their parents and their teachers (R-2.4, R-2.7,
 * who may see which student is the policy's; anyone else gets the same not_found
 * whether the student exists or not, so nobody can probe for other children.
 */
import type { Ctx } from '../context.ts';
import { absencesOfStudent, lessonsOfStudent, marksOfStudent, periodMarksOfStudent, studentCard, weekOfStudent, lessonPlanOf, weekAcksOf, yearsOfStudent } from '../db/diary.ts';
import { gradingOf } from '../db/grading.ts';
import { holidaysOfYear } from '../db/holidays.ts';
import { weeklyHoursOf } from '../db/journal.ts';
import { periodsOfYear } from '../db/periods.ts';
import { childrenOf, classRoster, findClass } from '../db/school.ts';
import { mayReadClass } from './class.ts';
import { bellsOf } from '../db/settings.ts';
import { loadStudentScope, type StudentScope } from '../db/people.ts';
import { diarySubjects } from '../../domain/standing.ts';
import { lessonsLeft, mondayOf, schoolWeek, whatIsNeeded } from '../../domain/diary.ts';
import { holidayOn } from '../../domain/holidays.ts';
import { currentPeriod, periodsOfGrade, type PeriodKind } from '../../domain/periods.ts';
import { addDays, isIsoDate } from '../../domain/dates.ts';
import { isMarkFreeGrade } from '../../domain/grading-settings.ts';
import { parseId } from '../../domain/ids.ts';
import { decide, seesForecasts, studentResource, weekAckResource, type Action, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';
import { programmeOf } from './plans.ts';

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

/** What a diary page asks for: the week (any day of it), the period of the marks ('year' for the whole year) and an earlier school year (its id). */
export interface DiaryView {
	week?: string | null;
	period?: string | null;
	year?: string | null;
}

/**
 * A student's diary: the school week with each lesson's
 * time, room, teacher, topic, homework with its files, and the student's marks, absences and
 * comments; the marks of the chosen period by subject, with the average they give, the mark the
 * rules suggest, the period marks set, the forecast and what the lessons left allow; absences.
 * In a mark-free grade no marks, averages or forecasts, only the period marks set (зач./незач.).
 */
export async function diaryPage(ctx: Ctx, actor: Actor, studentId: unknown, yearId: number | undefined, view: DiaryView = {}) {
	const found = await studentFor(ctx, actor, studentId);
	if (!found.ok) return found;
	if (yearId === undefined) return refuse('not_found', YEAR_NOT_FOUND);
	const student = found.value.studentId;
	const { sql, today: realToday } = ctx;
	// an earlier year the pupil studied in, read as it stood at its end; the current year otherwise.
	const years = await yearsOfStudent(sql, student);
	const earlier = view.year ? years.find((y) => String(y.yearId) === view.year && y.yearId !== yearId) : undefined;
	if (view.year && !earlier && view.year !== String(yearId)) return refuse('not_found', YEAR_NOT_FOUND);
	const currentYearId = yearId;
	if (earlier) yearId = earlier.yearId;
	const today = earlier && earlier.endsOn < realToday ? earlier.endsOn : realToday;
	// The school's own rules for the year: new thresholds change suggestions, never marks.
	const rules = await gradingOf(sql, actor.schoolId, yearId);
	const card = await studentCard(sql, student, yearId);
	const markFree = isMarkFreeGrade(rules, card.grade);
	const periods = card.grade === null ? [] : periodsOfGrade(await periodsOfYear(sql, yearId), card.grade);
	const current = currentPeriod(periods, today);
	const wholeYear = view.period === 'year';
	const chosen = wholeYear ? undefined : (periods.find((p) => String(p.id) === view.period) ?? current);
	const monday = mondayOf(view.week && isIsoDate(view.week) ? view.week : today);
	const days = schoolWeek(monday);

	const [marks, periodMarks, absences, week, bells, holidays, children, acks] = await Promise.all([
		markFree ? Promise.resolve([]) : marksOfStudent(sql, student, yearId),
		periodMarksOfStudent(sql, student, yearId),
		absencesOfStudent(sql, student, yearId),
		weekOfStudent(sql, student, days[0], days.at(-1)!),
		bellsOf(sql, actor.schoolId),
		holidaysOfYear(sql, yearId),
		actor.roles.includes('parent') && !earlier ? childrenOf(sql, actor.personId, yearId) : Promise.resolve([]),
		weekAcksOf(sql, [student], monday)
	]);
	const journalIds = [...new Set(marks.map((m) => m.journalId))];
	const [hours, plans, programme] = await Promise.all([weeklyHoursOf(sql, journalIds, today), lessonPlanOf(sql, journalIds), programmeOf(sql, journalIds, today)]);
	const range = chosen ? { startsOn: chosen.startsOn, endsOn: chosen.endsOn } : undefined;
	const subjects = markFree ? [] : diarySubjects(marks, range, today, rules, hours);
	// «What do I need» is for the period under way: how many lessons of the subject are still to come.
	const underway = chosen !== undefined && chosen.id === current?.id && today <= chosen.endsOn;
	const periodWord = chosen ? (PERIOD_GENITIVE[chosen.kind as PeriodKind] ?? 'периода') : 'года';
	const inRange = (date: string) => !range || (date >= range.startsOn && date <= range.endsOn);
	return done({
		card,
		today,
		studentId: student,
		// the years to choose from (when there is more than one), and the earlier one shown, if any.
		years: years.length > 1 ? years.map((y) => ({ yearId: y.yearId, name: y.name, className: y.className, current: y.yearId === currentYearId, shown: y.yearId === yearId })) : [],
		earlierYear: earlier ? { yearId: earlier.yearId, name: earlier.name } : null,
		children: children.length > 1 ? children : [],
		periods: periods.map((p) => ({ id: p.id, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn })),
		period: chosen ? { id: chosen.id, name: chosen.name, startsOn: chosen.startsOn, endsOn: chosen.endsOn, current: chosen.id === current?.id } : null,
		wholeYear,
		scale: rules.scale,
		markFree,
		subjects: subjects.map((s) => {
			const journalId = s.marks.at(-1)!.journalId;
			const graded = s.marksOfPeriod.map((m) => ({ value: m.value, weight: m.weight, workType: m.workTypeCode, worth: m.worth }));
			const plan = plans.get(journalId);
			const left = underway && plan ? lessonsLeft({ today, endsOn: chosen.endsOn, slots: plan.slots, holidays, hoursPerWeek: plan.hoursPerWeek }) : null;
			return {
				subject: s.subject,
				marks: s.marksOfPeriod,
				chart: s.periodMarks,
				average: s.average,
				suggestion: s.suggestion,
				// families see the forecast as far as the school allows.
				forecast: underway && seesForecasts(actor) ? s.forecast : null,
				need: left === null ? null : whatIsNeeded(graded, left, rules, periodWord).text,
				// progress through the thematic plan, in plain words.
				programme: programme.get(journalId)?.familyText ?? null
			};
		}),
		// the period, year, exam and final marks set, for every grade.
		periodMarks,
		absences: absences.filter((a) => inRange(a.date)),
		week: {
			monday,
			previous: addDays(monday, -7),
			next: addDays(monday, 7),
			thisWeek: mondayOf(today),
			// who confirmed having seen this week, and whether this person may (a parent, for a week begun).
			acks: (acks.get(student) ?? []).map((a) => ({ parentName: a.parentName, ackedAt: a.ackedAt.toISOString(), mine: a.parentId === actor.personId })),
			canAck: !earlier && monday <= today && decide(actor, 'write', weekAckResource({ schoolId: actor.schoolId, studentId: student })).allow,
			// A mark-free grade reads no marks, not even one given while the school still graded it.
			days: days.map((date) => ({ date, holiday: holidayOn(holidays, date)?.name ?? null, lessons: week.filter((l) => l.date === date).map((l) => (markFree ? { ...l, marks: [] } : l)) }))
		},
		bells
	});
}

/** «до конца четверти», «до конца полугодия»: a period's name in the genitive, by its kind. */
const PERIOD_GENITIVE: Record<PeriodKind, string> = { quarter: 'четверти', trimester: 'триместра', half: 'полугодия' };

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

/** What the class's weekly printout asks for: the week (any day of it) and, for one pupil's page only, the pupil. */
export interface WeekPrintoutView {
	week?: string | null;
	student?: string | null;
}

/**
 * The class's week on paper, for whoever may read the class (its class teacher, the
 * administration): per pupil enrolled that week, Monday to Saturday, each lesson with its subject,
 * topic, homework, the pupil's marks with their type of work, absence and the teacher's comment, and
 * the parents who confirmed the week in the diary; or one pupil's page. A mark-free grade prints no marks.
 */
export async function classWeekPrintout(ctx: Ctx, actor: Actor, classId: unknown, view: WeekPrintoutView = {}) {
	const allowed = await mayReadClass(ctx, actor, classId);
	if (!allowed.ok) return allowed;
	const { sql, today } = ctx;
	const klass = (await findClass(sql, allowed.value))!;
	if (view.week && !isIsoDate(view.week)) return refuse('invalid', 'Неделя указывается датой ГГГГ-ММ-ДД.');
	const days = schoolWeek(mondayOf(view.week ?? today));
	const [monday, saturday] = [days[0], days.at(-1)!];
	const enrolled = (await classRoster(sql, klass.classId)).filter((s) => s.arrivedOn <= saturday && (s.departedOn === null || s.departedOn >= monday));
	let pupils = enrolled;
	if (view.student) {
		pupils = enrolled.filter((s) => String(s.studentId) === view.student);
		if (!pupils.length) return refuse('not_found', STUDENT_NOT_FOUND);
	}
	const markFree = isMarkFreeGrade(await gradingOf(sql, klass.schoolId, klass.yearId), klass.grade);
	const acks = await weekAcksOf(sql, pupils.map((p) => p.studentId), monday);
	return done({
		className: klass.name,
		monday,
		saturday,
		markFree,
		pupils: await Promise.all(
			pupils.map(async (p) => ({
				fullName: p.fullName,
				lessons: (await weekOfStudent(sql, p.studentId, monday, saturday)).map((l) => (markFree ? { ...l, marks: [] } : l)),
				acks: (acks.get(p.studentId) ?? []).map((a) => ({ parentName: a.parentName, ackedAt: a.ackedAt.toISOString() }))
			}))
		)
	});
}
