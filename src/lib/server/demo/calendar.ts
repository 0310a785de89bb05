/**
 * The demo school's calendar: which school year contains a date, its quarters and half-years,
 * its holidays and the school days on which lessons took place. Dates are 'YYYY-MM-DD' strings
 * computed in UTC, so the result never depends on the machine's time zone.
 */
import type { PeriodPlan } from '../../domain/periods.ts';

/** A period of the demo year before it is stored: quarters and half-years (R-5.3: marks are due by the penultimate day). */
export type PeriodDraft = PeriodPlan;

/** A holiday row: a break between periods or a public holiday. */
export interface HolidayDraft {
	name: string;
	startsOn: string;
	endsOn: string;
}

/** Everything the generator needs to know about the year's calendar. */
export interface SchoolCalendar {
	/** '2026/2027'. */
	name: string;
	startsOn: string;
	endsOn: string;
	periods: PeriodDraft[];
	holidays: HolidayDraft[];
	/** School days (Mon–Fri, inside a period, not a holiday) from the first one up to `today`. */
	schoolDays: string[];
}

const DAY_MS = 86_400_000;

/** Parses 'YYYY-MM-DD' strictly; throws on anything else (the CLI passes user input here). */
export function parseDate(text: string): Date {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : undefined;
	if (!date || formatDate(date) !== text) throw new Error(`Неверная дата «${text}»: нужен формат ГГГГ-ММ-ДД`);
	return date;
}

/** 'YYYY-MM-DD' of a UTC date. */
export function formatDate(date: Date): string {
	return date.toISOString().slice(0, 10);
}

/** The date `days` days after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
	return formatDate(new Date(parseDate(date).getTime() + days * DAY_MS));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
	return ((parseDate(date).getUTCDay() + 6) % 7) + 1;
}

/**
 * The school year that contains `today`. In the summer (June–August) it is the year that has
 * just ended, so a demo made in July still shows a full journal rather than an empty one.
 */
export function schoolCalendar(today: string): SchoolCalendar {
	const date = parseDate(today);
	const year = date.getUTCMonth() >= 8 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
	const next = year + 1;
	const d = (y: number, month: number, day: number) =>
		`${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
	const period = (
		kind: PeriodDraft['kind'],
		ordinal: number,
		name: string,
		startsOn: string,
		endsOn: string,
		gradeFrom: number,
		gradeTo: number
	): PeriodDraft => ({
		kind,
		ordinal,
		name,
		startsOn,
		endsOn,
		marksDeadline: addDays(endsOn, -1),
		gradeFrom,
		gradeTo
	});
	const periods = [
		period('quarter', 1, '1 четверть', d(year, 9, 1), d(year, 10, 24), 1, 9),
		period('quarter', 2, '2 четверть', d(year, 11, 5), d(year, 12, 27), 1, 9),
		period('quarter', 3, '3 четверть', d(next, 1, 12), d(next, 3, 20), 1, 9),
		period('quarter', 4, '4 четверть', d(next, 3, 30), d(next, 5, 26), 1, 9),
		period('half', 1, '1 полугодие', d(year, 9, 1), d(year, 12, 27), 10, 11),
		period('half', 2, '2 полугодие', d(next, 1, 12), d(next, 5, 26), 10, 11)
	];
	const holidays: HolidayDraft[] = [
		{ name: 'Осенние каникулы', startsOn: d(year, 10, 25), endsOn: d(year, 11, 4) },
		{ name: 'Зимние каникулы', startsOn: d(year, 12, 28), endsOn: d(next, 1, 11) },
		{ name: 'День защитника Отечества', startsOn: d(next, 2, 23), endsOn: d(next, 2, 23) },
		{ name: 'Международный женский день', startsOn: d(next, 3, 8), endsOn: d(next, 3, 8) },
		{ name: 'Весенние каникулы', startsOn: d(next, 3, 21), endsOn: d(next, 3, 29) },
		{ name: 'Праздник Весны и Труда', startsOn: d(next, 5, 1), endsOn: d(next, 5, 1) },
		{ name: 'День Победы', startsOn: d(next, 5, 9), endsOn: d(next, 5, 9) }
	];
	const startsOn = d(year, 9, 1);
	const lastLessonDay = d(next, 5, 26);
	const until = today < lastLessonDay ? today : lastLessonDay;
	const schoolDays: string[] = [];
	for (let day = startsOn; day <= until; day = addDays(day, 1)) {
		if (weekday(day) > 5) continue;
		if (holidays.some((h) => h.startsOn <= day && day <= h.endsOn)) continue;
		if (!periods.some((p) => p.startsOn <= day && day <= p.endsOn)) continue;
		schoolDays.push(day);
	}
	return { name: `${year}/${next}`, startsOn, endsOn: d(next, 5, 31), periods, holidays, schoolDays };
}
