import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { mayManagePeople } from '$lib/server/commands/people';
import { templateFile } from '$lib/server/import-file';
import { IMPORT_KINDS } from '$lib/domain/import';

const TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
const NAMES = { students: 'ученики-и-родители', staff: 'сотрудники', load: 'нагрузка' } as const;

/** The import template (`?kind=students|staff|load&format=csv|xlsx`): the header row and one example row. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	unwrap(mayManagePeople(actor));
	const kind = IMPORT_KINDS.find((k) => k === url.searchParams.get('kind'));
	const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
	if (!kind) error(404, 'Такого шаблона нет.');
	const body = await templateFile(kind, format);
	return new Response(body as BodyInit, {
		headers: {
			'content-type': TYPES[format],
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`шаблон-${NAMES[kind]}.${format}`)}`
		}
	});
};
