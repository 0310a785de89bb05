/**
 * A school year as the administrator plans it: its dates, its periods (quarters, trimesters or
 * half-years, each scheme for a range of grades) with their marks deadlines, and its
 * holidays; and the plan of next year copied from this one. Pure: the server reads the other
 * years, these functions decide, with a reason in Russian.
 */
import { addDays, formatDate, isIsoDate } from './dates.ts';
import { checkHoliday, type Holiday, type HolidayInput } from './holidays.ts';
import type { PeriodKind, PeriodPlan } from './periods.ts';

/** How many periods each kind divides a year into, and how one is named. */
export const PERIOD_KINDS: Record<PeriodKind, { count: number; one: string; many: string }> = {
	quarter: { count: 4, one: 'четверть', many: 'четверти' },
	trimester: { count: 3, one: 'триместр', many: 'триместры' },
	half: { count: 2, one: 'полугодие', many: 'полугодия' }
};

/** The grades a school year's periods must cover. */
export const FIRST_GRADE = 1;
export const LAST_GRADE = 11;

/** The longest a school year may be (days from its first to its last day). */
export const MAX_YEAR_DAYS = 365;

/** A year's name from the calendar year it starts in: '2026/2027'. */
export function yearName(startsOn: string): string {
	const year = Number(startsOn.slice(0, 4));
	return `${year}/${year + 1}`;
}

/** The name of a period: '2 четверть'. */
export function periodName(kind: PeriodKind, ordinal: number): string {
	return `${ordinal} ${PERIOD_KINDS[kind].one}`;
}

/** The grades of a scheme as people write them: '1–9', '10'. */
export function gradesLabel(from: number, to: number): string {
	return from === to ? `${from}` : `${from}–${to}`;
}

/** Every message about planning a year, in one place for review (X-RU). */
export const YEAR_MESSAGES = {
	startDate: 'Укажите первый день учебного года в формате ГГГГ-ММ-ДД.',
	endDate: 'Укажите последний день учебного года в формате ГГГГ-ММ-ДД.',
	endBeforeStart: 'Последний день учебного года должен быть позже первого.',
	tooLong: 'Учебный год не может быть длиннее календарного.',
	nameTaken: (name: string) => `Учебный год ${name} уже есть.`,
	overlapsYear: (name: string, from: string, to: string) => `Даты пересекаются с учебным годом ${name} (${formatDate(from)} — ${formatDate(to)}).`,
	periodsRequired: 'Добавьте учебные периоды.',
	periodKind: 'Выберите, как делится год: четверти, триместры или полугодия.',
	grades: 'Классы схемы периодов — числа от 1 до 11, «с» не больше «по».',
	periodStart: (n: string) => `${n}: укажите первый день в формате ГГГГ-ММ-ДД.`,
	periodEnd: (n: string) => `${n}: укажите последний день в формате ГГГГ-ММ-ДД.`,
	periodDeadline: (n: string) => `${n}: укажите срок выставления отметок в формате ГГГГ-ММ-ДД.`,
	periodOrder: (n: string) => `${n}: последний день должен быть позже первого.`,
	periodOutsideYear: (n: string, from: string, to: string) => `${n}: период должен лежать в пределах учебного года ${formatDate(from)} — ${formatDate(to)}.`,
	deadlineOutside: (n: string) => `${n}: срок выставления отметок — не раньше первого и не позже последнего дня периода.`,
	mixedKinds: (grades: string) => `Для ${grades} классов выбраны разные виды периодов: у одной схемы один вид.`,
	gradesTwice: (grade: number) => `${grade} класс входит в две схемы периодов.`,
	gradesMissing: (grade: number) => `Для ${grade} класса не заданы учебные периоды.`,
	periodCount: (grades: string, kind: PeriodKind, given: number) =>
		`Для ${grades} классов нужно ${PERIOD_KINDS[kind].count} ${countWord(kind)}, указано ${given}.`,
	periodsOverlap: (a: string, b: string) => `«${b}» начинается раньше, чем кончается «${a}».`,
	firstNotAtStart: (grades: string, start: string) => `Первый период ${grades} классов должен начинаться в первый день учебного года, ${formatDate(start)}.`,
	gapNotHoliday: (a: string, b: string, from: string, to: string) =>
		`Дни между «${a}» и «${b}» (${formatDate(from)} — ${formatDate(to)}) не покрыты каникулами: добавьте каникулы или сдвиньте даты периодов.`,
	holiday: (name: string, reason: string) => (name ? `Каникулы «${name}»: ${reason}` : reason),
	yearNotFound: 'Учебный год не найден.',
	created: (name: string) => `Учебный год ${name} создан.`
} as const;

