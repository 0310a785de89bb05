/** Accounts, sessions and activation codes: the SQL behind authentication (login events are in login-events.ts). */
import type { Role } from '../../domain/policy.ts';
import type { Sql, Tx } from './client.ts';

/** An account row joined with its person. */
export interface AccountRow {
	accountId: number;
	personId: number;
	schoolId: number;
	login: string;
	passwordHash: string;
	disabled: boolean;
	fullName: string;
}

/** A stored session (its id is the SHA-256 of the cookie token). */
export interface SessionRow {
	id: string;
	accountId: number;
	expiresAt: Date;
	createdAt: Date;
	userAgent: string | null;
	ip: string | null;
}

/** Finds an account by login (logins are stored lower-case). */
export function findAccountByLogin(sql: Sql, login: string): Promise<AccountRow | undefined> {
	return findAccount(sql, sql`a.login = ${login}`);
}

/** Finds a person's account. */
export function findAccountByPerson(sql: Sql, personId: number): Promise<AccountRow | undefined> {
	return findAccount(sql, sql`a.person_id = ${personId}`);
}

/** Finds an account by id. */
export function findAccountById(sql: Sql, accountId: number): Promise<AccountRow | undefined> {
	return findAccount(sql, sql`a.id = ${accountId}`);
}

async function findAccount(sql: Sql, condition: ReturnType<Sql>): Promise<AccountRow | undefined> {
	const [row] = await sql<AccountDbRow[]>`
		select a.id, a.person_id, p.school_id, a.login, a.password_hash, a.disabled_at,
		       concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name
		from account a join person p on p.id = a.person_id
		where ${condition}`;
	return row && toAccount(row);
}

/** An account row as the queries select it. */
interface AccountDbRow {
	id: number;
	person_id: number;
	school_id: number;
	login: string;
	password_hash: string;
	disabled_at: Date | null;
	full_name: string;
}

function toAccount(row: AccountDbRow): AccountRow {
	return {
		accountId: row.id,
		personId: row.person_id,
		schoolId: row.school_id,
		login: row.login,
		passwordHash: row.password_hash,
		disabled: row.disabled_at !== null,
		fullName: row.full_name
	};
}

/** Stores a new session. */
export async function insertSession(sql: Sql | Tx, session: SessionRow): Promise<void> {
	await sql`
		insert into session (id, account_id, created_at, expires_at, user_agent, ip)
		values (${session.id}, ${session.accountId}, ${session.createdAt}, ${session.expiresAt}, ${session.userAgent}, ${session.ip})`;
}

/** A session with its account, or undefined. */
export async function findSession(sql: Sql, sessionId: string): Promise<{ session: SessionRow; account: AccountRow } | undefined> {
	const [row] = await sql<(AccountDbRow & { session_id: string; account_id: number; expires_at: Date; created_at: Date; user_agent: string | null; ip: string | null })[]>`
		select s.id as session_id, s.account_id, s.expires_at, s.created_at, s.user_agent, s.ip,
		       a.id, a.person_id, p.school_id, a.login, a.password_hash, a.disabled_at,
		       concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name
		from session s join account a on a.id = s.account_id join person p on p.id = a.person_id
		where s.id = ${sessionId}`;
	if (!row) return undefined;
	return {
		session: {
			id: row.session_id,
			accountId: row.account_id,
			expiresAt: row.expires_at,
			createdAt: row.created_at,
			userAgent: row.user_agent,
			ip: row.ip
		},
		account: toAccount(row)
	};
}

/** Moves a session's expiry (sliding sessions). */
export async function extendSession(sql: Sql, sessionId: string, expiresAt: Date): Promise<void> {
	await sql`update session set expires_at = ${expiresAt} where id = ${sessionId}`;
}

/** Deletes one session. */
export async function deleteSession(sql: Sql, sessionId: string): Promise<void> {
	await sql`delete from session where id = ${sessionId}`;
}

/** Deletes every session of an account, optionally keeping one. */
export async function deleteAccountSessions(sql: Sql | Tx, accountId: number, keepSessionId?: string): Promise<number> {
	const rows = await sql<{ id: string }[]>`
		delete from session where account_id = ${accountId} and id <> ${keepSessionId ?? ''} returning id`;
	return rows.length;
}

