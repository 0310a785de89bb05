import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { classWeekPrintout } from '$lib/server/queries/diary';
import { diaryWeekPdf } from '$lib/server/pdf/diary-week';

/**
 * The class's week as a PDF to print (R-4.3.5, R-2.3): one A4 page per pupil, or one pupil's page
 * (`?student=`); `?week=` any day of the week, this week by default. For whoever may read the class.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const week = unwrap(await classWeekPrintout(await requestContext(), actor, params.id, { week: url.searchParams.get('week'), student: url.searchParams.get('student') }));
	const pdf = await diaryWeekPdf(week);
	const name = `week-${week.monday}-class-${params.id}${url.searchParams.get('student') ? `-pupil-${url.searchParams.get('student')}` : ''}.pdf`;
	return new Response(new Uint8Array(pdf), {
		headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${name}"`, 'cache-control': 'private, no-store' }
	});
};
