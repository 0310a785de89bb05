/**
 * The thematic plan (календарно-тематическое планирование, R-4.4.4, R-2.2): a journal's numbered
 * list of topics, each with its hours, type of work, homework and, when the school plans by the
 * calendar, the date it is planned for. Laid onto the journal's lessons in their order, each topic
 * takes as many lessons as it has hours; its total is checked against the curriculum for the year;
 * progress compares the lessons given with the lessons planned to date. Pure: the server
 * reads the rows, these functions decide, with every message in Russian.
 */
import { addDays, formatDate, isIsoDate } from './dates.ts';
import { holidayOn, type Holiday } from './holidays.ts';
import { parseSchoolDate } from './people.ts';
import { pluralRu } from './plural.ts';

/** The most topics a plan holds. */
export const MAX_PLAN_ITEMS = 400;
/** The most hours one topic takes. */
export const MAX_TOPIC_HOURS = 40;
/** The longest topic and homework (characters). */
export const MAX_TOPIC_LENGTH = 500;
export const MAX_HOMEWORK_LENGTH = 1000;
/** The largest plan file accepted (bytes). */
export const MAX_PLAN_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Study weeks of a school year by grade, as the federal curriculum counts a year's hours: 33 in
 * the first grade, 34 in the others.
 */
export function studyWeeks(grade: number): number {
	return grade === 1 ? 33 : 34;
}

/** Every message about plans, in one place for review (X-RU). */
export const PLAN_MESSAGES = {
	empty: 'В плане нет ни одной темы.',
	tooMany: `В плане больше ${MAX_PLAN_ITEMS} тем.`,
	topic: (line: number) => `Строка ${line}: укажите тему.`,
	topicTooLong: (line: number) => `Строка ${line}: тема длиннее ${MAX_TOPIC_LENGTH} символов.`,
	homeworkTooLong: (line: number) => `Строка ${line}: домашнее задание длиннее ${MAX_HOMEWORK_LENGTH} символов.`,
	hours: (line: number) => `Строка ${line}: часы — целое число от 1 до ${MAX_TOPIC_HOURS}.`,
	date: (line: number) => `Строка ${line}: дата — в виде ДД.ММ.ГГГГ.`,
	dateOutsideYear: (line: number) => `Строка ${line}: дата вне учебного года.`,
	workType: (line: number, name: string) => `Строка ${line}: вида работы «${name}» в школе нет.`,
	noTopicColumn: 'В файле не найден столбец «Тема».',
	unreadable: 'Файл не прочитан: нужен XLSX или CSV (UTF-8 или Windows-1251).',
	noFile: 'Выберите файл плана.',
	tooLarge: 'Файл плана больше 2 МБ.',
	badRequest: 'План не прочитан: обновите страницу и попробуйте снова.',
	sourceNotFound: 'Журнал, из которого копируется план, не найден.',
	sourceMismatch: 'Копировать план можно из журнала того же предмета и той же параллели — этого или прошлого года.',
	sourceEmpty: 'В выбранном журнале плана нет.',
	sameJournal: 'Это план этого же журнала.',
	noPlan: 'У журнала нет тематического плана.'
} as const;

/** A type of work a plan may name: its id, code and name. */
export interface PlanWorkType {
	id: number;
	code: string;
	name: string;
}

/** One topic of a plan, checked. */
export interface PlanItem {
	/** 1, 2, 3… in the plan's order. */
	position: number;
	topic: string;
	hours: number;
	workTypeId: number | null;
	homework: string | null;
	/** The day the topic is planned for (YYYY-MM-DD), or null. */
	plannedOn: string | null;
}

/** A topic as typed in the grid or read from a file (every field untrusted text). */
export interface PlanItemInput {
	topic?: unknown;
	hours?: unknown;
	/** A type of work by its name or code, or its id. */
	workType?: unknown;
	homework?: unknown;
	plannedOn?: unknown;
}

