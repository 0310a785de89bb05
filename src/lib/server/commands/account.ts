/**
 * A person's own account: sign in, activate it or reset its password with a code, change the
 * password, sign out here or everywhere. Each follows one order: rate
 * limit → parse and validate → do it (rows and audit in one transaction) → answer; wrong and
 * unknown logins get the same answer and cost. The codes are issued by `codes.ts`.
 */
import type { Ctx } from '../context.ts';
import {
	consumeActivationCode,
	createAccount,
	deleteAccountSessions,
	deleteSession,
	findAccountById,
	findAccountByLogin,
	findAccountByPerson,
	findActivationCode,
	loginTaken,
	updatePassword
} from '../db/accounts.ts';
import { writeAudit } from '../db/audit.ts';
import { LOGIN_PATTERN, normalizeCode, normalizeLogin, passwordProblem } from '../../domain/credentials.ts';
import { codeHashOf } from '../auth/codes.ts';
import { dummyHash, hashPassword, verifyPassword } from '../auth/password.ts';
import { beginAttempt, retryAfterSeconds, settleAttempt, tooManyAttempts } from '../auth/rate-limit.ts';
import { createSession, generateSessionToken } from '../auth/session.ts';
import { AUTH_MESSAGES as M } from '../auth/messages.ts';
import { notifyAccessChanged } from '../collab-bridge.ts';
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

/** Rolls the code's transaction back with the answer to give. */
class CodeRefused extends Error {
	constructor(readonly failure: { code: 'invalid' | 'conflict'; message: string }) {
		super(failure.message);
	}
}

/**
 * Uses a code. An activation code creates the account of a person who has none,
 * with the login they choose; a reset code sets a new password on the existing account, keeps its
 * login (the form's login is ignored) and ends every old session. A code never replaces an
 * account: an activation code of a person who has one since is refused. The use is audited with
 * what it did, and the person is signed in.
 */
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
	const typedLogin = normalizeLogin(form.login);
	if (!code) return refuse('invalid', M.codeEmpty);
	const problem = passwordProblem(form.password, form.repeat);
	if (problem) return refuse('invalid', passwordMessage(problem));

	const attempt = await beginAttempt(sql, 'activation', { login: typedLogin.slice(0, 64), ip: client.ip });
	if (!attempt.ok) return refuse('rate_limited', tooManyAttempts(attempt.retryAfter), { retryAfter: attempt.retryAfter });
	const found = await findActivationCode(sql, codeHashOf(code));
	const usable = found && !found.usedAt && !found.revokedAt && found.expiresAt.getTime() > Date.now();
	const account = usable ? await findAccountByPerson(sql, found.personId) : undefined;
	// An activation code is for a person without an account, a reset code for one with an enabled account.
	const fits = usable && (found.purpose === 'activate' ? account === undefined : account !== undefined && !account.disabled);
	// The attempt was recorded as a failure before the code was looked up (parallel guesses cannot
	// outrun the limit); a right code settles it as a success even when the login is refused.
	if (!fits) return refuse('invalid', M.codeInvalid);
	if (found.purpose === 'activate') {
		const refusal = !LOGIN_PATTERN.test(typedLogin)
			? refuse('invalid', M.loginFormat)
			: (await loginTaken(sql, typedLogin, found.personId))
				? refuse('conflict', M.loginTaken)
				: undefined;
		if (refusal) {
			await settleAttempt(sql, attempt.id, { success: true, accountId: null });
			return refusal;
		}
	}

	const passwordHash = await hashPassword(form.password);
	let used: { accountId: number; login: string } | undefined;
	try {
		used = await sql.begin(async (tx) => {
			if (!(await consumeActivationCode(tx, found.id))) return undefined;
			const audit = { actorId: found.personId, entity: 'account' };
			if (found.purpose === 'reset') {
				const { accountId, login } = account!;
				await updatePassword(tx, accountId, passwordHash);
				const endedSessions = await deleteAccountSessions(tx, accountId);
				await writeAudit(tx, { ...audit, action: 'reset_password', entityId: accountId, newValue: { personId: found.personId, purpose: 'reset', codeId: found.id, endedSessions } });
				return { accountId, login };
			}
			const accountId = await createAccount(tx, found.personId, typedLogin, passwordHash);
			// Someone else took the login, or the person got an account, since the checks above.
			if (accountId === undefined) throw new CodeRefused({ code: 'conflict', message: M.loginTaken });
			await writeAudit(tx, { ...audit, action: 'activate', entityId: accountId, newValue: { personId: found.personId, purpose: 'activate', codeId: found.id, login: typedLogin } });
			return { accountId, login: typedLogin };
		});
	} catch (error) {
		if (error instanceof CodeRefused) return refuse(error.failure.code, error.failure.message);
		throw error;
	}
	if (used === undefined) return refuse('invalid', M.codeInvalid);
	const { accountId } = used;
	// A reset ended every old session: their open live journals close too.
	if (found.purpose === 'reset') await notifyAccessChanged({ accountId });
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
	await notifyAccessChanged({ accountId });
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
	if (session) {
		await deleteSession(ctx.sql, session.sessionId);
		await notifyAccessChanged({ accountId: session.accountId });
	}
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
	await notifyAccessChanged({ accountId: session.accountId });
	return done({ ended });
}

function passwordMessage(problem: 'short' | 'long' | 'mismatch'): string {
	return problem === 'short' ? M.passwordShort : problem === 'long' ? M.passwordLong : M.passwordMismatch;
}
