import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { sql } from '$lib/server/context';
import { authorize, parseId, requireActor } from '$lib/server/guard';
import { findJournal, journalSheet } from '$lib/server/db/journal';
import { may } from '$lib/domain/policy';

/** A journal sheet: students × lessons with marks and absences. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const db = await sql();
	const id = parseId(params.id);
	const journal = id === undefined ? undefined : await findJournal(db, id);
	if (!journal) error(404, 'Журнал не найден.');
	const resource = { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId } as const;
	authorize(actor, 'read', resource);
	return { journal, sheet: await journalSheet(db, journal.journalId), canWrite: may(actor, 'write', resource) };
}) satisfies PageServerLoad;