type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const text = (value: unknown) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : typeof value === 'number' ? String(value) : '');
const key = (value: string) => value.toLocaleLowerCase('ru-RU').replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

/**
 * Checks a plan typed in the grid or read from a file, row by row (rows numbered from 1 as the
 * person sees them, or the file's own line numbers in `lines`): a topic, whole hours (1 when
 * left empty), a type of work of the school's, a date inside the school year. The first wrong
 * row refuses the whole plan; a plan is never half saved.
 */
export function checkPlan(
	rows: readonly PlanItemInput[],
	context: { year: { startsOn: string; endsOn: string }; workTypes: readonly PlanWorkType[] },
	lines?: readonly number[]
): Checked<PlanItem[]> {
	if (rows.length === 0) return { ok: false, reason: PLAN_MESSAGES.empty };
	if (rows.length > MAX_PLAN_ITEMS) return { ok: false, reason: PLAN_MESSAGES.tooMany };
	const items: PlanItem[] = [];
	for (const [i, row] of rows.entries()) {
		const line = lines?.[i] ?? i + 1;
		const topic = text(row.topic);
		if (!topic) return { ok: false, reason: PLAN_MESSAGES.topic(line) };
		if (topic.length > MAX_TOPIC_LENGTH) return { ok: false, reason: PLAN_MESSAGES.topicTooLong(line) };
		const hoursText = text(row.hours).replace(',', '.');
		const hours = hoursText === '' ? 1 : Number(hoursText);
		if (!Number.isInteger(hours) || hours < 1 || hours > MAX_TOPIC_HOURS) return { ok: false, reason: PLAN_MESSAGES.hours(line) };
		const homeworkText = typeof row.homework === 'string' ? row.homework.trim() : text(row.homework);
		if (homeworkText.length > MAX_HOMEWORK_LENGTH) return { ok: false, reason: PLAN_MESSAGES.homeworkTooLong(line) };
		const dateText = text(row.plannedOn);
		let plannedOn: string | null = null;
		if (dateText) {
			const iso = parseSchoolDate(dateText);
			if (!iso) return { ok: false, reason: PLAN_MESSAGES.date(line) };
			if (iso < context.year.startsOn || iso > context.year.endsOn) return { ok: false, reason: PLAN_MESSAGES.dateOutsideYear(line) };
			plannedOn = iso;
		}
		const workType = workTypeOf(row.workType, context.workTypes);
		if (workType === undefined) return { ok: false, reason: PLAN_MESSAGES.workType(line, text(row.workType)) };
		items.push({ position: i + 1, topic, hours, workTypeId: workType, homework: homeworkText || null, plannedOn });
	}
	return { ok: true, value: items };
}

// A type of work by id, code or name (case and «ё» aside); null when none is named, undefined when unknown.
function workTypeOf(value: unknown, workTypes: readonly PlanWorkType[]): number | null | undefined {
	if (typeof value === 'number') return workTypes.find((w) => w.id === value)?.id;
	const wanted = key(text(value));
	if (!wanted) return null;
	return workTypes.find((w) => key(w.name) === wanted || key(w.code) === wanted || String(w.id) === wanted)?.id;
}

/** The plan's total hours. */
export function planHours(items: readonly Pick<PlanItem, 'hours'>[]): number {
	return items.reduce((sum, item) => sum + item.hours, 0);
}

// ───────────────────────────── files ─────────────────────────────

/** The columns of a plan file: the field, the template's header, and headers schools' exports use. */
export const PLAN_COLUMNS: ReadonlyArray<{ field: keyof PlanItemInput | 'no'; header: string; aliases: string[] }> = [
	{ field: 'no', header: '№', aliases: ['номер', 'n', 'no', '№ п/п', 'номер урока', '№ урока'] },
	{ field: 'topic', header: 'Тема', aliases: ['тема урока', 'темы', 'название темы', 'тема занятия', 'раздел, тема'] },
	{ field: 'hours', header: 'Часы', aliases: ['часов', 'кол-во часов', 'количество часов', 'часы, ч'] },
	{ field: 'plannedOn', header: 'Дата', aliases: ['дата по плану', 'планируемая дата', 'дата проведения', 'сроки'] },
	{ field: 'workType', header: 'Вид работы', aliases: ['тип урока', 'вид контроля', 'форма контроля'] },
	{ field: 'homework', header: 'Домашнее задание', aliases: ['д/з', 'дз', 'домашнее задание'] }
];

