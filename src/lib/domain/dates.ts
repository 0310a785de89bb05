/** School dates: 'YYYY-MM-DD' strings with no time zone; shown as ДД.ММ.ГГГГ (X-RU). */

/** Formats an ISO date as ДД.ММ.ГГГГ. */
export function formatDate(iso: string): string {
	const [year, month, day] = iso.slice(0, 10).split('-');
	return `${day}.${month}.${year}`;
}

/** Formats an ISO date as ДД.ММ (journal column headers). */
export function formatDayMonth(iso: string): string {
	const [, month, day] = iso.slice(0, 10).split('-');
	return `${day}.${month}`;
}

/** Today's date in the given time zone as 'YYYY-MM-DD'. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Adds days to an ISO date. */
export function addDays(iso: string, days: number): string {
	const date = new Date(`${iso}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
}

const WEEKDAYS = ['воскресенье', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота'];
/** The Russian name of the weekday of an ISO date. */
export function weekdayName(iso: string): string {
	return WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()];
}

/**
 * True when the text is a date of the calendar written as YYYY-MM-DD: 2026-02-30, 2026-13-01 and
 * the year 0000 are not (the database would refuse them with an error). Every date a person types
 * is checked with this one function before it reaches a query.
 */
export function isIsoDate(text: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	// Date.UTC(year, …) would take years 0–99 as 1900–1999; setUTCFullYear keeps them as written.
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
