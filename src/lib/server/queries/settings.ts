/** Reads of the administrator's settings pages: grading rules and types of work, periods and holidays. */
import { digestHourOf } from '../db/notifications.ts';
import { DEFAULT_DIGEST_HOUR } from '../../domain/notifications.ts';
import type { Ctx } from '../context.ts';
import { gradingOf, gradingSavedInfo } from '../db/grading.ts';
import { workTypesOf } from '../db/journal-facts.ts';
import { periodsOfYear } from '../db/periods.ts';
import { holidaysOfYear } from '../db/holidays.ts';
import { classTeacherWritesOf } from '../db/settings.ts';
import { homeworkDueDays } from '../db/journal-control.ts';
import { formatThresholds, MAX_MIN_MARKS_STEPS } from '../../domain/grading-settings.ts';
import { periodState } from '../../domain/periods.ts';
import { holidayDays } from '../../domain/holidays.ts';
import type { Actor } from '../../domain/policy.ts';
import { mayManageSettings } from '../commands/grading.ts';
import { done, type Outcome } from '../commands/outcome.ts';

/** The school's grading rules for the year, its types of work with their weights (R-2.5, R-5.2, X-MARKS) and what a class teacher writes in other teachers' journals (R-4.3.8). */
export async function gradingPage(ctx: Ctx, actor: Actor, yearId: number) {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const rules = await gradingOf(ctx.sql, actor.schoolId, yearId);
	// steps as rows of the form: the saved ones, then empty rows to add more (up to the limit).
	const rows = Math.min(MAX_MIN_MARKS_STEPS, Math.max(3, rules.minMarksByHours.length + 2));
	const stepRows = Array.from({ length: rows }, (_, i) => rules.minMarksByHours[i] ?? null);
	return done({
		rules: { ...rules, thresholdsText: formatThresholds(rules.thresholds), stepRows },
		saved: await gradingSavedInfo(ctx.sql, actor.schoolId, yearId),
		workTypes: await workTypesOf(ctx.sql, actor.schoolId, yearId),
		// what a class teacher writes in the journals of subjects they do not teach.
		classTeacherWrites: await classTeacherWritesOf(ctx.sql, actor.schoolId),
		// the days after a lesson by which its homework is entered (journal control).
		homeworkDueDays: await homeworkDueDays(ctx.sql, actor.schoolId, yearId),
		// the hour of the daily digest letter (school time).
		digestHour: (await digestHourOf(ctx.sql, actor.schoolId)) ?? DEFAULT_DIGEST_HOUR
	});
}

/** The periods of the year with their deadlines and state today, and its holidays. */
export async function periodsPage(ctx: Ctx, actor: Actor, yearId: number) {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const periods = await periodsOfYear(ctx.sql, yearId);
	const holidays = await holidaysOfYear(ctx.sql, yearId);
	return done({
		today: ctx.today,
		periods: periods.map((p) => ({ ...p, state: periodState(p, ctx.today) })),
		holidays: holidays.map((h) => ({ id: h.id, name: h.name, startsOn: h.startsOn, endsOn: h.endsOn, days: holidayDays(h) }))
	});
}

export type { Outcome };
