import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { lessonFiles } from '$lib/server/queries/journal';
import { addAttachment } from '$lib/server/commands/attachments';

/** Attaches a file (multipart field `file`) to a lesson. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const ctx = await requestContext();
	// A body that is not a form is a missing file (the command says so once the journal and lesson are allowed).
	const form = await request.formData().catch(() => undefined);
	const outcome = await addAttachment(ctx, actor, { journalId: params.id, lessonId: params.lessonId, file: form?.get('file') });
	const { storageKey: _key, ...attachment } = unwrap(outcome);
	return json(attachment, { status: 201 });
};

/** The files attached to a lesson. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	const files = unwrap(await lessonFiles(await requestContext(), actor, { journalId: params.id, lessonId: params.lessonId }));
	return json(files.map(({ storageKey: _key, ...rest }) => rest));
};
