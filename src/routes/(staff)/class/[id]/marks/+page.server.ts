import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { field } from '$lib/server/request';
import { authorize, parseId, requireActor } from '$lib/server/guard';
import { today } from '$lib/server/start';
import { findClass } from '$lib/server/db/school';
import { findJournal } from '$lib/server/db/journal';
import { classMarksSheet } from '$lib/server/marks/class-marks';
import { setPeriodMark } from '$lib/server/marks/period-marks';
import { may } from '$lib/domain/policy';
import { PERIOD_MARK_MESSAGES } from '$lib/domain/period-marks';

/** The class of the route, or 404. */
async function classOf(param: string) {
	const id = parseId(param);
	const found = id === undefined ? undefined : await findClass(await sql(), id);
	if (!found) error(404, 'Класс не найден.');
	return found;
}

/** The per-class sheet of one period's (or the year's) marks across every subject journal. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const klass = await classOf(params.id);
	authorize(actor, 'read', { kind: 'class', schoolId: klass.schoolId, classId: klass.classId });
	const date = today(appConfig());
	const { journalHeaders, periods, ...sheet } = await classMarksSheet(await sql(), klass, url.searchParams.get('period'), date);
	return {
		name: klass.name,
		classId: klass.classId,
		today: date,
		periods: periods.map((p) => ({ id: p.id, name: p.name })),
		...sheet,
		// Per journal: its teachers, the class teacher and the admin write; everyone else here reads.
		canWrite: journalHeaders.map((j) =>
			may(actor, 'write', { kind: 'journal', schoolId: j.schoolId, journalId: j.journalId, classId: j.classId })
		)
	};
}) satisfies PageServerLoad;

export const actions = {
	/** Sets one mark of a journal of the class through the journal's own use case (policy, open period, R-5.1, audit). */
	set: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const klass = await classOf(params.id);
		authorize(actor, 'read', { kind: 'class', schoolId: klass.schoolId, classId: klass.classId });
		const form = await request.formData();
		const cell = {
			journalId: field(form, 'journalId'),
			studentId: field(form, 'studentId'),
			kind: field(form, 'kind'),
			periodId: field(form, 'periodId'),
			value: field(form, 'value'),
			justification: field(form, 'justification')
		};
		const journalId = parseId(cell.journalId);
		const journal = journalId === undefined ? undefined : await findJournal(await sql(), journalId);
		if (!journal || journal.classId !== klass.classId) return fail(400, { message: PERIOD_MARK_MESSAGES.cellNotFound, cell });
		authorize(actor, 'write', { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId });
		const result = await setPeriodMark(await sql(), actor, journal, cell, today(appConfig()));
		if (!result.ok) {
			if (result.status === 403) error(403, result.reason);
			return fail(400, { message: result.reason, cell });
		}
		return { done: result.message, cell };
	}
} satisfies Actions;
