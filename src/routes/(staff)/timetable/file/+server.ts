import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { timetablePage } from '$lib/server/queries/timetable';
import { timetableXlsx } from '$lib/server/documents/timetable-file';

/** The timetable of a class (`?class=`), a teacher (`?teacher=`) or a room (`?room=`) as XLSX. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireApiActor(locals);
	const ask = { class: url.searchParams.get('class'), teacher: url.searchParams.get('teacher'), room: url.searchParams.get('room'), week: null };
	const page = unwrap(await timetablePage(await requestContext(), actor, locals.yearId, ask));
	const view = page.view;
	const title =
		view.by === 'class'
			? `Расписание ${page.classes.find((c) => c.classId === view.classId)?.name ?? ''}`
			: view.by === 'teacher'
				? `Расписание: ${page.teachers.find((t) => t.personId === view.teacherId)?.name ?? ''}`
				: `Кабинет ${view.room}`;
	const body = await timetableXlsx({ title, days: page.days, numbers: page.numbers, cells: page.cells });
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="timetable.xlsx"; filename*=UTF-8''${encodeURIComponent(title.replace(/[\\/:*?"<>|]/g, '_') + '.xlsx')}`,
			'cache-control': 'private, no-store'
		}
	});
};