function countWord(kind: PeriodKind): string {
	return kind === 'quarter' ? 'четверти' : kind === 'trimester' ? 'триместра' : 'полугодия';
}

/** A period row of the form as the page sends it (any field may be missing or not text). */
export interface PeriodInput {
	kind?: unknown;
	gradeFrom?: unknown;
	gradeTo?: unknown;
	startsOn?: unknown;
	endsOn?: unknown;
	/** Empty: the penultimate day of the period. */
	marksDeadline?: unknown;
}

/** The year form: its dates, period rows and holiday rows; rows left wholly empty are skipped. */
export interface YearPlanInput {
	startsOn?: unknown;
	endsOn?: unknown;
	periods: readonly PeriodInput[];
	holidays: readonly HolidayInput[];
}

/** A year checked and ready to store. */
export interface YearPlan {
	name: string;
	startsOn: string;
	endsOn: string;
	periods: PeriodPlan[];
	holidays: Holiday[];
}

/** Another year of the school, which a new one must not overlap. */
export interface ExistingYear {
	name: string;
	startsOn: string;
	endsOn: string;
}

/** The checked plan, or the first reason it is refused. */
export type YearPlanResult = { ok: true; value: YearPlan } | { ok: false; reason: string };

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');
const isKind = (value: string): value is PeriodKind => value in PERIOD_KINDS;
const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

function grade(value: unknown): number | undefined {
	const t = text(value);
	if (!/^\d{1,2}$/.test(t)) return undefined;
	const n = Number(t);
	return n >= FIRST_GRADE && n <= LAST_GRADE ? n : undefined;
}

/**
 * Checks a year's plan. The year: real dates in order, at most a calendar year long, not
 * overlapping another year of the school (nor taking its name). The holidays: each as
 * `checkHoliday` checks it. The periods: every grade 1–11 in exactly one scheme (a range of grades
 * with one kind); each scheme has as many periods as its kind (4 quarters, 3 trimesters, 2
 * half-years), numbered in date order; each lies inside the year with its marks deadline inside
 * itself (R-5.3; the penultimate day when not given); the first starts on the year's first day,
 * none overlaps the next, and the days between two periods are holidays — so the periods cover
 * the year up to the last one's end.
 */
