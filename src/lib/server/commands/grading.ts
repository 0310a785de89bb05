/**
 * The administrator's grading rules (R-2.5, R-5.2, X-MARKS) and the weights of the types of work.
 * New rules and weights change suggestions and forecasts from the next look on, never marks
 * already set; every open journal of the school is told at once.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { GRADING_ENTITY, gradingOf, lockGrading, lockWorkType, updateWorkType, upsertGrading } from '../db/grading.ts';
import { workTypesOf } from '../db/journal-facts.ts';
import { lockClassTeacherWrites, lockDigestHour, setClassTeacherWrites, setDigestHour } from '../db/settings.ts';
import { DEFAULT_DIGEST_HOUR, DIGEST_HOUR_MESSAGES, parseDigestHour } from '../../domain/notifications.ts';
import { homeworkDueDays, updateHomeworkDueDays } from '../db/journal-control.ts';
import { HOMEWORK_DUE_MESSAGES, parseHomeworkDueDays } from '../../domain/journal-control.ts';
import { notifySettingsChanged } from '../collab-bridge.ts';
import { checkGradingForm, checkWorkTypesForm, GRADING_MESSAGES, type GradingForm } from '../../domain/grading-settings.ts';
import { decide, isClassTeacherWrites, settingsResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** The actor may manage their school's settings, or the policy's refusal. */
export function mayManageSettings(actor: Actor): Outcome {
	const decision = decide(actor, 'manage', settingsResource(actor.schoolId));
	return decision.allow ? done(undefined) : refuse('forbidden', decision.reason);
}

/** Saves the school's rules for the year from the form; on bad input nothing changes and the reason is given. */
export async function saveGradingRules(ctx: Ctx, actor: Actor, input: { yearId: number; form: GradingForm }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const codes = (await workTypesOf(ctx.sql, actor.schoolId, input.yearId)).map((w) => w.code);
	const checked = checkGradingForm(input.form, codes);
	if (!checked.ok) return refuse('invalid', checked.reason);
	await ctx.sql.begin(async (tx) => {
		// Two administrators saving at once: the second waits and records the first's rules as old.
		await lockGrading(tx, actor.schoolId);
		const old = await gradingOf(tx, actor.schoolId, input.yearId);
		await upsertGrading(tx, actor.schoolId, input.yearId, checked.value, actor.personId);
		await writeAudit(tx, { actorId: actor.personId, action: 'grading.update', entity: GRADING_ENTITY, entityId: `${actor.schoolId}:${input.yearId}`, oldValue: old, newValue: checked.value });
	});
	await notifySettingsChanged(actor.schoolId);
	return done(GRADING_MESSAGES.saved);
}

/**
 * Saves the weights and topic rules of the year's types of work, one audit row per changed type.
 * `fields` are the form's fields (`weight_<id>`, `topic_<id>` for the types it shows), untrusted.
 */
export async function saveWorkTypeSettings(ctx: Ctx, actor: Actor, input: { yearId: number; fields: Record<string, unknown> }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const known = await workTypesOf(ctx.sql, actor.schoolId, input.yearId);
	const rows = known
		.filter((w) => `weight_${w.id}` in input.fields)
		.map((w) => ({ id: w.id, weight: input.fields[`weight_${w.id}`], topicRequired: input.fields[`topic_${w.id}`] }));
	const checked = checkWorkTypesForm(rows, known);
	if (!checked.ok) return refuse('invalid', checked.reason);
	await ctx.sql.begin(async (tx) => {
		for (const setting of checked.value) {
			const old = await lockWorkType(tx, actor.schoolId, input.yearId, setting.id);
			if (!old || (old.weight === setting.weight && old.topicRequired === setting.topicRequired)) continue;
			await updateWorkType(tx, setting);
			await writeAudit(tx, {
				actorId: actor.personId,
				action: 'work_type.update',
				entity: 'work_type',
				entityId: setting.id,
				oldValue: old,
				newValue: { weight: setting.weight, topicRequired: setting.topicRequired }
			});
		}
	});
	await notifySettingsChanged(actor.schoolId);
	return done(GRADING_MESSAGES.workTypesSaved);
}

