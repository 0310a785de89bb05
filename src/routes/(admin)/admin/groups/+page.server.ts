import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { groupsPage } from '$lib/server/queries/groups';
import { addSubgroup, createJournalsFromCurriculum, moveStudent, renameSubgroup } from '$lib/server/commands/groups';

/** A class's groups (`?class=<id>`, the first class of the current year by default) with today's members, and its journals. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await groupsPage(await requestContext(), actor, { class: url.searchParams.get('class'), currentYearId: locals.yearId }));
}) satisfies PageServerLoad;

export const actions = {
	/** Adds a subgroup of the class for a subject (audited). */
	add: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await addSubgroup(await requestContext(), actor, { classId: field(form, 'classId'), subjectId: field(form, 'subjectId'), name: field(form, 'name') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** Renames a subgroup (audited). */
	rename: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await renameSubgroup(await requestContext(), actor, { groupId: field(form, 'groupId'), name: field(form, 'name') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** Moves a student into a subgroup from a date, keeping the history (audited). */
	move: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await moveStudent(await requestContext(), actor, { studentId: field(form, 'studentId'), groupId: field(form, 'groupId'), from: field(form, 'from') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** Creates the class's missing journals from the curriculum (audited). */
	journals: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await createJournalsFromCurriculum(await requestContext(), actor, { classId: field(form, 'classId') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	}
} satisfies Actions;
