import type { Actions, PageServerLoad } from './$types';
import { error, fail } from '@sveltejs/kit';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { httpStatusOf } from '$lib/server/commands/outcome';
import { applyImport, previewImport } from '$lib/server/commands/import';
import { mayManagePeople } from '$lib/server/commands/people';

/** The import page: only for whoever may change the school's people. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	unwrap(mayManagePeople(actor));
	return {};
}) satisfies PageServerLoad;

/** The file of the form: an upload (`file`), or the same file carried back from the preview as base64 (`content`). */
async function fileOf(form: FormData): Promise<Uint8Array | undefined> {
	const upload = form.get('file');
	if (upload instanceof File && upload.size > 0) return new Uint8Array(await upload.arrayBuffer());
	const content = field(form, 'content');
	return content ? new Uint8Array(Buffer.from(content, 'base64')) : undefined;
}

/** The columns the person chose for the fields: `map.<field>` → a column's index ('' for none). */
function mappingOf(form: FormData): Record<string, string> {
	const mapping: Record<string, string> = {};
	for (const [name, value] of form) if (name.startsWith('map.') && typeof value === 'string') mapping[name.slice(4)] = value;
	return mapping;
}

export const actions = {
	/** Reads the file and shows per row what would be created, updated or refused; changes nothing. */
	preview: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const bytes = await fileOf(form);
		const kind = field(form, 'kind');
		const outcome = await previewImport(await requestContext(), actor, { kind, bytes, yearId: event.locals.yearId, mapping: mappingOf(form) });
		const content = bytes ? Buffer.from(bytes).toString('base64') : '';
		if (!outcome.ok) {
			if (outcome.code === 'forbidden') error(httpStatusOf(outcome.code), outcome.message);
			// A file whose columns were read comes back with them, so the person maps the fields to its columns.
			return fail(400, { kind, message: outcome.message, columns: outcome.columns, content: outcome.columns ? content : '' });
		}
		return { kind, preview: outcome.value, content };
	},
	/** Applies the previewed file whole, in one transaction, or refuses it whole with the rows to fix. */
	apply: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const kind = field(form, 'kind');
		const outcome = await applyImport(await requestContext(), actor, { kind, bytes: await fileOf(form), yearId: event.locals.yearId, mapping: mappingOf(form) });
		if (!outcome.ok) {
			if (outcome.code === 'forbidden') error(httpStatusOf(outcome.code), outcome.message);
			return fail(400, { kind, message: outcome.message, preview: outcome.plan ? { kind, plan: outcome.plan, ignoredColumns: [] } : undefined });
		}
		return { kind, applied: outcome.value };
	}
} satisfies Actions;
