/**
 * The class teacher's weekly check of a class: for a week, per pupil
 * and day the lessons with marks and absences; the pupil-days on which the journals disagree about
 * an absence; the failing pupils (this period) and the pupils who missed lessons this week without
 * a valid reason, with the message prepared for their parents. The class teacher and the
 * administration read it (the policy of the class report).
 */
import type { Ctx } from '../context.ts';
import { findClass } from '../db/school.ts';
import { weekCellsOfClass, weeklyNoticeRuleOf } from '../db/class-week.ts';
import { cellRulesOf } from '../db/journal-facts.ts';
import { classMarksSheet } from './class-marks.ts';
import { gradingOf } from '../db/grading.ts';
import { roundAverage } from '../../domain/grading.ts';
import { parseId } from '../../domain/ids.ts';
import { formatDate, isIsoDate } from '../../domain/dates.ts';
import { failingSubjects, findDisagreements, noticeReason, unexcusedOf, weekOf, WEEK_TEXT, type Disagreement } from '../../domain/class-week.ts';
import { decide, reportsResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';
import { REPORT_MESSAGES } from './reports.ts';

/** A pupil listed for the parents' notice. */
export interface ListedPupil {
	studentId: number;
	name: string;
	failing: string[];
	unexcused: { lessons: number; dates: string[] } | null;
	reason: string;
}

/** The page of the weekly check. */
export interface ClassWeek {
	classId: number;
	className: string;
	week: ReturnType<typeof weekOf>;
	/** The week's days with lessons, with what each pupil had. */
	days: Array<{ date: string; label: string }>;
	pupils: Array<{ studentId: number; name: string; days: Array<Array<{ subject: string; lessonNo: number | null; marks: number[]; absence: string | null }>> }>;
	disagreements: Array<Disagreement & { name: string; label: string }>;
	codes: string[];
	failing: ListedPupil[];
	unexcused: ListedPupil[];
	subject: string;
	template: string;
	/** the weekly automatic notice — on or off, and the Monday it last ran. */
	weekly: { on: boolean; lastWeek: string | null };
}

/** The class of the id in the actor's school, if the actor may check it. */
export async function classForWeekCheck(ctx: Ctx, actor: Actor, classId: unknown) {
	const id = parseId(classId);
	const klass = id === undefined ? undefined : await findClass(ctx.sql, id);
	if (!klass || klass.schoolId !== actor.schoolId) return refuse('not_found', REPORT_MESSAGES.classNotFound);
	const decision = decide(actor, 'read', reportsResource(klass.schoolId, { classId: klass.classId }));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	return done(klass);
}

/**
 * The listed pupils of a class: failing this period (in a subject, the period mark set, else the
 * weighted average of the period's marks rounded by the school's rules, is a «2» or below, or «н/а»),
 * or missing lessons of the week without a valid reason.
 */
export async function pupilsToNotify(ctx: Ctx, klass: { classId: number; grade: number; yearId: number; schoolId: number }, day: string) {
	const week = weekOf(day);
	const rules = await gradingOf(ctx.sql, klass.schoolId, klass.yearId);
	const sheet = await classMarksSheet(ctx.sql, klass, null, ctx.today);
	const cells = await weekCellsOfClass(ctx.sql, klass.classId, week.from, week.to);
	const unexcused = unexcusedOf(cells);
	const rows = sheet.rows.filter((r) => !r.departed);
	const subjectName = (i: number) => (sheet.journals[i].wholeClass ? sheet.journals[i].subject : `${sheet.journals[i].subject} (${sheet.journals[i].groupName})`);
	const listed: ListedPupil[] = rows.map((r) => {
		const failing = failingSubjects(r.cells.map((cell, i) => ({ subject: subjectName(i), mark: cell ? (cell.set?.value ?? (cell.average === null ? null : String(roundAverage(cell.average, rules)))) : null })));
		const missed = unexcused.get(r.student.id) ?? null;
		return { studentId: r.student.id, name: r.student.name, failing, unexcused: missed, reason: noticeReason(failing, missed ?? undefined) };
	});
	return { week, cells, rows, failing: listed.filter((p) => p.failing.length > 0), unexcused: listed.filter((p) => p.unexcused !== null) };
}

/** The weekly check of the class for the week of `asked` (YYYY-MM-DD), today's week by default. */
export async function classWeekCheck(ctx: Ctx, actor: Actor, classId: unknown, asked: string | null): Promise<Outcome<ClassWeek>> {
	const found = await classForWeekCheck(ctx, actor, classId);
	if (!found.ok) return found;
	const klass = found.value;
	const day = asked && isIsoDate(asked) ? asked : ctx.today;
	const { week, cells, rows, failing, unexcused } = await pupilsToNotify(ctx, klass, day);
	const rules = await cellRulesOf(ctx.sql, klass.schoolId, klass.yearId, klass.grade);
	const dates = week.days.filter((d) => cells.some((c) => c.date === d));
	const nameOf = new Map(rows.map((r) => [r.student.id, r.student.name]));
	const rule = await weeklyNoticeRuleOf(ctx.sql, klass.classId);
	return done({
		classId: klass.classId,
		className: klass.name,
		week,
		days: dates.map((date) => ({ date, label: formatDate(date) })),
		pupils: rows.map((r) => ({
			studentId: r.student.id,
			name: r.student.name,
			days: dates.map((date) =>
				cells
					.filter((c) => c.studentId === r.student.id && c.date === date)
					.map((c) => ({ subject: c.subject, lessonNo: c.lessonNo, marks: c.marks, absence: c.absence }))
			)
		})),
		disagreements: findDisagreements(cells)
			.filter((d) => nameOf.has(d.studentId))
			.map((d) => ({ ...d, name: nameOf.get(d.studentId)!, label: formatDate(d.date) })),
		codes: [...rules.absenceCodes],
		failing,
		unexcused,
		subject: rule?.subject ?? WEEK_TEXT.defaultSubject,
		template: rule?.template ?? WEEK_TEXT.defaultTemplate,
		weekly: { on: rule !== undefined, lastWeek: rule?.lastWeek ?? null }
	});
}