/** The account's live sessions, newest first. */
export async function listSessions(sql: Sql, accountId: number): Promise<SessionRow[]> {
	const rows = await sql<{ id: string; account_id: number; expires_at: Date; created_at: Date; user_agent: string | null; ip: string | null }[]>`
		select id, account_id, expires_at, created_at, user_agent, ip from session
		where account_id = ${accountId} and expires_at > now() order by created_at desc`;
	return rows.map((row) => ({
		id: row.id,
		accountId: row.account_id,
		expiresAt: row.expires_at,
		createdAt: row.created_at,
		userAgent: row.user_agent,
		ip: row.ip
	}));
}

/** Sets a new password hash. */
export async function updatePassword(sql: Sql | Tx, accountId: number, passwordHash: string): Promise<void> {
	await sql`update account set password_hash = ${passwordHash}, password_changed_at = now() where id = ${accountId}`;
}

/** What a code does: activate a person without an account, or reset an account's password. */
export type CodePurpose = 'activate' | 'reset';

/** An activation code row found by its hash. */
export interface ActivationCodeRow {
	id: number;
	personId: number;
	purpose: CodePurpose;
	expiresAt: Date;
	usedAt: Date | null;
	revokedAt: Date | null;
}

/** Finds an activation code by the SHA-256 of its text. */
export async function findActivationCode(sql: Sql | Tx, codeHash: string): Promise<ActivationCodeRow | undefined> {
	const [row] = await sql<{ id: number; person_id: number; purpose: CodePurpose; expires_at: Date; used_at: Date | null; revoked_at: Date | null }[]>`
		select id, person_id, purpose, expires_at, used_at, revoked_at from activation_code where code_hash = ${codeHash}`;
	return row && { id: row.id, personId: row.person_id, purpose: row.purpose, expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at };
}

