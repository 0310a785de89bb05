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

// Any origin of our own would do: `next` is resolved against it only to see where a browser
// would go. An absolute address, even to this site, is refused; the login form only sends paths.
const BASE = new URL('http://zhurnal.invalid');

/**
 * A same-site path to go to after sign-in; anything else becomes '/'. The check is done on the
 * parsed URL, not the text: browsers drop tabs and newlines and read `\` as `/`, so
 * `/\t/evil.example` is `//evil.example` to them, and a newline in `Location` is a server error.
 */
export function safeNext(next: string | null): string {
	if (!next || !next.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(next, BASE);
	} catch {
		return '/';
	}
	if (url.origin !== BASE.origin) return '/';
	const path = url.pathname + url.search + url.hash;
	// `/.//evil.example` parses to the path `//evil.example`, which a browser would read as a host.
	return path.startsWith('//') ? '/' : path;
}
