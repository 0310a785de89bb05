import type { RequestHandler } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { schoolTimeZone } from '$lib/server/school-zone';
import { teacherWeek } from '$lib/server/queries/timetable';
import { teacherWeekIcs } from '$lib/server/documents/timetable-ics';

/** A teacher's week (`?teacher=` id or `me`, the default; `?week=` any day of it) as an iCalendar file for a phone. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireApiActor(locals);
	const week = unwrap(await teacherWeek(await requestContext(), actor, locals.yearId, { teacher: url.searchParams.get('teacher'), week: url.searchParams.get('week') }));
	const body = teacherWeekIcs({ ...week, timeZone: week.timeZone ?? schoolTimeZone() ?? appConfig().timeZone, origin: url.origin });
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="lessons.ics"; filename*=UTF-8''${encodeURIComponent(`Уроки ${week.teacherName} ${week.monday}.ics`)}`,
			'cache-control': 'private, no-store'
		}
	});
};