const headerKey = (header: string) => key(header.replace(/^\uFEFF/, '')).replace(/[.:]+$/, '');

/**
 * The rows of a plan file (the table read from XLSX or CSV): the header row is the first of the
 * top twenty that has a «Тема» column (schools' exports put a title above it). When the file
 * numbers its topics, a row without a number is a section heading or a total and is skipped;
 * otherwise every row with a topic or hours is a topic. Returns the rows and each one's line in
 * the file, or why the file is not a plan.
 */
export function planRowsOf(table: readonly (readonly string[])[]): Checked<{ rows: PlanItemInput[]; lines: number[] }> {
	const names = new Map(PLAN_COLUMNS.map((c) => [c.field, [c.header, ...c.aliases].map(headerKey)]));
	const headerAt = table.slice(0, 20).findIndex((row) => row.some((cell) => names.get('topic')!.includes(headerKey(cell))));
	if (headerAt < 0) return { ok: false, reason: PLAN_MESSAGES.noTopicColumn };
	const headers = table[headerAt].map(headerKey);
	const index = new Map<string, number>();
	for (const [field, aliases] of names) {
		const at = headers.findIndex((h) => aliases.includes(h));
		if (at >= 0) index.set(field, at);
	}
	const cellOf = (r: number, field: string) => (index.has(field) ? (table[r][index.get(field)!] ?? '').trim() : '');
	const data = Array.from({ length: table.length - headerAt - 1 }, (_, i) => headerAt + 1 + i);
	const numbered = data.some((r) => /^\d+\.?$/.test(cellOf(r, 'no')));
	const rows: PlanItemInput[] = [];
	const lines: number[] = [];
	for (const r of data) {
		const cell = (field: string) => cellOf(r, field);
		if (!cell('topic') && !cell('hours')) continue;
		if (numbered && !cell('no')) continue;
		rows.push({ topic: cell('topic'), hours: cell('hours'), plannedOn: cell('plannedOn'), workType: cell('workType'), homework: cell('homework') });
		lines.push(r + 1);
	}
	if (rows.length === 0) return { ok: false, reason: PLAN_MESSAGES.empty };
	return { ok: true, value: { rows, lines } };
}

/** The plan template: its header row and two example rows. */
export function planTemplate(): string[][] {
	return [
		PLAN_COLUMNS.map((c) => c.header),
		['1', 'Натуральные числа и шкалы', '2', '01.09.2026', '', '§ 1, № 5, 7'],
		['2', 'Контрольная работа № 1', '1', '08.09.2026', 'Контрольная работа', '']
	];
}

/** A plan as a table for a file: the template's header row and one row per topic. */
export function planTable(items: readonly PlanItem[], workTypes: readonly PlanWorkType[]): string[][] {
	const typeName = new Map(workTypes.map((w) => [w.id, w.name]));
	return [
		PLAN_COLUMNS.map((c) => c.header),
		...items.map((item) => [
			String(item.position),
			item.topic,
			String(item.hours),
			item.plannedOn ? formatDate(item.plannedOn) : '',
			item.workTypeId === null ? '' : (typeName.get(item.workTypeId) ?? ''),
			item.homework ?? ''
		])
	];
}

// ───────────────────────────── laying onto lessons ─────────────────────────────

