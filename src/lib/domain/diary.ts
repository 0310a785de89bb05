/**
 * The family diary's own rules (R-2.4, R-2.7, R-4.3.5): the school week a page shows, how many
 * lessons of a subject are still to come in a period, and an honest «what do I need» that knows
 * it. Pure: the server loads the rows and today's date.
 */
import { addDays } from './dates.ts';
import { holidayOn, type Holiday } from './holidays.ts';
import { pluralRu, type PluralForms } from './plural.ts';
import { roundAverage, type GradedMark, type GradingRules } from './grading.ts';

/** The Monday of the week the date falls in (ISO weeks: Monday first). */
export function mondayOf(date: string): string {
	const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
	return addDays(date, weekday === 0 ? -6 : 1 - weekday);
}

/** The school days of the week that starts on the Monday: Monday to Saturday. */
export function schoolWeek(monday: string): string[] {
	return [0, 1, 2, 3, 4, 5].map((d) => addDays(monday, d));
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday (the timetable's numbering). */
export function isoWeekday(date: string): number {
	const day = new Date(`${date}T00:00:00Z`).getUTCDay();
	return day === 0 ? 7 : day;
}

/** A weekly lesson of the timetable: its weekday (1–6) and the dates it holds. */
export interface WeeklySlot {
	weekday: number;
	validFrom: string;
	validTo: string | null;
}

/**
 * Lessons of a subject still to come after today up to the period's last day, from its weekly
 * timetable, leaving out holidays. Without a timetable, the lessons a week the curriculum gives
 * times the school weeks left (rounded down), so the answer never promises lessons that will not be.
 */
export function lessonsLeft(input: { today: string; endsOn: string; slots: readonly WeeklySlot[]; holidays: readonly Holiday[]; hoursPerWeek: number }): number {
	const { today, endsOn, slots, holidays } = input;
	if (endsOn <= today) return 0;
	if (slots.length === 0) {
		const days = (Date.parse(endsOn) - Date.parse(today)) / 86_400_000;
		return Math.floor((days / 7) * input.hoursPerWeek);
	}
	let count = 0;
	for (let date = addDays(today, 1); date <= endsOn; date = addDays(date, 1)) {
		if (holidayOn(holidays, date)) continue;
		const weekday = isoWeekday(date);
		count += slots.filter((s) => s.weekday === weekday && s.validFrom <= date && (s.validTo === null || date <= s.validTo)).length;
	}
	return count;
}

/** How one better mark can be reached, or why not. */
export interface Target {
	/** The period mark aimed at. */
	mark: number;
	/** How many marks of `value` (weight 1, one per lesson) reach it; null when the lessons left are too few. */
	count: number | null;
	/** The value of those marks: the aimed mark itself, or the top of the scale when that alone is not enough. */
	value: number;
}

/** The answer to «what do I need» for one subject in one period. */
export interface Need {
	/** The mark the average gives now, or null without marks. */
	now: number | null;
	lessonsLeft: number;
	/** Each mark above today's, lowest first. */
	targets: Target[];
	/** The answer in Russian. */
	text: string;
}

/**
 * «What do I need» (R-2.7): for each period mark above the one the average gives now, the fewest
 * marks of that value — or, when those are not enough, of the top value — that lift the weighted
 * average to its threshold, if at most one mark of weight 1 (an answer in class) comes per lesson
 * left. Impossible is said plainly.
 */
export function whatIsNeeded(marks: readonly GradedMark[], left: number, rules: Pick<GradingRules, 'thresholds' | 'scale'>, periodWord = 'периода'): Need {
	const lessons = Math.max(0, Math.floor(left));
	const weights = marks.reduce((s, m) => s + m.weight, 0);
	const sum = marks.reduce((s, m) => s + m.value * m.weight, 0);
	const leftText = lessons === 0 ? `До конца ${periodWord} уроков не осталось` : `До конца ${periodWord} ${lessons} ${pluralRu(lessons, ['урок', 'урока', 'уроков'])}`;
	if (weights === 0) {
		return { now: null, lessonsLeft: lessons, targets: [], text: `Оценок пока нет. ${leftText}.` };
	}
	const now = roundAverage(sum / weights, rules);
	const top = rules.scale.max;
	// (sum + v·x) / (weights + x) ≥ from  ⇔  x ≥ (from·weights − sum) / (v − from), for v > from.
	const fewest = (from: number, value: number) => (value <= from ? Infinity : Math.max(1, Math.ceil((from * weights - sum) / (value - from) - 1e-9)));
	const targets: Target[] = rules.thresholds
		.filter((t) => t.mark > now)
		.sort((a, b) => a.mark - b.mark)
		.map((t) => {
			const own = fewest(t.from, t.mark);
			if (own <= lessons) return { mark: t.mark, count: own, value: t.mark };
			const best = fewest(t.from, top);
			return best <= lessons ? { mark: t.mark, count: best, value: top } : { mark: t.mark, count: null, value: top };
		});
	if (targets.length === 0) return { now, lessonsLeft: lessons, targets, text: `${leftText}. Выше ${now} подниматься некуда: главное — не опустить средний балл.` };
	const parts = [...targets].reverse().map((t) => (t.count === null ? `до ${t.mark} не дотянуть` : `до ${t.mark} — ${countOfMarks(t.count, t.value)}`));
	return { now, lessonsLeft: lessons, targets, text: `${leftText}: ${parts.join(', ')}.` };
}

const MARK_NOUNS: Record<number, PluralForms> = {
	5: ['пятёрка', 'пятёрки', 'пятёрок'],
	4: ['четвёрка', 'четвёрки', 'четвёрок'],
	3: ['тройка', 'тройки', 'троек'],
	2: ['двойка', 'двойки', 'двоек']
};
const FEMININE = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять', 'десять'];

/** «две четвёрки», «одна пятёрка», «12 оценок „10“». */
export function countOfMarks(count: number, value: number): string {
	const noun = MARK_NOUNS[value];
	if (!noun) return `${count} ${pluralRu(count, ['оценка', 'оценки', 'оценок'])} «${value}»`;
	return `${count < FEMININE.length ? FEMININE[count] : String(count)} ${pluralRu(count, noun)}`;
}

/** What the usual absence codes mean, for a family reading them (a school's own codes show as typed). */
export const ABSENCE_NAMES: Record<string, string> = {
	н: 'Отсутствовал',
	б: 'Болел',
	уп: 'Отсутствовал по уважительной причине',
	оп: 'Опоздал'
};

/** The next day after today with lessons: not a Sunday, not in a holiday (within a month; else the day after today). */
export function nextSchoolDay(today: string, holidays: readonly Holiday[]): string {
	for (let date = addDays(today, 1), i = 0; i < 31; date = addDays(date, 1), i++) {
		if (isoWeekday(date) !== 7 && !holidayOn(holidays, date)) return date;
	}
	return addDays(today, 1);
}

/**
 * The line under a pupil's week on paper (R-4.3.5): how many marks, and how many absences by code
 * («Оценок за неделю: 7. Пропусков: 2 (н — 1, б — 1).»); lessons are a week's, marks and absences the pupil's.
 */
export function weekSummary(lessons: ReadonlyArray<{ marks: readonly unknown[]; absence: string | null }>): string {
	const marks = lessons.reduce((sum, l) => sum + l.marks.length, 0);
	const byCode = new Map<string, number>();
	for (const l of lessons) if (l.absence) byCode.set(l.absence, (byCode.get(l.absence) ?? 0) + 1);
	const absences = [...byCode.values()].reduce((a, b) => a + b, 0);
	const marksText = marks ? `${marks} ${pluralRu(marks, ['оценка', 'оценки', 'оценок'])}` : 'оценок нет';
	const absencesText = absences ? `${absences} (${[...byCode].map(([code, n]) => `${code} — ${n}`).join(', ')})` : 'нет';
	return `За неделю: ${marksText}. Пропуски: ${absencesText}.`;
}
