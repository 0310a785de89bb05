/**
 * The administrator's calendar of the school year: reopening and closing periods and the
 * holidays (no lessons on them). Each checks the policy, then the input with the domain rules,
 * then writes the rows and an audit row (old, new) in one transaction, and tells every open
 * journal of the school. Holiday writes of one year take turns (the year's row is locked); a
 * holiday never covers lessons that exist (nothing saved is lost: move them first).
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { yearClosed } from '../db/rollover.ts';
import { ROLLOVER_MESSAGES } from '../../domain/rollover.ts';
import { findPeriod, lockPeriod, setPeriodClosed, setPeriodReopened, type PeriodRow } from '../db/periods.ts';
import { countLessonsBetween, deleteHolidayRow, findHoliday, holidaysOfYear, insertHoliday, lockYear, updateHolidayRow, type YearDates } from '../db/holidays.ts';
import { notifySettingsChanged } from '../collab-bridge.ts';
import { parseId } from '../../domain/ids.ts';
import { formatDate } from '../../domain/dates.ts';
import { checkReopen, PERIOD_MESSAGES } from '../../domain/periods.ts';
import { checkHoliday, HOLIDAY_MESSAGES, type Holiday, type HolidayInput } from '../../domain/holidays.ts';
import { decide, settingsResource, type Actor } from '../../domain/policy.ts';
import { mayManageSettings } from './grading.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** A refusal that carries the period or holiday it was about, so the form can show its row again. */
type About = { periodId?: number; holidayId?: number };

const plain = (h: Holiday): Holiday => ({ name: h.name, startsOn: h.startsOn, endsOn: h.endsOn });
const yearOf = (year: YearDates) => ({ yearStartsOn: year.startsOn, yearEndsOn: year.endsOn });
const periodAudit = (period: PeriodRow) => ({ closedOn: period.closedOn, reopenedUntil: period.reopenedUntil, reopenReason: period.reopenReason });

/** The period of an id (untrusted) in a school the actor may manage, or the refusal. */
async function managedPeriod(ctx: Ctx, actor: Actor, periodId: unknown): Promise<Outcome<PeriodRow>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const id = parseId(periodId);
	const period = id === undefined ? undefined : await findPeriod(ctx.sql, id);
	if (!period) return refuse('not_found', PERIOD_MESSAGES.periodNotFound);
	const decision = decide(actor, 'manage', settingsResource(period.schoolId));
	return decision.allow ? done(period) : refuse('forbidden', decision.reason);
}

/** Reopens a period until a date for a named reason, both required; returns what to tell the administrator. */
export async function reopenPeriod(ctx: Ctx, actor: Actor, input: { periodId: unknown; until: unknown; reason: unknown }): Promise<Outcome<string, About>> {
	const found = await managedPeriod(ctx, actor, input.periodId);
	if (!found.ok) return found;
	// A year closed by the rollover stays as it ended: its periods are not reopened.
	if (await yearClosed(ctx.sql, found.value.yearId)) return refuse('conflict', ROLLOVER_MESSAGES.yearClosed, { periodId: found.value.id });
	const checked = checkReopen({ until: input.until ?? undefined, reason: input.reason ?? undefined }, ctx.today);
	if (!checked.ok) return refuse('invalid', checked.reason, { periodId: found.value.id });
	const period = await ctx.sql.begin(async (tx) => {
		const current = (await lockPeriod(tx, found.value.id))!;
		await setPeriodReopened(tx, current.id, checked.until, checked.reason);
		await writeAudit(tx, { actorId: actor.personId, action: 'period.reopen', entity: 'period', entityId: current.id, oldValue: periodAudit(current), newValue: { reopenedUntil: checked.until, reason: checked.reason } });
		return current;
	});
	await notifySettingsChanged(period.schoolId);
	return done(`Период «${period.name}» открыт до ${formatDate(checked.until)}.`);
}

/** Closes a period now: early, or again after a reopening. */
export async function closePeriod(ctx: Ctx, actor: Actor, input: { periodId: unknown }): Promise<Outcome<string>> {
	const found = await managedPeriod(ctx, actor, input.periodId);
	if (!found.ok) return found;
	const period = await ctx.sql.begin(async (tx) => {
		const current = (await lockPeriod(tx, found.value.id))!;
		await setPeriodClosed(tx, current.id);
		await writeAudit(tx, { actorId: actor.personId, action: 'period.close', entity: 'period', entityId: current.id, oldValue: periodAudit(current), newValue: { closed: true } });
		return current;
	});
	await notifySettingsChanged(period.schoolId);
	return done(`Период «${period.name}» закрыт.`);
}

