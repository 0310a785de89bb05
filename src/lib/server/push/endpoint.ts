/**
 * Where a push may go (R-2.8, X-SEC): a subscription's endpoint must be on one of the configured
 * push services' hosts, and its name must not lead into the server's own network (loopback,
 * private ranges) unless the operator named that host (a local push service in tests). Checked
 * when a browser subscribes and again before each send, so a name that later resolves elsewhere,
 * or a host the configuration no longer allows, gets nothing.
 */
import dns from 'node:dns/promises';
import { checkPushHost } from '../../domain/push.ts';

/** The addresses a host name resolves to (an IP literal is its own), or none when it does not resolve. */
async function addressesOf(hostname: string): Promise<string[]> {
	const bare = hostname.replace(/^\[(.*)\]$/, '$1');
	try {
		return (await dns.lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
	} catch {
		return [];
	}
}

/** Whether the server may send to this endpoint under the allowed `hosts`, with a reason in Russian when not. */
export async function checkPushEndpoint(endpoint: string, hosts: readonly string[]): Promise<{ ok: true } | { ok: false; reason: string }> {
	const { hostname } = new URL(endpoint);
	return checkPushHost({ hostname, addresses: await addressesOf(hostname), hosts });
}
