/**
 * E-mail of notifications: in the server process, every MAIL_POLL_MS, the deliverer claims
 * due letters from the outbox (FOR UPDATE SKIP LOCKED, then a lease, so two instances never take
 * one), sends each through SMTP with nodemailer and records the result: sent together with the
 * server's acceptance; a temporary failure (4xx, a dropped connection) is tried again after a
 * doubling wait, up to MAIL_ATTEMPTS; a permanent refusal (5xx) or the last failure is recorded
 * with its reason. A letter left in 'sending' by a killed process is taken again once its lease
 * runs out, with the same Message-ID. The timer never keeps the process alive; stopping waits for
 * the letters in flight.
 *
 * Each recipient's choices are honoured when a letter is claimed (`routeLetter`): a kind or the
 * e-mail turned off is skipped; a kind chosen for the daily digest waits for the school's digest
 * hour, when all of a person's waiting notifications go as one letter; in the person's quiet
 * hours (school time) a letter waits for their end — delayed, never dropped.
 */
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Config, MailConfig } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { startPoll, type Poll } from '../poll.ts';
import { claimDigests, claimLetters, markLetterFailed, markLetterSent, releaseLetter, settleDigest, type ClaimedDigest, type ClaimedLetter } from '../db/notification-email.ts';
import { afterFailure, digestLetter, messageIdHost, notificationLetter } from '../../domain/notification-email.ts';
import { DEFAULT_DIGEST_HOUR, minuteOfDayIn, routeLetter, type QuietHours } from '../../domain/notifications.ts';

/** Letters claimed (and sent side by side) at once. */
export const MAIL_BATCH = 5;

/** The quiet hours of a claimed row, or null. */
const quietOf = (r: { quietFrom: number | null; quietTo: number | null }): QuietHours | null =>
	r.quietFrom === null || r.quietTo === null ? null : { from: r.quietFrom, to: r.quietTo };

/** The running deliverer. */
export interface MailDeliverer {
	/** Stops the timer and waits for the letters in flight. */
	stop(): Promise<void>;
}

/** SMTP's own waits, well inside the lease: a letter is never still being sent when another may take it. */
function transportOf(mail: MailConfig): Transporter<SMTPTransport.SentMessageInfo> {
	const seconds = Math.max(5, Math.min(60, Math.floor(mail.leaseMs / 1000 / 4)));
	return nodemailer.createTransport(
		{
			url: mail.smtpUrl,
			...(mail.user ? { auth: { user: mail.user, pass: mail.password ?? '' } } : {}),
			connectionTimeout: seconds * 1000,
			greetingTimeout: seconds * 1000,
			socketTimeout: seconds * 1000
		},
		{ from: mail.from }
	);
}

/** The SMTP reply code of a failure, when the server gave one. */
function responseCodeOf(error: unknown): number | undefined {
	const code = (error as { responseCode?: unknown })?.responseCode;
	return typeof code === 'number' ? code : undefined;
}

/** A failure in a line for the row: the server's reply, else the error. */
function describe(error: unknown): string {
	const e = error as { response?: unknown; code?: unknown; message?: unknown };
	const text = typeof e?.response === 'string' ? e.response : typeof e?.message === 'string' ? e.message : String(error);
	return (typeof e?.code === 'string' ? `${e.code}: ${text}` : text).replace(/\s+/g, ' ').slice(0, 500);
}

/**
 * Starts the deliverer when e-mail is configured (nothing otherwise). `origin` is where the
 * product is for the letters' links (ORIGIN, else this server's local address).
 */
