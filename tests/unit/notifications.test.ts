/**
 * the rules of notifications: what a person chooses (checked from the settings form), quiet
 * hours across midnight, and what the deliverer does with a letter given the choices and the time;
 * the journal's events in words, and the daily digest as one letter.
 */
import { describe, expect, test } from 'vitest';
import { checkNotificationSettings, isQuiet, markNotice, minuteOfDayIn, nextClock, parseDigestHour, periodRiskOf, riskCheckDue, routeLetter } from '../../src/lib/domain/notifications';
import { digestLetter } from '../../src/lib/domain/notification-email';
import { checkPushSubscription, pushAnswerOf, routePush } from '../../src/lib/domain/push';
import { weeklyNoticeDue } from '../../src/lib/domain/class-week';

describe('R-2.8 quiet hours', () => {
	test.each([
		[{ from: 22 * 60, to: 7 * 60 }, 23 * 60, true],
		[{ from: 22 * 60, to: 7 * 60 }, 3 * 60, true],
		[{ from: 22 * 60, to: 7 * 60 }, 7 * 60, false],
		[{ from: 22 * 60, to: 7 * 60 }, 12 * 60, false],
		[{ from: 13 * 60, to: 15 * 60 }, 14 * 60, true],
		[{ from: 13 * 60, to: 15 * 60 }, 16 * 60, false]
	])('%o at minute %i is quiet: %s', (quiet, minute, expected) => {
		expect(isQuiet(quiet, minute)).toBe(expected);
	});

	test('the next 07:00 after 23:30 is 7½ hours later', () => {
		const now = new Date('2026-12-02T20:30:00Z');
		expect(nextClock(now, 23 * 60 + 30, 7 * 60).toISOString()).toBe('2026-12-03T04:00:00.000Z');
	});

	test('the minute of the day is the school zone’s', () => {
		expect(minuteOfDayIn('Europe/Moscow', new Date('2026-12-02T20:30:00Z'))).toBe(23 * 60 + 30);
	});
});

describe('R-2.8 a letter is routed by its recipient’s choices', () => {
	const now = new Date('2026-12-02T20:30:00Z');
	const base = { quiet: null, now, minute: 23 * 60 + 30, digestHour: 18, inDigest: false };
	test('no choice: sent at once', () => expect(routeLetter({ ...base, preference: undefined })).toEqual({ action: 'send' }));
	test('«не присылать» or the e-mail off: skipped', () => {
		expect(routeLetter({ ...base, preference: { timing: 'off', email: true } }).action).toBe('skip');
		expect(routeLetter({ ...base, preference: { timing: 'now', email: false } }).action).toBe('skip');
	});
	test('the digest waits for the school’s hour (18:00 tomorrow)', () => {
		expect(routeLetter({ ...base, preference: { timing: 'digest', email: true } })).toEqual({ action: 'wait', until: new Date('2026-12-03T15:00:00Z'), digest: true });
	});
	test('quiet hours delay until they end, never drop', () => {
		expect(routeLetter({ ...base, preference: undefined, quiet: { from: 22 * 60, to: 7 * 60 } })).toEqual({ action: 'wait', until: new Date('2026-12-03T04:00:00Z'), digest: false });
	});
	test('a digest being sent in quiet hours waits for their end too', () => {
		expect(routeLetter({ ...base, preference: undefined, quiet: { from: 22 * 60, to: 7 * 60 }, inDigest: true })).toMatchObject({ action: 'wait', digest: true });
	});
});

describe('R-2.8 the settings form', () => {
	test('every kind takes «сразу» unless chosen; switches are on only when sent', () => {
		const checked = checkNotificationSettings({ 'mark.timing': 'digest', 'mark.email': 'on' });
		expect(checked.ok && checked.value.preferences.find((p) => p.kind === 'mark')).toEqual({ kind: 'mark', timing: 'digest', email: true, push: false });
		expect(checked.ok && checked.value.quiet).toBeNull();
	});
	test.each([
		[{ 'mark.timing': 'weekly' }, 'Выберите, когда присылать'],
		[{ quiet: 'on', quietFrom: '25:00', quietTo: '07:00' }, 'Тихие часы'],
		[{ quiet: 'on', quietFrom: '07:00', quietTo: '07:00' }, 'Тихие часы']
	])('%o is refused in Russian', (form, reason) => {
		const checked = checkNotificationSettings(form);
		expect(checked.ok).toBe(false);
		if (!checked.ok) expect(checked.reason).toContain(reason);
	});
});

