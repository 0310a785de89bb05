import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { classReport } from '$lib/server/queries/reports';
import { reportFileResponse, reportFormatOf } from '$lib/server/documents/report-files';

/** The report as XLSX or PDF (?format=xlsx|pdf&period=<id>). */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requireApiActor(locals);
	const format = reportFormatOf(url.searchParams.get('format'));
	if (!format) error(400, 'Формат файла: xlsx или pdf.');
	return reportFileResponse(unwrap(await classReport(await requestContext(), actor, params.id, url.searchParams.get('period'))), format);
};
