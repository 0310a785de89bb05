import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { authorize, parseId, requireActor } from '$lib/server/guard';
import { classRoster, findClass, journalsOfClass } from '$lib/server/db/school';
import { today } from '$lib/server/start';
import { classForecastOf } from '$lib/server/marks/standing';
import { may } from '$lib/domain/policy';
import { issueCodeAction, revokeCodeAction } from '$lib/server/actions/codes';

/** A class: roster with arrivals and departures, parents, journals, and its forecast for the current period. */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const db = await sql();
	const id = parseId(params.id);
	const found = id === undefined ? undefined : await findClass(db, id);
	if (!found) error(404, 'Класс не найден.');
	authorize(actor, 'read', { kind: 'class', schoolId: found.schoolId, classId: found.classId });
	return {
		classId: found.classId,
		name: found.name,
		roster: await classRoster(db, found.classId),
		journals: await journalsOfClass(db, found.classId),
		forecast: await classForecastOf(db, found, today(appConfig())),
		canIssueCodes: may(actor, 'manage', { kind: 'accounts', schoolId: found.schoolId, classIds: [found.classId] })
	};
}) satisfies PageServerLoad;

export const actions = { issue: issueCodeAction, revoke: revokeCodeAction } satisfies Actions;
