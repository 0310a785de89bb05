/**
 * Where a push may go (R-2.8): only the known push services' hosts (or the configured list), and
 * never into the server's own network unless the list names that host as itself.
 */
import { describe, expect, test } from 'vitest';
import { checkPushHost, isPrivateAddress, KNOWN_PUSH_HOSTS, pushHostAllowed } from '../../src/lib/domain/push';

describe('R-2.8 push endpoints are not an open door', () => {
	test.each([
		['fcm.googleapis.com', true],
		['FCM.googleapis.com.', true],
		['updates.push.services.mozilla.com', true],
		['eu.push.services.mozilla.com', true],
		['push.services.mozilla.com', false],
		['wns2-par02p.notify.windows.com', true],
		['notify.windows.com', false],
		['web.push.apple.com', true],
		['evilnotify.windows.com', false],
		['fcm.googleapis.com.evil.example', false],
		['127.0.0.1', false],
		['localhost', false]
	])('R-2.8: %s on the known services: %s', (host, allowed) => {
		expect(pushHostAllowed(host, KNOWN_PUSH_HOSTS)).toBe(allowed);
	});

	test.each([
		['127.0.0.1', true],
		['10.1.2.3', true],
		['172.16.0.1', true],
		['172.32.0.1', false],
		['192.168.1.1', true],
		['169.254.169.254', true],
		['100.64.0.1', true],
		['0.0.0.0', true],
		['8.8.8.8', false],
		['142.250.74.10', false],
		['::1', true],
		['::', true],
		['fe80::1', true],
		['fd00::5', true],
		['::ffff:127.0.0.1', true],
		['::ffff:7f00:1', true],
		['::ffff:8.8.8.8', false],
		['2a00:1450:4001:82b::200a', false],
		['not-an-address', true]
	])('R-2.8: %s is private: %s', (ip, isPrivate) => {
		expect(isPrivateAddress(ip)).toBe(isPrivate);
	});

	test('R-2.8: a known host resolving into the private network is refused; a host the operator named may', () => {
		expect(checkPushHost({ hostname: 'fcm.googleapis.com', addresses: ['142.250.74.10'], hosts: KNOWN_PUSH_HOSTS })).toEqual({ ok: true });
		expect(checkPushHost({ hostname: 'fcm.googleapis.com', addresses: ['10.0.0.5'], hosts: KNOWN_PUSH_HOSTS })).toMatchObject({ ok: false, reason: expect.stringContaining('внутреннюю сеть') });
		expect(checkPushHost({ hostname: 'eu.push.services.mozilla.com', addresses: ['127.0.0.1'], hosts: KNOWN_PUSH_HOSTS })).toMatchObject({ ok: false });
		expect(checkPushHost({ hostname: 'evil.example', addresses: ['1.2.3.4'], hosts: KNOWN_PUSH_HOSTS })).toMatchObject({ ok: false, reason: expect.stringContaining('не поддерживается') });
		expect(checkPushHost({ hostname: 'fcm.googleapis.com', addresses: [], hosts: KNOWN_PUSH_HOSTS })).toMatchObject({ ok: false, reason: expect.stringContaining('не найден') });
		expect(checkPushHost({ hostname: '127.0.0.1', addresses: ['127.0.0.1'], hosts: ['127.0.0.1'] })).toEqual({ ok: true });
		expect(checkPushHost({ hostname: 'push.test', addresses: ['192.168.0.9'], hosts: ['*.test'] })).toMatchObject({ ok: false });
		expect(checkPushHost({ hostname: 'fcm.googleapis.com', addresses: ['10.0.0.5'], hosts: [...KNOWN_PUSH_HOSTS, 'fcm.googleapis.com'] })).toMatchObject({ ok: false });
	});
});
