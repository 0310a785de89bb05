import type { RequestHandler } from './$types';
import { appConfig } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { archiveFile } from '$lib/server/queries/archives';

/** Downloads one finished archive; for the administration. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	const file = unwrap(archiveFile(actor, appConfig(), params.name));
	return new Response(file.body, {
		headers: {
			'content-type': 'application/zip',
			'content-length': String(file.size),
			'content-disposition': `attachment; filename="${file.name}"`,
			'cache-control': 'no-store'
		}
	});
};
