/**
 * Sessions after the Lucia guide: a random token in an HttpOnly cookie, only its SHA-256 in the
 * database, sliding expiry (renewed once half of the lifetime has passed).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Sql } from '../db/client.ts';
import { deleteSession, extendSession, findSession, insertSession, type AccountRow, type SessionRow } from '../db/accounts.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'session';
const DAY_MS = 24 * 60 * 60 * 1000;

/** A fresh token: 20 random bytes from the platform's secure source, base32. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored id of a token: its SHA-256 in hex. */
export function sessionIdOf(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Creates and stores a session for the account. */
export async function createSession(
	sql: Sql,
	token: string,
	accountId: number,
	meta: { userAgent: string | null; ip: string | null; days: number }
): Promise<SessionRow> {
	const now = Date.now();
	const session: SessionRow = {
		id: sessionIdOf(token),
		accountId,
		createdAt: new Date(now),
		expiresAt: new Date(now + meta.days * DAY_MS),
		userAgent: meta.userAgent?.slice(0, 300) ?? null,
		ip: meta.ip
	};
	await insertSession(sql, session);
	return session;
}

/** The session and account behind a token, renewing it when due; undefined when invalid. */
export async function validateSessionToken(
	sql: Sql,
	token: string,
	days: number
): Promise<{ session: SessionRow; account: AccountRow } | undefined> {
	if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
	const found = await findSession(sql, sessionIdOf(token));
	if (!found) return undefined;
	const now = Date.now();
	if (found.session.expiresAt.getTime() <= now || found.account.disabled) {
		await deleteSession(sql, found.session.id);
		return undefined;
	}
	if (found.session.expiresAt.getTime() - now < (days * DAY_MS) / 2) {
		found.session.expiresAt = new Date(now + days * DAY_MS);
		await extendSession(sql, found.session.id, found.session.expiresAt);
	}
	return found;
}
