/**
 * Every request: is its body within its route's limit, who is it (session cookie → account →
 * actor), before any page or endpoint; and the headers every answer carries.
 */
import { error, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { appConfig, requestContext } from '$lib/server/context';
import { startDatabase } from '$lib/server/start';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { actorOf } from '$lib/server/queries/people';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { BODY_MESSAGES, bodyLimitOf, declaresTooLarge, tooLargeResponse, withBodyLimit } from '$lib/server/body-limit';

export const init: ServerInit = async () => {
	await startDatabase(appConfig());
};

/** The HTTP 413 error a body that outgrows its limit while streaming fails with (SvelteKit answers with its status and message). */
function payloadTooLarge(): unknown {
	try {
		error(413, BODY_MESSAGES.tooLarge);
	} catch (thrown) {
		return thrown;
	}
}

export const handle: Handle = async ({ event, resolve }) => {
	// Body size first: nothing, not even the session lookup, runs for a body its route does not take.
	const limit = bodyLimitOf(event.request.method, event.url.pathname);
	if (declaresTooLarge(event.request, limit)) return withHeaders(tooLargeResponse(event.request));
	if (event.request.body && !event.request.headers.has('content-length')) event.request = withBodyLimit(event.request, limit, payloadTooLarge);

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const ctx = await requestContext();
		const found = await validateSessionToken(ctx.sql, token, appConfig().sessionDays);
		if (found) {
			const { account, session } = found;
			const { actor, yearId } = await actorOf(ctx, account);
			event.locals.account = {
				accountId: account.accountId,
				personId: account.personId,
				login: account.login,
				fullName: account.fullName,
				sessionId: session.id
			};
			event.locals.yearId = yearId;
			event.locals.actor = actor;
			setSessionCookie(event, token, session.expiresAt);
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return withHeaders(await resolve(event), event.locals.account !== undefined);
};

/**
 * The headers every answer carries (pages also get SvelteKit's Content-Security-Policy, from
 * svelte.config.js). What a signed-in person sees is theirs: no shared or back-button cache keeps it.
 */
function withHeaders(response: Response, signedIn = false): Response {
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	if (signedIn) response.headers.set('cache-control', 'private, no-store');
	return response;
}

/** Unexpected errors: logged in full on the server, shown to the person in Russian without details. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`[${status}] ${event.request.method} ${event.url.pathname}`, error);
	if (status === 413) return { message: BODY_MESSAGES.tooLarge };
	return { message: status === 404 ? 'Страница не найдена.' : 'Внутренняя ошибка сервера. Попробуйте ещё раз позже.' };
};
