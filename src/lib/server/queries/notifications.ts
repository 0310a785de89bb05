/**
 * The notification settings page: the person's choice for every kind of event (the
 * default where none was made), the quiet hours, and what the server can send at all; and the
 * administration's page of how the school's notifications are delivered.
 */
import type { Ctx } from '../context.ts';
import { appConfig } from '../context.ts';
import { deliveryCounts, emailOf, latestDeliveryFailures, preferencesOf, quietHoursOf } from '../db/notifications.ts';
import { subscriptionCount, vapidPublicKey } from '../db/push.ts';
import { clockText, DEFAULT_PREFERENCE, NOTIFICATION_KIND_NAMES, type NotificationPreference } from '../../domain/notifications.ts';
import { decide, deliveryResource, type Actor } from '../../domain/policy.ts';
import { done, refuse } from '../commands/outcome.ts';

/** What the settings page shows. */
export interface NotificationSettingsPage {
	kinds: Array<NotificationPreference & { name: string }>;
	quiet: { from: string; to: string } | null;
	/** The server sends e-mail (SMTP is configured). */
	emailOn: boolean;
	/** The person's address, when they have one. */
	email: string | null;
	/** The server's VAPID public key for the browser's subscription, when it sends push. */
	pushKey: string | null;
	/** How many browsers of the person are subscribed. */
	devices: number;
}

/** The actor's own notification settings. */
export async function notificationSettingsPage(ctx: Ctx, actor: Actor): Promise<NotificationSettingsPage> {
	const [stored, quiet, email, key, devices] = await Promise.all([
		preferencesOf(ctx.sql, actor.personId),
		quietHoursOf(ctx.sql, actor.personId),
		emailOf(ctx.sql, actor.personId),
		vapidPublicKey(ctx.sql),
		subscriptionCount(ctx.sql, actor.personId)
	]);
	// Staff hear of complaints; families never get them, so they do not choose for them.
	const family = !actor.roles.some((role) => role !== 'parent' && role !== 'student');
	const kinds = NOTIFICATION_KIND_NAMES.filter((k) => !(family && k.kind === 'report')).map(({ kind, name }) => ({
		kind,
		name,
		...DEFAULT_PREFERENCE,
		...stored.find((p) => p.kind === kind)
	}));
	const pushKey = appConfig().push.on ? (key ?? null) : null;
	return { kinds, quiet: quiet && { from: clockText(quiet.from), to: clockText(quiet.to) }, emailOn: appConfig().mail !== undefined, email, pushKey, devices };
}

/** The days the delivery page counts back. */
export const DELIVERY_DAYS = 7;

/** A row of the delivery page's table: a channel and its notifications by state. */
export interface DeliveryRow {
	channel: string;
	sent: number;
	waiting: number;
	failed: number;
	skipped: number;
}

/**
 * The school's notification delivery for the administration (R-2.8): the last 7 days' e-mail and
 * push by state (sent; waiting — due, in flight, in a digest, after quiet hours; failed; skipped by
 * the person's choice or for want of an address or a device), the in-product notifications made
 * and read, what the server is configured to send, and the latest failures with their error —
 * whom and of what kind, never the words. Only the administration (the policy's `delivery`).
 */
export async function deliveryPage(ctx: Ctx, actor: Actor, now = new Date()) {
	const decision = decide(actor, 'read', deliveryResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const since = new Date(now.getTime() - DELIVERY_DAYS * 24 * 60 * 60 * 1000);
	const counts = await deliveryCounts(ctx.sql, actor.schoolId, since);
	const row = (channel: 'email' | 'push', name: string): DeliveryRow => {
		const of = (...states: string[]) => counts.filter((c) => c.channel === channel && states.includes(c.state)).reduce((sum, c) => sum + c.n, 0);
		return { channel: name, sent: of('sent'), waiting: of('pending', 'sending', 'digest'), failed: of('failed'), skipped: of('skipped') };
	};
	const product = (state: string) => counts.find((c) => c.channel === 'product' && c.state === state)?.n ?? 0;
	const config = appConfig();
	const failures = await latestDeliveryFailures(ctx.sql, actor.schoolId, 20);
	const kindName = new Map(NOTIFICATION_KIND_NAMES.map((k) => [k.kind, k.name]));
	return done({
		days: DELIVERY_DAYS,
		rows: [row('email', 'Письма (e-mail)'), row('push', 'На телефон (push)')],
		product: { made: product('read') + product('unread'), read: product('read') },
		emailOn: config.mail !== undefined,
		pushOn: config.push.on,
		failures: failures.map((f) => ({
			id: f.id,
			channel: f.channel === 'email' ? 'письмо' : 'push',
			kind: kindName.get(f.kind) ?? f.kind,
			personName: f.personName,
			at: new Date(f.createdAt).toISOString(),
			error: f.error
		}))
	});
}
