/**
 * Web push as rules: what a browser's subscription must look like to be kept, what a push
 * carries (only the notification's own title, body and link), what a push service's answer means,
 * and what happens to a push given its recipient's choices. No I/O.
 */
import { routeLetter, type LetterRoute, type NotificationTiming, type QuietHours } from './notifications.ts';

type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A browser's push subscription as kept: where its push service takes messages, and its keys. */
export interface PushSubscriptionInput {
	endpoint: string;
	p256dh: string;
	auth: string;
}

/** User-facing sentences of push (X-RU). */
export const PUSH_TEXT = {
	badSubscription: 'Браузер прислал неполную подписку на уведомления: обновите страницу и включите уведомления ещё раз.',
	subscribed: 'Уведомления на этом устройстве включены.',
	unsubscribed: 'Уведомления на этом устройстве выключены.',
	off: 'Сервер школы не отправляет push-уведомления.',
	noSubscriptions: 'нет устройств с включёнными уведомлениями',
	digestByEmail: 'сводка за день приходит письмом, не push',
	unknownService: 'Эта служба push-уведомлений не поддерживается: включите уведомления в Chrome, Firefox, Edge или Safari.',
	privateAddress: 'Адрес службы push-уведомлений ведёт во внутреннюю сеть: такая подписка не принимается.',
	serviceNotFound: 'Адрес службы push-уведомлений не найден: проверьте подключение к интернету и включите уведомления ещё раз.',
	notAllowed: 'служба push больше не разрешена настройками сервера'
} as const;

/**
 * The hosts of the push services browsers use (Chrome: Google FCM; Firefox: Mozilla; Edge: Windows
 * notifications; Safari: Apple); `*.` stands for any subdomain. A server sends push only there.
 */
export const KNOWN_PUSH_HOSTS: readonly string[] = [
	'fcm.googleapis.com',
	'updates.push.services.mozilla.com',
	'*.push.services.mozilla.com',
	'*.notify.windows.com',
	'web.push.apple.com'
];

/** Whether a host name matches one of the patterns: the same name, or `*.x` for any subdomain of x (not x itself). */
export function pushHostAllowed(hostname: string, patterns: readonly string[]): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
	return patterns.some((raw) => {
		const pattern = raw.toLowerCase().trim().replace(/^\[(.*)\]$/, '$1');
		if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
		return host === pattern;
	});
}

/** Whether the host is named in the list as itself (not through a `*.` pattern): only such may lead to a private address. */
export function pushHostNamed(hostname: string, patterns: readonly string[]): boolean {
	return pushHostAllowed(hostname, patterns.filter((p) => !p.trim().startsWith('*.')));
}

/** The four bytes of a dotted IPv4 address, or undefined. */
function ipv4Bytes(ip: string): number[] | undefined {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
	if (!m) return undefined;
	const bytes = m.slice(1).map(Number);
	return bytes.every((b) => b <= 255) ? bytes : undefined;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail included), or undefined. */
