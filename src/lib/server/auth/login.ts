/**
 * Sign-in, activation by code and password change. Each follows one order: rate limit →
 * parse and validate → do it → answer; wrong and unknown logins get the same answer and cost.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { generateRandomString, type RandomReader } from '@oslojs/crypto/random';
import type { Sql } from '../db/client.ts';
import {
	consumeActivationCode,
	deleteAccountSessions,
	findAccountById,
	findAccountByLogin,
	findActivationCode,
	insertActivationCode,
	loginTaken,
	recordLoginEvent,
	revokeActivationCodes,
	updatePassword,
	upsertAccount
} from '../db/accounts.ts';
import { writeAudit } from '../db/audit.ts';
import { CODE_ALPHABET, CODE_LENGTH, LOGIN_PATTERN, formatCode, normalizeCode, normalizeLogin, passwordProblem } from '../../domain/credentials.ts';
import { dummyHash, hashPassword, verifyPassword } from './password.ts';
import { retryAfterSeconds, tooManyAttempts } from './rate-limit.ts';
import { createSession, generateSessionToken } from './session.ts';
import { AUTH_MESSAGES as M } from './messages.ts';

/** Where a request came from. */
export interface Client {
	ip: string | null;
	userAgent: string | null;
}

/** Success carries a new session token for the cookie. */
export type AuthResult = { ok: true; token: string; expiresAt: Date; accountId: number } | { ok: false; message: string; retryAfter?: number };

/** Signs in with login and password. */
export async function signIn(sql: Sql, form: { login: string; password: string }, client: Client, sessionDays: number): Promise<AuthResult> {
	const login = normalizeLogin(form.login);
	const wait = await retryAfterSeconds(sql, 'login', { login, ip: client.ip });
	if (wait > 0) return { ok: false, message: tooManyAttempts(wait), retryAfter: wait };
	if (!login || !form.password) return { ok: false, message: M.emptyCredentials };

	const account = LOGIN_PATTERN.test(login) ? await findAccountByLogin(sql, login) : undefined;
	// Verify against a dummy hash when there is no account, so both paths take the same time.
	const valid = await verifyPassword(account?.passwordHash ?? (await dummyHash()), form.password.slice(0, 200));
	const success = valid && account !== undefined && !account.disabled;
	await recordLoginEvent(sql, { kind: 'login', login, accountId: account?.accountId ?? null, ip: client.ip, success });
	if (!success) return { ok: false, message: M.wrongCredentials };

	const token = generateSessionToken();
	const session = await createSession(sql, token, account.accountId, { ...client, days: sessionDays });
	return { ok: true, token, expiresAt: session.expiresAt, accountId: account.accountId };
}

const random: RandomReader = {
	read: (bytes) => crypto.getRandomValues(bytes)
};

/** SHA-256 of a normalised code, as stored. */
export function codeHashOf(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeCode(code))));
}

/** Issues a new activation code for a person (revoking their unused ones); returns its text once. */
export async function issueActivationCode(sql: Sql, personId: number, issuedBy: number, days = 30): Promise<{ code: string; expiresAt: Date }> {
	const raw = generateRandomString(random, CODE_ALPHABET, CODE_LENGTH);
	const expiresAt = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
	await sql.begin(async (tx) => {
		await revokeActivationCodes(tx, personId);
		const id = await insertActivationCode(tx, { personId, codeHash: codeHashOf(raw), hint: raw.slice(-3), createdBy: issuedBy, expiresAt });
		await writeAudit(tx, { actorId: issuedBy, action: 'issue', entity: 'activation_code', entityId: id, newValue: { personId, expiresAt } });
	});
	return { code: formatCode(raw), expiresAt };
}

/** Revokes a person's unused codes; returns how many were revoked. */
export async function revokeCodes(sql: Sql, personId: number, revokedBy: number): Promise<number> {
	return sql.begin(async (tx) => {
		const count = await revokeActivationCodes(tx, personId);
		if (count > 0) await writeAudit(tx, { actorId: revokedBy, action: 'revoke', entity: 'activation_code', entityId: personId, newValue: { count } });
		return count;
	});
}

