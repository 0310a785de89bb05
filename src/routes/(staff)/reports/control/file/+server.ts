import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { journalControl } from '$lib/server/queries/journal-control';
import { reportFileResponse, reportFormatOf } from '$lib/server/documents/report-files';

/** Journal control as XLSX or PDF (?format=xlsx|pdf&period=<id>&days=N). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireApiActor(locals);
	const format = reportFormatOf(url.searchParams.get('format'));
	if (!format) error(400, 'Формат файла: xlsx или pdf.');
	return reportFileResponse(unwrap(await journalControl(await requestContext(), actor, url.searchParams.get('period'), url.searchParams.get('days'))), format);
};