/** A lesson of the journal as the plan sees it (the journal's order: date, number). */
export interface PlanLesson {
	id: number;
	date: string;
	topic: string | null;
	homework: string | null;
	workTypeId: number | null;
	/** The topic the plan last wrote into the lesson (null: none): a different topic is the teacher's. */
	planTopic: string | null;
	/** The homework the plan last wrote, likewise. */
	planHomework: string | null;
}

/**
 * Which topic falls on each lesson: topics in order, each taking `hours` lessons in the journal's
 * order; a topic with a planned date starts no earlier than the first lesson on or after that
 * date (the lessons skipped get no topic). Lessons past the plan's end get none. Returns the
 * position of the topic per lesson id (null: none).
 */
export function layPlan(items: readonly PlanItem[], lessons: readonly Pick<PlanLesson, 'id' | 'date'>[]): Map<number, number | null> {
	const laid = new Map<number, number | null>(lessons.map((l) => [l.id, null]));
	let cursor = 0;
	for (const item of items) {
		if (item.plannedOn) while (cursor < lessons.length && lessons[cursor].date < item.plannedOn) cursor++;
		for (let hour = 0; hour < item.hours && cursor < lessons.length; hour++) laid.set(lessons[cursor++].id, item.position);
	}
	return laid;
}

/**
 * The journal's calendar for the plan: the dates of the lessons it holds, and after
 * today the dates the timetable gives (holidays already skipped) where the journal has no lesson
 * yet — a day keeps as many lessons as the more of the two says. Sorted; a date per lesson.
 */
export function planCalendar(lessonDates: readonly string[], scheduledDates: readonly string[]): string[] {
	const held = new Map<string, number>();
	for (const date of lessonDates) held.set(date, (held.get(date) ?? 0) + 1);
	const scheduled = new Map<string, number>();
	for (const date of scheduledDates) scheduled.set(date, (scheduled.get(date) ?? 0) + 1);
	const dates = [...lessonDates];
	for (const [date, count] of scheduled) for (let i = held.get(date) ?? 0; i < count; i++) dates.push(date);
	return dates.sort();
}

/**
 * The dates each topic falls on when the plan is laid onto the calendar (`layPlan` over its
 * dates): by topic position, the dates in order — the first is the topic's planned date.
 */
export function planDates(items: readonly PlanItem[], calendar: readonly string[]): Map<number, string[]> {
	const laid = layPlan(items, calendar.map((date, id) => ({ id, date })));
	const dates = new Map<number, string[]>();
	calendar.forEach((date, id) => {
		const position = laid.get(id);
		if (position != null) dates.set(position, [...(dates.get(position) ?? []), date]);
	});
	return dates;
}

/** What laying the plan changes in one lesson: its new topic, homework and type of work, and what the plan wrote. */
export interface LessonFill {
	lessonId: number;
	topic: string | null;
	homework: string | null;
	workTypeId: number | null;
	planTopic: string | null;
	planHomework: string | null;
}

/** True when the lesson's text is the teacher's: filled, and not what the plan wrote. */
const teachersOwn = (value: string | null, fromPlan: string | null) => value !== null && value.trim() !== '' && value !== fromPlan;

/**
 * The changes laying the plan makes (R-4.4.4: a lesson's topic comes from the plan unless the
 * teacher changed it): for each lesson whose topic is empty or still the plan's, the topic of
 * `layPlan` (none past the plan's end); homework likewise, where the plan has it; a type of work
 * only into a lesson without one (never changed or cleared: marks weigh what it weighs). A topic or
 * homework the teacher typed is never touched. Only lessons that change are returned.
 */
