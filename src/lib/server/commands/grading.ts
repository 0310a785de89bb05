/**
 * The administrator's grading rules (R-2.5, R-5.2, X-MARKS) and the weights of the types of work.
 * New rules and weights change suggestions and forecasts from the next look on, never marks
 * already set; every open journal of the school is told at once.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { GRADING_ENTITY, gradingOf, lockGrading, lockWorkType, updateWorkType, upsertGrading } from '../db/grading.ts';
import { workTypesOf } from '../db/journal-facts.ts';
import { notifySettingsChanged } from '../collab-bridge.ts';
import { checkGradingForm, checkWorkTypesForm, GRADING_MESSAGES, type GradingForm } from '../../domain/grading-settings.ts';
import { decide, settingsResource, type Actor } from '../../domain/policy.ts';
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
