import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { subjectsPage } from '$lib/server/queries/structure';
import { addSubject, changeSubject, saveCurriculum } from '$lib/server/commands/subjects';

/** The school's subjects and the curriculum of a year (`?year=<id>`, the current one by default). */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await subjectsPage(await requestContext(), actor, { year: url.searchParams.get('year'), currentYearId: locals.yearId }));
}) satisfies PageServerLoad;

/** The subject fields as typed. */
function subjectFields(form: FormData) {
	return { name: field(form, 'name'), shortName: field(form, 'shortName'), markFree: field(form, 'markFree') };
}

export const actions = {
	/** Adds a subject (audited). */
	addSubject: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const values = subjectFields(await formDataOf(event.request));
		const outcome = await addSubject(await requestContext(), actor, values);
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, { values });
	},
	/** Renames a subject or changes its grading (audited). */
	changeSubject: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const subjectId = field(form, 'subjectId');
		const outcome = await changeSubject(await requestContext(), actor, { subjectId, ...subjectFields(form) });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, { subjectId: Number(subjectId) });
	},
	/** Saves the year's curriculum: the fields `h-<subjectId>-<grade>` (lessons a week, empty when not studied; audited). */
	curriculum: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const cells = [];
		for (const [name, value] of form) {
			const match = /^h-(\d{1,10})-(\d{1,2})$/.exec(name);
			if (match && typeof value === 'string') cells.push({ subjectId: Number(match[1]), grade: Number(match[2]), typed: value });
		}
		const outcome = await saveCurriculum(await requestContext(), actor, { yearId: field(form, 'yearId'), cells });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, { typed: Object.fromEntries(cells.map((c) => [`h-${c.subjectId}-${c.grade}`, c.typed])) });
	}
} satisfies Actions;
