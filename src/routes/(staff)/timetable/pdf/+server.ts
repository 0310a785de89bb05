import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { timetableSheets } from '$lib/server/queries/timetable';
import { timetablePdf } from '$lib/server/pdf/timetable';

/** The timetable of a class (`?class=`), a teacher (`?teacher=`), a room (`?room=`) or the whole school (`?school=1`) as PDF. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireApiActor(locals);
	const ctx = await requestContext();
	const ask = { class: url.searchParams.get('class'), teacher: url.searchParams.get('teacher'), room: url.searchParams.get('room'), school: url.searchParams.has('school') };
	const found = unwrap(await timetableSheets(ctx, actor, locals.yearId, ask));
	const by = ask.room ? 'room' : ask.teacher && !ask.school ? 'teacher' : 'class';
	const body = await timetablePdf({ ...found, printedOn: ctx.today, by });
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="timetable.pdf"; filename*=UTF-8''${encodeURIComponent(found.title.replace(/[\\/:*?"<>|]/g, '_') + '.pdf')}`,
			'cache-control': 'private, no-store'
		}
	});
};
