import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { readAllNotifications } from '$lib/server/commands/messages';
import { notificationsPage } from '$lib/server/queries/messages';

/** The person's notifications, newest first. */
export const load = (async ({ locals, url, depends }) => {
	const actor = requireActor(locals, url);
	depends('app:inbox');
	return { notifications: await notificationsPage(await requestContext(), actor) };
}) satisfies PageServerLoad;

export const actions = {
	/** Marks every notification read. */
	readAll: async ({ locals, url }) => {
		const actor = requireActor(locals, url);
		await readAllNotifications(await requestContext(), actor);
		return { done: true };
	}
} satisfies Actions;
