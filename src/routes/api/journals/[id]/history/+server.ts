import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { cellHistoryOf } from '$lib/server/queries/journal';
import { formatCell } from '$lib/domain/cell';

/** The history of one cell, ?lesson=&student= : who, when, old → new (X-AUDIT). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireApiActor(locals);
	const input = { journalId: params.id, lessonId: url.searchParams.get('lesson'), studentId: url.searchParams.get('student') };
	const entries = unwrap(await cellHistoryOf(await requestContext(), actor, input));
	return json(
		entries.map((entry) => ({
			...entry,
			oldText: entry.old ? formatCell(entry.old) : '',
			newText: entry.new ? formatCell(entry.new) : ''
		}))
	);
};
