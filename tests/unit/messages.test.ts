import { describe, expect, test } from 'vitest';
import { checkAnnouncement, checkMessage, checkSendRate, groupLabel, parseTarget, readStateLabel, SEND_LIMIT, subjectOf, targetValue, type MessageTarget } from '../../src/lib/domain/messages';

describe('R-2.9 a message holds a body of sensible length and a short subject', () => {
	test.each([
		[{ body: '  Здравствуйте!  ', subject: ' Собрание ' }, { ok: true, value: { body: 'Здравствуйте!', subject: 'Собрание' } }],
		[{ body: '   ' }, { ok: false, reason: 'Напишите текст сообщения.' }],
		[{ body: 'я'.repeat(5001) }, { ok: false, reason: expect.stringContaining('длиннее 5000') }],
		[{ body: 'Текст', subject: 'т'.repeat(201) }, { ok: false, reason: expect.stringContaining('Тема длиннее') }],
		[{ body: 42 }, { ok: false, reason: 'Напишите текст сообщения.' }]
	])('%o → %o', (input, expected) => expect(checkMessage(input)).toEqual(expected));

	test('without a subject the conversation is named by the start of its first line', () => {
		expect(subjectOf({ subject: '', body: 'Ваня завтра не придёт\nПо болезни' })).toBe('Ваня завтра не придёт');
		expect(subjectOf({ subject: '', body: 'а'.repeat(80) })).toHaveLength(58);
	});
});

describe('R-2.9 a sender is rate limited', () => {
	const now = new Date('2026-11-27T10:00:00Z');
	const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
	test(`${SEND_LIMIT - 1} sends in the window leave room for one more`, () => {
		expect(checkSendRate(Array.from({ length: SEND_LIMIT - 1 }, () => minutesAgo(1)), now)).toEqual({ ok: true });
	});
	test(`${SEND_LIMIT} sends in the window refuse the next, in Russian, until the oldest leaves the window`, () => {
		const sends = Array.from({ length: SEND_LIMIT }, (_, i) => minutesAgo(i < 1 ? 8 : 1));
		const refused = checkSendRate(sends, now);
		expect(refused).toEqual({ ok: false, retryAfter: 120, reason: 'Слишком много сообщений подряд: не больше 20 за 10 минут. Попробуйте через 2 минуты.' });
	});
	test('sends older than the window do not count', () => {
		expect(checkSendRate(Array.from({ length: SEND_LIMIT * 2 }, () => minutesAgo(11)), now)).toEqual({ ok: true });
	});
});

describe('R-4.3.4 whom a message goes to, as a form sends it', () => {
	const targets: MessageTarget[] = [
		{ kind: 'person', personId: 12 },
		{ kind: 'class_parents', classId: 3 },
		{ kind: 'class_students', classId: 3 },
		{ kind: 'grade_teachers', grade: 5 },
		{ kind: 'staff' }
	];
	test.each(targets)('%o reads back from its form value', (target) => expect(parseTarget(targetValue(target))).toEqual(target));
	test.each(['', 'person:0', 'person:x', 'teachers:12', 'parents:-1', 'all', 42])('%o is no target', (value) => expect(parseTarget(value)).toBeUndefined());
	test('groups read as the sender chose them, and read state as «прочитано N из M»', () => {
		expect(groupLabel({ kind: 'class_parents', classId: 3 }, '7А')).toBe('всем родителям 7А');
		expect(groupLabel({ kind: 'grade_teachers', grade: 5 })).toBe('учителям 5-х классов');
		expect(readStateLabel(18, 25)).toBe('прочитано 18 из 25');
		expect(readStateLabel(1, 1)).toBe('прочитано');
		expect(readStateLabel(0, 1)).toBe('не прочитано');
	});
});

describe('R-4.4.7 an announcement has a title, a body, an audience and a last day not in the past', () => {
	const today = '2026-11-27';
	const base = { title: 'Собрание', body: 'В четверг', families: 'on' };
	test('a valid one, with its last day typed the Russian way', () => {
		expect(checkAnnouncement({ ...base, pinned: 'on', until: '30.11.2026' }, today)).toEqual({
			ok: true,
			value: { title: 'Собрание', body: 'В четверг', audience: { families: true, students: false, staff: false }, pinned: true, until: '2026-11-30', from: null }
		});
	});
	test('R-4.4.7: shown from a later day («показывать с»), not after its last day; from today is now', () => {
		expect(checkAnnouncement({ ...base, from: '01.12.2026', until: '05.12.2026' }, today)).toMatchObject({ ok: true, value: { from: '2026-12-01', until: '2026-12-05' } });
		expect(checkAnnouncement({ ...base, from: '2026-12-05', until: '2026-12-05' }, today)).toMatchObject({ ok: true, value: { from: '2026-12-05' } });
		expect(checkAnnouncement({ ...base, from: today }, today)).toMatchObject({ ok: true, value: { from: null } });
	});
	test.each([
		[{ ...base, title: ' ' }, 'Напишите заголовок объявления.'],
		[{ ...base, body: '' }, 'Напишите текст объявления.'],
		[{ title: 'Собрание', body: 'В четверг' }, 'Выберите, для кого объявление: родители, ученики или сотрудники.'],
		[{ ...base, until: '2026-11-26' }, expect.stringContaining('не раньше сегодняшнего дня')],
		[{ ...base, until: '31.02.2026' }, expect.stringContaining('ДД.ММ.ГГГГ')],
		[{ ...base, from: '2026-11-26' }, expect.stringContaining('«показывать с» должна быть в формате ДД.ММ.ГГГГ и не раньше сегодняшнего дня')],
		[{ ...base, from: 'завтра' }, expect.stringContaining('«показывать с»')],
		[{ ...base, from: '2026-12-06', until: '2026-12-05' }, 'Дата «показывать с» должна быть не позже даты «показывать до».']
	])('%o is refused: %s', (input, reason) => expect(checkAnnouncement(input, today)).toEqual({ ok: false, reason }));
});
