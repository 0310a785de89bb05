/**
 * Web push of notifications (R-2.8), like their e-mail: in the server process, every PUSH_POLL_MS,
 * the deliverer claims due pushes from the outbox (FOR UPDATE SKIP LOCKED, then a lease, so two
 * instances never take one), honours the recipient's choices (`routePush`: off, the digest — which
 * is a letter —, quiet hours), and sends the notification's own title, body and link, encrypted
 * for each of the person's subscribed browsers and signed with the deployment's VAPID key
 * (`web-push` makes the request; Node's fetch sends it, following no redirect). A browser that
 * took it is recorded at once, so a retry (a push service answering 429/5xx, a dropped connection,
 * after a doubling wait, up to PUSH_ATTEMPTS) or a restart after a crash sends only to those that
 * did not; the service worker shows one notification per id, whatever arrives twice. A
 * subscription its service calls gone (404, 410) is forgotten. Before each send the endpoint's host
 * is checked again (`checkPushEndpoint`): one no longer allowed, or whose name now leads into a
 * private network, gets nothing.
 */
import webpush from 'web-push';
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { startPoll, type Poll } from '../poll.ts';
import { checkPushEndpoint } from './endpoint.ts';
import { claimPushes, dropGoneSubscription, keepVapidKeys, pushTargets, recordPushDelivery, settlePush, type ClaimedPush } from '../db/push.ts';
import { retryDelayMs } from '../../domain/notification-email.ts';
import { minuteOfDayIn } from '../../domain/notifications.ts';
import { PUSH_TEXT, pushAnswerOf, routePush, type PushPayload } from '../../domain/push.ts';

/** Pushes claimed (and sent side by side) at once. */
export const PUSH_BATCH = 10;
/** How long a push service may take to answer (ms). */
const PUSH_TIMEOUT_MS = 15_000;
/** How long a push service keeps a message for a browser that is offline (seconds). */
const PUSH_TTL_SECONDS = 24 * 60 * 60;

/** The running push deliverer. */
export interface PushDeliverer {
	/** Stops the timer and waits for the pushes in flight. */
	stop(): Promise<void>;
}

/** The deployment's VAPID keys: made on the first start and kept in the database, the same for every instance. */
export async function vapidKeysOf(sql: Sql): Promise<{ publicKey: string; privateKey: string }> {
	return keepVapidKeys(sql, webpush.generateVAPIDKeys());
}

/** Starts the push deliverer (unless PUSH=off); makes the VAPID keys on the first start. */
export async function startPushDeliverer(sql: Sql, config: Config): Promise<PushDeliverer | undefined> {
	const push = config.push;
	if (!push.on) return undefined;
	const keys = await vapidKeysOf(sql);
	const vapidDetails = { subject: push.subject, publicKey: keys.publicKey, privateKey: keys.privateKey };

	/** Sends one message to one browser; the push service's answer (undefined: none) and a reason for the record. */
	const sendTo = async (target: { endpoint: string; p256dh: string; auth: string }, payload: PushPayload): Promise<{ status: number | undefined; reason: string }> => {
		try {
			const request = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, JSON.stringify(payload), {
				vapidDetails,
				TTL: PUSH_TTL_SECONDS,
				topic: `n${payload.id}`,
				contentEncoding: 'aes128gcm'
			});
			const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-length').map(([k, v]) => [k, String(v)]));
			const response = await fetch(request.endpoint, { method: request.method, headers, body: request.body ? new Uint8Array(request.body) : undefined, redirect: 'manual', signal: AbortSignal.timeout(PUSH_TIMEOUT_MS) });
			const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
			return { status: response.status, reason: `HTTP ${response.status}${text ? `: ${text}` : ''}` };
		} catch (error) {
			return { status: undefined, reason: (error instanceof Error ? error.message : String(error)).slice(0, 300) };
		}
	};

	const deliver = async (claimed: ClaimedPush): Promise<void> => {
		const now = new Date();
		const quiet = claimed.quietFrom === null || claimed.quietTo === null ? null : { from: claimed.quietFrom, to: claimed.quietTo };
		const route = routePush({ timing: claimed.timing, push: claimed.pushOn, quiet, now, minute: minuteOfDayIn(config.timeZone, now) });
		if (route.action === 'skip') return void (await settlePush(sql, { id: claimed.id, attempt: claimed.attempt, outcome: { skipped: route.reason } }));
		if (route.action === 'wait') return void (await settlePush(sql, { id: claimed.id, attempt: claimed.attempt, outcome: { at: route.until } }));
		const targets = await pushTargets(sql, claimed.id, claimed.personId);
		if (targets.length === 0) {
			const outcome = claimed.deliveredBefore > 0 ? { sent: true as const } : { skipped: PUSH_TEXT.noSubscriptions };
			return void (await settlePush(sql, { id: claimed.id, attempt: claimed.attempt, outcome }));
		}
		const payload: PushPayload = { id: claimed.id, title: claimed.title, body: claimed.body, link: claimed.link };
		let delivered = claimed.deliveredBefore;
		let retry: string | undefined;
		let refused: string | undefined;
		for (const target of targets) {
			const reachable = await checkPushEndpoint(target.endpoint, push.hosts);
			if (!reachable.ok) {
				refused = `${PUSH_TEXT.notAllowed}: ${new URL(target.endpoint).host}`;
				continue;
			}
			const { status, reason } = await sendTo(target, payload);
			const answer = pushAnswerOf(status);
			if (answer === 'delivered') {
				await recordPushDelivery(sql, claimed.id, target.id);
				delivered += 1;
			} else if (answer === 'gone') await dropGoneSubscription(sql, target.id);
			else if (answer === 'retry') retry = reason;
			else refused = reason;
		}
		if (retry !== undefined) {
			const outcome = claimed.attempt < push.attempts ? { retryInMs: retryDelayMs(claimed.attempt, push.retryMs), error: retry } : { failed: retry };
			await settlePush(sql, { id: claimed.id, attempt: claimed.attempt, outcome });
			if ('failed' in outcome) console.error(`Push уведомления ${claimed.id} не отправлен (попыток: ${claimed.attempt}): ${retry}`);
			return;
		}
		await settlePush(sql, { id: claimed.id, attempt: claimed.attempt, outcome: delivered > 0 ? { sent: true } : { failed: refused ?? PUSH_TEXT.noSubscriptions } });
	};

	/** Claims and sends until nothing is due; the loop waits for the next round. */
	const run = async (poll: Poll): Promise<void> => {
		while (!poll.stopped) {
			const claimed = await claimPushes(sql, { limit: PUSH_BATCH, leaseMs: push.leaseMs });
			if (claimed.length === 0) return;
			const results = await Promise.allSettled(claimed.map(deliver));
			for (const r of results) if (r.status === 'rejected') throw r.reason;
		}
	};
	return startPoll('Отправка push', push.pollMs, run);
}
