/**
 * The notification settings page: the person's choice for every kind of event (the
 * default where none was made), the quiet hours, and what the server can send at all.
 */
import type { Ctx } from '../context.ts';
import { appConfig } from '../context.ts';
import { emailOf, preferencesOf, quietHoursOf } from '../db/notifications.ts';
import { subscriptionCount, vapidPublicKey } from '../db/push.ts';
import { clockText, DEFAULT_PREFERENCE, NOTIFICATION_KIND_NAMES, type NotificationPreference } from '../../domain/notifications.ts';
import type { Actor } from '../../domain/policy.ts';

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
