/**
 * The e-mail side of the notification outbox: claiming due letters so that no two
 * deliverers take the same one (FOR UPDATE SKIP LOCKED, then a lease), and recording each result
 * only for the claim that made it (the attempt number is the claim's token).
 */
import type { Sql } from './client.ts';

/** A letter claimed for sending: its notification, the address, the attempt, the Message-ID. */
export interface ClaimedLetter {
	id: string;
	/** 'sending': ours until the lease runs out; 'skipped': the recipient has no address. */
	state: 'sending' | 'skipped';
	/** This claim's attempt (1 for the first); the result is recorded only under it. */
	attempt: number;
	to: string | null;
	messageId: string;
	title: string;
	body: string;
	link: string;
	schoolName: string;
	/** The recipient and what the notification is of: their choices decide what happens to it. */
	personId: number;
	kind: string;
	/** The recipient's choice for the kind (null: none stored, i.e. at once). */
	timing: 'now' | 'digest' | 'off' | null;
	emailOn: boolean | null;
	/** The recipient's quiet hours (minutes after midnight, school time), or null. */
	quietFrom: number | null;
	quietTo: number | null;
	/** The school's hour of the daily digest, when it chose one. */
	digestHour: number | null;
}

/**
 * Claims up to `limit` due letters in one statement: pending ones whose time has come and ones
 * left in 'sending' whose lease ran out (their deliverer died). Rows another deliverer holds are
 * skipped, not waited for. A recipient with an address: 'sending' for `leaseMs`, attempt + 1, the
 * Message-ID kept from the first claim (`<notification.ID@host>`); without one: 'skipped'. A claimed
 * notification takes no more events of its topic. Rows of a digest are left to `claimDigests`.
 */
export async function claimLetters(sql: Sql, r: { limit: number; leaseMs: number; host: string }): Promise<ClaimedLetter[]> {
	return sql<ClaimedLetter[]>`
		with due as (
			select n.id from notification n
			where n.email_state in ('pending', 'sending') and n.email_next_at <= now()
				and (n.email_message_id is null or n.email_message_id not like '<digest.%')
			order by n.email_next_at, n.id
			limit ${r.limit}
			for update skip locked
		), target as (
			select due.id, nullif(btrim(p.email), '') as address, s.short_name, (s.settings ->> 'digestHour')::int as digest_hour
			from due join notification n on n.id = due.id join person p on p.id = n.person_id join school s on s.id = n.school_id
		)
		update notification n set
			email_state = case when t.address is null then 'skipped' else 'sending' end,
			email_attempts = case when t.address is null then n.email_attempts else n.email_attempts + 1 end,
			email_next_at = case when t.address is null then null else now() + make_interval(secs => ${r.leaseMs / 1000}) end,
			email_to = t.address,
			email_message_id = coalesce(n.email_message_id, '<notification.' || n.id || '@' || ${r.host}::text || '>'),
			email_error = case when t.address is null then 'нет адреса электронной почты' else n.email_error end,
			topic = null
		from target t
		where n.id = t.id
		returning n.id::text as id, n.email_state as state, n.email_attempts as attempt, n.email_to as "to",
			n.email_message_id as "messageId", n.title, n.body, n.link, t.short_name as "schoolName",
			n.person_id as "personId", n.kind, t.digest_hour as "digestHour",
			(select timing from notification_preference x where x.person_id = n.person_id and x.kind = n.kind) as timing,
			(select email from notification_preference x where x.person_id = n.person_id and x.kind = n.kind) as "emailOn",
			(select from_minute from notification_quiet q where q.person_id = n.person_id) as "quietFrom",
			(select to_minute from notification_quiet q where q.person_id = n.person_id) as "quietTo"`;
}

/**
 * Records the SMTP server's acceptance and marks the letter sent, in one statement; only for the
 * claim that sent it (still 'sending' under the same attempt). Returns whether it was recorded.
 */
export async function markLetterSent(sql: Sql, r: { id: string; attempt: number; response: string }): Promise<boolean> {
	const rows = await sql`
		update notification set email_state = 'sent', email_sent_at = now(), email_next_at = null, email_accepted = ${r.response}, email_error = null
		where id = ${r.id} and email_state = 'sending' and email_attempts = ${r.attempt}
		returning id`;
	return rows.length > 0;
}

/** Records a failed attempt: pending again after `retryInMs`, or failed for good when it is undefined. */
export async function markLetterFailed(sql: Sql, r: { id: string; attempt: number; error: string; retryInMs: number | undefined }): Promise<boolean> {
	const rows =
		r.retryInMs === undefined
			? await sql`
				update notification set email_state = 'failed', email_next_at = null, email_error = ${r.error}
				where id = ${r.id} and email_state = 'sending' and email_attempts = ${r.attempt}
				returning id`
			: await sql`
				update notification set email_state = 'pending', email_next_at = now() + make_interval(secs => ${r.retryInMs / 1000}), email_error = ${r.error}
				where id = ${r.id} and email_state = 'sending' and email_attempts = ${r.attempt}
				returning id`;
	return rows.length > 0;
}

/** A notification's e-mail delivery as recorded (for tests and the operator's eye). */
export interface LetterState {
	id: string;
	personId: number;
	state: string;
	attempts: number;
	to: string | null;
	messageId: string | null;
	error: string | null;
	accepted: string | null;
}

/** The e-mail delivery of the notifications of a link (newest first), or of all of them. */
export async function letterStates(sql: Sql, link?: string): Promise<LetterState[]> {
	return sql<LetterState[]>`
		select id::text as id, person_id as "personId", email_state as state, email_attempts as attempts, email_to as "to",
			email_message_id as "messageId", email_error as error, email_accepted as accepted
		from notification where ${link === undefined} or link = ${link ?? ''}
		order by id desc`;
}

