/**
 * The administrator's school years: a new year with its periods (quarters, trimesters or
 * half-years per range of grades, with their marks deadlines, R-5.3) and holidays, typed in or
 * copied from last year and reviewed on the form. Checked by `checkYearPlan`; written in one
 * transaction with an audit row; years of one school are created one at a time.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { insertHoliday, insertPeriod, insertSchoolYear } from '../db/setup.ts';
import { lockSchoolForYears, yearsOfSchool } from '../db/years.ts';
import { checkYearPlan, YEAR_MESSAGES, type YearPlan, type YearPlanInput } from '../../domain/school-year.ts';
import type { Actor } from '../../domain/policy.ts';
import { notifySettingsChanged } from '../collab-bridge.ts';
import { mayManageSettings } from './grading.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/**
 * Creates a school year with its periods and holidays. Checks: the actor manages the school's
 * settings (the administrator); the plan with `checkYearPlan` against the school's other years,
 * read under the school's lock so two administrators cannot create overlapping years at once.
 * Nothing is written when anything is refused.
 */
export async function createSchoolYear(ctx: Ctx, actor: Actor, input: YearPlanInput): Promise<Outcome<{ yearId: number; message: string }>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<{ yearId: number; plan: YearPlan }>> => {
		if (!(await lockSchoolForYears(tx, actor.schoolId))) return refuse('not_found', YEAR_MESSAGES.yearNotFound);
		const checked = checkYearPlan(input, await yearsOfSchool(tx, actor.schoolId));
		if (!checked.ok) return refuse('invalid', checked.reason);
		const plan = checked.value;
		const yearId = await insertSchoolYear(tx, { schoolId: actor.schoolId, name: plan.name, startsOn: plan.startsOn, endsOn: plan.endsOn });
		for (const period of plan.periods) await insertPeriod(tx, { yearId, ...period });
		for (const holiday of plan.holidays) await insertHoliday(tx, { yearId, ...holiday });
		await writeAudit(tx, { actorId: actor.personId, action: 'year.create', entity: 'school_year', entityId: yearId, newValue: plan });
		return done({ yearId, plan });
	});
	if (!outcome.ok) return outcome;
	await notifySettingsChanged(actor.schoolId);
	return done({ yearId: outcome.value.yearId, message: YEAR_MESSAGES.created(outcome.value.plan.name) });
}
