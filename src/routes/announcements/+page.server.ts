import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { publishAnnouncement, readAnnouncements } from '$lib/server/commands/messages';
import { announcementScopes, announcementsOf } from '$lib/server/queries/messages';

/** The announcements the person reads (pinned first, newest first); seeing them here reads them. Staff: where they may publish. */
export const load = (async ({ locals, url, depends }) => {
	const actor = requireActor(locals, url);
	depends('app:inbox');
	const ctx = await requestContext();
	const [announcements, scopes] = await Promise.all([announcementsOf(ctx, actor), announcementScopes(ctx, actor, locals.yearId)]);
	await readAnnouncements(ctx, actor, announcements.filter((a) => !a.read).map((a) => a.id));
	return { announcements, scopes, today: ctx.today };
}) satisfies PageServerLoad;

export const actions = {
	/** Publishes an announcement for the school, a class or a group. */
	publish: async ({ locals, request, url }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const input = {
			scope: field(form, 'scope'),
			title: field(form, 'title'),
			body: field(form, 'body'),
			families: field(form, 'families'),
			students: field(form, 'students'),
			staff: field(form, 'staff'),
			pinned: field(form, 'pinned'),
			until: field(form, 'until'),
			from: field(form, 'from')
		};
		const outcome = await publishAnnouncement(await requestContext(), actor, locals.yearId, { ...input, files: form.getAll('files') });
		if (!outcome.ok) return formFailure(outcome, input);
		return { published: outcome.value.reach, scheduled: outcome.value.scheduled ? outcome.value.message : null };
	}
} satisfies Actions;
