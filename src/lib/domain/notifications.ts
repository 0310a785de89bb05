/**
 * Notifications as rules (R-2.8, R-4.3.10): the kinds of events a person hears of, each person's
 * choices (e-mail and push on or off; at once, in a daily digest or never; quiet hours at night),
 * what the deliverer does with a letter given those choices and the time, and the words of the
 * journal's events (a mark, a period mark, homework, a missed lesson, a risk for the period).
 * No I/O.
 */
import { addDays, formatDayMonth } from './dates.ts';
import { mondayOf } from './diary.ts';
import type { NotificationKind } from './messages.ts';

type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The kinds a person chooses for, in the order the settings page shows them, with their names. */
export const NOTIFICATION_KIND_NAMES: ReadonlyArray<{ kind: NotificationKind; name: string }> = [
	{ kind: 'mark', name: 'Оценки и оценки за период' },
	{ kind: 'homework', name: 'Домашние задания' },
	{ kind: 'absence', name: 'Пропуски без уважительной причины' },
	{ kind: 'risk', name: 'Риск «2» или «н/а» за период' },
	{ kind: 'message', name: 'Сообщения' },
	{ kind: 'announcement', name: 'Объявления' },
	{ kind: 'timetable', name: 'Изменения расписания' },
	{ kind: 'report', name: 'Жалобы на сообщения' }
];

/** When a person hears of a kind outside the product: at once, in the day's digest, or never. */
export type NotificationTiming = 'now' | 'digest' | 'off';

/** A person's choice for one kind of event (in the product it is always shown). */
export interface NotificationPreference {
	kind: NotificationKind;
	email: boolean;
	push: boolean;
	timing: NotificationTiming;
}

/** Quiet hours in the school's time zone: minutes after midnight; `from > to` spans midnight. */
export interface QuietHours {
	from: number;
	to: number;
}

/** What nobody chose: e-mail and push at once. */
export const DEFAULT_PREFERENCE: Omit<NotificationPreference, 'kind'> = { email: true, push: true, timing: 'now' };

/** The school's hour of the daily digest when it chose none. */
export const DEFAULT_DIGEST_HOUR = 18;

/** User-facing sentences of the notification settings (X-RU). */
export const NOTIFY_TEXT = {
	saved: 'Настройки уведомлений сохранены.',
	badTiming: 'Выберите, когда присылать уведомления: сразу, сводкой за день или не присылать.',
	badQuiet: 'Тихие часы укажите как ЧЧ:ММ — ЧЧ:ММ, например 22:00 и 07:00; начало и конец не должны совпадать.',
	skippedByChoice: 'получатель отключил этот канал в настройках'
} as const;

const TIMINGS: readonly NotificationTiming[] = ['now', 'digest', 'off'];