export function planFills(items: readonly PlanItem[], lessons: readonly PlanLesson[]): LessonFill[] {
	const laid = layPlan(items, lessons);
	const byPosition = new Map(items.map((item) => [item.position, item]));
	const fills: LessonFill[] = [];
	for (const lesson of lessons) {
		const position = laid.get(lesson.id);
		const item = position == null ? undefined : byPosition.get(position);
		const ownTopic = teachersOwn(lesson.topic, lesson.planTopic);
		const ownHomework = teachersOwn(lesson.homework, lesson.planHomework);
		const fill: LessonFill = {
			lessonId: lesson.id,
			topic: ownTopic ? lesson.topic : (item?.topic ?? null),
			planTopic: ownTopic ? lesson.planTopic : (item?.topic ?? null),
			homework: ownHomework ? lesson.homework : (item?.homework ?? null),
			planHomework: ownHomework ? lesson.planHomework : (item?.homework ?? null),
			workTypeId: lesson.workTypeId ?? item?.workTypeId ?? null
		};
		const same =
			fill.topic === lesson.topic &&
			fill.planTopic === lesson.planTopic &&
			fill.homework === lesson.homework &&
			fill.planHomework === lesson.planHomework &&
			fill.workTypeId === lesson.workTypeId;
		if (!same) fills.push(fill);
	}
	return fills;
}

// ───────────────────────────── hours and progress ─────────────────────────────

const hoursWord = (n: number) => `${n} ${pluralRu(n, ['час', 'часа', 'часов'])}`;
const lessonsWord = (n: number) => `${n} ${pluralRu(n, ['урок', 'урока', 'уроков'])}`;
const num = (n: number) => String(n).replace('.', ',');

/** The plan's hours against the curriculum for the year and the lessons in the journal. */
export interface HoursCheck {
	planHours: number;
	/** Lessons a week × study weeks, or null when the curriculum has no hours for the subject in the grade. */
	curriculumHours: number | null;
	/** Plan minus curriculum (negative: the plan is short), or null without a curriculum. */
	difference: number | null;
	/** The check in Russian. */
	text: string;
	/** The lessons in the journal for the year against the plan, in Russian (null when the journal has no lessons yet). */
	lessonsText: string | null;
	/** Lessons of the year by the timetable (those held, then those to come) minus the plan's hours, or null without a timetable. */
	scheduleDifference: number | null;
	/** That difference in Russian, or null without a timetable. */
	scheduleText: string | null;
}

/**
 * the plan's total hours against the curriculum (lessons a week of the subject in the
 * grade × the grade's study weeks), with the difference; against the lessons the journal holds
 * for the year (from the timetable or typed), when it holds any; and against the year's lessons by
 * the timetable (`scheduled`: those held, then those the timetable gives), when it has one.
 */
export function checkHours(input: { planHours: number; hoursPerWeek: number | null; grade: number; lessons: number; scheduled?: number | null }): HoursCheck {
	const { planHours: plan, hoursPerWeek, grade, lessons } = input;
	const scheduled = input.scheduled ?? null;
	const weeks = studyWeeks(grade);
	const curriculumHours = hoursPerWeek === null ? null : Math.round(hoursPerWeek * weeks);
	const difference = curriculumHours === null ? null : plan - curriculumHours;
	let text: string;
	if (curriculumHours === null) text = `В плане ${hoursWord(plan)}; в учебном плане школы нет часов по этому предмету в ${grade} классе.`;
	else {
		const basis = `по учебному плану ${hoursWord(curriculumHours)} (${num(hoursPerWeek!)} в неделю × ${weeks} ${pluralRu(weeks, ['неделя', 'недели', 'недель'])})`;
		if (difference === 0) text = `В плане ${hoursWord(plan)} — столько же, сколько ${basis}.`;
		else if (difference! < 0) text = `В плане ${hoursWord(plan)}, ${basis}: на ${hoursWord(-difference!)} меньше.`;
		else text = `В плане ${hoursWord(plan)}, ${basis}: на ${hoursWord(difference!)} больше.`;
	}
	let lessonsText: string | null = null;
	if (lessons > 0) {
		if (lessons === plan) lessonsText = `Уроков в журнале за год: ${lessons} — по одному на каждый час плана.`;
		else if (lessons < plan) lessonsText = `Уроков в журнале за год: ${lessons} — на ${hoursWord(plan - lessons)} плана уроков нет.`;
		else lessonsText = `Уроков в журнале за год: ${lessons} — ${lessonsWord(lessons - plan)} останутся без темы плана.`;
	}
	let scheduleText: string | null = null;
	if (scheduled !== null) {
		const base = `Уроков за год по расписанию: ${scheduled}`;
		if (scheduled === plan) scheduleText = `${base} — по одному на каждый час плана.`;
		else if (scheduled < plan) scheduleText = `${base} — на ${hoursWord(plan - scheduled)} меньше, чем в плане: последние темы не уместятся.`;
		else scheduleText = `${base} — на ${lessonsWord(scheduled - plan)} больше, чем часов в плане.`;
	}
	return { planHours: plan, curriculumHours, difference, text, lessonsText, scheduleDifference: scheduled === null ? null : scheduled - plan, scheduleText };
}

