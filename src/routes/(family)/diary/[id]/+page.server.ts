import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { diaryPage } from '$lib/server/queries/diary';
import { announcementsOfClass } from '$lib/server/queries/messages';
import { acknowledgeWeek, noteDiaryVisit } from '$lib/server/commands/diary';
import { formDataOf } from '$lib/server/forms';
import { formFailure } from '$lib/server/http';
import { field } from '$lib/server/request';
import { OFFLINE_KEEP_HEADER } from '$lib/server/offline';

/**
 * A student's diary: the week (`?week=` any day of it) with lessons, homework, marks and absences;
 * marks by subject for a period (`?period=` its id, or `year`), of an earlier school year (`?year=` its id) with averages, forecasts and what
 * the lessons left allow; in a mark-free grade no marks, averages
 * or forecasts, only the period marks set (зач./незач.). The phone keeps the page for reading
 * offline (src/service-worker.ts).
 */
export const load = (async ({ locals, url, params, setHeaders }) => {
	const actor = requireActor(locals, url);
	const ctx = await requestContext();
	const diary = unwrap(await diaryPage(ctx, actor, params.id, locals.yearId, { week: url.searchParams.get('week'), period: url.searchParams.get('period'), year: url.searchParams.get('year') }));
	// The family's home page counts what is new from here on.
	await noteDiaryVisit(ctx, actor, diary.studentId);
	// The phone may keep this page for reading offline; the page shows when it was made.
	setHeaders({ [OFFLINE_KEEP_HEADER]: '1' });
	// The class's announcements and the school's, for this year's diary only.
	const announcements = diary.earlierYear ? [] : await announcementsOfClass(ctx, actor, diary.card.classId);
	return { ...diary, announcements, loadedAt: new Date().toISOString() };
}) satisfies PageServerLoad;

export const actions = {
	/** A parent's «ознакомлен» under the week shown. */
	ack: async ({ locals, url, params, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const outcome = await acknowledgeWeek(await requestContext(), actor, { studentId: params.id, week: field(form, 'week') });
		if (outcome.ok) return { acked: outcome.value };
		if (outcome.code === 'not_found') error(404, outcome.message);
		return formFailure(outcome);
	}
} satisfies Actions;
