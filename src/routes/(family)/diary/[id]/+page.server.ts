import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { diaryPage } from '$lib/server/queries/diary';
import { noteDiaryVisit } from '$lib/server/commands/diary';

/**
 * A student's diary: the week (`?week=` any day of it) with lessons, homework, marks and absences;
 * marks by subject for a period (`?period=` its id, or `year`) with averages, forecasts and what
 * the lessons left allow; in a mark-free grade no marks, averages
 * or forecasts, only the period marks set (зач./незач.).
 */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const ctx = await requestContext();
	const diary = unwrap(await diaryPage(ctx, actor, params.id, locals.yearId, { week: url.searchParams.get('week'), period: url.searchParams.get('period') }));
	// The family's home page counts what is new from here on.
	await noteDiaryVisit(ctx, actor, diary.studentId);
	return diary;
}) satisfies PageServerLoad;
