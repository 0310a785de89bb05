/**
 * A person's own account: sign in, activate with a code, change the password, sign out here or
 * everywhere. Each follows one order: rate limit → parse and validate → do
 * it (rows and audit in one transaction) → answer; wrong and unknown logins get the same answer
 * and cost. Activation codes are issued by `codes.ts`.
 */
import type { Ctx } from '../context.ts';
import {
	consumeActivationCode,
	deleteAccountSessions,
	deleteSession,
	findAccountById,
	findAccountByLogin,
	findActivationCode,
	loginTaken,
	updatePassword,
	upsertAccount
} from '../db/accounts.ts';
import { writeAudit } from '../db/audit.ts';
import { LOGIN_PATTERN, normalizeCode, normalizeLogin, passwordProblem } from '../../domain/credentials.ts';
import { codeHashOf } from '../auth/codes.ts';
import { dummyHash, hashPassword, verifyPassword } from '../auth/password.ts';
import { beginAttempt, retryAfterSeconds, settleAttempt, tooManyAttempts } from '../auth/rate-limit.ts';
import { createSession, generateSessionToken } from '../auth/session.ts';
import { AUTH_MESSAGES as M } from '../auth/messages.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** Where a request came from. */
export interface Client {
	ip: string | null;
	userAgent: string | null;
}

/** A new session for the cookie. */
export interface SignedIn {
	token: string;
	expiresAt: Date;
	accountId: number;
}

/** Signed in, or refused (a rate limit says how long to wait). */
export type SignInOutcome = Outcome<SignedIn, { retryAfter?: number }>;

/**
 * Signs in with login and password. An empty form is answered first (it guesses nothing, so it
 * is not counted); then the limits of `auth/rate-limit.ts` are checked and the attempt recorded
 * in one step, before the password is verified, so parallel guesses cannot pass one check.
 */
export async function signIn(ctx: Ctx, form: { login: string; password: string }, client: Client, sessionDays: number): Promise<SignInOutcome> {
	const { sql } = ctx;
	const login = normalizeLogin(form.login);
	if (!login || !form.password) return refuse('invalid', M.emptyCredentials);
	const attempt = await beginAttempt(sql, 'login', { login, ip: client.ip });
	if (!attempt.ok) return refuse('rate_limited', tooManyAttempts(attempt.retryAfter), { retryAfter: attempt.retryAfter });

	const account = LOGIN_PATTERN.test(login) ? await findAccountByLogin(sql, login) : undefined;
	// Verify against a dummy hash when there is no account, so both paths take the same time.
	const valid = await verifyPassword(account?.passwordHash ?? (await dummyHash()), form.password.slice(0, 200));
	const success = valid && account !== undefined && !account.disabled;
	await settleAttempt(sql, attempt.id, { success, accountId: account?.accountId ?? null });
	if (!success) return refuse('invalid', M.wrongCredentials);

	const token = generateSessionToken();
	const session = await createSession(sql, token, account.accountId, { ...client, days: sessionDays });
	return done({ token, expiresAt: session.expiresAt, accountId: account.accountId });
}

