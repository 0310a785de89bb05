import type { Actions, PageServerLoad } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { backupsPage } from '$lib/server/queries/backups';
import { createBackup } from '$lib/server/commands/backup';

/** The school's backups: list, sizes, test-restore results, the last attempt; administrator only. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(backupsPage(actor, appConfig()));
}) satisfies PageServerLoad;

export const actions = {
	/** Makes a backup now (audited); its test-restore goes on in the background. */
	create: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const outcome = await createBackup(await requestContext(), actor, { config: appConfig() });
		if (!outcome.ok) return formFailure(outcome);
		const { backup, removed } = outcome.value;
		return { done: backup.name, size: backup.size, ms: backup.ms, removed: removed.length };
	}
} satisfies Actions;
