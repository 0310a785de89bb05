/** Small helpers for reading requests the same way in every action. */
import type { RequestEvent } from '@sveltejs/kit';
import type { Client } from './commands/account.ts';

/** The client's address and user agent. */
export function clientOf(event: Pick<RequestEvent, 'getClientAddress' | 'request'>): Client {
	let ip: string | null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null;
	}
	return { ip, userAgent: event.request.headers.get('user-agent') };
}

/** A text field of a form (empty string when absent or a file). */
export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/** A same-site path to go to after sign-in; anything else becomes '/'. */
export function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