export function startMailDeliverer(sql: Sql, config: Config, origin: string): MailDeliverer | undefined {
	const mail = config.mail;
	if (!mail) return undefined;
	const host = messageIdHost(config.origin, mail.from);
	const transport = transportOf(mail);

	const send = async (letter: ClaimedLetter): Promise<void> => {
		if (letter.state !== 'sending' || !letter.to) return;
		const now = new Date();
		const route = routeLetter({
			preference: letter.timing === null ? undefined : { timing: letter.timing, email: letter.emailOn ?? true },
			quiet: quietOf(letter),
			now,
			minute: minuteOfDayIn(config.timeZone, now),
			digestHour: letter.digestHour ?? DEFAULT_DIGEST_HOUR,
			inDigest: false
		});
		if (route.action === 'skip') {
			await releaseLetter(sql, { id: letter.id, attempt: letter.attempt, state: 'skipped', at: null, reason: route.reason });
			return;
		}
		if (route.action === 'wait') {
			await releaseLetter(sql, { id: letter.id, attempt: letter.attempt, state: route.digest ? 'digest' : 'pending', at: route.until, reason: null });
			return;
		}
		const { subject, text } = notificationLetter({ title: letter.title, body: letter.body, link: letter.link, origin, schoolName: letter.schoolName });
		let response: string;
		try {
			const info = await transport.sendMail({
				to: letter.to,
				subject,
				text,
				textEncoding: 'base64',
				messageId: letter.messageId,
				// An automatic letter (RFC 3834): no out-of-office replies to it.
				headers: { 'Auto-Submitted': 'auto-generated' }
			});
			response = String(info.response ?? '').slice(0, 500);
		} catch (error) {
			const next = afterFailure({ attempt: letter.attempt, attempts: mail.attempts, responseCode: responseCodeOf(error), firstMs: mail.retryMs });
			const reason = describe(error);
			await markLetterFailed(sql, { id: letter.id, attempt: letter.attempt, error: reason, retryInMs: next.retry ? next.delayMs : undefined });
			if (!next.retry) console.error(`Письмо уведомления ${letter.id} не отправлено (попыток: ${letter.attempt}): ${reason}`);
			return;
		}
		// Accepted: recorded as sent at once. Should this write fail, the row stays 'sending' and is
		// sent again after its lease, with the same Message-ID — never marked for a retry here.
		await markLetterSent(sql, { id: letter.id, attempt: letter.attempt, response });
	};

	/** Sends one person's digest: the day's notifications in one letter (after the quiet hours, if they are on). */
	const sendDigest = async (digest: ClaimedDigest): Promise<void> => {
		const now = new Date();
		const route = routeLetter({ preference: undefined, quiet: quietOf(digest), now, minute: minuteOfDayIn(config.timeZone, now), digestHour: 0, inDigest: true });
		if (route.action === 'wait') return settleDigest(sql, { items: digest.items, outcome: { at: route.until } });
		const { subject, text } = digestLetter({ items: digest.items, origin, schoolName: digest.schoolName });
		let response: string;
		try {
			const info = await transport.sendMail({
				to: digest.to!,
				subject,
				text,
				textEncoding: 'base64',
				messageId: digest.messageId,
				headers: { 'Auto-Submitted': 'auto-generated' }
			});
			response = String(info.response ?? '').slice(0, 500);
		} catch (error) {
			const attempt = Math.max(...digest.items.map((i) => i.attempt));
			const next = afterFailure({ attempt, attempts: mail.attempts, responseCode: responseCodeOf(error), firstMs: mail.retryMs });
			const reason = describe(error);
			await settleDigest(sql, { items: digest.items, outcome: next.retry ? { retryInMs: next.delayMs, error: reason } : { failed: reason } });
			if (!next.retry) console.error(`Сводка уведомлений ${digest.messageId} не отправлена: ${reason}`);
			return;
		}
		await settleDigest(sql, { items: digest.items, outcome: { sent: response } });
	};

	/** Claims and sends until nothing is due (single letters, then digests); the loop waits for the next round. */
	const run = async (poll: Poll): Promise<void> => {
		while (!poll.stopped) {
			const letters = await claimLetters(sql, { limit: MAIL_BATCH, leaseMs: mail.leaseMs, host });
			const digests = await claimDigests(sql, { limit: MAIL_BATCH, leaseMs: mail.leaseMs, host });
			if (letters.length === 0 && digests.length === 0) return;
			const results = await Promise.allSettled([...letters.map(send), ...digests.map(sendDigest)]);
			for (const r of results) if (r.status === 'rejected') throw r.reason;
		}
	};
	const poll = startPoll('Отправка писем', mail.pollMs, run);
	return {
		stop: async () => {
			await poll.stop();
			transport.close();
		}
	};
}
