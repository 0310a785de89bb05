import { describe, expect, test } from 'vitest';
import { checkHours, checkPlan, layPlan, planCalendar, planDates, planFills, planProgress, planRowsOf, plannedByDate, type PlanItem, type PlanLesson } from '../../src/lib/domain/plan';

const YEAR = { startsOn: '2026-09-01', endsOn: '2027-05-31' };
const WORK_TYPES = [
	{ id: 1, code: 'lesson', name: 'Работа на уроке' },
	{ id: 2, code: 'test', name: 'Контрольная работа' }
];
const item = (position: number, topic: string, hours = 1, extra: Partial<PlanItem> = {}): PlanItem => ({
	position,
	topic,
	hours,
	workTypeId: null,
	homework: null,
	plannedOn: null,
	...extra
});
const lesson = (id: number, date: string, extra: Partial<PlanLesson> = {}): PlanLesson => ({
	id,
	date,
	topic: null,
	homework: null,
	workTypeId: null,
	planTopic: null,
	planHomework: null,
	...extra
});

describe('R-4.4.4 a plan is checked row by row, refused whole at the first wrong row', () => {
	test('a typed plan: hours default to 1, dates as ДД.ММ.ГГГГ, a type of work by name', () => {
		const checked = checkPlan(
			[
				{ topic: '  Дроби  ', hours: '2', plannedOn: '02.09.2026', homework: '§ 1' },
				{ topic: 'Контрольная работа № 1', hours: '', workType: 'контрольная РАБОТА' }
			],
			{ year: YEAR, workTypes: WORK_TYPES }
		);
		expect(checked).toEqual({
			ok: true,
			value: [
				{ position: 1, topic: 'Дроби', hours: 2, workTypeId: null, homework: '§ 1', plannedOn: '2026-09-02' },
				{ position: 2, topic: 'Контрольная работа № 1', hours: 1, workTypeId: 2, homework: null, plannedOn: null }
			]
		});
	});

	test.each([
		[[{ topic: '' }], 'Строка 1: укажите тему.'],
		[[{ topic: 'А' }, { topic: 'Б', hours: '1,5' }], 'Строка 2: часы — целое число от 1 до 40.'],
		[[{ topic: 'А', hours: '0' }], 'Строка 1: часы — целое число от 1 до 40.'],
		[[{ topic: 'А', plannedOn: '31.02.2027' }], 'Строка 1: дата — в виде ДД.ММ.ГГГГ.'],
		[[{ topic: 'А', plannedOn: '01.07.2027' }], 'Строка 1: дата вне учебного года.'],
		[[{ topic: 'А', workType: 'Зачёт' }], 'Строка 1: вида работы «Зачёт» в школе нет.'],
		[[], 'В плане нет ни одной темы.']
	])('%j is refused: %s', (rows, reason) => {
		expect(checkPlan(rows, { year: YEAR, workTypes: WORK_TYPES })).toEqual({ ok: false, reason });
	});

	test('a row of a file is named by its line in the file', () => {
		expect(checkPlan([{ topic: 'А' }, { topic: '' }], { year: YEAR, workTypes: [] }, [5, 7])).toEqual({ ok: false, reason: 'Строка 7: укажите тему.' });
	});
});

describe('R-4.4.4 a school’s plan file: the header under a title, headings and totals skipped', () => {
	test('columns found by the names schools use; unnumbered headings and totals skipped', () => {
		const table = [
			['Календарно-тематическое планирование, математика, 5 класс'],
			[],
			['№ п/п', 'Тема урока', 'Кол-во часов', 'Дата проведения', 'Д/З'],
			['', 'Раздел 1. Натуральные числа', '3', '', ''],
			['1', 'Ряд натуральных чисел', '2', '01.09.2026', '§ 1'],
			['2.', 'Шкалы', '1', '', ''],
			['', 'Итого', '3', '', '']
		];
		expect(planRowsOf(table)).toEqual({
			ok: true,
			value: {
				rows: [
					{ topic: 'Ряд натуральных чисел', hours: '2', plannedOn: '01.09.2026', workType: '', homework: '§ 1' },
					{ topic: 'Шкалы', hours: '1', plannedOn: '', workType: '', homework: '' }
				],
				lines: [5, 6]
			}
		});
	});

	test('without numbers every row with a topic or hours counts; a file without a topic column is refused', () => {
		expect(planRowsOf([['Тема', 'Часы'], ['', ''], ['Введение', ''], ['Итого', '34']])).toMatchObject({ ok: true, value: { lines: [3, 4] } });
		expect(planRowsOf([['Фамилия', 'Имя']])).toEqual({ ok: false, reason: 'В файле не найден столбец «Тема».' });
	});
});

