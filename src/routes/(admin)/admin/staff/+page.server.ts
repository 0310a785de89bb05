import type { Actions, PageServerLoad } from './$types';
import { sql } from '$lib/server/context';
import { authorize, requireActor } from '$lib/server/guard';
import { staffOfSchool } from '$lib/server/db/people';
import { ROLE_NAMES, type Role } from '$lib/domain/policy';
import { issueCodeAction, revokeCodeAction } from '$lib/server/actions/codes';

/** Staff with their roles and account state; codes for staff are the administrator's. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	authorize(actor, 'manage', { kind: 'accounts', schoolId: actor.schoolId });
	const staff = await staffOfSchool(await sql(), actor.schoolId);
	return { staff: staff.map((s) => ({ ...s, roles: s.roles.map((r) => ROLE_NAMES[r as Role]) })) };
}) satisfies PageServerLoad;

export const actions = { issue: issueCodeAction, revoke: revokeCodeAction } satisfies Actions;
