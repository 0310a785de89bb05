/** The administrator's school years page: the years, and the draft of a new one (typed, suggested or copied from a year). */
import type { Ctx } from '../context.ts';
import { yearDraft, yearsOfSchool } from '../db/years.ts';
import { rolloverYears } from '../db/rollover.ts';
import { className, LAST_GRADES, planRollover } from '../../domain/rollover.ts';
import { copyYearPlan, PERIOD_KINDS, usualYearDraft, YEAR_MESSAGES, type CopyMode, type YearDraft } from '../../domain/school-year.ts';
import { parseId } from '../../domain/ids.ts';
import type { Actor } from '../../domain/policy.ts';
import { mayManageSettings } from '../commands/grading.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/**
 * The school's years and the draft of the next: copied from the year asked for (`copyFrom`, with
 * its dates moved as `mode` says), else the usual calendar of the year after the latest (or of the
 * school year today falls in, for a school with no year yet).
 */
export async function yearPage(ctx: Ctx, actor: Actor, ask: { copyFrom?: string | null; mode?: string | null }) {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const years = await yearsOfSchool(ctx.sql, actor.schoolId);
	const mode: CopyMode = ask.mode === 'dates' ? 'dates' : 'weekdays';
	let draft: YearDraft;
	let copiedFrom: string | null = null;
	if (ask.copyFrom) {
		const id = parseId(ask.copyFrom);
		const source = id === undefined ? undefined : await yearDraft(ctx.sql, actor.schoolId, id);
		if (!source) return refuse('not_found', YEAR_MESSAGES.yearNotFound) as Outcome<never>;
		draft = copyYearPlan(source, mode);
		copiedFrom = source.name;
	} else {
		const latest = years[0];
		const [y, m] = ctx.today.split('-').map(Number);
		draft = usualYearDraft(latest ? Number(latest.startsOn.slice(0, 4)) + 1 : m >= 6 ? y : y - 1);
	}
	return done({
		years,
		rollover: await rolloverOffer(ctx, actor),
		draft,
		copiedFrom,
		mode,
		kinds: Object.entries(PERIOD_KINDS).map(([kind, k]) => ({ kind, name: k.many }))
	});
}

/**
 * The rollover the page offers: the earliest year still open that has classes and a year after
 * it, with what would happen to each class (the last grade 11 by default), or why it cannot.
 */
async function rolloverOffer(ctx: Ctx, actor: Actor) {
	const years = await rolloverYears(ctx.sql, actor.schoolId);
	const oldestFirst = [...years].reverse();
	const at = oldestFirst.findIndex((y, i) => !y.closed && y.classes.length > 0 && oldestFirst[i + 1] !== undefined);
	const suggestion = at < 0 ? null : { fromYearId: oldestFirst[at].id, toYearId: oldestFirst[at + 1].id };
	const planned = suggestion ? planRollover({ ...suggestion, lastGrade: 11 }, years) : null;
	return {
		closedYearIds: years.filter((y) => y.closed).map((y) => y.id),
		suggestion,
		lastGrades: [...LAST_GRADES],
		preview: !planned
			? null
			: planned.ok
				? {
						ok: true as const,
						promote: planned.value.promote.map((m) => `${className(m.from.grade, m.from.letter)} → ${className(m.grade, m.letter)}`),
						graduate: planned.value.graduate.map((c) => className(c.grade, c.letter))
					}
				: { ok: false as const, reason: planned.reason }
	};
}
