/**
 * Holidays of a school year: school breaks (каникулы) and public holidays, days without lessons.
 * The administrator keeps them on the periods page; lessons are not put on them. Pure: the server
 * reads the year and its holidays, these functions decide, with a reason in Russian.
 */
import { formatDate, isIsoDate } from './dates.ts';
import { pluralRu } from './plural.ts';

/** A holiday's dates (YYYY-MM-DD, both days included) and name. */
export interface Holiday {
	name: string;
	startsOn: string;
	endsOn: string;
}

/** The school year a holiday must lie in. */
export interface HolidayYear {
	yearStartsOn: string;
	yearEndsOn: string;
}

/** The longest holiday name (characters). */
export const MAX_HOLIDAY_NAME_LENGTH = 100;

/** Every message about holidays, in one place for review (X-RU). */
export const HOLIDAY_MESSAGES = {
	nameRequired: 'Укажите название каникул или праздника.',
	nameTooLong: `Название длиннее ${MAX_HOLIDAY_NAME_LENGTH} символов.`,
	startDate: 'Укажите первый день в формате ГГГГ-ММ-ДД.',
	endDate: 'Укажите последний день в формате ГГГГ-ММ-ДД.',
	endBeforeStart: 'Последний день не может быть раньше первого.',
	outsideYear: (from: string, to: string) => `Каникулы должны быть в пределах учебного года: ${formatDate(from)} — ${formatDate(to)}.`,
	overlaps: (other: Holiday) =>
		`Эти дни пересекаются с «${other.name}» (${formatDate(other.startsOn)} — ${formatDate(other.endsOn)}).`,
	lessonsInside: (count: number) => `На эти дни уже есть уроки: ${count}. Сначала перенесите их.`,
	notFound: 'Каникулы не найдены.',
	yearNotFound: 'Учебный год не найден.',
	added: (h: Holiday) => `Добавлено: «${h.name}», ${formatDate(h.startsOn)} — ${formatDate(h.endsOn)}.`,
	updated: (h: Holiday) => `Сохранено: «${h.name}», ${formatDate(h.startsOn)} — ${formatDate(h.endsOn)}.`,
	deleted: (h: Holiday) => `Удалено: «${h.name}», ${formatDate(h.startsOn)} — ${formatDate(h.endsOn)}.`,
	days: (count: number) => `${count} ${pluralRu(count, ['день', 'дня', 'дней'])}`
} as const;

/** The holiday form as the page sends it (fields may be missing or not text). */
export interface HolidayInput {
	name?: unknown;
	startsOn?: unknown;
	endsOn?: unknown;
}

/** A checked holiday, or the reason in Russian. */
export type HolidayResult = { ok: true; value: Holiday } | { ok: false; reason: string };

/**
 * Checks a holiday: a name (trimmed, at most 100 characters), real first and last days in order,
 * inside the school year, not overlapping any of `others` (pass the year's holidays without the
 * one being changed).
 */
export function checkHoliday(input: HolidayInput, year: HolidayYear, others: readonly Holiday[]): HolidayResult {
	const name = typeof input.name === 'string' ? input.name.trim() : '';
	if (!name) return { ok: false, reason: HOLIDAY_MESSAGES.nameRequired };
	if (name.length > MAX_HOLIDAY_NAME_LENGTH) return { ok: false, reason: HOLIDAY_MESSAGES.nameTooLong };
	const startsOn = typeof input.startsOn === 'string' ? input.startsOn.trim() : '';
	if (!isIsoDate(startsOn)) return { ok: false, reason: HOLIDAY_MESSAGES.startDate };
	const endsOn = typeof input.endsOn === 'string' ? input.endsOn.trim() : '';
	if (!isIsoDate(endsOn)) return { ok: false, reason: HOLIDAY_MESSAGES.endDate };
	if (endsOn < startsOn) return { ok: false, reason: HOLIDAY_MESSAGES.endBeforeStart };
	if (startsOn < year.yearStartsOn || endsOn > year.yearEndsOn) return { ok: false, reason: HOLIDAY_MESSAGES.outsideYear(year.yearStartsOn, year.yearEndsOn) };
	const other = others.find((h) => h.startsOn <= endsOn && startsOn <= h.endsOn);
	if (other) return { ok: false, reason: HOLIDAY_MESSAGES.overlaps(other) };
	return { ok: true, value: { name, startsOn, endsOn } };
}

/** The holiday that contains the date (YYYY-MM-DD), or undefined. */
export function holidayOn<H extends Holiday>(holidays: readonly H[], date: string): H | undefined {
	return holidays.find((h) => h.startsOn <= date && date <= h.endsOn);
}

/** How many days a holiday lasts, both ends included. */
export function holidayDays(holiday: Holiday): number {
	const ms = Date.parse(`${holiday.endsOn}T00:00:00Z`) - Date.parse(`${holiday.startsOn}T00:00:00Z`);
	return Math.round(ms / 86_400_000) + 1;
}
