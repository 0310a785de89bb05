/** Accounts, sessions, activation codes and login events: the SQL behind authentication. */
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

/** An activation code row found by its hash. */
export interface ActivationCodeRow {
	id: number;
	personId: number;
	expiresAt: Date;
	usedAt: Date | null;
	revokedAt: Date | null;
}

/** Finds an activation code by the SHA-256 of its text. */
export async function findActivationCode(sql: Sql | Tx, codeHash: string): Promise<ActivationCodeRow | undefined> {
	const [row] = await sql<{ id: number; person_id: number; expires_at: Date; used_at: Date | null; revoked_at: Date | null }[]>`
		select id, person_id, expires_at, used_at, revoked_at from activation_code where code_hash = ${codeHash}`;
	return row && { id: row.id, personId: row.person_id, expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at };
}

/** Stores a new activation code (hash and a short hint only). */
export async function insertActivationCode(
	sql: Sql | Tx,
	code: { personId: number; codeHash: string; hint: string; createdBy: number; expiresAt: Date }
): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into activation_code (person_id, code_hash, hint, created_by, expires_at)
		values (${code.personId}, ${code.codeHash}, ${code.hint}, ${code.createdBy}, ${code.expiresAt})
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

/** Creates the person's account or, when it exists, sets its login and password (re-activation). */
export async function upsertAccount(tx: Tx, personId: number, login: string, passwordHash: string): Promise<number> {
	const [row] = await tx<{ id: number }[]>`
		insert into account (person_id, login, password_hash)
		values (${personId}, ${login}, ${passwordHash})
		on conflict (person_id) do update
		set login = excluded.login, password_hash = excluded.password_hash, password_changed_at = now(), disabled_at = null
		returning id`;
	return row.id;
}
