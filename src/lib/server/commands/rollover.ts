/**
 * The end of the school year (перевод): the administrator moves every class of a year up into the
 * next year (7А → 8А) with its pupils, subgroups and teaching load as a draft to edit, graduates
 * the last grade, copies the curriculum when the next year has none, and closes the old year,
 * which stays readable to everyone entitled to it and takes no more marks.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { lockSchoolForYears } from '../db/years.ts';
import { carryClass, carryCurriculum, closeYear, graduateClass, rolloverYears } from '../db/rollover.ts';
import { className, planRollover, ROLLOVER_MESSAGES, type RolloverInput } from '../../domain/rollover.ts';
import type { Actor } from '../../domain/policy.ts';
import { notifyAccessChanged, notifySettingsChanged } from '../collab-bridge.ts';
import { mayManageSettings } from './grading.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** Why a pupil's enrolment in a graduating class ended. */
const GRADUATED = 'окончил(а) школу';

/** What the rollover did, in numbers, with the message to show. */
export interface RolloverDone {
	toYearId: number;
	promoted: number;
	graduated: number;
	pupils: number;
	journals: number;
	message: string;
}

/**
 * Rolls a year over into the next. Checks: the actor manages the school's settings (the
 * administrator); `planRollover` on the school's years read under the school's lock — the next
 * year exists and starts after, the old one is not closed yet, no class of the next year is in
 * the way. Then in one transaction: each class carried or graduated, the curriculum copied, the
 * old year closed, one audit row with the whole plan. Open journals learn that the periods closed
 * and that rights changed.
 */
export async function rollOverYear(ctx: Ctx, actor: Actor, input: RolloverInput): Promise<Outcome<RolloverDone>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<RolloverDone>> => {
		if (!(await lockSchoolForYears(tx, actor.schoolId))) return refuse('not_found', ROLLOVER_MESSAGES.fromYear);
		const planned = planRollover(input, await rolloverYears(tx, actor.schoolId));
		if (!planned.ok) return refuse('invalid', planned.reason);
		const { from, to, promote, graduate, lastGrade } = planned.value;
		const carried = [];
		for (const move of promote) {
			const made = await carryClass(tx, { fromClassId: move.from.classId, toYearId: to.id, grade: move.grade, letter: move.letter, lastDay: from.endsOn, firstDay: to.startsOn });
			carried.push({ from: className(move.from.grade, move.from.letter), to: className(move.grade, move.letter), ...made });
		}
		const graduated = [];
		for (const klass of graduate) graduated.push({ name: className(klass.grade, klass.letter), pupils: await graduateClass(tx, klass.classId, from.endsOn, GRADUATED) });
		const curriculum = await carryCurriculum(tx, from.id, to.id);
		await closeYear(tx, from.id);
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'year.rollover',
			entity: 'school_year',
			entityId: from.id,
			newValue: { toYearId: to.id, lastGrade, carried, graduated, curriculum }
		});
		return done({
			toYearId: to.id,
			promoted: carried.length,
			graduated: graduated.length,
			pupils: carried.reduce((sum, c) => sum + c.pupils, 0),
			journals: carried.reduce((sum, c) => sum + c.journals, 0),
			message: ROLLOVER_MESSAGES.done(from.name, to.name, carried.length, graduated.length)
		});
	});
	if (!outcome.ok) return outcome;
	await notifySettingsChanged(actor.schoolId);
	await notifyAccessChanged({ schoolId: actor.schoolId });
	return outcome;
}
