/**
 * Messages, announcements and notifications as rules:
 * what a message and an announcement must hold, whom a group message reaches, how fast one person
 * may send, and how read state reads. No I/O; who may write to whom is the policy's.
 */
import { pluralRu } from './plural.ts';

type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The longest subject and body of a message, and of an announcement. */
export const MAX_SUBJECT_LENGTH = 200;
export const MAX_BODY_LENGTH = 5000;

/** At most this many files go with one message or announcement, together no larger than a lesson's one file may be. */
export const MAX_MESSAGE_FILES = 5;

/** at most this many sends (a group message is one send) per sender in the window. */
export const SEND_LIMIT = 20;
export const SEND_WINDOW_MINUTES = 10;

/** User-facing sentences of messages and announcements (X-RU). */
export const MESSAGES_TEXT = {
	bodyNeeded: 'Напишите текст сообщения.',
	bodyTooLong: `Сообщение длиннее ${MAX_BODY_LENGTH} знаков: сократите его.`,
	subjectTooLong: `Тема длиннее ${MAX_SUBJECT_LENGTH} знаков: сократите её.`,
	recipientNeeded: 'Выберите, кому написать.',
	recipientNotFound: 'Такого получателя в школе нет.',
	nobodyInGroup: 'В этой группе получателей никого нет.',
	conversationNotFound: 'Переписка не найдена.',
	titleNeeded: 'Напишите заголовок объявления.',
	titleTooLong: `Заголовок длиннее ${MAX_SUBJECT_LENGTH} знаков: сократите его.`,
	announcementBodyNeeded: 'Напишите текст объявления.',
	audienceNeeded: 'Выберите, для кого объявление: родители, ученики или сотрудники.',
	badDate: 'Дата «показывать до» должна быть в формате ДД.ММ.ГГГГ и не раньше сегодняшнего дня.',
	badFromDate: 'Дата «показывать с» должна быть в формате ДД.ММ.ГГГГ и не раньше сегодняшнего дня.',
	fromAfterUntil: 'Дата «показывать с» должна быть не позже даты «показывать до».',
	scheduled: (day: string) => `Объявление будет показано и разослано ${day}.`,
	scopeNotFound: 'Такого класса или группы нет.',
	sent: 'Сообщение отправлено.',
	blocked: 'Собеседник заблокирован: его сообщения вам больше не придут.',
	unblocked: 'Собеседник разблокирован.',
	reported: 'Жалоба отправлена администрации школы.',
	published: 'Объявление опубликовано.',
	tooManyFiles: `К одному сообщению можно приложить не больше ${MAX_MESSAGE_FILES} файлов.`,
	filesTooLarge: (mb: number) => `Файлы вместе больше ${mb} МБ: приложите меньше или отправьте их несколькими сообщениями.`,
	fileNotFound: 'Файл не найден.',
	sentAlready: 'Это уведомление уже отправлено.'
} as const;

/**
 * Checks the files going with a message or an announcement, by count and total size (each file's
 * kind is checked by its bytes where it is received). Empty file inputs (nothing chosen) don't count.
 */
export function checkMessageFiles(sizes: readonly number[], maxTotalBytes: number): { ok: true } | { ok: false; reason: string } {
	if (sizes.length > MAX_MESSAGE_FILES) return { ok: false, reason: MESSAGES_TEXT.tooManyFiles };
	const total = sizes.reduce((sum, size) => sum + size, 0);
	if (total > maxTotalBytes) return { ok: false, reason: MESSAGES_TEXT.filesTooLarge(Math.round(maxTotalBytes / 1024 / 1024)) };
	return { ok: true };
}

/** A message as written: subject (may be empty) and body. */
export interface MessageDraft {
	subject: string;
	body: string;
}

