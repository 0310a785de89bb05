/**
 * Open and closed periods: period marks are due by the penultimate day of the period
 * (its marks_deadline); after that, or when the administrator closed it early, the period is
 * closed and nothing in it changes, unless the administrator reopened it until a date for a
 * named reason. Also which periods are a grade's and which of them is current. Pure: the server
 * reads the rows and today's date, this decides.
 */
import { formatDate, isIsoDate } from './dates.ts';

/** What the state of a period is decided from (dates as YYYY-MM-DD). */
export interface PeriodDates {
	name: string;
	startsOn: string;
	endsOn: string;
	/** the last day period marks may be set, the penultimate day of the period. */
	marksDeadline: string;
	/** The day the administrator closed it early, or null. */
	closedOn: string | null;
	/** Reopened by the administrator up to and including this day, or null. */
	reopenedUntil: string | null;
	/** Why it was reopened (required with reopenedUntil). */
	reopenReason: string | null;
}

/** A period of the school year and the grades it is for (quarters for 1–9, halves for 10–11 in the demo). */
export interface Period extends PeriodDates {
	id: number;
	/** The lowest grade the period is for. */
	gradeFrom: number;
	/** The highest grade the period is for. */
	gradeTo: number;
}

/** The periods of a grade in the year, in order (quarters for 1–9, halves for 10–11 in the demo). */
export function periodsOfGrade<P extends Pick<Period, 'gradeFrom' | 'gradeTo' | 'startsOn'>>(periods: readonly P[], grade: number): P[] {
	return periods.filter((p) => grade >= p.gradeFrom && grade <= p.gradeTo).sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

/** The period containing today, else the last one begun before it (as the diary picks it); the periods in order. */
export function currentPeriod<P extends Pick<PeriodDates, 'startsOn'>>(periods: readonly P[], today: string): P | undefined {
	return periods.filter((p) => p.startsOn <= today).at(-1);
}

/** Open (with why, for the admin page) or closed with the reason a teacher reads. */
/** How a school divides its year. */
export type PeriodKind = 'quarter' | 'trimester' | 'half';

/** A period as a school plans it, before it is stored: a quarter, trimester or half-year of a range of grades. */
export interface PeriodPlan {
	kind: PeriodKind;
	ordinal: number;
	name: string;
	startsOn: string;
	endsOn: string;
	/** the last day period marks may be set. */
	marksDeadline: string;
	gradeFrom: number;
	gradeTo: number;
}

export type PeriodState =
	| { open: true; reopened: boolean; reason: string }
	| { open: false; closedOn: string; byAdmin: boolean; reason: string };

/** Every message about periods, in one place for review (X-RU). */
export const PERIOD_MESSAGES = {
	closedByDeadline: (name: string, deadline: string) =>
		`Период «${name}» закрыт ${formatDate(deadline)} (срок выставления отметок): изменения не принимаются.`,
	closedByAdmin: (name: string, day: string) => `Период «${name}» закрыт администратором ${formatDate(day)}: изменения не принимаются.`,
	reopened: (until: string, reason: string) => `Открыт до ${formatDate(until)} включительно: ${reason}`,
	open: (deadline: string) => `Открыт; отметки за период — до ${formatDate(deadline)} включительно.`,
	reasonRequired: 'Укажите причину, по которой период открывается снова.',
	reasonTooLong: 'Причина длиннее 500 символов.',
	untilDate: 'Укажите дату, до которой период открыт, в формате ГГГГ-ММ-ДД.',
	untilPast: 'Дата, до которой период открыт, не может быть раньше сегодняшней.',
	periodNotFound: 'Период не найден.',
	alreadyClosed: 'Период уже закрыт.'
} as const;

/** is the period open today, and if not, why (in Russian). */
export function periodState(period: PeriodDates, today: string): PeriodState {
	if (period.reopenedUntil !== null && period.reopenedUntil >= today)
		return { open: true, reopened: true, reason: PERIOD_MESSAGES.reopened(period.reopenedUntil, period.reopenReason ?? '') };
	if (period.closedOn !== null)
		return { open: false, closedOn: period.closedOn, byAdmin: true, reason: PERIOD_MESSAGES.closedByAdmin(period.name, period.closedOn) };
	if (today > period.marksDeadline)
		return { open: false, closedOn: period.marksDeadline, byAdmin: false, reason: PERIOD_MESSAGES.closedByDeadline(period.name, period.marksDeadline) };
	return { open: true, reopened: false, reason: PERIOD_MESSAGES.open(period.marksDeadline) };
}

/** The reason the first closed period among those containing a date refuses edits, or null when none does. */
export function closedReason(periods: readonly PeriodDates[], today: string): string | null {
	for (const period of periods) {
		const state = periodState(period, today);
		if (!state.open) return state.reason;
	}
	return null;
}

/** A checked reopening: until which day and why. */
export type ReopenResult = { ok: true; until: string; reason: string } | { ok: false; reason: string };

/** Checks the administrator's reopen form: a date not before today and a non-empty reason. */
export function checkReopen(input: { until?: unknown; reason?: unknown }, today: string): ReopenResult {
	const until = typeof input.until === 'string' ? input.until.trim() : '';
	if (!isIsoDate(until)) return { ok: false, reason: PERIOD_MESSAGES.untilDate };
	if (until < today) return { ok: false, reason: PERIOD_MESSAGES.untilPast };
	const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
	if (!reason) return { ok: false, reason: PERIOD_MESSAGES.reasonRequired };
	if (reason.length > 500) return { ok: false, reason: PERIOD_MESSAGES.reasonTooLong };
	return { ok: true, until, reason };
}
