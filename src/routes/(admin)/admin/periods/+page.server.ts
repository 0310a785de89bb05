import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { authorize, parseId, requireActor } from '$lib/server/guard';
import { today } from '$lib/server/start';
import { closePeriod, findPeriod, periodsOfYear, reopenPeriod } from '$lib/server/db/periods';
import { notifySettingsChanged } from '$lib/server/collab-bridge';
import { formatDate } from '$lib/domain/dates';
import { checkReopen, periodState, PERIOD_MESSAGES } from '$lib/domain/periods';

/** The periods of the current school year with their deadlines and state. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	authorize(actor, 'manage', { kind: 'settings', schoolId: actor.schoolId });
	if (locals.yearId === undefined) error(404, 'Учебный год не найден.');
	const date = today(appConfig());
	const periods = await periodsOfYear(await sql(), locals.yearId);
	return { today: date, periods: periods.map((p) => ({ ...p, state: periodState(p, date) })) };
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
	}
} satisfies Actions;