/** Adds a holiday to the school year unless it is malformed, overlaps another or covers lessons. */
export async function addHoliday(ctx: Ctx, actor: Actor, input: { yearId: number | undefined; fields: HolidayInput }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const yearId = input.yearId;
	if (yearId === undefined) return refuse('not_found', HOLIDAY_MESSAGES.yearNotFound);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<Holiday>> => {
		const year = await lockYear(tx, yearId);
		if (!year || year.schoolId !== actor.schoolId) return refuse('not_found', HOLIDAY_MESSAGES.yearNotFound);
		const checked = checkHoliday(input.fields, yearOf(year), await holidaysOfYear(tx, yearId));
		if (!checked.ok) return refuse('invalid', checked.reason);
		const lessons = await countLessonsBetween(tx, yearId, checked.value.startsOn, checked.value.endsOn);
		if (lessons > 0) return refuse('conflict', HOLIDAY_MESSAGES.lessonsInside(lessons));
		const id = await insertHoliday(tx, yearId, checked.value);
		await writeAudit(tx, { actorId: actor.personId, action: 'holiday.add', entity: 'holiday', entityId: id, newValue: { yearId, ...checked.value } });
		return done(checked.value);
	});
	return outcome.ok ? done(HOLIDAY_MESSAGES.added(outcome.value)) : outcome;
}

/** The holiday of an id (untrusted) in a school the actor may manage, or the refusal. */
async function managedHoliday(ctx: Ctx, actor: Actor, holidayId: unknown) {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const id = parseId(holidayId);
	const holiday = id === undefined ? undefined : await findHoliday(ctx.sql, id);
	if (!holiday) return refuse('not_found', HOLIDAY_MESSAGES.notFound);
	const decision = decide(actor, 'manage', settingsResource(holiday.schoolId));
	return decision.allow ? done(holiday) : refuse('forbidden', decision.reason);
}

/**
 * Changes a holiday's name or dates. Only lessons the new dates would newly cover refuse it:
 * lessons already inside the old dates (older data) stay as they are and do not block a rename.
 */
export async function changeHoliday(ctx: Ctx, actor: Actor, input: { holidayId: unknown; fields: HolidayInput }): Promise<Outcome<string, About>> {
	const found = await managedHoliday(ctx, actor, input.holidayId);
	if (!found.ok) return found;
	const { id: holidayId, yearId } = found.value;
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<Holiday>> => {
		const year = await lockYear(tx, yearId);
		if (!year) return refuse('not_found', HOLIDAY_MESSAGES.yearNotFound);
		const holidays = await holidaysOfYear(tx, yearId);
		const current = holidays.find((h) => h.id === holidayId);
		if (!current) return refuse('not_found', HOLIDAY_MESSAGES.notFound);
		const checked = checkHoliday(input.fields, yearOf(year), holidays.filter((h) => h.id !== holidayId));
		if (!checked.ok) return refuse('invalid', checked.reason);
		const next = checked.value;
		if (next.name === current.name && next.startsOn === current.startsOn && next.endsOn === current.endsOn) return done(next);
		const lessons = await countLessonsBetween(tx, yearId, next.startsOn, next.endsOn, current);
		if (lessons > 0) return refuse('conflict', HOLIDAY_MESSAGES.lessonsInside(lessons));
		await updateHolidayRow(tx, holidayId, next);
		await writeAudit(tx, { actorId: actor.personId, action: 'holiday.update', entity: 'holiday', entityId: holidayId, oldValue: plain(current), newValue: next });
		return done(next);
	});
	return outcome.ok ? done(HOLIDAY_MESSAGES.updated(outcome.value)) : { ...outcome, holidayId };
}

/** Deletes a holiday: its days become ordinary school days again. */
export async function deleteHoliday(ctx: Ctx, actor: Actor, input: { holidayId: unknown }): Promise<Outcome<string>> {
	const found = await managedHoliday(ctx, actor, input.holidayId);
	if (!found.ok) return found;
	const { id: holidayId, yearId } = found.value;
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<Holiday>> => {
		if (!(await lockYear(tx, yearId))) return refuse('not_found', HOLIDAY_MESSAGES.yearNotFound);
		const current = (await holidaysOfYear(tx, yearId)).find((h) => h.id === holidayId);
		if (!current) return refuse('not_found', HOLIDAY_MESSAGES.notFound);
		await deleteHolidayRow(tx, holidayId);
		await writeAudit(tx, { actorId: actor.personId, action: 'holiday.delete', entity: 'holiday', entityId: holidayId, oldValue: { yearId, ...plain(current) } });
		return done(plain(current));
	});
	return outcome.ok ? done(HOLIDAY_MESSAGES.deleted(outcome.value)) : outcome;
}
