import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { printedJournalFile, printedJournalOf } from '$lib/server/queries/printed-journal';

/** The printed journal of the group as a PDF (?period=<id>, or period=year for the whole year). */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requireApiActor(locals);
	const file = unwrap(await printedJournalOf(await requestContext(), actor, params.id, url.searchParams.get('period')));
	const body = await printedJournalFile(file);
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="journal.pdf"; filename*=UTF-8''${encodeURIComponent(`Журнал ${file.name} ${file.heading.date}.pdf`)}`,
			'cache-control': 'private, no-store'
		}
	});
};
