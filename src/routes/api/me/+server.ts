import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireApiActor } from '$lib/server/guard';

/** The signed-in person: roles and scope (ids only). */
export const GET: RequestHandler = ({ locals }) => {
	const actor = requireApiActor(locals);
	return json({ personId: actor.personId, fullName: locals.account!.fullName, login: locals.account!.login, roles: actor.roles, childIds: actor.childIds, journalIds: actor.journalIds });
};
