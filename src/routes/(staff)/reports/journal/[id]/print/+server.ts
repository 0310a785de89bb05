import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { printedJournalFile, printedJournalOf } from '$lib/server/queries/printed-journal';
import { printedJournalXlsx } from '$lib/server/documents/journal-file';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The printed journal of the group as a PDF (?period=<id>, or period=year for the whole year), or
 * with ?format=xlsx the same pages as a workbook.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requireApiActor(locals);
	const file = unwrap(await printedJournalOf(await requestContext(), actor, params.id, url.searchParams.get('period')));
	const xlsx = url.searchParams.get('format') === 'xlsx';
	const body = xlsx ? await printedJournalXlsx(file.journal, file.heading) : await printedJournalFile(file);
	const ext = xlsx ? 'xlsx' : 'pdf';
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': xlsx ? XLSX : 'application/pdf',
			'content-disposition': `attachment; filename="journal.${ext}"; filename*=UTF-8''${encodeURIComponent(`Журнал ${file.name} ${file.heading.date}.${ext}`)}`,
			'cache-control': 'private, no-store'
		}
	});
};
