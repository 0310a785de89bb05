import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { authorize, parseId, requireActor } from '$lib/server/guard';
import { today } from '$lib/server/start';
import { closePeriod, findPeriod, periodsOfYear, reopenPeriod } from '$lib/server/db/periods';
import { notifySettingsChanged } from '$lib/server/collab-bridge';
import { findHoliday, holidaysOfYear } from '$lib/server/db/holidays';
import * as calendar from '$lib/server/calendar/holidays';
import { field } from '$lib/server/request';
import { formatDate } from '$lib/domain/dates';
import { checkReopen, periodState, PERIOD_MESSAGES } from '$lib/domain/periods';
import { holidayDays, HOLIDAY_MESSAGES } from '$lib/domain/holidays';

/** The periods of the current school year with their deadlines and state, and its holidays. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	authorize(actor, 'manage', { kind: 'settings', schoolId: actor.schoolId });
	if (locals.yearId === undefined) error(404, 'Учебный год не найден.');
	const date = today(appConfig());
	const db = await sql();
	const periods = await periodsOfYear(db, locals.yearId);
	const holidays = await holidaysOfYear(db, locals.yearId);
	return {
		today: date,
		periods: periods.map((p) => ({ ...p, state: periodState(p, date) })),
		holidays: holidays.map((h) => ({ id: h.id, name: h.name, startsOn: h.startsOn, endsOn: h.endsOn, days: holidayDays(h) }))
	};
}) satisfies PageServerLoad;

/** The period of the form, after the policy allowed the actor to manage its school's settings. */
async function periodOf(event: RequestEvent, form: FormData) {
	const actor = requireActor(event.locals, event.url);
	authorize(actor, 'manage', { kind: 'settings', schoolId: actor.schoolId });
	const id = parseId(String(form.get('periodId') ?? ''));
	const period = id === undefined ? undefined : await findPeriod(await sql(), id);
	if (!period) return { actor, period: undefined };
	authorize(actor, 'manage', { kind: 'settings', schoolId: period.schoolId });
	return { actor, period };
}

/** The actor, after the policy allowed them to manage their school's settings (403 otherwise). */
function settingsAdmin(event: RequestEvent) {
	const actor = requireActor(event.locals, event.url);
	authorize(actor, 'manage', { kind: 'settings', schoolId: actor.schoolId });
	return actor;
}

/** The holiday of the form, after the policy allowed the actor to manage its school's settings. */
async function holidayOf(event: RequestEvent, form: FormData) {
	const actor = settingsAdmin(event);
	const id = parseId(field(form, 'holidayId'));
	const holiday = id === undefined ? undefined : await findHoliday(await sql(), id);
	if (holiday) authorize(actor, 'manage', { kind: 'settings', schoolId: holiday.schoolId });
	return { actor, holiday };
}

/** The holiday fields as typed, to check and, when refused, to show again. */
function holidayFields(form: FormData): { name: string; startsOn: string; endsOn: string } {
	return { name: field(form, 'name'), startsOn: field(form, 'startsOn'), endsOn: field(form, 'endsOn') };
}

export const actions = {
	/** Reopens a period until a date for a named reason (both required; audited). */
	reopen: async (event) => {
		const form = await event.request.formData();
		const { actor, period } = await periodOf(event, form);
		if (!period) return fail(400, { message: PERIOD_MESSAGES.periodNotFound });
		const checked = checkReopen({ until: form.get('until') ?? undefined, reason: form.get('reason') ?? undefined }, today(appConfig()));
		if (!checked.ok) return fail(400, { message: checked.reason, periodId: period.id });
		await reopenPeriod(await sql(), period, checked.until, checked.reason, actor.personId);
		await notifySettingsChanged(period.schoolId);
		return { done: `Период «${period.name}» открыт до ${formatDate(checked.until)}.` };
	},
	/** Closes a period now: early, or again after a reopening (audited). */
	close: async (event) => {
		const form = await event.request.formData();
		const { actor, period } = await periodOf(event, form);
		if (!period) return fail(400, { message: PERIOD_MESSAGES.periodNotFound });
		await closePeriod(await sql(), period, actor.personId);
		await notifySettingsChanged(period.schoolId);
		return { done: `Период «${period.name}» закрыт.` };
	},
	/** Adds a holiday to the current school year (checked, not over existing lessons; audited). */
	addHoliday: async (event) => {
		const actor = settingsAdmin(event);
		const form = await event.request.formData();
		const values = holidayFields(form);
		if (event.locals.yearId === undefined) return fail(400, { message: HOLIDAY_MESSAGES.yearNotFound, values });
		const outcome = await calendar.addHoliday(await sql(), actor.personId, event.locals.yearId, values);
		if (!outcome.ok) return fail(400, { message: outcome.reason, values });
		return { done: HOLIDAY_MESSAGES.added(outcome.holiday) };
	},
	/** Changes a holiday's name or dates (checked, not over existing lessons; audited). */
	updateHoliday: async (event) => {
		const form = await event.request.formData();
		const { actor, holiday } = await holidayOf(event, form);
		if (!holiday) return fail(400, { message: HOLIDAY_MESSAGES.notFound });
		const values = holidayFields(form);
		const outcome = await calendar.changeHoliday(await sql(), actor.personId, holiday.yearId, holiday.id, values);
		if (!outcome.ok) return fail(400, { message: outcome.reason, holidayId: holiday.id, values });
		return { done: HOLIDAY_MESSAGES.updated(outcome.holiday) };
	},
	/** Deletes a holiday; its days become school days again (audited). */
	deleteHoliday: async (event) => {
		const form = await event.request.formData();
		const { actor, holiday } = await holidayOf(event, form);
		if (!holiday) return fail(400, { message: HOLIDAY_MESSAGES.notFound });
		const outcome = await calendar.deleteHoliday(await sql(), actor.personId, holiday.yearId, holiday.id);
		if (!outcome.ok) return fail(400, { message: outcome.reason });
		return { done: HOLIDAY_MESSAGES.deleted(outcome.holiday) };
	}
} satisfies Actions;
