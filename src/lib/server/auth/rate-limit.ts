/**
 * Growing delays for login and activation, per login and per address. Counted from the
 * login_event table, so the limits hold across instances and restarts.
 */
import type { Sql } from '../db/client.ts';
import { recentFailures } from '../db/accounts.ts';

const WINDOW_MINUTES = 60;
// Free failures before delays begin, then 2^k seconds, capped.
const FREE_PER_LOGIN = 3;
const FREE_PER_ADDRESS = 15;
const MAX_DELAY_S = 15 * 60;

/** How long the caller must still wait, in seconds (0: may try now). */
export async function retryAfterSeconds(
	sql: Sql,
	kind: 'login' | 'activation',
	key: { login?: string; ip: string | null },
	now: number = Date.now()
): Promise<number> {
	const checks: Array<Promise<number>> = [];
	if (key.login !== undefined) checks.push(wait(sql, kind, { login: key.login }, FREE_PER_LOGIN, now));
	if (key.ip) checks.push(wait(sql, kind, { ip: key.ip }, FREE_PER_ADDRESS, now));
	const waits = await Promise.all(checks);
	return Math.max(0, ...waits);
}

async function wait(sql: Sql, kind: 'login' | 'activation', key: { login?: string; ip?: string }, free: number, now: number) {
	const { count, last } = await recentFailures(sql, kind, key, WINDOW_MINUTES);
	if (count < free || !last) return 0;
	const delay = Math.min(MAX_DELAY_S, 2 ** (count - free));
	const remaining = Math.ceil((last.getTime() + delay * 1000 - now) / 1000);
	return Math.max(0, remaining);
}

/** The Russian message for a refused attempt. */
export function tooManyAttempts(seconds: number): string {
	return `Слишком много неудачных попыток. Повторите через ${seconds} с.`;
}
