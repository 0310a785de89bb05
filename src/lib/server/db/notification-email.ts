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
}

/**
 * Claims up to `limit` due letters in one statement: pending ones whose time has come and ones
 * left in 'sending' whose lease ran out (their deliverer died). Rows another deliverer holds are
 * skipped, not waited for. A recipient with an address: 'sending' for `leaseMs`, attempt + 1, the
 * Message-ID kept from the first claim (`<notification.ID@host>`); without one: 'skipped'.
 */
export async function claimLetters(sql: Sql, r: { limit: number; leaseMs: number; host: string }): Promise<ClaimedLetter[]> {
	return sql<ClaimedLetter[]>`
		with due as (
			select n.id from notification n
			where n.email_state in ('pending', 'sending') and n.email_next_at <= now()
			order by n.email_next_at, n.id
			limit ${r.limit}
			for update skip locked
		), target as (
			select due.id, nullif(btrim(p.email), '') as address, s.short_name
			from due join notification n on n.id = due.id join person p on p.id = n.person_id join school s on s.id = n.school_id
		)
		update notification n set
			email_state = case when t.address is null then 'skipped' else 'sending' end,
			email_attempts = case when t.address is null then n.email_attempts else n.email_attempts + 1 end,
			email_next_at = case when t.address is null then null else now() + make_interval(secs => ${r.leaseMs / 1000}) end,
			email_to = t.address,
			email_message_id = coalesce(n.email_message_id, '<notification.' || n.id || '@' || ${r.host}::text || '>'),
			email_error = case when t.address is null then 'нет адреса электронной почты' else n.email_error end
		from target t
		where n.id = t.id
		returning n.id::text as id, n.email_state as state, n.email_attempts as attempt, n.email_to as "to",
			n.email_message_id as "messageId", n.title, n.body, n.link, t.short_name as "schoolName"`;
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
