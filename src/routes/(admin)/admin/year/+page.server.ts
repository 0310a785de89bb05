import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { yearPage } from '$lib/server/queries/year';
import { createSchoolYear } from '$lib/server/commands/year';
import { rollOverYear } from '$lib/server/commands/rollover';

/** The school's years and the draft of a new one (`?copy=<yearId>&mode=weekdays|dates` copies a year's calendar). */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await yearPage(await requestContext(), actor, { copyFrom: url.searchParams.get('copy'), mode: url.searchParams.get('mode') }));
}) satisfies PageServerLoad;

const all = (form: FormData, name: string) => form.getAll(name).map((v) => (typeof v === 'string' ? v : ''));

/** The year form as typed: dates, period rows and holiday rows (parallel lists of fields). */
function yearFields(form: FormData) {
	const kinds = all(form, 'periodKind');
	const from = all(form, 'periodFrom');
	const to = all(form, 'periodTo');
	const starts = all(form, 'periodStart');
	const ends = all(form, 'periodEnd');
	const deadlines = all(form, 'periodDeadline');
	const names = all(form, 'holidayName');
	const hStarts = all(form, 'holidayStart');
	const hEnds = all(form, 'holidayEnd');
	return {
		startsOn: field(form, 'startsOn'),
		endsOn: field(form, 'endsOn'),
		periods: starts.map((startsOn, i) => ({ kind: kinds[i] ?? '', gradeFrom: from[i] ?? '', gradeTo: to[i] ?? '', startsOn, endsOn: ends[i] ?? '', marksDeadline: deadlines[i] ?? '' })),
		holidays: names.map((name, i) => ({ name, startsOn: hStarts[i] ?? '', endsOn: hEnds[i] ?? '' }))
	};
}

export const actions = {
	/** Creates the year with its periods and holidays (checked as a whole; audited); a refusal shows the form again as typed. */
	create: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const values = yearFields(await formDataOf(event.request));
		const outcome = await createSchoolYear(await requestContext(), actor, values);
		return outcome.ok ? { done: outcome.value.message } : formFailure(outcome, { values });
	},
	/** Moves the classes of a year up into the next, graduates the last grade and closes the old year (audited). */
	rollover: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await rollOverYear(await requestContext(), actor, { fromYearId: field(form, 'fromYearId'), toYearId: field(form, 'toYearId'), lastGrade: field(form, 'lastGrade') });
		return outcome.ok ? { rolled: outcome.value.message } : formFailure(outcome, { rollover: true });
	}
} satisfies Actions;
