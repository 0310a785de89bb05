import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { sql } from '$lib/server/context';
import { authorize, requireActor } from '$lib/server/guard';
import { gradingOf, gradingSavedInfo, saveGrading, saveWorkTypes } from '$lib/server/db/grading';
import { notifySettingsChanged } from '$lib/server/collab-bridge';
import { workTypesOf } from '$lib/server/db/journal-writes';
import { checkGradingForm, checkWorkTypesForm, formatThresholds, GRADING_MESSAGES, MAX_MIN_MARKS_STEPS } from '$lib/domain/grading-settings';

/** The administrator and the current school year, or 403 / 404 (every action asks again). */
function administrator(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event.locals, event.url);
	authorize(actor, 'manage', { kind: 'settings', schoolId: actor.schoolId });
	if (event.locals.yearId === undefined) error(404, 'Учебный год не найден.');
	return { actor, yearId: event.locals.yearId };
}

/** The school's grading rules for the current year and its types of work with their weights (R-2.5, R-5.2, X-MARKS). */
export const load = (async (event) => {
	const { actor, yearId } = administrator(event);
	const db = await sql();
	const rules = await gradingOf(db, actor.schoolId, yearId);
	// steps as rows of the form: the saved ones, then empty rows to add more (up to the limit).
	const rows = Math.min(MAX_MIN_MARKS_STEPS, Math.max(3, rules.minMarksByHours.length + 2));
	const stepRows = Array.from({ length: rows }, (_, i) => rules.minMarksByHours[i] ?? null);
	return {
		rules: { ...rules, thresholdsText: formatThresholds(rules.thresholds), stepRows },
		saved: await gradingSavedInfo(db, actor.schoolId, yearId),
		workTypes: await workTypesOf(db, actor.schoolId, yearId)
	};
}) satisfies PageServerLoad;

export const actions = {
	/** Saves the rules; on bad input nothing changes and the reason is shown. */
	rules: async (event) => {
		const { actor, yearId } = administrator(event);
		const form = await event.request.formData();
		const db = await sql();
		const codes = (await workTypesOf(db, actor.schoolId, yearId)).map((w) => w.code);
		const checked = checkGradingForm(
			{
				scaleMin: form.get('scaleMin'),
				scaleMax: form.get('scaleMax'),
				thresholds: form.get('thresholds'),
				minMarks: form.get('minMarks'),
				minMarksHours: form.getAll('minMarksHours'),
				minMarksCounts: form.getAll('minMarksCounts'),
				requiredWorkTypes: form.getAll('requiredWorkTypes'),
				noTopWithFail: form.get('noTopWithFail'),
				absenceCodes: form.get('absenceCodes'),
				markFreeGrades: form.getAll('markFreeGrades')
			},
			codes
		);
		if (!checked.ok) return fail(400, { message: checked.reason });
		await saveGrading(db, actor.schoolId, yearId, checked.value, actor.personId);
		await notifySettingsChanged(actor.schoolId);
		return { saved: GRADING_MESSAGES.saved };
	},
	/** Saves the weights and topic rules of the year's types of work (marks already set keep theirs). */
	workTypes: async (event) => {
		const { actor, yearId } = administrator(event);
		const form = await event.request.formData();
		const db = await sql();
		const known = await workTypesOf(db, actor.schoolId, yearId);
		const rows = known
			.filter((w) => form.has(`weight_${w.id}`))
			.map((w) => ({ id: w.id, weight: form.get(`weight_${w.id}`), topicRequired: form.get(`topic_${w.id}`) }));
		const checked = checkWorkTypesForm(rows, known);
		if (!checked.ok) return fail(400, { message: checked.reason });
		await saveWorkTypes(db, actor.schoolId, yearId, checked.value, actor.personId);
		await notifySettingsChanged(actor.schoolId);
		return { saved: GRADING_MESSAGES.workTypesSaved };
	}
} satisfies Actions;
