import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { sendMessage } from '$lib/server/commands/messages';
import { chosenPerson, composeChoices, mailboxPage } from '$lib/server/queries/messages';
import { parseId } from '$lib/domain/ids';

/** The person's conversations (found by `s`), and the form to write to someone (people found by `q`, one chosen by `to`). */
export const load = (async ({ locals, url, depends }) => {
	const actor = requireActor(locals, url);
	depends('app:inbox');
	const ctx = await requestContext();
	const [box, choices] = await Promise.all([
		mailboxPage(ctx, actor, url.searchParams.get('s') ?? ''),
		composeChoices(ctx, actor, locals.yearId, url.searchParams.get('q') ?? '')
	]);
	const toId = parseId(url.searchParams.get('to') ?? '');
	const chosen = toId === undefined ? undefined : await chosenPerson(ctx, actor, locals.yearId, toId);
	if (chosen && !choices.people.some((p) => p.value === chosen.value)) choices.people.unshift(chosen);
	return { ...box, ...choices, chosen: chosen?.value ?? null };
}) satisfies PageServerLoad;

export const actions = {
	/** Writes to a person or a group; one person's conversation opens, a group's send stays here with its count. */
	send: async ({ locals, request, url }) => {
		const actor = requireActor(locals, url);
		const form = await formDataOf(request);
		const input = { to: field(form, 'to'), subject: field(form, 'subject'), body: field(form, 'body') };
		const outcome = await sendMessage(await requestContext(), actor, locals.yearId, { ...input, files: form.getAll('files') });
		// Whom one may not write to is said beside the form (403), with what was typed kept.
		if (!outcome.ok) return outcome.code === 'forbidden' ? fail(403, { ...input, message: outcome.message }) : formFailure(outcome, input);
		if (outcome.value.conversationId) redirect(303, `/messages/${outcome.value.conversationId}`);
		return { sent: outcome.value.recipients };
	}
} satisfies Actions;
