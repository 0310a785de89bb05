import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { blockInConversation, readConversation, replyInConversation, reportConversation } from '$lib/server/commands/messages';
import { conversationPage } from '$lib/server/queries/messages';

/** One conversation: opening it reads what was sent to the reader; the same 404 for anyone but its two people. */
export const load = (async ({ locals, url, params, depends }) => {
	const actor = requireActor(locals, url);
	depends('app:inbox');
	const ctx = await requestContext();
	const { conversationId } = unwrap(await readConversation(ctx, actor, params.id));
	return unwrap(await conversationPage(ctx, actor, conversationId));
}) satisfies PageServerLoad;

export const actions = {
	/** Answers the other person, privately. */
	reply: async ({ locals, request, url, params }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const body = field(form, 'body');
		const outcome = await replyInConversation(await requestContext(), actor, params.id, { body, files: form.getAll('files') });
		if (!outcome.ok) return formFailure(outcome, { body });
		return { replied: true };
	},
	/** Blocks the other person: their messages no longer reach the reader. */
	block: async ({ locals, url, params }) => ({ notice: unwrap(await blockInConversation(await requestContext(), requireActor(locals, url), params.id, true)).message }),
	/** Lifts the block. */
	unblock: async ({ locals, url, params }) => ({ notice: unwrap(await blockInConversation(await requestContext(), requireActor(locals, url), params.id, false)).message }),
	/** Reports the other person to the school's administration. */
	report: async ({ locals, url, params }) => ({ notice: unwrap(await reportConversation(await requestContext(), requireActor(locals, url), params.id)).message })
} satisfies Actions;
