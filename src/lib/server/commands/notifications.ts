/**
 * A person's notification settings: per kind of event, e-mail and push on or off and when
 * (at once, in the daily digest, or only in the product), and quiet hours at night. Only one's own:
 * the command takes no person, it writes the actor's. Checked by `checkNotificationSettings`,
 * written with an audit row in one transaction; the deliverer reads them at each letter.
 */
import type { Ctx } from '../context.ts';
import { appConfig } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { saveNotificationSettings as saveSettingsRows } from '../db/notifications.ts';
import { deleteSubscription, saveSubscription } from '../db/push.ts';
import { checkPushEndpoint } from '../push/endpoint.ts';
import { checkNotificationSettings, NOTIFY_TEXT, type SettingsForm } from '../../domain/notifications.ts';
import { checkPushSubscription, PUSH_TEXT } from '../../domain/push.ts';
import { decide, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/**
 * Saves the actor's own notification settings from the settings form. Checks: the actor has a
 * mailbox in the school (the policy of one's own messages); a timing for every kind; quiet hours
 * as two different times, when they are on.
 */
export async function saveNotificationSettings(ctx: Ctx, actor: Actor, form: SettingsForm): Promise<Outcome<{ message: string }>> {
	const allowed = decide(actor, 'write', { kind: 'messages', schoolId: actor.schoolId });
	if (!allowed.allow) return refuse('forbidden', allowed.reason);
	const checked = checkNotificationSettings(form);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const { preferences, quiet } = checked.value;
	await ctx.sql.begin(async (tx) => {
		await saveSettingsRows(tx, actor.personId, preferences, quiet);
		await writeAudit(tx, { actorId: actor.personId, action: 'notifications.settings', entity: 'person', entityId: actor.personId, newValue: { preferences, quiet } });
	});
	return done({ message: NOTIFY_TEXT.saved });
}

/**
 * Subscribes the actor's browser to web push: the subscription its push service gave
 * (`PushSubscription.toJSON()`), checked by `checkPushSubscription`; kept for the actor (a browser
 * another person subscribed before moves to the actor), with an audit row. Refused when the server
 * sends no push, and when the endpoint is not on an allowed push service's host or its name leads
 * into a private network (`checkPushEndpoint`): the server would otherwise POST wherever a
 * signed-in person points it.
 */
export async function subscribePush(ctx: Ctx, actor: Actor, input: unknown): Promise<Outcome<{ message: string }>> {
	const allowed = decide(actor, 'write', { kind: 'messages', schoolId: actor.schoolId });
	if (!allowed.allow) return refuse('forbidden', allowed.reason);
	const push = appConfig().push;
	if (!push.on) return refuse('invalid', PUSH_TEXT.off);
	const checked = checkPushSubscription(input, push.insecureEndpoints);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const reachable = await checkPushEndpoint(checked.value.endpoint, push.hosts);
	if (!reachable.ok) return refuse('invalid', reachable.reason);
	await ctx.sql.begin(async (tx) => {
		const id = await saveSubscription(tx, actor.personId, checked.value);
		await writeAudit(tx, { actorId: actor.personId, action: 'push.subscribe', entity: 'push_subscription', entityId: id, newValue: { endpoint: new URL(checked.value.endpoint).origin } });
	});
	return done({ message: PUSH_TEXT.subscribed });
}

/** Unsubscribes one of the actor's own browsers (by its endpoint); another person's is never touched. */
export async function unsubscribePush(ctx: Ctx, actor: Actor, input: unknown): Promise<Outcome<{ message: string }>> {
	const endpoint = (input as { endpoint?: unknown } | null)?.endpoint;
	if (typeof endpoint !== 'string' || endpoint.length === 0) return refuse('invalid', PUSH_TEXT.badSubscription);
	await ctx.sql.begin(async (tx) => {
		if (await deleteSubscription(tx, actor.personId, endpoint))
			await writeAudit(tx, { actorId: actor.personId, action: 'push.unsubscribe', entity: 'person', entityId: actor.personId, newValue: { endpoint: endpoint.slice(0, 200) } });
	});
	return done({ message: PUSH_TEXT.unsubscribed });
}
