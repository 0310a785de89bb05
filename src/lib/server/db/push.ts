/**
 * Web push in the database: the deployment's VAPID keys (made once, shared by every
 * instance), the browsers people subscribed, and the push side of the notification outbox —
 * claimed with FOR UPDATE SKIP LOCKED and a lease, each result recorded only for the claim that
 * made it, each browser that took a notification remembered so a retry never sends it there again.
 */
import type { Sql, Tx } from './client.ts';
import type { PushSubscriptionInput } from '../../domain/push.ts';

type Db = Sql | Tx;

/** The VAPID key pair stored, or the one given stored now when there was none (every instance gets the same). */
export async function keepVapidKeys(sql: Db, made: { publicKey: string; privateKey: string }): Promise<{ publicKey: string; privateKey: string }> {
	await sql`insert into app_secret (name, value) values ('vapid', ${JSON.stringify(made)}) on conflict (name) do nothing`;
	const [row] = await sql<{ value: string }[]>`select value from app_secret where name = 'vapid'`;
	return JSON.parse(row.value);
}

/** The VAPID public key, when the keys were made. */
export async function vapidPublicKey(sql: Db): Promise<string | undefined> {
	const [row] = await sql<{ key: string | null }[]>`select (value::jsonb) ->> 'publicKey' as key from app_secret where name = 'vapid'`;
	return row?.key ?? undefined;
}

/** Keeps a browser's subscription for the person (a subscription moves to whoever subscribed it last). */
export async function saveSubscription(tx: Tx, personId: number, s: PushSubscriptionInput): Promise<string> {
	const [row] = await tx<{ id: string }[]>`
		insert into push_subscription (person_id, endpoint, p256dh, auth) values (${personId}, ${s.endpoint}, ${s.p256dh}, ${s.auth})
		on conflict (endpoint) do update set person_id = excluded.person_id, p256dh = excluded.p256dh, auth = excluded.auth, created_at = now()
		returning id::text as id`;
	return row.id;
}

/** Forgets the person's subscription with this endpoint; returns whether there was one. */
export async function deleteSubscription(tx: Db, personId: number, endpoint: string): Promise<boolean> {
	const rows = await tx`delete from push_subscription where person_id = ${personId} and endpoint = ${endpoint} returning id`;
	return rows.length > 0;
}

/** How many browsers the person subscribed. */
export async function subscriptionCount(sql: Db, personId: number): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from push_subscription where person_id = ${personId}`;
	return row.n;
}

/** A push claimed for sending, with its recipient's choices. */
export interface ClaimedPush {
	id: string;
	attempt: number;
	personId: number;
	title: string;
	body: string;
	link: string;
	timing: 'now' | 'digest' | 'off' | null;
	pushOn: boolean | null;
	quietFrom: number | null;
	quietTo: number | null;
	/** Browsers that took it in an earlier attempt (whose claim then died). */
	deliveredBefore: number;
}

/**
 * Claims up to `limit` due pushes in one statement: pending ones whose time has come and ones left
 * in 'sending' whose lease ran out. 'sending' for `leaseMs`, attempt + 1; the notification takes no
 * more events of its topic.
 */
export async function claimPushes(sql: Sql, r: { limit: number; leaseMs: number }): Promise<ClaimedPush[]> {
	return sql<ClaimedPush[]>`
		with due as (
			select n.id from notification n
			where n.push_state in ('pending', 'sending') and n.push_next_at <= now()
			order by n.push_next_at, n.id
			limit ${r.limit}
			for update skip locked
		)
		update notification n set push_state = 'sending', push_attempts = n.push_attempts + 1,
			push_next_at = now() + make_interval(secs => ${r.leaseMs / 1000}), topic = null
		from due where n.id = due.id
		returning n.id::text as id, n.push_attempts as attempt, n.person_id as "personId", n.title, n.body, n.link,
			(select timing from notification_preference x where x.person_id = n.person_id and x.kind = n.kind) as timing,
			(select push from notification_preference x where x.person_id = n.person_id and x.kind = n.kind) as "pushOn",
			(select from_minute from notification_quiet q where q.person_id = n.person_id) as "quietFrom",
			(select to_minute from notification_quiet q where q.person_id = n.person_id) as "quietTo",
			(select count(*)::int from push_delivery d where d.notification_id = n.id) as "deliveredBefore"`;
}

/** A subscription a push still has to go to. */
export interface PushTarget extends PushSubscriptionInput {
	id: string;
}

/** The person's subscriptions that have not taken the notification yet. */
export async function pushTargets(sql: Db, notificationId: string, personId: number): Promise<PushTarget[]> {
	return sql<PushTarget[]>`
		select s.id::text as id, s.endpoint, s.p256dh, s.auth from push_subscription s
		where s.person_id = ${personId}
			and not exists (select 1 from push_delivery d where d.notification_id = ${notificationId} and d.subscription_id = s.id)
		order by s.id`;
}

/** Records that the subscription took the notification. */
export async function recordPushDelivery(sql: Db, notificationId: string, subscriptionId: string): Promise<void> {
	await sql`insert into push_delivery (notification_id, subscription_id) values (${notificationId}, ${subscriptionId}) on conflict do nothing`;
}

/** Forgets a subscription its push service says is gone (404, 410). */
export async function dropGoneSubscription(sql: Db, subscriptionId: string): Promise<void> {
	await sql`delete from push_subscription where id = ${subscriptionId}`;
}

/**
 * Records a claimed push's result, only for this claim (still 'sending' under its attempt): sent
 * or failed (done), pending again after `retryInMs`, or given back without an attempt — waiting
 * until `at` (the quiet hours) or skipped (the recipient's choice, no subscription).
 */
export async function settlePush(
	sql: Db,
	r: { id: string; attempt: number; outcome: { sent: true } | { failed: string } | { retryInMs: number; error: string } | { at: Date } | { skipped: string } }
): Promise<boolean> {
	const o = r.outcome;
	const mine = sql`id = ${r.id} and push_state = 'sending' and push_attempts = ${r.attempt}`;
	const rows =
		'sent' in o
			? await sql`update notification set push_state = 'sent', push_sent_at = now(), push_next_at = null, push_error = null where ${mine} returning id`
			: 'failed' in o
				? await sql`update notification set push_state = 'failed', push_next_at = null, push_error = ${o.failed} where ${mine} returning id`
				: 'retryInMs' in o
					? await sql`update notification set push_state = 'pending', push_next_at = now() + make_interval(secs => ${o.retryInMs / 1000}), push_error = ${o.error} where ${mine} returning id`
					: 'at' in o
						? await sql`update notification set push_state = 'pending', push_attempts = push_attempts - 1, push_next_at = ${o.at} where ${mine} returning id`
						: await sql`update notification set push_state = 'skipped', push_attempts = push_attempts - 1, push_next_at = null, push_error = ${o.skipped} where ${mine} returning id`;
	return rows.length > 0;
}
