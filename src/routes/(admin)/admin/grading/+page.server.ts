import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { gradingPage } from '$lib/server/queries/settings';
import { saveClassTeacherWrites, saveDigestHour, saveGradingRules, saveHomeworkDueDays, saveWorkTypeSettings } from '$lib/server/commands/grading';
import { formDataOf } from '$lib/server/forms';

/** The signed-in actor and the current school year, or 404. */
function actorAndYear(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event.locals, event.url);
	if (event.locals.yearId === undefined) error(404, 'Учебный год не найден.');
	return { actor, yearId: event.locals.yearId };
}

/** The school's grading rules for the current year and its types of work with their weights. */
export const load = (async (event) => {
	const { actor, yearId } = actorAndYear(event);
	return unwrap(await gradingPage(await requestContext(), actor, yearId));
}) satisfies PageServerLoad;

export const actions = {
	/** Saves the rules; on bad input nothing changes and the reason is shown. */
	rules: async (event) => {
		const { actor, yearId } = actorAndYear(event);
		const form = await formDataOf(event.request);
		const outcome = await saveGradingRules(await requestContext(), actor, {
			yearId,
			form: {
				scaleMin: form.get('scaleMin'),
				scaleMax: form.get('scaleMax'),
				thresholds: form.get('thresholds'),
				minMarks: form.get('minMarks'),
				minMarksHours: form.getAll('minMarksHours'),
				minMarksCounts: form.getAll('minMarksCounts'),
				requiredWorkTypes: form.getAll('requiredWorkTypes'),
				noTopWithFail: form.get('noTopWithFail'),
				absenceCodes: form.get('absenceCodes'),
				markFreeGrades: form.getAll('markFreeGrades'),
				markSigns: form.get('markSigns'),
				signWorth: form.get('signWorth')
			}
		});
		return outcome.ok ? { saved: outcome.value } : formFailure(outcome);
	},
	/** Saves the weights and topic rules of the year's types of work (marks already set keep theirs). */
	workTypes: async (event) => {
		const { actor, yearId } = actorAndYear(event);
		const form = await formDataOf(event.request);
		const outcome = await saveWorkTypeSettings(await requestContext(), actor, { yearId, fields: Object.fromEntries(form) });
		return outcome.ok ? { saved: outcome.value } : formFailure(outcome);
	},
	/** Saves what a class teacher writes in the journals of subjects they do not teach. */
	classTeacher: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await saveClassTeacherWrites(await requestContext(), actor, { value: form.get('classTeacherWrites') });
		return outcome.ok ? { saved: outcome.value } : formFailure(outcome);
	},
	/** Saves the days after a lesson by which its homework is entered (journal control judges by it). */
	homework: async (event) => {
		const { actor, yearId } = actorAndYear(event);
		const form = await formDataOf(event.request);
		const outcome = await saveHomeworkDueDays(await requestContext(), actor, { yearId, value: form.get('homeworkDueDays') });
		return outcome.ok ? { saved: outcome.value } : formFailure(outcome);
	},
	/** Saves the hour of the daily digest letter (school time). */
	digest: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await saveDigestHour(await requestContext(), actor, { value: form.get('digestHour') });
		return outcome.ok ? { saved: outcome.value } : formFailure(outcome);
	}
} satisfies Actions;
