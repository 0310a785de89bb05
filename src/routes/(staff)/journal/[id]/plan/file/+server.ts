import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { tableFile } from '$lib/server/import-file';
import { planFileRows } from '$lib/server/queries/plans';
import { planTemplate } from '$lib/domain/plan';

const TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * The journal's thematic plan as a file (`?format=xlsx|csv`), or with `?template` the empty
 * template with two example rows: the same columns the plan's import reads.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const { journal, rows } = unwrap(await planFileRows(await requestContext(), actor, params.id));
	const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
	const template = url.searchParams.has('template');
	const body = await tableFile(template ? planTemplate() : rows, 'План', format, 24);
	const name = template ? 'шаблон-тематического-плана' : `план-${journal.className}-${journal.subject}`;
	return new Response(body as BodyInit, {
		headers: { 'content-type': TYPES[format], 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}` }
	});
};