export function checkYearPlan(input: YearPlanInput, others: readonly ExistingYear[]): YearPlanResult {
	const refuse = (reason: string): YearPlanResult => ({ ok: false, reason });
	const startsOn = text(input.startsOn);
	const endsOn = text(input.endsOn);
	if (!isIsoDate(startsOn)) return refuse(YEAR_MESSAGES.startDate);
	if (!isIsoDate(endsOn)) return refuse(YEAR_MESSAGES.endDate);
	if (endsOn <= startsOn) return refuse(YEAR_MESSAGES.endBeforeStart);
	if (daysBetween(startsOn, endsOn) > MAX_YEAR_DAYS) return refuse(YEAR_MESSAGES.tooLong);
	const name = yearName(startsOn);
	const clash = others.find((y) => y.startsOn <= endsOn && startsOn <= y.endsOn);
	if (clash) return refuse(YEAR_MESSAGES.overlapsYear(clash.name, clash.startsOn, clash.endsOn));
	if (others.some((y) => y.name === name)) return refuse(YEAR_MESSAGES.nameTaken(name));

	const holidays: Holiday[] = [];
	for (const row of input.holidays) {
		if (!text(row.name) && !text(row.startsOn) && !text(row.endsOn)) continue;
		const checked = checkHoliday(row, { yearStartsOn: startsOn, yearEndsOn: endsOn }, holidays);
		if (!checked.ok) return refuse(YEAR_MESSAGES.holiday(text(row.name), checked.reason));
		holidays.push(checked.value);
	}
	holidays.sort((a, b) => a.startsOn.localeCompare(b.startsOn));

	// Rows grouped into schemes by their grades; a row's label until it has its number is its position.
	const schemes = new Map<string, { kind: PeriodKind; gradeFrom: number; gradeTo: number; rows: Array<{ startsOn: string; endsOn: string; marksDeadline: string }> }>();
	let position = 0;
	for (const row of input.periods) {
		if (!text(row.startsOn) && !text(row.endsOn) && !text(row.marksDeadline)) continue;
		position++;
		const kind = text(row.kind);
		if (!isKind(kind)) return refuse(YEAR_MESSAGES.periodKind);
		const gradeFrom = grade(row.gradeFrom);
		const gradeTo = grade(row.gradeTo);
		if (gradeFrom === undefined || gradeTo === undefined || gradeTo < gradeFrom) return refuse(YEAR_MESSAGES.grades);
		const label = `Период ${position} (${gradesLabel(gradeFrom, gradeTo)} кл.)`;
		const from = text(row.startsOn);
		const to = text(row.endsOn);
		if (!isIsoDate(from)) return refuse(YEAR_MESSAGES.periodStart(label));
		if (!isIsoDate(to)) return refuse(YEAR_MESSAGES.periodEnd(label));
		if (to <= from) return refuse(YEAR_MESSAGES.periodOrder(label));
		if (from < startsOn || to > endsOn) return refuse(YEAR_MESSAGES.periodOutsideYear(label, startsOn, endsOn));
		const deadline = text(row.marksDeadline) || addDays(to, -1);
		if (!isIsoDate(deadline)) return refuse(YEAR_MESSAGES.periodDeadline(label));
		if (deadline < from || deadline > to) return refuse(YEAR_MESSAGES.deadlineOutside(label));
		const key = `${gradeFrom}-${gradeTo}`;
		const scheme = schemes.get(key) ?? { kind, gradeFrom, gradeTo, rows: [] };
		if (scheme.kind !== kind) return refuse(YEAR_MESSAGES.mixedKinds(gradesLabel(gradeFrom, gradeTo)));
		scheme.rows.push({ startsOn: from, endsOn: to, marksDeadline: deadline });
		schemes.set(key, scheme);
	}
	if (schemes.size === 0) return refuse(YEAR_MESSAGES.periodsRequired);

	const owner = new Map<number, string>();
	for (const [key, scheme] of schemes)
		for (let g = scheme.gradeFrom; g <= scheme.gradeTo; g++) {
			if (owner.has(g)) return refuse(YEAR_MESSAGES.gradesTwice(g));
			owner.set(g, key);
		}
	for (let g = FIRST_GRADE; g <= LAST_GRADE; g++) if (!owner.has(g)) return refuse(YEAR_MESSAGES.gradesMissing(g));

	const periods: PeriodPlan[] = [];
	const ordered = [...schemes.values()].sort((a, b) => a.gradeFrom - b.gradeFrom);
	for (const scheme of ordered) {
		const grades = gradesLabel(scheme.gradeFrom, scheme.gradeTo);
		if (scheme.rows.length !== PERIOD_KINDS[scheme.kind].count) return refuse(YEAR_MESSAGES.periodCount(grades, scheme.kind, scheme.rows.length));
		const rows = [...scheme.rows].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
		const named = rows.map((row, i) => ({ ...row, ordinal: i + 1, name: periodName(scheme.kind, i + 1) }));
		if (named[0].startsOn !== startsOn) return refuse(YEAR_MESSAGES.firstNotAtStart(grades, startsOn));
		for (let i = 1; i < named.length; i++) {
			const [a, b] = [named[i - 1], named[i]];
			if (b.startsOn <= a.endsOn) return refuse(YEAR_MESSAGES.periodsOverlap(`${a.name}, ${grades} кл.`, `${b.name}, ${grades} кл.`));
			const gap = uncoveredBetween(a.endsOn, b.startsOn, holidays);
			if (gap) return refuse(YEAR_MESSAGES.gapNotHoliday(`${a.name}, ${grades} кл.`, `${b.name}, ${grades} кл.`, gap.from, gap.to));
		}
		for (const p of named) periods.push({ kind: scheme.kind, gradeFrom: scheme.gradeFrom, gradeTo: scheme.gradeTo, ...p });
	}
	return { ok: true, value: { name, startsOn, endsOn, periods, holidays } };
}

/** The first run of days strictly between two dates that no holiday covers, or undefined. */
function uncoveredBetween(after: string, before: string, holidays: readonly Holiday[]): { from: string; to: string } | undefined {
	let from: string | undefined;
	let to: string | undefined;
	for (let day = addDays(after, 1); day < before; day = addDays(day, 1)) {
		const covered = holidays.some((h) => h.startsOn <= day && day <= h.endsOn);
		if (!covered) {
			from ??= day;
			to = day;
		} else if (from) break;
	}
	return from && to ? { from, to } : undefined;
}

