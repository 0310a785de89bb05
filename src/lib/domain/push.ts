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
	digestByEmail: 'сводка за день приходит письмом, не push'
} as const;

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