/** Checks a message: a body of 1…5000 characters, a subject of at most 200 (trimmed). */
export function checkMessage(input: { subject?: unknown; body?: unknown }): Checked<MessageDraft> {
	const body = typeof input.body === 'string' ? input.body.trim() : '';
	const subject = typeof input.subject === 'string' ? input.subject.trim() : '';
	if (!body) return { ok: false, reason: MESSAGES_TEXT.bodyNeeded };
	if (body.length > MAX_BODY_LENGTH) return { ok: false, reason: MESSAGES_TEXT.bodyTooLong };
	if (subject.length > MAX_SUBJECT_LENGTH) return { ok: false, reason: MESSAGES_TEXT.subjectTooLong };
	return { ok: true, value: { subject, body } };
}

/**
 * a sender is rate limited — at most SEND_LIMIT sends in SEND_WINDOW_MINUTES. Given the
 * times of the sender's sends in the window (any order), says whether one more may go now, and
 * if not, after how many seconds.
 */
export function checkSendRate(recentSends: readonly Date[], now: Date): { ok: true } | { ok: false; reason: string; retryAfter: number } {
	const windowMs = SEND_WINDOW_MINUTES * 60_000;
	const inWindow = recentSends.filter((at) => now.getTime() - at.getTime() < windowMs).sort((a, b) => a.getTime() - b.getTime());
	if (inWindow.length < SEND_LIMIT) return { ok: true };
	const freesAt = inWindow[inWindow.length - SEND_LIMIT].getTime() + windowMs;
	const retryAfter = Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000));
	const minutes = Math.max(1, Math.ceil(retryAfter / 60));
	return {
		ok: false,
		retryAfter,
		reason: `Слишком много сообщений подряд: не больше ${SEND_LIMIT} за ${SEND_WINDOW_MINUTES} минут. Попробуйте через ${minutes} ${pluralRu(minutes, ['минуту', 'минуты', 'минут'])}.`
	};
}

/** Whom a message goes to: one person, or a group that gets one conversation per person. */
export type MessageTarget =
	| { kind: 'person'; personId: number }
	/** Every parent of the class's pupils («всем родителям 7А»). */
	| { kind: 'class_parents'; classId: number }
	/** Every pupil of the class. */
	| { kind: 'class_students'; classId: number }
	/** Every teacher who teaches in a class of the grade («учителям 5-х классов»). */
	| { kind: 'grade_teachers'; grade: number }
	/** Every member of staff. */
	| { kind: 'staff' };

/** Reads a target as a form sends it: `person:12`, `parents:3`, `students:3`, `teachers:5`, `staff`. */
export function parseTarget(value: unknown): MessageTarget | undefined {
	if (typeof value !== 'string') return undefined;
	if (value === 'staff') return { kind: 'staff' };
	const match = /^(person|parents|students|teachers):([1-9]\d{0,9})$/.exec(value.trim());
	if (!match) return undefined;
	const id = Number(match[2]);
	if (!Number.isSafeInteger(id)) return undefined;
	switch (match[1]) {
		case 'person':
			return { kind: 'person', personId: id };
		case 'parents':
			return { kind: 'class_parents', classId: id };
		case 'students':
			return { kind: 'class_students', classId: id };
		default:
			return id >= 1 && id <= 11 ? { kind: 'grade_teachers', grade: id } : undefined;
	}
}

/** The form value of a target (the inverse of parseTarget). */
export function targetValue(target: MessageTarget): string {
	switch (target.kind) {
		case 'person':
			return `person:${target.personId}`;
		case 'class_parents':
			return `parents:${target.classId}`;
		case 'class_students':
			return `students:${target.classId}`;
		case 'grade_teachers':
			return `teachers:${target.grade}`;
		case 'staff':
			return 'staff';
	}
}

/** A group target in words, as its sender and the read state show it («всем родителям 7А»). */
export function groupLabel(target: Exclude<MessageTarget, { kind: 'person' }>, className = ''): string {
	switch (target.kind) {
		case 'class_parents':
			return `всем родителям ${className}`;
		case 'class_students':
			return `всем ученикам ${className}`;
		case 'grade_teachers':
			return `учителям ${target.grade}-х классов`;
		case 'staff':
			return 'всем сотрудникам';
	}
}