/** Reads «22:00» as minutes after midnight; undefined when it is not a time. */
export function parseClock(text: unknown): number | undefined {
	const match = typeof text === 'string' ? /^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$/.exec(text) : null;
	return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Minutes after midnight as «07:00». */
export function clockText(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The settings form as sent: per kind `<kind>.timing`, `<kind>.email`, `<kind>.push`; `quiet` on, `quietFrom`, `quietTo`. */
export type SettingsForm = Record<string, unknown>;

/** Checks the settings form: a timing for every kind, the two switches, and quiet hours when they are on. */
export function checkNotificationSettings(form: SettingsForm): Checked<{ preferences: NotificationPreference[]; quiet: QuietHours | null }> {
	const on = (value: unknown) => value === 'on' || value === 'true' || value === true;
	const preferences: NotificationPreference[] = [];
	for (const { kind } of NOTIFICATION_KIND_NAMES) {
		const timing = form[`${kind}.timing`] ?? DEFAULT_PREFERENCE.timing;
		if (!TIMINGS.includes(timing as NotificationTiming)) return { ok: false, reason: NOTIFY_TEXT.badTiming };
		preferences.push({ kind, timing: timing as NotificationTiming, email: on(form[`${kind}.email`]), push: on(form[`${kind}.push`]) });
	}
	if (!on(form.quiet)) return { ok: true, value: { preferences, quiet: null } };
	const from = parseClock(form.quietFrom);
	const to = parseClock(form.quietTo);
	if (from === undefined || to === undefined || from === to) return { ok: false, reason: NOTIFY_TEXT.badQuiet };
	return { ok: true, value: { preferences, quiet: { from, to } } };
}

/** The minute of the day (0–1439) of a moment in a time zone. */
export function minuteOfDayIn(timeZone: string, now: Date): number {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
	const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
	const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
	return (hour % 24) * 60 + minute;
}

/** Whether the minute of the day falls in the quiet hours (the end is not quiet). */
export function isQuiet(quiet: QuietHours | null, minute: number): boolean {
	if (!quiet) return false;
	return quiet.from < quiet.to ? minute >= quiet.from && minute < quiet.to : minute >= quiet.from || minute < quiet.to;
}

/** The moment (from `now`, whose minute of the day is `minute`) the clock next shows `target`; `now` itself when it does. */
export function nextClock(now: Date, minute: number, target: number): Date {
	const wait = (target - minute + 1440) % 1440;
	if (wait === 0) return now;
	const start = new Date(now);
	start.setUTCSeconds(0, 0);
	return new Date(start.getTime() + wait * 60_000);
}

/** What to do with one claimed letter: send it, skip it, or let it wait (for the quiet hours' end, or for the digest). */
export type LetterRoute = { action: 'send' } | { action: 'skip'; reason: string } | { action: 'wait'; until: Date; digest: boolean };

/**
 * Routes a claimed letter by its recipient's choices at `now` (whose minute of the day in the
 * school's zone is `minute`): a channel or kind turned off is skipped; a kind chosen for the digest
 * waits for the school's digest hour (unless it is already the digest being sent); in the quiet
 * hours it waits for their end — never dropped.
 */
export function routeLetter(r: {
	preference: Pick<NotificationPreference, 'timing' | 'email'> | undefined;
	quiet: QuietHours | null;
	now: Date;
	minute: number;
	digestHour: number;
	/** The letter is a digest being sent at its hour. */
	inDigest: boolean;
}): LetterRoute {
	const preference = r.preference ?? DEFAULT_PREFERENCE;
	if (preference.timing === 'off' || !preference.email) return { action: 'skip', reason: NOTIFY_TEXT.skippedByChoice };
	const digest = r.inDigest || preference.timing === 'digest';
	if (preference.timing === 'digest' && !r.inDigest) {
		const at = nextClock(r.now, r.minute, r.digestHour * 60);
		if (at.getTime() > r.now.getTime()) return { action: 'wait', until: at, digest: true };
	}
	if (isQuiet(r.quiet, r.minute)) return { action: 'wait', until: nextClock(r.now, r.minute, r.quiet!.to), digest };
	return { action: 'send' };
}

// ───────────────────────── the journal's events in words ─────────────────────────

/**
 * A journal event as its notification: the title and body for the first event, the title when
 * more events of the same topic joined it, the topic that joins them (none: never joined), and
 * whether a joining event replaces the body (a corrected period mark) or adds to it (another mark).
 */
export interface JournalNotice {
	kind: NotificationKind;
	title: string;
	titleMany: string;
	body: string;
	topic: string | null;
	replace: boolean;
	/** Where it leads: the pupil's diary at the week of the event. */
	link: string;
}

/** The pupil's diary at the week of a day. */
export function diaryLink(studentId: number, date: string): string {
	return `/diary/${studentId}?week=${mondayOf(date)}`;
}

/** A mark set or changed in a lesson's cell: «Оценка по алгебре: 5», body «27.11: 5 (было 4)»; marks of one save join. */
export function markNotice(r: { journalId: number; studentId: number; subject: string; date: string; marks: string; was: string | null }): JournalNotice {
	return {
		kind: 'mark',
		title: `Оценка по предмету «${r.subject}»: ${r.marks}`,
		titleMany: `Новые оценки по предмету «${r.subject}»`,
		body: `${formatDayMonth(r.date)}: ${r.marks}${r.was ? ` (было ${r.was})` : ''}`,
		topic: `mark:${r.journalId}:${r.studentId}`,
		replace: false,
		link: diaryLink(r.studentId, r.date)
	};
}

/** A lesson missed without a valid reason; the lessons of one day join: «Пропуск без уважительной причины, 27.11». */
export function absenceNotice(r: { studentId: number; subject: string; date: string; code: string }): JournalNotice {
	return {
		kind: 'absence',
		title: `Пропуск урока без уважительной причины, ${formatDayMonth(r.date)}`,
		titleMany: `Пропуски уроков без уважительной причины, ${formatDayMonth(r.date)}`,
		body: `${r.subject} («${r.code}»)`,
		topic: `absence:${r.studentId}:${r.date}`,
		replace: false,
		link: diaryLink(r.studentId, r.date)
	};
}

/** Homework given (or changed) at a lesson; a later change of the same lesson replaces it while unread. */
export function homeworkNotice(r: { lessonId: number; studentId: number; subject: string; date: string; homework: string }): JournalNotice {
	const flat = r.homework.replace(/\s+/g, ' ').trim();
	const title = `Домашнее задание по предмету «${r.subject}», ${formatDayMonth(r.date)}`;
	return {
		kind: 'homework',
		title,
		titleMany: title,
		body: flat.length > 140 ? `${flat.slice(0, 139)}…` : flat,
		topic: `homework:${r.lessonId}:${r.studentId}`,
		replace: true,
		link: diaryLink(r.studentId, r.date)
	};
}

/** A period, year, exam or final mark set; a correction replaces it while unread. */
export function periodMarkNotice(r: { journalId: number; studentId: number; subject: string; column: string; value: string; key: string; date: string }): JournalNotice {
	const title = `${r.column} по предмету «${r.subject}»: ${r.value}`;
	return { kind: 'mark', title, titleMany: title, body: '', topic: `period:${r.journalId}:${r.studentId}:${r.key}`, replace: true, link: diaryLink(r.studentId, r.date) };
}

/** The risk kinds: «2» (the marks suggest it) or «н/а» (too few marks as the deadline nears). */
export type PeriodRisk = '2' | 'н/а';

/** A pupil at risk for the period: told once while the risk lasts. */
export function riskNotice(r: { studentId: number; subject: string; period: string; risk: PeriodRisk; date: string; why: string }): JournalNotice {
	const title = `Риск «${r.risk}» по предмету «${r.subject}» за период «${r.period}»`;
	return { kind: 'risk', title, titleMany: title, body: r.why, topic: null, replace: true, link: diaryLink(r.studentId, r.date) };
}

/** The risk a pupil's period cell shows: «2» when the marks suggest a 2 (or below), «н/а» when the R-5.2 warning is up; none otherwise. */
export function periodRiskOf(cell: { suggestion: { mark: string; rule: string } | null } | undefined, scaleMin: number, warning: { text: string } | undefined): { risk: PeriodRisk; why: string } | null {
	const mark = cell?.suggestion?.mark;
	if (mark !== undefined && /^\d+$/.test(mark) && Number(mark) <= Math.max(2, scaleMin)) return { risk: '2', why: cell!.suggestion!.rule };
	if (warning) return { risk: 'н/а', why: warning.text };
	return null;
}

/** How many days before a period's end the daily risk check starts telling families (RISK_NOTICE_DAYS). */
export const DEFAULT_RISK_NOTICE_DAYS = 14;

/** The school hour from which the daily risk check runs (so families are not told at night). */
export const RISK_CHECK_HOUR = 9;

/** Whether the daily risk check looks at a period on `today`: begun, and ending within `days` days (its last day included). */
export function riskCheckDue(period: { startsOn: string; endsOn: string }, today: string, days: number): boolean {
	return period.startsOn <= today && today <= period.endsOn && addDays(today, days) >= period.endsOn;
}

/** The administrator's words about the hour of the daily digest (X-RU). */
export const DIGEST_HOUR_MESSAGES = {
	invalid: 'Час ежедневной сводки — целое число от 0 до 23 (по времени школы).',
	saved: 'Сохранено: час ежедневной сводки.'
} as const;

/** The school's hour of the daily digest from a form's field: a whole number 0–23 (school time). */
export function parseDigestHour(value: unknown): { ok: true; hour: number } | { ok: false; reason: string } {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!/^\d{1,2}$/.test(text) || Number(text) > 23) return { ok: false, reason: DIGEST_HOUR_MESSAGES.invalid };
	return { ok: true, hour: Number(text) };
}
