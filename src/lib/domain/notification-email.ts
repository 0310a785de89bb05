/**
 * A notification as a letter: the subject and the text are made from the notification's
 * own title, body and link — what its recipient already sees in the product — and nothing else,
 * so a letter never carries anybody else's data. Also when a failed letter is tried again, and
 * the Message-ID that every attempt of one notification shares.
 */
import { pluralRu } from './plural.ts';

/** The longest subject line (a title is short already; this only guards the header). */
export const EMAIL_SUBJECT_MAX = 200;

/** What a letter is made from: one notification of its recipient, and where the product is. */
export interface NotificationLetterInput {
	/** The notification's title, as the recipient sees it in the product. */
	title: string;
	/** The notification's body (the start of the message), possibly empty. */
	body: string;
	/** The notification's link inside the product (`/messages/12`). */
	link: string;
	/** The product's address (`https://school.example`), without a trailing slash. */
	origin: string;
	/** The school's short name, the product's name in the letter. */
	schoolName: string;
}

/** A letter's subject and plain text. */
export interface NotificationLetter {
	subject: string;
	text: string;
}

/** The letter of a notification: its title as the subject; its title, body and a link in the text. */
export function notificationLetter(n: NotificationLetterInput): NotificationLetter {
	const flat = n.title.replace(/\s+/g, ' ').trim();
	const subject = flat.length > EMAIL_SUBJECT_MAX ? `${flat.slice(0, EMAIL_SUBJECT_MAX - 1)}…` : flat || 'Уведомление';
	const link = n.origin.replace(/\/+$/, '') + (n.link.startsWith('/') ? n.link : `/${n.link}`);
	const text = [
		flat,
		...(n.body.trim() ? ['', n.body.trim()] : []),
		'',
		`Открыть в журнале: ${link}`,
		'',
		'—',
		`Электронный журнал «${n.schoolName}». Это письмо отправлено автоматически, отвечать на него не нужно: ответить можно в журнале.`
	].join('\n');
	return { subject, text };
}

/**
 * How long to wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed:
 * `firstMs`, then twice as long each time, at most `maxMs`.
 */
export function retryDelayMs(attempt: number, firstMs: number, maxMs = 6 * 60 * 60 * 1000): number {
	const exponent = Math.max(0, Math.min(attempt - 1, 30));
	return Math.min(firstMs * 2 ** exponent, maxMs);
}

/** What to do after a failed attempt: try again later, or give up now. */
export type AfterFailure = { retry: true; delayMs: number } | { retry: false };

/**
 * Decides after a failed attempt: a permanent refusal (an SMTP 5xx: no such mailbox, sender
 * refused) is not retried; anything else (a 4xx, a dropped connection, a timeout) is, until
 * `attempts` attempts have been made.
 */
export function afterFailure(r: { attempt: number; attempts: number; responseCode: number | undefined; firstMs: number }): AfterFailure {
	if (r.responseCode !== undefined && r.responseCode >= 500 && r.responseCode < 600) return { retry: false };
	if (r.attempt >= r.attempts) return { retry: false };
	return { retry: true, delayMs: retryDelayMs(r.attempt, r.firstMs) };
}

/** The host part of a Message-ID: the product's host, else the sender's domain, else `localhost`. */
export function messageIdHost(origin: string | undefined, from: string): string {
	if (origin) {
		try {
			const host = new URL(origin).hostname;
			if (host) return host;
		} catch {
			// Not a URL: fall through to the sender.
		}
	}
	const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim())?.[1];
	return domain || 'localhost';
}

/** The Message-ID every attempt of one notification's letter carries. */
export function notificationMessageId(notificationId: string, host: string): string {
	return `<notification.${notificationId}@${host}>`;
}

/** One notification of a digest: its own title, body and link. */
export interface DigestLetterItem {
	title: string;
	body: string;
	link: string;
}

/**
 * The daily digest: one letter with the day's notifications of one person, each as its
 * title, body and link, oldest first — still only what the recipient sees in the product.
 */
export function digestLetter(r: { items: readonly DigestLetterItem[]; origin: string; schoolName: string }): NotificationLetter {
	const origin = r.origin.replace(/\/+$/, '');
	const n = r.items.length;
	const subject = `Уведомления за день: ${n} ${pluralRu(n, ['новое', 'новых', 'новых'])}`;
	const blocks = r.items.map((item, i) => {
		const title = item.title.replace(/\s+/g, ' ').trim();
		const body = item.body.trim();
		const link = origin + (item.link.startsWith('/') ? item.link : `/${item.link}`);
		return [`${i + 1}. ${title}`, ...(body ? [`   ${body}`] : []), `   ${link}`].join('\n');
	});
	const text = [
		subject,
		'',
		blocks.join('\n\n'),
		'',
		'—',
		`Электронный журнал «${r.schoolName}». Сводка за день по вашим настройкам уведомлений; изменить их можно в журнале, в разделе «Уведомления» вашей учётной записи.`
	].join('\n');
	return { subject, text };
}