describe('R-2.8 the journal in words', () => {
	test('a changed mark says what it was, and leads to the week of the diary', () => {
		expect(markNotice({ journalId: 3, studentId: 9, subject: 'Алгебра', date: '2026-11-26', marks: '4', was: '5' })).toMatchObject({
			title: 'Оценка по предмету «Алгебра»: 4',
			body: '26.11: 4 (было 5)',
			topic: 'mark:3:9',
			link: '/diary/9?week=2026-11-23'
		});
	});
	test.each([
		[{ suggestion: { mark: '2', rule: 'средний балл 2,40' } }, undefined, { risk: '2', why: 'средний балл 2,40' }],
		[{ suggestion: { mark: '3', rule: '' } }, { text: 'не хватает оценок' }, { risk: 'н/а', why: 'не хватает оценок' }],
		[{ suggestion: { mark: '4', rule: '' } }, undefined, null]
	])('a period cell %o with warning %o is a risk %o', (cell, warning, expected) => {
		expect(periodRiskOf(cell, 2, warning)).toEqual(expected);
	});
	test('the digest is one letter with each item’s title, body and link', () => {
		const letter = digestLetter({
			items: [
				{ title: 'Оценка по предмету «Алгебра»: 5', body: '26.11: 5', link: '/diary/9?week=2026-11-23' },
				{ title: 'Объявление: каникулы', body: '', link: '/announcements#a1' }
			],
			origin: 'https://school.example/',
			schoolName: 'Школа № 1'
		});
		expect(letter.subject).toBe('Уведомления за день: 2 новых');
		expect(letter.text).toContain('1. Оценка по предмету «Алгебра»: 5\n   26.11: 5\n   https://school.example/diary/9?week=2026-11-23');
		expect(letter.text).toContain('2. Объявление: каникулы\n   https://school.example/announcements#a1');
	});
});

describe('R-2.8 web push', () => {
	const key = Buffer.alloc(65, 4).toString('base64url');
	const auth = Buffer.alloc(16, 1).toString('base64url');
	test('a browser’s subscription is kept only with an https push service and whole keys', () => {
		expect(checkPushSubscription({ endpoint: 'https://push.example/abc', keys: { p256dh: key, auth } })).toMatchObject({ ok: true });
		expect(checkPushSubscription({ endpoint: 'http://push.example/abc', keys: { p256dh: key, auth } }).ok).toBe(false);
		expect(checkPushSubscription({ endpoint: 'http://127.0.0.1:9/abc', keys: { p256dh: key, auth } }, true).ok).toBe(true);
		expect(checkPushSubscription({ endpoint: 'https://push.example/abc', keys: { p256dh: key.slice(4), auth } }).ok).toBe(false);
		expect(checkPushSubscription({ endpoint: 'https://push.example/abc', keys: { p256dh: key } }).ok).toBe(false);
		expect(checkPushSubscription('https://push.example/abc').ok).toBe(false);
	});
	test.each([
		[201, 'delivered'],
		[410, 'gone'],
		[404, 'gone'],
		[429, 'retry'],
		[503, 'retry'],
		[undefined, 'retry'],
		[400, 'refused'],
		[413, 'refused']
	])('the push service answering %s: %s', (status, answer) => {
		expect(pushAnswerOf(status)).toBe(answer);
	});
	test('a kind chosen for the digest is not pushed (the digest is a letter); push off is skipped', () => {
		const base = { quiet: null, now: new Date(), minute: 600 };
		expect(routePush({ ...base, timing: 'digest', push: true }).action).toBe('skip');
		expect(routePush({ ...base, timing: 'now', push: false }).action).toBe('skip');
		expect(routePush({ ...base, timing: null, push: null }).action).toBe('send');
	});
});

describe('R-4.3.10 the weekly notice’s moment', () => {
	test.each([
		['2026-11-30', 9, '2026-11-30'],
		['2026-11-30', 15, '2026-11-30'],
		['2026-11-30', 8, undefined],
		['2026-12-01', 9, undefined],
		['2026-11-29', 23, undefined]
	])('on %s at %i:00 the notice due is the one of Monday %s', (today, hour, monday) => {
		expect(weeklyNoticeDue(today, hour)).toBe(monday);
	});
});

describe('R-2.8 the daily risk check and the digest hour', () => {
	test.each([
		['2026-11-30', false],
		['2026-12-13', true],
		['2026-12-27', true],
		['2026-12-28', false],
		['2026-11-04', false]
	])('R-2.8: on %s the 2nd quarter (05.11–27.12) is checked within 14 days of its end: %s', (today, due) => {
		expect(riskCheckDue({ startsOn: '2026-11-05', endsOn: '2026-12-27' }, today, 14)).toBe(due);
	});
	test.each([
		['0', 0],
		['7', 7],
		[' 23 ', 23]
	])('R-2.8: the digest hour %o is %i', (value, hour) => expect(parseDigestHour(value)).toEqual({ ok: true, hour }));
	test.each(['24', '-1', '7.5', 'семь', '', undefined])('R-2.8: the digest hour %o is refused in Russian', (value) => {
		expect(parseDigestHour(value)).toEqual({ ok: false, reason: 'Час ежедневной сводки — целое число от 0 до 23 (по времени школы).' });
	});
});