/** Progress through the programme to date. */
export interface PlanProgress {
	/** Lessons the plan expects by today. */
	planned: number;
	/** Lessons given by today (the journal's lessons up to and including today). */
	taught: number;
	/** taught − planned: negative is behind, positive ahead. */
	difference: number;
	/** For the teacher and the deputy: «отставание на 3 урока», «опережение на 1 урок», «по плану». */
	text: string;
	/** For families, in plain words. */
	familyText: string;
}

/** School days (Monday to Friday, holidays aside) from `from` to `to`, both included. */
function schoolDays(from: string, to: string, holidays: readonly Holiday[]): number {
	let count = 0;
	for (let date = from; date <= to; date = addDays(date, 1)) {
		const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
		if (weekday !== 0 && weekday !== 6 && !holidayOn(holidays, date)) count++;
	}
	return count;
}

/**
 * Lessons planned by `today`: with dates in the plan, the hours of every topic planned on or
 * before today (a topic without a date goes with the topic above it, the first ones from the
 * year's start); without dates, the curriculum's pace — lessons a week × school weeks gone (school
 * days ÷ 5, holidays aside), rounded down — never more than the plan holds. Null when neither a
 * date nor a pace is known.
 */
export function plannedByDate(
	items: readonly PlanItem[],
	input: { today: string; year: { startsOn: string; endsOn: string }; holidays: readonly Holiday[]; hoursPerWeek: number | null }
): number | null {
	const total = planHours(items);
	if (items.some((item) => item.plannedOn !== null)) {
		let date = input.year.startsOn;
		let planned = 0;
		for (const item of items) {
			date = item.plannedOn ?? date;
			if (date <= input.today) planned += item.hours;
		}
		return planned;
	}
	if (input.hoursPerWeek === null) return null;
	if (input.today < input.year.startsOn) return 0;
	const last = input.today < input.year.endsOn ? input.today : input.year.endsOn;
	const weeks = schoolDays(input.year.startsOn, last, input.holidays) / 5;
	return Math.min(total, Math.floor(weeks * input.hoursPerWeek + 1e-9));
}

/**
 * Progress through the programme: lessons given by today against lessons planned by today, in
 * words for staff («отставание на 3 урока») and for families («Класс отстаёт от программы на 3
 * урока»).
 */
export function planProgress(planned: number, lessonDates: readonly string[], today: string): PlanProgress {
	const taught = lessonDates.filter((date) => isIsoDate(date) && date <= today).length;
	const difference = taught - planned;
	const n = Math.abs(difference);
	if (difference === 0) return { planned, taught, difference, text: 'по плану', familyText: 'Класс идёт по программе без отставания.' };
	if (difference < 0)
		return { planned, taught, difference, text: `отставание на ${lessonsWord(n)}`, familyText: `Класс отстаёт от программы на ${lessonsWord(n)}.` };
	return { planned, taught, difference, text: `опережение на ${lessonsWord(n)}`, familyText: `Класс идёт с опережением программы на ${lessonsWord(n)}.` };
}
