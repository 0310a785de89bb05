/** Reads about people and accounts: the staff list, a person's own account and sessions, and the signed-in actor. */
import type { Ctx } from '../context.ts';
import { listSessions } from '../db/accounts.ts';
import { currentYearId, loadActor, staffOfSchool } from '../db/people.ts';
import { accountsResource, decide, ROLE_NAMES, type Actor, type Role } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/** Staff with their roles and account state; codes for staff are the administrator's. */
export async function staffPage(ctx: Ctx, actor: Actor) {
	const decision = decide(actor, 'manage', accountsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const staff = await staffOfSchool(ctx.sql, actor.schoolId);
	return done({ staff: staff.map((s) => ({ ...s, roles: s.roles.map((r) => ROLE_NAMES[r as Role]) })) });
}

/** The account's live sessions, the current one marked. */
export async function accountSessions(ctx: Ctx, account: { accountId: number; sessionId: string }) {
	const sessions = await listSessions(ctx.sql, account.accountId);
	return sessions.map((s) => ({ current: s.id === account.sessionId, createdAt: s.createdAt.toISOString(), userAgent: s.userAgent, ip: s.ip }));
}

/** Who a signed-in person is for the policy: roles and scope in the school's current year. */
export async function actorOf(ctx: Ctx, account: { personId: number; schoolId: number }): Promise<{ actor: Actor; yearId: number | undefined }> {
	const yearId = await currentYearId(ctx.sql, account.schoolId, ctx.today);
	return { actor: await loadActor(ctx.sql, account.personId, account.schoolId, yearId), yearId };
}

export type { Outcome };