/** Activates an account with a code: the person chooses login and password. */
export async function activate(
	sql: Sql,
	form: { code: string; login: string; password: string; repeat: string },
	client: Client,
	sessionDays: number
): Promise<AuthResult> {
	const wait = await retryAfterSeconds(sql, 'activation', { ip: client.ip });
	if (wait > 0) return { ok: false, message: tooManyAttempts(wait), retryAfter: wait };
	const code = normalizeCode(form.code);
	const login = normalizeLogin(form.login);
	if (!code) return { ok: false, message: M.codeEmpty };
	if (!LOGIN_PATTERN.test(login)) return { ok: false, message: M.loginFormat };
	const problem = passwordProblem(form.password, form.repeat);
	if (problem) return { ok: false, message: passwordMessage(problem) };

	const found = await findActivationCode(sql, codeHashOf(code));
	const usable = found && !found.usedAt && !found.revokedAt && found.expiresAt.getTime() > Date.now();
	if (!usable) {
		await recordLoginEvent(sql, { kind: 'activation', login, accountId: null, ip: client.ip, success: false });
		return { ok: false, message: M.codeInvalid };
	}
	if (await loginTaken(sql, login, found.personId)) return { ok: false, message: M.loginTaken };

	const passwordHash = await hashPassword(form.password);
	const accountId = await sql.begin(async (tx) => {
		if (!(await consumeActivationCode(tx, found.id))) return undefined;
		const id = await upsertAccount(tx, found.personId, login, passwordHash);
		// A code re-issued to someone who forgot their password ends every old session.
		await deleteAccountSessions(tx, id);
		await writeAudit(tx, { actorId: found.personId, action: 'activate', entity: 'account', entityId: id, newValue: { login } });
		return id;
	});
	if (accountId === undefined) return { ok: false, message: M.codeInvalid };
	await recordLoginEvent(sql, { kind: 'activation', login, accountId, ip: client.ip, success: true });
	const token = generateSessionToken();
	const session = await createSession(sql, token, accountId, { ...client, days: sessionDays });
	return { ok: true, token, expiresAt: session.expiresAt, accountId };
}

/** Changes the password after checking the current one; other sessions are ended. */
export async function changePassword(
	sql: Sql,
	accountId: number,
	keepSessionId: string,
	form: { current: string; password: string; repeat: string }
): Promise<{ ok: true; endedSessions: number } | { ok: false; message: string }> {
	const account = await findAccountById(sql, accountId);
	if (!account) return { ok: false, message: M.currentPasswordWrong };
	const wait = await retryAfterSeconds(sql, 'login', { login: account.login, ip: null });
	if (wait > 0) return { ok: false, message: tooManyAttempts(wait) };
	if (!(await verifyPassword(account.passwordHash, form.current))) {
		await recordLoginEvent(sql, { kind: 'login', login: account.login, accountId, ip: null, success: false });
		return { ok: false, message: M.currentPasswordWrong };
	}
	const problem = passwordProblem(form.password, form.repeat);
	if (problem) return { ok: false, message: passwordMessage(problem) };
	if (form.password === form.current) return { ok: false, message: M.passwordSame };
	const passwordHash = await hashPassword(form.password);
	const endedSessions = await sql.begin(async (tx) => {
		await updatePassword(tx, accountId, passwordHash);
		await writeAudit(tx, { actorId: account.personId, action: 'change_password', entity: 'account', entityId: accountId });
		return deleteAccountSessions(tx, accountId, keepSessionId);
	});
	return { ok: true, endedSessions };
}

function passwordMessage(problem: 'short' | 'long' | 'mismatch'): string {
	return problem === 'short' ? M.passwordShort : problem === 'long' ? M.passwordLong : M.passwordMismatch;
}
