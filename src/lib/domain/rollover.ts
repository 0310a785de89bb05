/**
 * The end of a school year (перевод в следующий класс): each class of the year moves up a grade in
 * the next year with the same letter (7А → 8А) and its pupils, subgroups and teaching load; the
 * last grade graduates; the old year is then closed for writing and stays readable. Pure: the
 * server reads the years and classes, this decides what happens or says in Russian why not.
 */

/** A class of the year that ends. */
export interface EndingClass {
	classId: number;
	grade: number;
	letter: string;
}

/** A year as the rollover needs it. */
export interface RolloverYear {
	id: number;
	name: string;
	startsOn: string;
	endsOn: string;
	/** When it was closed by a rollover, if it was. */
	closed: boolean;
	/** Its classes. */
	classes: readonly EndingClass[];
}

/** What the administrator asks: from which year into which, and which grade is the last. */
export interface RolloverInput {
	fromYearId: unknown;
	toYearId: unknown;
	lastGrade: unknown;
}

/** The decided rollover: classes that move up (and into what), classes that graduate. */
export interface RolloverPlan {
	from: RolloverYear;
	to: RolloverYear;
	lastGrade: number;
	promote: Array<{ from: EndingClass; grade: number; letter: string }>;
	graduate: EndingClass[];
}

/** The grades a school may end with: 9 (основная школа) or 11 (средняя). */
export const LAST_GRADES = [9, 11] as const;

/** Every message of the rollover (X-RU). */
export const ROLLOVER_MESSAGES = {
	fromYear: 'Выберите учебный год, который закончился.',
	toYear: 'Выберите следующий учебный год: сначала создайте его с четвертями.',
	sameYear: 'Следующий год должен быть другим.',
	order: (from: string, to: string) => `Год ${to} должен начинаться после окончания года ${from}.`,
	closed: (name: string) => `Год ${name} уже закрыт: классы из него уже переведены.`,
	noClasses: (name: string) => `В году ${name} нет классов: переводить некого.`,
	lastGrade: 'Укажите последний класс школы: 9 или 11.',
	yearClosed: 'Этот учебный год закрыт после перевода классов: его периоды не открываются.',
	taken: (name: string, year: string) => `Класс ${name} в году ${year} уже есть: удалите его или переведите классы вручную.`,
	done: (from: string, to: string, promoted: number, graduated: number) =>
		`Классы переведены в ${to}: ${promoted} — в следующий класс, ${graduated} — выпуск. Год ${from} закрыт и доступен только для чтения. Проверьте нагрузку и подгруппы нового года.`
} as const;

/** The class's name as the school writes it: «8А». */
export const className = (grade: number, letter: string) => `${grade}${letter}`;

/** Decides the rollover from one year into the next, or says why not. */
export function planRollover(input: RolloverInput, years: readonly RolloverYear[]): { ok: true; value: RolloverPlan } | { ok: false; reason: string } {
	const from = years.find((y) => y.id === Number(input.fromYearId));
	if (!from) return { ok: false, reason: ROLLOVER_MESSAGES.fromYear };
	const to = years.find((y) => y.id === Number(input.toYearId));
	if (!to) return { ok: false, reason: ROLLOVER_MESSAGES.toYear };
	if (to.id === from.id) return { ok: false, reason: ROLLOVER_MESSAGES.sameYear };
	if (to.startsOn <= from.endsOn) return { ok: false, reason: ROLLOVER_MESSAGES.order(from.name, to.name) };
	if (from.closed) return { ok: false, reason: ROLLOVER_MESSAGES.closed(from.name) };
	const lastGrade = Number(input.lastGrade);
	if (!(LAST_GRADES as readonly number[]).includes(lastGrade)) return { ok: false, reason: ROLLOVER_MESSAGES.lastGrade };
	if (from.classes.length === 0) return { ok: false, reason: ROLLOVER_MESSAGES.noClasses(from.name) };
	const existing = new Set(to.classes.map((c) => className(c.grade, c.letter)));
	const ordered = [...from.classes].sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter, 'ru'));
	const promote: RolloverPlan['promote'] = [];
	const graduate: EndingClass[] = [];
	for (const klass of ordered) {
		if (klass.grade >= lastGrade) {
			graduate.push(klass);
			continue;
		}
		const name = className(klass.grade + 1, klass.letter);
		if (existing.has(name)) return { ok: false, reason: ROLLOVER_MESSAGES.taken(name, to.name) };
		promote.push({ from: klass, grade: klass.grade + 1, letter: klass.letter });
	}
	return { ok: true, value: { from, to, lastGrade, promote, graduate } };
}
