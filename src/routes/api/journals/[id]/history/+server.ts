import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { sql } from '$lib/server/context';
import { parseId, requireApiActor } from '$lib/server/guard';
import { journalFor } from '$lib/server/journal/access';
import { cellHistory, findLesson } from '$lib/server/db/journal-writes';
import { formatCell } from '$lib/domain/cell';
import { JOURNAL_MESSAGES } from '$lib/domain/journal-rules';

/** The history of one cell, ?lesson=&student= : who, when, old → new (X-AUDIT). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const journal = await journalFor(db, actor, params.id, 'read');
	const lessonId = parseId(url.searchParams.get('lesson') ?? undefined);
	const studentId = parseId(url.searchParams.get('student') ?? undefined);
	if (lessonId === undefined || studentId === undefined) error(400, JOURNAL_MESSAGES.historyParams);
	if (!(await findLesson(db, journal.journalId, lessonId))) error(404, JOURNAL_MESSAGES.lessonNotFound);
	const entries = await cellHistory(db, lessonId, studentId);
	return json(
		entries.map((entry) => ({
			...entry,
			oldText: entry.old ? formatCell(entry.old) : '',
			newText: entry.new ? formatCell(entry.new) : ''
		}))
	);
};