/** Stores a new activation code (hash and a short hint only). */
export async function insertActivationCode(
	sql: Sql | Tx,
	code: { personId: number; purpose: CodePurpose; codeHash: string; hint: string; createdBy: number; expiresAt: Date }
): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into activation_code (person_id, purpose, code_hash, hint, created_by, expires_at)
		values (${code.personId}, ${code.purpose}, ${code.codeHash}, ${code.hint}, ${code.createdBy}, ${code.expiresAt})
		returning id`;
	return row.id;
}

/** Revokes every unused code of a person; returns how many. */
export async function revokeActivationCodes(sql: Sql | Tx, personId: number): Promise<number> {
	const rows = await sql<{ id: number }[]>`
		update activation_code set revoked_at = now()
		where person_id = ${personId} and used_at is null and revoked_at is null and expires_at > now()
		returning id`;
	return rows.length;
}

/**
 * Uses a code inside the caller's transaction: marks it used only if still unused, unrevoked
 * and unexpired, so two concurrent activations cannot both succeed.
 */
export async function consumeActivationCode(tx: Tx, codeId: number): Promise<boolean> {
	const rows = await tx<{ id: number }[]>`
		update activation_code set used_at = now()
		where id = ${codeId} and used_at is null and revoked_at is null and expires_at > now()
		returning id`;
	return rows.length === 1;
}

/** True when the login is taken by an account other than the person's own. */
export async function loginTaken(sql: Sql | Tx, login: string, personId: number): Promise<boolean> {
	const [row] = await sql<{ '?column?': number }[]>`select 1 from account where login = ${login} and person_id <> ${personId}`;
	return row !== undefined;
}

/**
 * Creates the person's account with the chosen login; undefined when the person already has one
 * or the login was taken meanwhile (an existing account is never replaced: ).
 */
export async function createAccount(tx: Tx, personId: number, login: string, passwordHash: string): Promise<number | undefined> {
	const [row] = await tx<{ id: number }[]>`
		insert into account (person_id, login, password_hash)
		values (${personId}, ${login}, ${passwordHash})
		on conflict do nothing
		returning id`;
	return row?.id;
}

/** The row of codeHolder. */
interface CodeHolderRow {
	school_id: number;
	full_name: string;
	/** staff_role.role, which its check keeps to the staff roles. */
	staff_roles: Role[];
	leads_class: boolean;
	is_parent: boolean;
	is_student: boolean;
	account_id: number | null;
	class_ids: number[];
}

/** The person a code is for, as the policy needs them. */
export interface CodeHolder {
	personId: number;
	schoolId: number;
	fullName: string;
	/** Every role the person holds (a class teacher of any year counts as one). */
	roles: Role[];
	/** Their account, when they have one. */
	accountId: number | null;
	/** The classes of the year that their account reaches: their own and their children's. */
	classIds: number[];
}

/** The person of an id with every role they hold, their account, and the classes of the year it reaches. */
export async function codeHolder(sql: Sql, personId: number, yearId: number | undefined): Promise<CodeHolder | undefined> {
	const year = yearId ?? 0;
	const [row] = await sql<CodeHolderRow[]>`
		select p.school_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name,
			coalesce((select array_agg(role order by role) from staff_role where person_id = p.id), '{}') as staff_roles,
			exists (select 1 from class where class_teacher_id = p.id) as leads_class,
			exists (select 1 from guardian where parent_id = p.id) as is_parent,
			exists (select 1 from enrolment where student_id = p.id) as is_student,
			(select id from account where person_id = p.id) as account_id,
			coalesce((select array_agg(distinct e.class_id order by e.class_id)
				from enrolment e join class c on c.id = e.class_id
				where c.year_id = ${year} and (e.student_id = p.id
					or e.student_id in (select student_id from guardian where parent_id = p.id))), '{}') as class_ids
		from person p where p.id = ${personId}`;
	if (!row) return undefined;
	const roles: Role[] = [...row.staff_roles];
	if (row.leads_class) roles.push('class_teacher');
	if (row.is_parent) roles.push('parent');
	if (row.is_student) roles.push('student');
	return { personId, schoolId: row.school_id, fullName: row.full_name, roles, accountId: row.account_id, classIds: row.class_ids };
}

/** When the account's password was last reset with a code (from the audit log), or null. */
export async function lastPasswordReset(sql: Sql, accountId: number): Promise<Date | null> {
	const [row] = await sql<{ at: Date | null }[]>`
		select max(at) as at from audit_log
		where entity = 'account' and entity_id = ${String(accountId)} and action = 'reset_password'`;
	return row?.at ?? null;
}

/** Deletes the sessions that expired before the moment; returns how many. */
export async function deleteExpiredSessions(sql: Sql, now: Date): Promise<number> {
	const rows = await sql<{ id: string }[]>`delete from session where expires_at < ${now} returning id`;
	return rows.length;
}

/** Deletes the login and activation events recorded before the moment; returns how many. */
export async function deleteLoginEventsBefore(sql: Sql, before: Date): Promise<number> {
	const rows = await sql<{ id: string }[]>`delete from login_event where at < ${before} returning id`;
	return rows.length;
}

/** Blocks (or unblocks) an account; true when its state changed. */
export async function setAccountDisabled(sql: Sql | Tx, accountId: number, disabled: boolean): Promise<boolean> {
	const rows = disabled
		? await sql<{ id: number }[]>`update account set disabled_at = now() where id = ${accountId} and disabled_at is null returning id`
		: await sql<{ id: number }[]>`update account set disabled_at = null where id = ${accountId} and disabled_at is not null returning id`;
	return rows.length > 0;
}

/** Until when each of the people has an unused, unrevoked code (the latest one), by person id. */
export async function pendingCodesOf(sql: Sql, personIds: readonly number[]): Promise<Map<number, Date>> {
	if (personIds.length === 0) return new Map();
	const rows = await sql<{ person_id: number; expires_at: Date }[]>`
		select person_id, max(expires_at) as expires_at from activation_code
		where person_id = any(${personIds as number[]}) and used_at is null and revoked_at is null and expires_at > now()
		group by person_id`;
	return new Map(rows.map((row) => [row.person_id, row.expires_at]));
}
