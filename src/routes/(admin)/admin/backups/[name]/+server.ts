import type { RequestHandler } from './$types';
import { appConfig } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { backupFile } from '$lib/server/queries/backups';

/** Downloads one backup file; administrator only. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const file = unwrap(backupFile(actor, appConfig(), params.name));
	return new Response(file.body, {
		headers: {
			'content-type': 'application/gzip',
			'content-length': String(file.size),
			'content-disposition': `attachment; filename="${file.name}"`,
			'cache-control': 'no-store'
		}
	});
};