describe('R-4.4.4 the plan laid onto the journal’s lessons', () => {
	const lessons = [lesson(11, '2026-09-01'), lesson(12, '2026-09-03'), lesson(13, '2026-09-08'), lesson(14, '2026-09-10'), lesson(15, '2026-09-15')];

	test('each topic takes its hours in the lessons’ order; lessons past the plan get none', () => {
		const laid = layPlan([item(1, 'А', 2), item(2, 'Б', 1)], lessons);
		expect([...laid]).toEqual([
			[11, 1],
			[12, 1],
			[13, 2],
			[14, null],
			[15, null]
		]);
	});

	test('a topic with a date starts at the first lesson on or after it; the lessons skipped get none', () => {
		const laid = layPlan([item(1, 'А'), item(2, 'Б', 2, { plannedOn: '2026-09-08' })], lessons);
		expect([...laid]).toEqual([
			[11, 1],
			[12, null],
			[13, 2],
			[14, 2],
			[15, null]
		]);
	});

	test('a topic the teacher typed stays; an empty one and the plan’s earlier one take the plan’s', () => {
		const current = [
			lesson(11, '2026-09-01', { topic: 'Своя тема учителя', planTopic: 'А' }),
			lesson(12, '2026-09-03', { topic: 'Старая тема плана', planTopic: 'Старая тема плана', homework: '№ 5' }),
			lesson(13, '2026-09-08'),
			lesson(14, '2026-09-10', { topic: 'Лишняя тема плана', planTopic: 'Лишняя тема плана' })
		];
		const plan = [item(1, 'А', 2, { homework: '§ 1' }), item(2, 'Б', 1, { workTypeId: 2 })];
		expect(planFills(plan, current)).toEqual([
			// The teacher's topic stays; the homework was empty, so the plan's comes.
			{ lessonId: 11, topic: 'Своя тема учителя', planTopic: 'А', homework: '§ 1', planHomework: '§ 1', workTypeId: null },
			// The plan's old topic is replaced; the teacher's homework stays.
			{ lessonId: 12, topic: 'А', planTopic: 'А', homework: '№ 5', planHomework: null, workTypeId: null },
			{ lessonId: 13, topic: 'Б', planTopic: 'Б', homework: null, planHomework: null, workTypeId: 2 },
			// Past the plan's end, the plan's own topic goes away.
			{ lessonId: 14, topic: null, planTopic: null, homework: null, planHomework: null, workTypeId: null }
		]);
	});

	test('laying the same plan twice changes nothing the second time', () => {
		const plan = [item(1, 'А', 1, { homework: '§ 1' })];
		const once = planFills(plan, [lesson(11, '2026-09-01')]);
		const after = once.map((f) => ({ ...lesson(f.lessonId, '2026-09-01'), ...f, id: f.lessonId }));
		expect(planFills(plan, after)).toEqual([]);
	});
});

describe('R-4.4.4 the plan’s hours against the curriculum for the year', () => {
	test.each([
		[{ planHours: 170, hoursPerWeek: 5, grade: 5, lessons: 0 }, 170, 0, 'В плане 170 часов — столько же, сколько по учебному плану 170 часов (5 в неделю × 34 недели).'],
		[{ planHours: 34, hoursPerWeek: 2, grade: 7, lessons: 0 }, 68, -34, 'В плане 34 часа, по учебному плану 68 часов (2 в неделю × 34 недели): на 34 часа меньше.'],
		[{ planHours: 35, hoursPerWeek: 1, grade: 7, lessons: 0 }, 34, 1, 'В плане 35 часов, по учебному плану 34 часа (1 в неделю × 34 недели): на 1 час больше.'],
		[{ planHours: 66, hoursPerWeek: 2, grade: 1, lessons: 0 }, 66, 0, 'В плане 66 часов — столько же, сколько по учебному плану 66 часов (2 в неделю × 33 недели).'],
		[{ planHours: 17, hoursPerWeek: 0.5, grade: 9, lessons: 0 }, 17, 0, 'В плане 17 часов — столько же, сколько по учебному плану 17 часов (0,5 в неделю × 34 недели).']
	])('%j: curriculum %d h, difference %d', (input, curriculumHours, difference, text) => {
		expect(checkHours(input)).toMatchObject({ curriculumHours, difference, text, lessonsText: null });
	});

	test('without the subject in the curriculum the check says so; the journal’s lessons are compared too', () => {
		expect(checkHours({ planHours: 34, hoursPerWeek: null, grade: 7, lessons: 30 })).toEqual({
			planHours: 34,
			curriculumHours: null,
			difference: null,
			text: 'В плане 34 часа; в учебном плане школы нет часов по этому предмету в 7 классе.',
			lessonsText: 'Уроков в журнале за год: 30 — на 4 часа плана уроков нет.',
			scheduleDifference: null,
			scheduleText: null
		});
		expect(checkHours({ planHours: 34, hoursPerWeek: 1, grade: 7, lessons: 36 }).lessonsText).toBe('Уроков в журнале за год: 36 — 2 урока останутся без темы плана.');
	});
});

