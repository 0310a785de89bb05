/**
 * Who works in the school and who may sign in (R-3.2, R-4.1.1, R-4.2.2, X-AUDIT): the director or
 * the administrator gives and takes away staff roles (only an administrator makes another one);
 * whoever may manage a person's account (the administrator; for a family, the class teacher of
 * every class it reaches) blocks and unblocks it. Taking a role away or blocking an account ends
 * every session of that account at once, open journals included, so what was taken away stops
 * working now, not at the next sign-in. A school always keeps one administrator who can sign in.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { deleteAccountSessions, setAccountDisabled } from '../db/accounts.ts';
import { grantStaffRole, revokeStaffRole, staffRolesOf, workingAdmins } from '../db/people.ts';
import { notifyAccessChanged } from '../collab-bridge.ts';
import { parseId } from '../../domain/ids.ts';
import { decide, GRANTABLE_ROLES, staffResource, type Actor, type GrantableRole } from '../../domain/policy.ts';
import { manageableAccount } from './codes.ts';
import { done, refuse, type Outcome } from './outcome.ts';

export const STAFF_MESSAGES = {
	noPerson: 'Не выбран сотрудник.',
	personNotFound: 'Сотрудник не найден.',
	noRole: 'Выберите роль: администратор, директор, заместитель директора или учитель.',
	lastRole: 'У сотрудника должна остаться хотя бы одна роль. Чтобы закрыть ему доступ, заблокируйте учётную запись.',
	lastAdmin: 'В школе должен остаться хотя бы один администратор, который может войти. Сначала назначьте другого.',
	noAccount: 'У этого человека ещё нет учётной записи: блокировать нечего.',
	notYourself: 'Свою учётную запись заблокировать нельзя.',
	noPersonToBlock: 'Не выбран человек, чью учётную запись заблокировать.'
} as const;

function roleOf(value: unknown): GrantableRole | undefined {
	return GRANTABLE_ROLES.find((role) => role === value);
}

/** A role given or taken away: the person, the role, whether it changed, and how many sessions ended. */
export interface RoleChange {
	personId: number;
	fullName: string;
	role: GrantableRole;
	granted: boolean;
	changed: boolean;
	endedSessions: number;
}

/**
 * Gives (granted = true) or takes away a staff role of a member of staff. Taking one away ends
 * the person's sessions (not those of someone changing their own roles); the last staff role of a person, and the administrator role of the last
 * administrator who can sign in, are never taken away.
 */
export async function setStaffRole(ctx: Ctx, actor: Actor, input: { personId: unknown; role: unknown; granted: boolean }): Promise<Outcome<RoleChange>> {
	const personId = parseId(input.personId);
	if (personId === undefined) return refuse('invalid', STAFF_MESSAGES.noPerson);
	const role = roleOf(input.role);
	if (!role) return refuse('invalid', STAFF_MESSAGES.noRole);
	const read = decide(actor, 'read', staffResource(actor.schoolId));
	const person = read.allow ? await staffRolesOf(ctx.sql, personId) : undefined;
	// Only staff are on the staff list; a family member or a person of another school is not found.
	if (!person || person.schoolId !== actor.schoolId || person.roles.length === 0) return refuse('not_found', STAFF_MESSAGES.personNotFound);
	const decision = decide(actor, 'manage', staffResource(actor.schoolId, role));
	if (!decision.allow) return refuse('forbidden', decision.reason);

	const outcome = await ctx.sql.begin(async (tx) => {
		if (input.granted) {
			const changed = await grantStaffRole(tx, personId, role);
			if (changed) await writeAudit(tx, { actorId: actor.personId, action: 'role.grant', entity: 'staff_role', entityId: personId, newValue: { personId, role } });
			return done({ changed, endedSessions: 0 });
		}
		const current = await staffRolesOf(tx, personId);
		if (!current?.roles.includes(role)) return done({ changed: false, endedSessions: 0 });
		if (current.roles.length === 1) return refuse('conflict', STAFF_MESSAGES.lastRole);
		if (role === 'admin' && (await workingAdmins(tx, actor.schoolId)).every((id) => id === personId)) return refuse('conflict', STAFF_MESSAGES.lastAdmin);
		await revokeStaffRole(tx, personId, role);
		// Someone taking away a role of their own keeps the session they are doing it in.
		const endedSessions = current.accountId === null || personId === actor.personId ? 0 : await deleteAccountSessions(tx, current.accountId);
		await writeAudit(tx, { actorId: actor.personId, action: 'role.revoke', entity: 'staff_role', entityId: personId, oldValue: { personId, role }, newValue: { endedSessions } });
		return done({ changed: true, endedSessions });
	});
	if (!outcome.ok) return outcome;
	// What the person may open changed: the live journal re-checks their connections.
	if (outcome.value.changed && person.accountId !== null) await notifyAccessChanged({ accountId: person.accountId });
	return done({ personId, fullName: person.fullName, role, granted: input.granted, ...outcome.value });
}

/** An account blocked or unblocked: whose, and how many sessions ended. */
export interface BlockChange {
	personId: number;
	fullName: string;
	blocked: boolean;
	changed: boolean;
	endedSessions: number;
}

/**
 * Blocks (blocked = true) or unblocks a person's account. A blocked account cannot sign in, use a
 * code, or keep any session; nobody blocks their own account or the last administrator who can
 * sign in.
 */
export async function setAccountBlocked(ctx: Ctx, actor: Actor, input: { personId: unknown; blocked: boolean }): Promise<Outcome<BlockChange>> {
	const target = await manageableAccount(ctx, actor, input.personId, STAFF_MESSAGES.noPersonToBlock);
	if (!target.ok) return target;
	const { personId, fullName, accountId } = target.value;
	if (accountId === null) return refuse('conflict', STAFF_MESSAGES.noAccount);
	if (input.blocked && personId === actor.personId) return refuse('conflict', STAFF_MESSAGES.notYourself);
	const outcome = await ctx.sql.begin(async (tx) => {
		if (input.blocked) {
			const admins = await workingAdmins(tx, actor.schoolId);
			if (admins.includes(personId) && admins.every((id) => id === personId)) return refuse('conflict', STAFF_MESSAGES.lastAdmin);
		}
		const changed = await setAccountDisabled(tx, accountId, input.blocked);
		const endedSessions = input.blocked ? await deleteAccountSessions(tx, accountId) : 0;
		if (changed) await writeAudit(tx, { actorId: actor.personId, action: input.blocked ? 'account.block' : 'account.unblock', entity: 'account', entityId: accountId, newValue: { personId, endedSessions } });
		return done({ changed, endedSessions });
	});
	if (!outcome.ok) return outcome;
	if (input.blocked && outcome.value.changed) await notifyAccessChanged({ accountId });
	return done({ personId, fullName, blocked: input.blocked, ...outcome.value });
}
