import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { field } from '$lib/server/request';
import { authorize, parseId, requireActor } from '$lib/server/guard';
import { today } from '$lib/server/start';
import { findJournal } from '$lib/server/db/journal';
import { journalStanding } from '$lib/server/marks/standing';
import { setPeriodMark } from '$lib/server/marks/period-marks';
import { may } from '$lib/domain/policy';
import { allowedValues } from '$lib/domain/period-marks';

/** The journal of the route with its policy resource, or 404. */
async function journalOf(param: string) {
	const id = parseId(param);
	const journal = id === undefined ? undefined : await findJournal(await sql(), id);
	if (!journal) error(404, 'Журнал не найден.');
	const resource = { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId } as const;
	return { journal, resource };
}

/** The period, year, exam and final marks of a journal with averages, suggestions and their rules. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const { journal, resource } = await journalOf(params.id);
	authorize(actor, 'read', resource);
	const date = today(appConfig());
	const { sheet, rules, markFree } = await journalStanding(await sql(), journal, date);
	return {
		journal,
		today: date,
		sheet,
		minMarks: rules.minMarks,
		values: allowedValues(rules.scale, markFree),
		// Director and deputies read; teachers of the journal, the class teacher and the admin write.
		canWrite: may(actor, 'write', resource)
	};
}) satisfies PageServerLoad;

export const actions = {
	/** Sets one mark of the sheet: policy, open period and justification checked on the server. */
	set: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const { journal, resource } = await journalOf(params.id);
		authorize(actor, 'write', resource);
		const form = await request.formData();
		const cell = {
			studentId: field(form, 'studentId'),
			kind: field(form, 'kind'),
			periodId: field(form, 'periodId'),
			value: field(form, 'value'),
			justification: field(form, 'justification')
		};
		const result = await setPeriodMark(await sql(), actor, journal, cell, today(appConfig()));
		if (!result.ok) {
			if (result.status === 403) error(403, result.reason);
			return fail(400, { message: result.reason, cell });
		}
		return { done: result.message, cell };
	}
} satisfies Actions;
