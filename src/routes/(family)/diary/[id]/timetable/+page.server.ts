import type { PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { pupilWeek } from '$lib/server/queries/timetable';
import { readTimetableNotifications } from '$lib/server/commands/messages';

/** A pupil's week by the timetable (`?week=` any day of it): rooms, teachers and the changes marked. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const ctx = await requestContext();
	const week = unwrap(await pupilWeek(ctx, actor, params.id, url.searchParams.get('week')));
	// The changes of the child's timetable are seen: their notifications are read.
	await readTimetableNotifications(ctx, actor, { studentId: week.studentId });
	return week;
}) satisfies PageServerLoad;
