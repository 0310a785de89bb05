/** The session cookie: HttpOnly, SameSite=Lax, Secure when served over https. */
import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session.ts';

/** Sets (or refreshes) the session cookie. */
export function setSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: expiresAt
	});
}

/** Removes the session cookie. */
export function clearSessionCookie(event: Pick<RequestEvent, 'cookies'>): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
}
