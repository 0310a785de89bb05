/** Sign-in and activation attempts (the login_event table): what the sign-in limits count. */
import type { Sql, Tx } from './client.ts';

/** What was attempted: signing in (or checking the current password) or activating with a code. */
export type AttemptKind = 'login' | 'activation';

/** Failures that still count: how many, and when the latest was. */
export interface FailureCount {
	count: number;
	last: Date | null;
}

/** The failures an attempt is judged by, from one query. */
export interface AttemptHistory {
	/** Every login's failures from this address. */
	address: FailureCount;
	/** This login's failures from this address. */
	loginHere: FailureCount;
	/** This login's failures from every address. */
	login: FailureCount;
	/** This login has signed in successfully from this address recently. */
	knownAddress: boolean;
}

/** Records an attempt; returns its id (an attempt is recorded as a failure before it is checked). */
export async function recordLoginEvent(
	sql: Sql | Tx,
	event: { kind: AttemptKind; login: string | null; accountId: number | null; ip: string | null; success: boolean }
): Promise<number> {
	const [row] = await sql<{ id: string }[]>`
		insert into login_event (kind, login, account_id, ip, success)
		values (${event.kind}, ${event.login}, ${event.accountId}, ${event.ip}, ${event.success})
		returning id`;
	return Number(row.id);
}

/** Sets the outcome of a recorded attempt once it has been checked; its time becomes the answer's, so waits run from the answer. */
export async function settleLoginEvent(sql: Sql | Tx, id: number, outcome: { success: boolean; accountId: number | null }): Promise<void> {
	await sql`update login_event set success = ${outcome.success}, account_id = ${outcome.accountId}, at = now() where id = ${id}`;
}

/**
 * Holds attempts on the same address and on the same login one at a time until the caller's
 * transaction ends (the address first, then the login, in every caller, so two never deadlock).
 */
export async function lockAttemptKeys(tx: Tx, kind: AttemptKind, key: { login: string | null; ip: string | null }): Promise<void> {
	await tx`select pg_advisory_xact_lock(7453004, hashtext(${`${kind}|ip|${key.ip ?? ''}`}))`;
	if (key.login !== null) await tx`select pg_advisory_xact_lock(7453004, hashtext(${`${kind}|login|${key.login}`}))`;
}

/**
 * Failures within the window by address, by login at this address and by login anywhere. A
 * failure no longer counts once the same login later succeeded from the same address (a typo
 * the owner corrected); a success never forgives other logins' or other addresses' failures.
 */
export async function attemptHistory(
	sql: Sql | Tx,
	kind: AttemptKind,
	key: { login: string | null; ip: string | null },
	windowMinutes: number,
	knownDays: number
): Promise<AttemptHistory> {
	const { login, ip } = key;
	const [row] = await sql<
		{ address_count: number; address_last: Date | null; here_count: number; here_last: Date | null; login_count: number; login_last: Date | null; known: boolean }[]
	>`
		with scoped as (
			select e.login, e.ip, e.at, e.success from login_event e
			where e.kind = ${kind} and e.at > now() - make_interval(mins => ${windowMinutes})
			  and (e.ip = ${ip}::text or e.login = ${login}::text)
		), failures as (
			select f.login, f.ip, f.at from scoped f
			where not f.success and not exists (
				select 1 from scoped s
				where s.success and s.login = f.login and s.ip is not distinct from f.ip and s.at > f.at)
		)
		select count(*) filter (where ip = ${ip}::text)::int as address_count,
		       max(at) filter (where ip = ${ip}::text) as address_last,
		       count(*) filter (where login = ${login}::text and ip is not distinct from ${ip}::text)::int as here_count,
		       max(at) filter (where login = ${login}::text and ip is not distinct from ${ip}::text) as here_last,
		       count(*) filter (where login = ${login}::text)::int as login_count,
		       max(at) filter (where login = ${login}::text) as login_last,
		       exists (
		           select 1 from login_event k
		           where k.kind = ${kind} and k.login = ${login}::text and k.ip = ${ip}::text and k.success
		             and k.at > now() - make_interval(days => ${knownDays})) as known
		from failures`;
	return {
		address: { count: row.address_count, last: row.address_last },
		loginHere: { count: row.here_count, last: row.here_last },
		login: { count: row.login_count, last: row.login_last },
		knownAddress: row.known
	};
}