/** What the grading page says about the class-teacher setting (X-RU). */
export const CLASS_TEACHER_MESSAGES = {
	unknown: 'Выберите, что классный руководитель отмечает в журналах других учителей.',
	saved: 'Сохранено: что классный руководитель отмечает в журналах других учителей.'
} as const;

/**
 * Saves what a class teacher may write in the journals of subjects they do not teach (R-4.3.8,
 * absences and comments only, also period marks, or everything. Checks: the actor
 * manages settings, the value is one of the three. Writes the setting and an audit row (old →
 * new) in one transaction; it counts from the next edit on (every cell edit reads it).
 */
export async function saveClassTeacherWrites(ctx: Ctx, actor: Actor, input: { value: unknown }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const value = input.value;
	if (!isClassTeacherWrites(value)) return refuse('invalid', CLASS_TEACHER_MESSAGES.unknown);
	await ctx.sql.begin(async (tx) => {
		const old = await lockClassTeacherWrites(tx, actor.schoolId);
		if (old === value) return;
		await setClassTeacherWrites(tx, actor.schoolId, value);
		await writeAudit(tx, { actorId: actor.personId, action: 'settings.class_teacher_writes', entity: 'school', entityId: actor.schoolId, oldValue: { classTeacherWrites: old }, newValue: { classTeacherWrites: value } });
	});
	return done(CLASS_TEACHER_MESSAGES.saved);
}

/**
 * Saves the school's days after a lesson by which its homework is entered (R-4.4.3: 0, the day
 * of the lesson, by default), which journal control judges homework by. Checks: the actor
 * manages settings; a whole number 0–14. Writes it on the year's rules (the rules in force are
 * written first when the year has none of its own) and an audit row, in one transaction.
 */
export async function saveHomeworkDueDays(ctx: Ctx, actor: Actor, input: { yearId: number; value: unknown }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const parsed = parseHomeworkDueDays(input.value);
	if (!parsed.ok) return refuse('invalid', parsed.reason);
	await ctx.sql.begin(async (tx) => {
		await lockGrading(tx, actor.schoolId);
		const old = await homeworkDueDays(tx, actor.schoolId, input.yearId);
		if (old === parsed.days) return;
		if (!(await updateHomeworkDueDays(tx, actor.schoolId, input.yearId, parsed.days, actor.personId))) {
			await upsertGrading(tx, actor.schoolId, input.yearId, await gradingOf(tx, actor.schoolId, input.yearId), actor.personId);
			await updateHomeworkDueDays(tx, actor.schoolId, input.yearId, parsed.days, actor.personId);
		}
		await writeAudit(tx, { actorId: actor.personId, action: 'grading.homework_due_days', entity: GRADING_ENTITY, entityId: `${actor.schoolId}:${input.yearId}`, oldValue: { homeworkDueDays: old }, newValue: { homeworkDueDays: parsed.days } });
	});
	return done(HOMEWORK_DUE_MESSAGES.saved);
}

/**
 * Saves the school's hour of the daily digest (R-2.8: the letter of those who chose one a day).
 * Checks: the actor manages settings; a whole number 0–23 (`parseDigestHour`). Writes the setting
 * and an audit row (old → new) in one transaction; the deliverer reads it at each letter.
 */
export async function saveDigestHour(ctx: Ctx, actor: Actor, input: { value: unknown }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const parsed = parseDigestHour(input.value);
	if (!parsed.ok) return refuse('invalid', parsed.reason);
	await ctx.sql.begin(async (tx) => {
		const old = (await lockDigestHour(tx, actor.schoolId)) ?? DEFAULT_DIGEST_HOUR;
		if (old === parsed.hour) return;
		await setDigestHour(tx, actor.schoolId, parsed.hour);
		await writeAudit(tx, { actorId: actor.personId, action: 'settings.digest_hour', entity: 'school', entityId: actor.schoolId, oldValue: { digestHour: old }, newValue: { digestHour: parsed.hour } });
	});
	return done(DIGEST_HOUR_MESSAGES.saved);
}
