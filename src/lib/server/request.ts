/** Small helpers for reading requests the same way in every action. */
import type { RequestEvent } from '@sveltejs/kit';
import type { IncomingHttpHeaders } from 'node:http';
import type { Client } from './commands/account.ts';
import type { Config } from './config.ts';

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

/**
 * The client's address for a request that reached us from `socketAddress`. The configured header
 * is trusted only when the operator named it (ADDRESS_HEADER): a trusted proxy always writes it.
 * From `x-forwarded-for` the entry `xffDepth` from the right is taken (entries further left were
 * sent by the client and may be anything); with fewer entries, the leftmost. A request without
 * the header did not pass the proxy, so the connection's own address is the client's.
 */
export function clientAddress(
	headers: IncomingHttpHeaders,
	socketAddress: string | undefined,
	config: Pick<Config, 'addressHeader' | 'xffDepth'>
): string | undefined {
	const raw = config.addressHeader ? headers[config.addressHeader] : undefined;
	const value = Array.isArray(raw) ? raw.join(',') : raw;
	if (!value?.trim()) return socketAddress;
	if (config.addressHeader !== 'x-forwarded-for') return value.trim().slice(0, 100);
	const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
	if (entries.length === 0) return socketAddress;
	return entries[Math.max(0, entries.length - config.xffDepth)].slice(0, 100);
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
