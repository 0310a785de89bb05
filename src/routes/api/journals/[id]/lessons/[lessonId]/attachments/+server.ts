import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { parseId, requireApiActor } from '$lib/server/guard';
import { journalFor } from '$lib/server/journal/access';
import { saveAttachment } from '$lib/server/journal/attachments';
import { attachmentsOfLesson, findLesson } from '$lib/server/db/journal-writes';
import { JOURNAL_MESSAGES } from '$lib/domain/journal-rules';

/** Attaches a file (multipart field `file`) to a lesson. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const journal = await journalFor(db, actor, params.id, 'write');
	const lessonId = parseId(params.lessonId) ?? error(404, JOURNAL_MESSAGES.lessonNotFound);
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		error(400, JOURNAL_MESSAGES.fileMissing);
	}
	const outcome = await saveAttachment(db, appConfig().attachmentsDir, actor, journal, lessonId, form.get('file'));
	if (!outcome.ok) error(outcome.status, outcome.message);
	const { storageKey: _key, ...attachment } = outcome.attachment;
	return json(attachment, { status: 201 });
};

/** The files attached to a lesson. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const journal = await journalFor(db, actor, params.id, 'read');
	const lessonId = parseId(params.lessonId) ?? error(404, JOURNAL_MESSAGES.lessonNotFound);
	if (!(await findLesson(db, journal.journalId, lessonId))) error(404, JOURNAL_MESSAGES.lessonNotFound);
	return json((await attachmentsOfLesson(db, lessonId)).map(({ storageKey: _key, ...rest }) => rest));
};
