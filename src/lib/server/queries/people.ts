/** Reads about people and accounts: the staff list, a person's own account and sessions, and the signed-in actor. */
import type { Ctx } from '../context.ts';
import { listSessions } from '../db/accounts.ts';
import { currentYearId, loadActor, staffOfSchool } from '../db/people.ts';
import { accountsResource, decide, GRANTABLE_ROLES, may, ROLE_NAMES, staffResource, type Actor, type Role } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/**
 * Staff with their roles and account state, for those who manage them: the administrator (codes,
 * blocking, roles) and the director (roles: ). Which roles this actor may give or
 * take away is the policy's, role by role.
 */
export async function staffPage(ctx: Ctx, actor: Actor) {
	const accounts = decide(actor, 'manage', accountsResource(actor.schoolId));
	const roles = decide(actor, 'manage', staffResource(actor.schoolId));
	if (!accounts.allow && !roles.allow) return refuse('forbidden', accounts.reason);
	const staff = await staffOfSchool(ctx.sql, actor.schoolId);
	return done({
		staff: staff.map((s) => ({ ...s, roleNames: s.roles.map((r) => ROLE_NAMES[r as Role]) })),
		roles: GRANTABLE_ROLES.map((role) => ({ role, name: ROLE_NAMES[role], canChange: may(actor, 'manage', staffResource(actor.schoolId, role)) })),
		canManageAccounts: accounts.allow,
		selfId: actor.personId
	});
}

/** The account's live sessions, the current one marked. */
export async function accountSessions(ctx: Ctx, account: { accountId: number; sessionId: string }) {
	const sessions = await listSessions(ctx.sql, account.accountId);
	return sessions.map((s) => ({ current: s.id === account.sessionId, createdAt: s.createdAt.toISOString(), userAgent: s.userAgent, ip: s.ip }));
}

/** Who a signed-in person is for the policy: roles and scope in the school's current year (substitutions of today included). */
export async function actorOf(ctx: Ctx, account: { personId: number; schoolId: number }): Promise<{ actor: Actor; yearId: number | undefined }> {
	const yearId = await currentYearId(ctx.sql, account.schoolId, ctx.today);
	return { actor: await loadActor(ctx.sql, account.personId, account.schoolId, yearId, ctx.today), yearId };
}

export type { Outcome };