/**
 * Gives a claimed letter back without an attempt: its recipient's choices say it waits
 * ('pending' until the quiet hours end, 'digest' until the school's digest hour) or is not sent by
 * e-mail at all ('skipped', with the reason). Only for the claim that took it.
 */
export async function releaseLetter(sql: Sql, r: { id: string; attempt: number; state: 'pending' | 'digest' | 'skipped'; at: Date | null; reason: string | null }): Promise<boolean> {
	const rows = await sql`
		update notification set email_state = ${r.state}, email_attempts = email_attempts - 1, email_next_at = ${r.at},
			email_error = coalesce(${r.reason}::text, email_error)
		where id = ${r.id} and email_state = 'sending' and email_attempts = ${r.attempt}
		returning id`;
	return rows.length > 0;
}

/** One notification of a claimed digest. */
export interface DigestItem {
	id: string;
	attempt: number;
	title: string;
	body: string;
	link: string;
}

/** A person's digest claimed for sending: all their waiting notifications, one letter. */
export interface ClaimedDigest {
	personId: number;
	to: string | null;
	messageId: string;
	schoolName: string;
	quietFrom: number | null;
	quietTo: number | null;
	items: DigestItem[];
}

/**
 * Claims the digests that are due (up to `limit` people): every notification of such a person
 * waiting in 'digest', and those of a digest whose deliverer died (its lease ran out), at once —
 * so the day's items go as one letter, with one Message-ID (`<digest.FIRST@host>`, kept for retries).
 */
export async function claimDigests(sql: Sql, r: { limit: number; leaseMs: number; host: string }): Promise<ClaimedDigest[]> {
	const rows = await sql<Array<DigestItem & { personId: number; to: string | null; messageId: string; schoolName: string; quietFrom: number | null; quietTo: number | null }>>`
		with due as (
			select n.id, n.person_id from notification n
			where (n.email_state = 'digest' or (n.email_state = 'sending' and n.email_message_id like '<digest.%')) and n.email_next_at <= now()
			for update skip locked
		), people as (
			select distinct person_id from due order by person_id limit ${r.limit}
		), target as (
			select due.id, nullif(btrim(p.email), '') as address, s.short_name,
				coalesce(min(case when n.email_message_id like '<digest.%' then n.email_message_id end) over (partition by due.person_id),
					'<digest.' || min(due.id) over (partition by due.person_id) || '@' || ${r.host}::text || '>') as message_id
			from due join notification n on n.id = due.id join person p on p.id = n.person_id join school s on s.id = n.school_id
			where due.person_id in (select person_id from people)
		)
		update notification n set
			email_state = case when t.address is null then 'skipped' else 'sending' end,
			email_attempts = case when t.address is null then n.email_attempts else n.email_attempts + 1 end,
			email_next_at = case when t.address is null then null else now() + make_interval(secs => ${r.leaseMs / 1000}) end,
			email_to = t.address,
			email_message_id = t.message_id,
			email_error = case when t.address is null then 'нет адреса электронной почты' else n.email_error end,
			topic = null
		from target t
		where n.id = t.id
		returning n.id::text as id, n.email_attempts as attempt, n.title, n.body, n.link, n.person_id as "personId", n.email_to as "to",
			n.email_message_id as "messageId", t.short_name as "schoolName",
			(select from_minute from notification_quiet q where q.person_id = n.person_id) as "quietFrom",
			(select to_minute from notification_quiet q where q.person_id = n.person_id) as "quietTo"`;
	const digests = new Map<number, ClaimedDigest>();
	for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) {
		if (row.to === null) continue;
		let digest = digests.get(row.personId);
		if (!digest) digests.set(row.personId, (digest = { personId: row.personId, to: row.to, messageId: row.messageId, schoolName: row.schoolName, quietFrom: row.quietFrom, quietTo: row.quietTo, items: [] }));
		digest.items.push({ id: row.id, attempt: row.attempt, title: row.title, body: row.body, link: row.link });
	}
	return [...digests.values()];
}

/**
 * Records a digest's result for its items, only for this claim (each item still 'sending' under
 * its attempt): sent; or waiting in 'digest' again after `retryInMs` (or until `at`, not counted
 * as an attempt: the quiet hours); or failed for good.
 */
export async function settleDigest(
	sql: Sql,
	r: { items: ReadonlyArray<{ id: string; attempt: number }>; outcome: { sent: string } | { retryInMs: number; error: string } | { at: Date } | { failed: string } }
): Promise<void> {
	const ids = r.items.map((i) => i.id);
	const attempts = r.items.map((i) => i.attempt);
	const o = r.outcome;
	const mine = sql`n.id = x.id and n.email_state = 'sending' and n.email_attempts = x.attempt`;
	const items = sql`unnest(${ids}::bigint[], ${attempts}::int[]) as x(id, attempt)`;
	if ('sent' in o) await sql`update notification n set email_state = 'sent', email_sent_at = now(), email_next_at = null, email_accepted = ${o.sent}, email_error = null from ${items} where ${mine}`;
	else if ('retryInMs' in o)
		await sql`update notification n set email_state = 'digest', email_next_at = now() + make_interval(secs => ${o.retryInMs / 1000}), email_error = ${o.error} from ${items} where ${mine}`;
	else if ('at' in o) await sql`update notification n set email_state = 'digest', email_attempts = n.email_attempts - 1, email_next_at = ${o.at} from ${items} where ${mine}`;
	else await sql`update notification n set email_state = 'failed', email_next_at = null, email_error = ${o.failed} from ${items} where ${mine}`;
}
