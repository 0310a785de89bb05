import type { Actions, PageServerLoad } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { backupsPageOf } from '$lib/server/queries/backups';
import { createBackup, setBackupHour } from '$lib/server/commands/backup';
import { formDataOf } from '$lib/server/forms';

/** The school's backups: list, sizes, test-restore results, the last attempt; administrator only. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return unwrap(await backupsPageOf(await requestContext(), actor, appConfig()));
}) satisfies PageServerLoad;

export const actions = {
	/** Makes a backup now (audited); its test-restore goes on in the background. */
	create: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const outcome = await createBackup(await requestContext(), actor, { config: appConfig() });
		if (!outcome.ok) return formFailure(outcome);
		const { backup, removed } = outcome.value;
		return { done: backup.name, size: backup.size, ms: backup.ms, removed: removed.length };
	},
	/** Sets the hour of the nightly backup (school time). */
	hour: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await setBackupHour(await requestContext(), actor, { hour: form.get('hour') });
		return outcome.ok ? { hourSaved: outcome.value.hour } : formFailure(outcome);
	}
} satisfies Actions;
