import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { authorize, parseId, requireActor } from '$lib/server/guard';
import { findJournal } from '$lib/server/db/journal';
import { may } from '$lib/domain/policy';
import { todayIn } from '$lib/domain/dates';

/**
 * The live journal page: who may read and write it and the header. The sheet itself (students,
 * lessons, cells) comes from the live document over /collab, not from this load.
 */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const db = await sql();
	const id = parseId(params.id);
	const journal = id === undefined ? undefined : await findJournal(db, id);
	if (!journal) error(404, 'Журнал не найден.');
	const resource = { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId } as const;
	authorize(actor, 'read', resource);
	return {
		journal,
		canWrite: may(actor, 'write', resource),
		// The school's today (fixed in demos and tests) is the default date of a new lesson.
		today: appConfig().today ?? todayIn(appConfig().timeZone),
		// Presence shows the person's name to the others; pending edits are stored per login.
		me: { name: locals.account?.fullName ?? '', login: locals.account?.login ?? String(actor.personId) }
	};
}) satisfies PageServerLoad;
