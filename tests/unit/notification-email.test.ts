/**
 * a notification as a letter: made only of the notification's own title, body and link;
 * retries double their wait and stop at the limit or at a permanent refusal; one Message-ID per
 * notification; e-mail is on only with a server and a sender.
 */
import { describe, expect, test } from 'vitest';
import { afterFailure, messageIdHost, notificationLetter, notificationMessageId, retryDelayMs } from '../../src/lib/domain/notification-email';
import { readConfig } from '../../src/lib/server/config';

describe('R-2.8 the letter of a notification', () => {
	const letter = notificationLetter({
		title: 'Сообщение от Ивановой Анны Петровны: Родительское собрание',
		body: 'Собрание в пятницу в 18:00, кабинет 12.',
		link: '/messages/42',
		origin: 'https://school.example/',
		schoolName: 'Школа № 1'
	});

	test('the subject is the notification’s title, in Cyrillic', () => {
		expect(letter.subject).toBe('Сообщение от Ивановой Анны Петровны: Родительское собрание');
	});

	test('the text is the title, the body and the link to the product, and nothing else of substance', () => {
		expect(letter.text).toBe(
			[
				'Сообщение от Ивановой Анны Петровны: Родительское собрание',
				'',
				'Собрание в пятницу в 18:00, кабинет 12.',
				'',
				'Открыть в журнале: https://school.example/messages/42',
				'',
				'—',
				'Электронный журнал «Школа № 1». Это письмо отправлено автоматически, отвечать на него не нужно: ответить можно в журнале.'
			].join('\n')
		);
	});

	test('a title with line breaks becomes one subject line; a very long one is cut', () => {
		expect(notificationLetter({ title: 'Объявление:\r\n  каникулы', body: '', link: '/a', origin: 'http://x', schoolName: 'Ш' }).subject).toBe('Объявление: каникулы');
		const long = notificationLetter({ title: 'Ж'.repeat(500), body: '', link: '/a', origin: 'http://x', schoolName: 'Ш' }).subject;
		expect(long).toHaveLength(200);
		expect(long.endsWith('…')).toBe(true);
	});

	test('an empty body leaves no empty paragraph', () => {
		expect(notificationLetter({ title: 'Жалоба', body: ' ', link: '/notifications', origin: 'http://x', schoolName: 'Ш' }).text).toBe(
			'Жалоба\n\nОткрыть в журнале: http://x/notifications\n\n—\nЭлектронный журнал «Ш». Это письмо отправлено автоматически, отвечать на него не нужно: ответить можно в журнале.'
		);
	});
});

describe('R-2.8 retries with backoff', () => {
	test.each([
		[1, 1000],
		[2, 2000],
		[3, 4000],
		[10, 512_000]
	])('after attempt %i the next waits %i ms', (attempt, ms) => {
		expect(retryDelayMs(attempt, 1000)).toBe(ms);
	});

	test('the wait never exceeds six hours', () => {
		expect(retryDelayMs(40, 60_000)).toBe(6 * 60 * 60 * 1000);
	});

	test.each([
		['a temporary refusal is retried', { attempt: 1, attempts: 5, responseCode: 451 }, { retry: true, delayMs: 100 }],
		['a dropped connection is retried', { attempt: 2, attempts: 5, responseCode: undefined }, { retry: true, delayMs: 200 }],
		['the last attempt is not retried', { attempt: 5, attempts: 5, responseCode: 451 }, { retry: false }],
		['a permanent refusal is not retried', { attempt: 1, attempts: 5, responseCode: 550 }, { retry: false }]
	])('%s', (_name, input, expected) => {
		expect(afterFailure({ ...input, firstMs: 100 })).toEqual(expected);
	});
});

describe('R-2.8 one Message-ID per notification', () => {
	test('it is made of the notification’s id and the product’s host', () => {
		expect(notificationMessageId('17', messageIdHost('https://school.example', 'Школа <mail@other.example>'))).toBe('<notification.17@school.example>');
	});

	test('without ORIGIN the sender’s domain is the host', () => {
		expect(messageIdHost(undefined, 'Школа № 1 <journal@school1.example>')).toBe('school1.example');
		expect(messageIdHost(undefined, 'journal@school1.example')).toBe('school1.example');
		expect(messageIdHost(undefined, 'нет адреса')).toBe('localhost');
	});
});

describe('R-2.8 e-mail configuration', () => {
	test('without SMTP_URL or SMTP_FROM no e-mail is sent', () => {
		expect(readConfig({}).mail).toBeUndefined();
		expect(readConfig({ SMTP_URL: 'smtp://mail.example:587' }).mail).toBeUndefined();
		expect(readConfig({ SMTP_FROM: 'a@b.example' }).mail).toBeUndefined();
	});

	test('with both, the defaults: a minute before the first retry, 8 attempts, a 5-minute lease', () => {
		expect(readConfig({ SMTP_URL: 'smtp://mail.example:587', SMTP_FROM: 'Школа <a@b.example>', SMTP_USER: 'u', SMTP_PASSWORD: 'p' }).mail).toEqual({
			smtpUrl: 'smtp://mail.example:587',
			user: 'u',
			password: 'p',
			from: 'Школа <a@b.example>',
			retryMs: 60_000,
			attempts: 8,
			leaseMs: 300_000,
			pollMs: 5_000
		});
	});
});