/** How a copied year's dates move: to the same weekdays (52 weeks on) or to the same dates of the next year. */
export type CopyMode = 'weekdays' | 'dates';

/** A year's plan as the form shows it: dates and rows, all text. */
export interface YearDraft {
	startsOn: string;
	endsOn: string;
	periods: Array<{ kind: PeriodKind; gradeFrom: number; gradeTo: number; startsOn: string; endsOn: string; marksDeadline: string }>;
	holidays: Holiday[];
}

/** The same date a calendar year later; 29 February becomes 28 February. */
export function nextYearDate(iso: string): string {
	const [y, m, d] = iso.split('-');
	const next = `${Number(y) + 1}-${m}-${d}`;
	return isIsoDate(next) ? next : `${Number(y) + 1}-${m}-28`;
}

const clamp = (day: string, min: string, max: string) => (day < min ? min : day > max ? max : day);

/**
 * Next year's plan from this year's, for the administrator to review. The year's own bounds move
 * to the same dates. With 'dates' every period and holiday does too; with 'weekdays' they move 52
 * weeks on (a Monday stays a Monday), kept inside the new year, and the first period of each
 * scheme starts on the year's first day again. One-day holidays are public holidays of a fixed
 * date (9 May): they keep their date in either way. Holidays that fall outside the year are left out.
 */
export function copyYearPlan(year: YearDraft, mode: CopyMode): YearDraft {
	const startsOn = nextYearDate(year.startsOn);
	const endsOn = nextYearDate(year.endsOn);
	const move = (day: string) => clamp(mode === 'dates' ? nextYearDate(day) : addDays(day, 364), startsOn, endsOn);
	const firstOfScheme = new Map<string, string>();
	for (const p of year.periods) {
		const key = `${p.gradeFrom}-${p.gradeTo}`;
		const first = firstOfScheme.get(key);
		if (first === undefined || p.startsOn < first) firstOfScheme.set(key, p.startsOn);
	}
	const periods = year.periods.map((p) => {
		const first = firstOfScheme.get(`${p.gradeFrom}-${p.gradeTo}`) === p.startsOn;
		const from = first ? startsOn : move(p.startsOn);
		const to = move(p.endsOn);
		return { ...p, startsOn: from, endsOn: to, marksDeadline: clamp(move(p.marksDeadline), from, to) };
	});
	const holidays = year.holidays
		.map((h) => (h.startsOn === h.endsOn ? { ...h, startsOn: nextYearDate(h.startsOn), endsOn: nextYearDate(h.endsOn) } : { ...h, startsOn: move(h.startsOn), endsOn: move(h.endsOn) }))
		.filter((h) => h.startsOn >= startsOn && h.endsOn <= endsOn && h.startsOn <= h.endsOn);
	return { startsOn, endsOn, periods, holidays };
}

/** A suggestion for a year nobody planned yet: 1 September to 31 May, quarters for 1–9 and half-years for 10–11, the usual breaks. */
export function usualYearDraft(startYear: number): YearDraft {
	const y = startYear;
	const n = startYear + 1;
	const period = (kind: PeriodKind, gradeFrom: number, gradeTo: number, startsOn: string, endsOn: string) => ({ kind, gradeFrom, gradeTo, startsOn, endsOn, marksDeadline: addDays(endsOn, -1) });
	return {
		startsOn: `${y}-09-01`,
		endsOn: `${n}-05-31`,
		periods: [
			period('quarter', 1, 9, `${y}-09-01`, `${y}-10-24`),
			period('quarter', 1, 9, `${y}-11-05`, `${y}-12-27`),
			period('quarter', 1, 9, `${n}-01-12`, `${n}-03-20`),
			period('quarter', 1, 9, `${n}-03-30`, `${n}-05-26`),
			period('half', 10, 11, `${y}-09-01`, `${y}-12-27`),
			period('half', 10, 11, `${n}-01-12`, `${n}-05-26`)
		],
		holidays: [
			{ name: 'Осенние каникулы', startsOn: `${y}-10-25`, endsOn: `${y}-11-04` },
			{ name: 'Зимние каникулы', startsOn: `${y}-12-28`, endsOn: `${n}-01-11` },
			{ name: 'Весенние каникулы', startsOn: `${n}-03-21`, endsOn: `${n}-03-29` },
			{ name: 'Праздник Весны и Труда', startsOn: `${n}-05-01`, endsOn: `${n}-05-01` },
			{ name: 'День Победы', startsOn: `${n}-05-09`, endsOn: `${n}-05-09` }
		]
	};
}
