import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { restoreAtSetup, restoreProgress } from '$lib/server/commands/backup';
import { receiveFile } from '$lib/server/files';
import { unwrap } from '$lib/server/http';

/**
 * The first-start page's restore: the body is the backup file itself, streamed to disk in
 * DATA_DIR, checked, and restored by a restart of the server.
 */
export const POST: RequestHandler = async ({ params, request }) => {
	const config = appConfig();
	const upload = await receiveFile(config.dataDir, request.body, 'restore-upload');
	const { manifest } = unwrap(await restoreAtSetup(await requestContext(), { token: params.token, upload, config }));
	return json({ createdAt: manifest.createdAt, counts: manifest.counts }, { status: 202 });
};

/** How the restore asked for with this link goes (read while the server restarts around it). */
export const GET: RequestHandler = ({ params }) => json(unwrap(restoreProgress(appConfig(), params.token)));
