/** Every request: who is it (session cookie → account → actor), before any page or endpoint. */
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { appConfig, requestContext } from '$lib/server/context';
import { startDatabase } from '$lib/server/start';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { actorOf } from '$lib/server/queries/people';
import { setSessionCookie } from '$lib/server/auth/cookie';

export const init: ServerInit = async () => {
	await startDatabase(appConfig());
};

export const handle: Handle = async ({ event, resolve }) => {
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
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	return response;
};

/** Unexpected errors: logged in full on the server, shown to the person in Russian without details. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`[${status}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: status === 404 ? 'Страница не найдена.' : 'Внутренняя ошибка сервера. Попробуйте ещё раз позже.' };
};