function ipv6Groups(ip: string): number[] | undefined {
	let text = ip.toLowerCase().replace(/%.*$/, '');
	const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
	if (v4) {
		const b = ipv4Bytes(v4[1]);
		if (!b) return undefined;
		text = `${text.slice(0, -v4[1].length)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return undefined;
	const part = (s: string) => (s === '' ? [] : s.split(':'));
	const head = part(halves[0]);
	const tail = halves.length === 2 ? part(halves[1]) : [];
	const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
	if (fill < 0 || (halves.length === 1 && head.length !== 8)) return undefined;
	const groups = [...head, ...Array<string>(fill).fill('0'), ...tail];
	if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
	return groups.map((g) => parseInt(g, 16));
}

/**
 * Whether an IP address is not on the public internet: loopback, private networks, link-local,
 * carrier-grade NAT, unspecified, multicast and reserved ranges (IPv4, IPv6, IPv4 inside IPv6).
 * Anything that is not an address at all counts as private (refused).
 */
export function isPrivateAddress(ip: string): boolean {
	const v4 = ipv4Bytes(ip);
	if (v4) {
		const [a, b] = v4;
		return (
			a === 0 || a === 10 || a === 127 || a >= 224 ||
			(a === 100 && b >= 64 && b <= 127) ||
			(a === 169 && b === 254) ||
			(a === 172 && b >= 16 && b <= 31) ||
			(a === 192 && b === 168) ||
			(a === 192 && b === 0 && v4[2] === 0) ||
			(a === 198 && (b === 18 || b === 19))
		);
	}
	const g = ipv6Groups(ip);
	if (!g) return true;
	if (g.every((x) => x === 0)) return true; // ::
	if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true; // ::1
	// IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): the IPv4 address decides.
	if ((g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)))
		return isPrivateAddress(`${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`);
	return (g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xff00) === 0xff00 || g[0] === 0x2001 && g[1] === 0xdb8;
}

/**
 * Whether a push may go to an endpoint's host, given the addresses its name resolves to: the host
 * is one of the allowed services, and it leads to no private address unless the list names it as
 * itself beyond the known services (a local test service). A reason in Russian when not.
 */
export function checkPushHost(r: { hostname: string; addresses: readonly string[]; hosts: readonly string[] }): { ok: true } | { ok: false; reason: string } {
	if (!pushHostAllowed(r.hostname, r.hosts)) return { ok: false, reason: PUSH_TEXT.unknownService };
	if (r.addresses.length === 0) return { ok: false, reason: PUSH_TEXT.serviceNotFound };
	if (r.addresses.some(isPrivateAddress) && !pushHostNamed(r.hostname, r.hosts.filter((h) => !KNOWN_PUSH_HOSTS.includes(h)))) return { ok: false, reason: PUSH_TEXT.privateAddress };
	return { ok: true };
}

/** The longest endpoint kept (push services' are a few hundred characters). */
export const MAX_ENDPOINT_LENGTH = 1000;

/** The bytes of a base64url string, or undefined when it is not one. */
function base64urlBytes(text: string): number | undefined {
	if (!/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return undefined;
	const bare = text.replace(/=+$/, '');
	return Math.floor((bare.length * 3) / 4);
}

/**
 * Checks a subscription as the browser's `PushSubscription.toJSON()` gives it: an https endpoint
 * (plain http only when allowed, for a local test service), a P-256 public key (65 bytes) and a
 * 16-byte auth secret, both base64url.
 */
export function checkPushSubscription(input: unknown, allowHttp = false): Checked<PushSubscriptionInput> {
	const bad = { ok: false as const, reason: PUSH_TEXT.badSubscription };
	if (typeof input !== 'object' || input === null) return bad;
	const { endpoint, keys } = input as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
	if (typeof endpoint !== 'string' || endpoint.length > MAX_ENDPOINT_LENGTH) return bad;
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		return bad;
	}
	if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) return bad;
	if (url.username || url.password) return bad;
	const p256dh = keys?.p256dh;
	const auth = keys?.auth;
	if (typeof p256dh !== 'string' || base64urlBytes(p256dh) !== 65) return bad;
	if (typeof auth !== 'string' || base64urlBytes(auth) !== 16) return bad;
	return { ok: true, value: { endpoint: url.href, p256dh, auth } };
}

/** What a push carries: the notification's own words and where it leads (the service worker shows it). */
export interface PushPayload {
	/** The notification's id: the service worker shows one notification per id, however often it arrives. */
	id: string;
	title: string;
	body: string;
	link: string;
}

/** A push service's answer to one message: taken, the subscription is gone, try again later, or refused for good. */
export type PushAnswer = 'delivered' | 'gone' | 'retry' | 'refused';

/** Reads a push service's HTTP status (undefined: no answer, e.g. the connection failed). */
export function pushAnswerOf(status: number | undefined): PushAnswer {
	if (status === undefined) return 'retry';
	if (status >= 200 && status < 300) return 'delivered';
	if (status === 404 || status === 410) return 'gone';
	if (status === 408 || status === 429 || status >= 500) return 'retry';
	return 'refused';
}

/**
 * Routes a claimed push by the recipient's choices at `now`: the kind or push turned off — skipped;
 * the kind chosen for the daily digest — skipped too (the digest is a letter); in the quiet hours —
 * waits for their end.
 */
export function routePush(r: { timing: NotificationTiming | null; push: boolean | null; quiet: QuietHours | null; now: Date; minute: number }): LetterRoute {
	if (r.timing === 'digest') return { action: 'skip', reason: PUSH_TEXT.digestByEmail };
	return routeLetter({ preference: { timing: r.timing ?? 'now', email: r.push ?? true }, quiet: r.quiet, now: r.now, minute: r.minute, digestHour: 0, inDigest: false });
}