/** «прочитано 18 из 25». */
export function readStateLabel(read: number, total: number): string {
	return total === 1 ? (read === 1 ? 'прочитано' : 'не прочитано') : `прочитано ${read} из ${total}`;
}

/** The subject a conversation shows: its own, else the start of its first message. */
export function subjectOf(draft: MessageDraft): string {
	if (draft.subject) return draft.subject;
	const line = draft.body.split('\n')[0].trim();
	return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** For whom an announcement is. */
export interface Audience {
	families: boolean;
	students: boolean;
	staff: boolean;
}

/** An announcement as written. */
export interface AnnouncementDraft {
	title: string;
	body: string;
	audience: Audience;
	pinned: boolean;
	/** The last day it is shown (YYYY-MM-DD), or null for always. */
	until: string | null;
	/** The first day it is shown and its readers are notified (YYYY-MM-DD, after today), or null for now. */
	from: string | null;
}

const truthy = (value: unknown) => value === true || value === 'on' || value === '1' || value === 'true';

/** Reads «ДД.ММ.ГГГГ» or «ГГГГ-ММ-ДД» as YYYY-MM-DD, or undefined. */
function parseDay(value: string): string | undefined {
	const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
	if (!iso) return undefined;
	const [y, m, d] = value.includes('-') ? [iso[1], iso[2], iso[3]] : [iso[3], iso[2], iso[1]];
	const day = `${y}-${m}-${d}`;
	const parsed = new Date(`${day}T00:00:00Z`);
	return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? undefined : day;
}

/** Checks an announcement: a title, a body, at least one audience, a last day not before today. */
export function checkAnnouncement(
	input: { title?: unknown; body?: unknown; families?: unknown; students?: unknown; staff?: unknown; pinned?: unknown; until?: unknown; from?: unknown },
	today: string
): Checked<AnnouncementDraft> {
	const title = typeof input.title === 'string' ? input.title.trim() : '';
	const body = typeof input.body === 'string' ? input.body.trim() : '';
	if (!title) return { ok: false, reason: MESSAGES_TEXT.titleNeeded };
	if (title.length > MAX_SUBJECT_LENGTH) return { ok: false, reason: MESSAGES_TEXT.titleTooLong };
	if (!body) return { ok: false, reason: MESSAGES_TEXT.announcementBodyNeeded };
	if (body.length > MAX_BODY_LENGTH) return { ok: false, reason: MESSAGES_TEXT.bodyTooLong };
	const audience = { families: truthy(input.families), students: truthy(input.students), staff: truthy(input.staff) };
	if (!audience.families && !audience.students && !audience.staff) return { ok: false, reason: MESSAGES_TEXT.audienceNeeded };
	let until: string | null = null;
	const typed = typeof input.until === 'string' ? input.until.trim() : '';
	if (typed) {
		const day = parseDay(typed);
		if (!day || day < today) return { ok: false, reason: MESSAGES_TEXT.badDate };
		until = day;
	}
	let from: string | null = null;
	const typedFrom = typeof input.from === 'string' ? input.from.trim() : '';
	if (typedFrom) {
		const day = parseDay(typedFrom);
		if (!day || day < today) return { ok: false, reason: MESSAGES_TEXT.badFromDate };
		if (until !== null && until < day) return { ok: false, reason: MESSAGES_TEXT.fromAfterUntil };
		// Today is now: only a later day waits.
		from = day > today ? day : null;
	}
	return { ok: true, value: { title, body, audience, pinned: truthy(input.pinned), until, from } };
}

/** The kinds of in-product notification. */
export type NotificationKind = 'message' | 'announcement' | 'report' | 'timetable' | 'mark' | 'homework' | 'absence' | 'risk';

/** The longest body a notification carries (the start of the message). */
export const NOTIFICATION_PREVIEW = 140;

/** The start of a text for a notification's body. */
export function previewOf(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > NOTIFICATION_PREVIEW ? `${flat.slice(0, NOTIFICATION_PREVIEW - 1)}…` : flat;
}