/** Activates an account with a code: the person chooses login and password. */
export async function activateAccount(
	ctx: Ctx,
	form: { code: string; login: string; password: string; repeat: string },
	client: Client,
	sessionDays: number
): Promise<SignInOutcome> {
	const { sql } = ctx;
	const wait = await retryAfterSeconds(sql, 'activation', { ip: client.ip });
	if (wait > 0) return refuse('rate_limited', tooManyAttempts(wait), { retryAfter: wait });
	const code = normalizeCode(form.code);
	const login = normalizeLogin(form.login);
	if (!code) return refuse('invalid', M.codeEmpty);
	if (!LOGIN_PATTERN.test(login)) return refuse('invalid', M.loginFormat);
	const problem = passwordProblem(form.password, form.repeat);
	if (problem) return refuse('invalid', passwordMessage(problem));

	const attempt = await beginAttempt(sql, 'activation', { login, ip: client.ip });
	if (!attempt.ok) return refuse('rate_limited', tooManyAttempts(attempt.retryAfter), { retryAfter: attempt.retryAfter });
	const found = await findActivationCode(sql, codeHashOf(code));
	const usable = found && !found.usedAt && !found.revokedAt && found.expiresAt.getTime() > Date.now();
	if (!usable) return refuse('invalid', M.codeInvalid);
	// The code was right: a taken login is not a guess.
	if (await loginTaken(sql, login, found.personId)) {
		await settleAttempt(sql, attempt.id, { success: true, accountId: null });
		return refuse('conflict', M.loginTaken);
	}

	const passwordHash = await hashPassword(form.password);
	const accountId = await sql.begin(async (tx) => {
		if (!(await consumeActivationCode(tx, found.id))) return undefined;
		const id = await upsertAccount(tx, found.personId, login, passwordHash);
		// A code re-issued to someone who forgot their password ends every old session.
		await deleteAccountSessions(tx, id);
		await writeAudit(tx, { actorId: found.personId, action: 'activate', entity: 'account', entityId: id, newValue: { login } });
		return id;
	});
	if (accountId === undefined) return refuse('invalid', M.codeInvalid);
	await settleAttempt(sql, attempt.id, { success: true, accountId });
	const token = generateSessionToken();
	const session = await createSession(sql, token, accountId, { ...client, days: sessionDays });
	return done({ token, expiresAt: session.expiresAt, accountId });
}

/** Changes the password after checking the current one; other sessions are ended. */
export async function changePassword(
	ctx: Ctx,
	session: SignedInSession,
	form: { current: string; password: string; repeat: string }
): Promise<Outcome<{ endedSessions: number }>> {
	const { sql } = ctx;
	const { accountId, sessionId: keepSessionId } = session;
	const account = await findAccountById(sql, accountId);
	if (!account) return refuse('invalid', M.currentPasswordWrong);
	const attempt = await beginAttempt(sql, 'login', { login: account.login, ip: null });
	if (!attempt.ok) return refuse('rate_limited', tooManyAttempts(attempt.retryAfter), { retryAfter: attempt.retryAfter });
	const currentRight = await verifyPassword(account.passwordHash, form.current);
	await settleAttempt(sql, attempt.id, { success: currentRight, accountId });
	if (!currentRight) return refuse('invalid', M.currentPasswordWrong);
	const problem = passwordProblem(form.password, form.repeat);
	if (problem) return refuse('invalid', passwordMessage(problem));
	if (form.password === form.current) return refuse('invalid', M.passwordSame);
	const passwordHash = await hashPassword(form.password);
	const endedSessions = await sql.begin(async (tx) => {
		await updatePassword(tx, accountId, passwordHash);
		await writeAudit(tx, { actorId: account.personId, action: 'change_password', entity: 'account', entityId: accountId });
		return deleteAccountSessions(tx, accountId, keepSessionId);
	});
	return done({ endedSessions });
}

/** The signed-in session a command acts for (from the session cookie, never from the form). */
export interface SignedInSession {
	accountId: number;
	personId: number;
	sessionId: string;
}

/** Ends this session only (signing out is always allowed, even when the session is already gone). */
export async function signOut(ctx: Ctx, session: SignedInSession | undefined): Promise<Outcome> {
	if (session) await deleteSession(ctx.sql, session.sessionId);
	return done(undefined);
}

/** Ends every session of the account, this one too, with an audit row. */
export async function signOutEverywhere(ctx: Ctx, session: SignedInSession | undefined): Promise<Outcome<{ ended: number }>> {
	if (!session) return refuse('unauthenticated', M.signInFirst);
	const ended = await ctx.sql.begin(async (tx) => {
		const count = await deleteAccountSessions(tx, session.accountId);
		await writeAudit(tx, { actorId: session.personId, action: 'logout_everywhere', entity: 'account', entityId: session.accountId, newValue: { ended: count } });
		return count;
	});
	return done({ ended });
}

function passwordMessage(problem: 'short' | 'long' | 'mismatch'): string {
	return problem === 'short' ? M.passwordShort : problem === 'long' ? M.passwordLong : M.passwordMismatch;
}
