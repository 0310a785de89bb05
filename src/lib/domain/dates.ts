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

/** True when the text is a real calendar date written as YYYY-MM-DD (no 30 February). */
export function isIsoDate(text: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
	const date = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
