import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure } from '$lib/server/http';
import { formDataOf } from '$lib/server/forms';
import { notificationSettingsPage } from '$lib/server/queries/notifications';
import { saveNotificationSettings } from '$lib/server/commands/notifications';

/** The person's own notification settings: per kind e-mail, push and when; quiet hours. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	return notificationSettingsPage(await requestContext(), actor);
}) satisfies PageServerLoad;

export const actions = {
	/** Saves the settings (only one's own). */
	save: async ({ locals, url, request }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const outcome = await saveNotificationSettings(await requestContext(), actor, Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
		if (!outcome.ok) return formFailure(outcome);
		return { saved: outcome.value.message };
	}
} satisfies Actions;