describe('R-2.8 progress through the programme to date', () => {
	const base = { year: YEAR, holidays: [], hoursPerWeek: 2 };

	test('with dates: the hours of every topic planned by today (undated ones go with the topic above)', () => {
		const plan = [item(1, 'А', 2, { plannedOn: '2026-09-01' }), item(2, 'Б', 3), item(3, 'В', 1, { plannedOn: '2026-09-10' }), item(4, 'Г', 1, { plannedOn: '2026-09-20' })];
		expect(plannedByDate(plan, { ...base, today: '2026-09-09' })).toBe(5);
		expect(plannedByDate(plan, { ...base, today: '2026-09-10' })).toBe(6);
		expect(plannedByDate(plan, { ...base, today: '2026-08-31' })).toBe(0);
	});

	test('without dates: the curriculum’s pace over the school weeks gone, holidays aside', () => {
		const plan = [item(1, 'А', 68)];
		// 1–18 September 2026: Tue 1 … Fri 18 = 14 school days = 2,8 weeks × 2 = 5,6 → 5.
		expect(plannedByDate(plan, { ...base, today: '2026-09-18' })).toBe(5);
		// A week of holidays (7–11 September) takes 5 days off: 9 days = 1,8 weeks × 2 = 3,6 → 3.
		expect(plannedByDate(plan, { ...base, today: '2026-09-18', holidays: [{ name: 'Каникулы', startsOn: '2026-09-07', endsOn: '2026-09-11' }] })).toBe(3);
		// Never more than the plan holds; unknown without a pace.
		expect(plannedByDate([item(1, 'А', 2)], { ...base, today: '2026-12-01' })).toBe(2);
		expect(plannedByDate(plan, { ...base, hoursPerWeek: null, today: '2026-09-18' })).toBeNull();
	});

	test.each([
		[5, 2, 'отставание на 3 урока', 'Класс отстаёт от программы на 3 урока.'],
		[4, 5, 'опережение на 1 урок', 'Класс идёт с опережением программы на 1 урок.'],
		[3, 3, 'по плану', 'Класс идёт по программе без отставания.'],
		[7, 2, 'отставание на 5 уроков', 'Класс отстаёт от программы на 5 уроков.']
	])('planned %d, given %d: «%s»', (planned, given, text, familyText) => {
		const dates = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-07'].slice(0, given);
		// A lesson after today is not given yet.
		const progress = planProgress(planned, [...dates, '2026-12-01'], '2026-09-30');
		expect(progress).toEqual({ planned, taught: given, difference: given - planned, text, familyText });
	});
});

describe('R-4.4.4 the plan laid onto the timetable’s dates', () => {
	test('the calendar is the lessons held and, after them, the timetable’s lessons a day has more of', () => {
		// 23.11 held twice (one added by hand), 27.11 held; the timetable gives 27.11 once, 30.11 and 02.12 twice.
		const held = ['2026-11-23', '2026-11-23', '2026-11-27'];
		const scheduled = ['2026-11-27', '2026-11-30', '2026-12-02', '2026-12-02'];
		expect(planCalendar(held, scheduled)).toEqual(['2026-11-23', '2026-11-23', '2026-11-27', '2026-11-30', '2026-12-02', '2026-12-02']);
		expect(planCalendar([], [])).toEqual([]);
	});

	test.each([
		{ name: 'topics in order, each taking its hours', items: [item(1, 'А', 2), item(2, 'Б')], dates: { 1: ['2026-11-23', '2026-11-25'], 2: ['2026-11-27'] } },
		{ name: 'a dated topic waits for its day', items: [item(1, 'А'), item(2, 'Б', 1, { plannedOn: '2026-11-30' })], dates: { 1: ['2026-11-23'], 2: ['2026-11-30'] } },
		{ name: 'past the calendar’s end a topic has no date', items: [item(1, 'А', 4), item(2, 'Б')], dates: { 1: ['2026-11-23', '2026-11-25', '2026-11-27', '2026-11-30'] } }
	])('planned dates: $name', ({ items, dates }) => {
		const calendar = ['2026-11-23', '2026-11-25', '2026-11-27', '2026-11-30'];
		expect(Object.fromEntries(planDates(items, calendar))).toEqual(dates);
	});

	test.each([
		{ scheduled: 34, text: 'Уроков за год по расписанию: 34 — по одному на каждый час плана.', difference: 0 },
		{ scheduled: 31, text: 'Уроков за год по расписанию: 31 — на 3 часа меньше, чем в плане: последние темы не уместятся.', difference: -3 },
		{ scheduled: 35, text: 'Уроков за год по расписанию: 35 — на 1 урок больше, чем часов в плане.', difference: 1 }
	])('the plan’s 34 hours against $scheduled lessons by the timetable', ({ scheduled, text, difference }) => {
		expect(checkHours({ planHours: 34, hoursPerWeek: 1, grade: 7, lessons: 10, scheduled })).toMatchObject({ scheduleText: text, scheduleDifference: difference });
	});
});
