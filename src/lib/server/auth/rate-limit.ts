/**
 * Limits on guessing passwords and activation codes, counted in the login_event
 * table, so they hold across instances and restarts.
 *
 * The rule: the guesser's address is throttled, the account only gently, and the owner's right
 * password is refused only where the guessing happens.
 *
 * - **By address:** after 15 failures from one address (any logins, last hour) every attempt from
 *   it waits 1 s after the latest failure, doubling with each further failure up to 15 minutes.
 * - **By login at an address:** the same after 3 failures of one login from one address, so
 *   a second guess against the same account waits even while the address has failures to spare.
 * - **By login anywhere:** after 10 failures of one login from all addresses together (a guesser
 *   with many addresses), an attempt on that login from an address it has not signed in from
 *   in the last 30 days waits 1 s, doubling up to 5 minutes. Addresses the owner has used
 *   (school, home) are never held by this rule, so others cannot lock the owner out.
 * - A failure stops counting once the same login succeeds from the same address (the owner's
 *   typo); a success never forgives other logins' or other addresses' failures, so one valid
 *   account does not buy more guesses against the others.
 * - Activation codes are limited by address only (the login is one the person is choosing).
 *
 * What this cannot tell apart: people behind one address (a school's NAT without a proxy header)
 * share the address's limits, and a guesser sharing the owner's address holds the owner too.
 *
 * Checking and recording are one step: `beginAttempt` takes a lock per address and per login,
 * checks, and records the attempt as a failure before the password is verified; `settleAttempt`
 * records how it ended. So parallel attempts cannot all pass one check.
 */
import type { Sql, Tx } from '../db/client.ts';
import { attemptHistory, lockAttemptKeys, recordLoginEvent, settleLoginEvent, type AttemptKind, type FailureCount } from '../db/login-events.ts';

const WINDOW_MINUTES = 60;
const KNOWN_ADDRESS_DAYS = 30;
// Free failures before delays begin, then 2^k seconds, capped.
const FREE_PER_ADDRESS = 15;
const FREE_PER_LOGIN_HERE = 3;
const FREE_PER_LOGIN = 10;
const MAX_DELAY_S = 15 * 60;
const MAX_LOGIN_DELAY_S = 5 * 60;

/** Who is attempting what: the login is absent for activation codes; the address may be unknown. */
export interface AttemptKey {
	login?: string;
	ip: string | null;
}

/** An attempt that may go on (its id to settle), or how long to wait, in seconds. */
export type Begun = { ok: true; id: number } | { ok: false; retryAfter: number };

/** How long the caller must still wait, in seconds (0: may try now); checks without recording. */
export async function retryAfterSeconds(sql: Sql | Tx, kind: AttemptKind, key: AttemptKey, now: number = Date.now()): Promise<number> {
	const login = kind === 'login' ? (key.login ?? null) : null;
	const history = await attemptHistory(sql, kind, { login, ip: key.ip }, WINDOW_MINUTES, KNOWN_ADDRESS_DAYS);
	const waits = [key.ip ? wait(history.address, FREE_PER_ADDRESS, MAX_DELAY_S, now) : 0];
	if (login !== null) {
		waits.push(wait(history.loginHere, FREE_PER_LOGIN_HERE, MAX_DELAY_S, now));
		if (!history.knownAddress) waits.push(wait(history.login, FREE_PER_LOGIN, MAX_LOGIN_DELAY_S, now));
	}
	return Math.max(0, ...waits);
}

/**
 * Checks the limits and, when the attempt may go on, records it as a failure, atomically: a lock
 * per address and per login makes parallel attempts take turns, and each sees the ones before.
 */
export async function beginAttempt(sql: Sql, kind: AttemptKind, key: AttemptKey): Promise<Begun> {
	const login = kind === 'login' ? (key.login ?? null) : null;
	return sql.begin(async (tx) => {
		await lockAttemptKeys(tx, kind, { login, ip: key.ip });
		const retryAfter = await retryAfterSeconds(tx, kind, key);
		if (retryAfter > 0) return { ok: false, retryAfter } as const;
		const id = await recordLoginEvent(tx, { kind, login: key.login ?? null, accountId: null, ip: key.ip, success: false });
		return { ok: true, id } as const;
	});
}

/** Settles a begun attempt: its account and whether it succeeded (a failure stays counted). */
export async function settleAttempt(sql: Sql, id: number, outcome: { success: boolean; accountId: number | null }): Promise<void> {
	await settleLoginEvent(sql, id, outcome);
}

function wait({ count, last }: FailureCount, free: number, cap: number, now: number): number {
	if (count < free || !last) return 0;
	const delay = Math.min(cap, 2 ** (count - free));
	return Math.max(0, Math.ceil((last.getTime() + delay * 1000 - now) / 1000));
}

/** The Russian message for a refused attempt. */
export function tooManyAttempts(seconds: number): string {
	return `Слишком много неудачных попыток. Повторите через ${seconds} с.`;
}
