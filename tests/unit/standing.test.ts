import { describe, expect, test } from 'vitest';
import { diarySubjects, workTypesHeld } from '../../src/lib/domain/standing';
import { DEFAULT_SCHOOL_GRADING, type SchoolGrading } from '../../src/lib/domain/grading-settings';
import { periodElapsed, studentForecast } from '../../src/lib/domain/forecast';

const q1 = { id: 1, startsOn: '2026-09-01', endsOn: '2026-10-24' };
const q2 = { id: 2, startsOn: '2026-11-05', endsOn: '2026-12-29' };
const workTypes = [
	{ id: 1, code: 'answer' },
	{ id: 2, code: 'test' },
	{ id: 3, code: 'lab' }
];
const lesson = (date: string, workTypeId: number | null) => ({ date, workTypeId });

describe('R-5.2 the types of work held in a period are those of its lessons, each once', () => {
	test.each([
		{ name: 'a test held in the first quarter is held there, not in the second', lessons: [lesson('2026-10-01', 2)], held: { 1: ['test'], 2: [] } },
		{
			name: 'each type is named once, in the order it was first held',
			lessons: [lesson('2026-11-10', 2), lesson('2026-11-12', 1), lesson('2026-12-15', 2)],
			held: { 1: [], 2: ['test', 'answer'] }
		},
		{
			name: 'lessons on the first and the last day of a period are held in it',
			lessons: [lesson('2026-09-01', 3), lesson('2026-10-24', 2)],
			held: { 1: ['lab', 'test'], 2: [] }
		},
		{ name: 'a lesson in the holidays between periods is held in none', lessons: [lesson('2026-10-30', 2)], held: { 1: [], 2: [] } },
		{ name: 'a lesson without a type of work holds none', lessons: [lesson('2026-10-01', null)], held: { 1: [], 2: [] } },
		{ name: 'a type of work not of this school year holds none', lessons: [lesson('2026-10-01', 99), lesson('2026-10-02', 3)], held: { 1: ['lab'], 2: [] } },
		{ name: 'a journal without lessons holds nothing in any period', lessons: [], held: { 1: [], 2: [] } }
	])('$name', ({ lessons, held }) => {
		expect(Object.fromEntries(workTypesHeld([q1, q2], lessons, workTypes))).toEqual(held);
	});
});

// A diary reads the year's marks newest first; the topic is kept for the page, not used by the rules.
const mark = (journalId: number, subject: string, date: string, value: number, workTypeCode = 'answer', weight = 1) => ({
	journalId,
	subject,
	date,
	value,
	weight,
	workType: null,
	workTypeCode,
	topic: `тема ${date}`
});
const ALGEBRA = 11;
const RUSSIAN = 12;
const yearMarks = [
	mark(RUSSIAN, 'Русский язык', '2026-11-20', 4),
	mark(ALGEBRA, 'Алгебра', '2026-11-24', 4),
	mark(ALGEBRA, 'Алгебра', '2026-11-17', 5),
	mark(RUSSIAN, 'Русский язык', '2026-11-12', 3),
	mark(ALGEBRA, 'Алгебра', '2026-11-10', 5),
	mark(ALGEBRA, 'Алгебра', '2026-10-10', 2, 'test'),
	mark(ALGEBRA, 'Алгебра', '2026-10-01', 2)
];
const TODAY = '2026-12-01';
const noHours = new Map<number, number>();

describe('R-2.4, R-2.7 the diary’s subjects: the year’s marks, and this period’s average, suggestion and forecast', () => {
	const subjects = diarySubjects(yearMarks, q2, TODAY, DEFAULT_SCHOOL_GRADING, noHours);
	const algebra = subjects[0];

	test('subjects come in Russian alphabetical order, each once', () => {
		expect(subjects.map((s) => s.subject)).toEqual(['Алгебра', 'Русский язык']);
	});

	test('a subject lists all the year’s marks, oldest first, as they were read (topic and type kept)', () => {
		expect(algebra.marks.map((m) => m.date)).toEqual(['2026-10-01', '2026-10-10', '2026-11-10', '2026-11-17', '2026-11-24']);
		expect(algebra.marks[0]).toBe(yearMarks.at(-1));
	});

	test.each([
		{
			name: 'with the current period, only its marks make the chart, the average and the suggestion',
			period: q2,
			chart: ['2026-11-10', '2026-11-17', '2026-11-24'],
			average: 14 / 3,
			suggested: '5'
		},
		{
			name: 'without a period (before the first one), the whole year’s marks do',
			period: undefined,
			chart: ['2026-10-01', '2026-10-10', '2026-11-10', '2026-11-17', '2026-11-24'],
			average: 18 / 5,
			suggested: '4'
		}
	])('$name', ({ period, chart, average, suggested }) => {
		const [subject] = diarySubjects(yearMarks, period, TODAY, DEFAULT_SCHOOL_GRADING, noHours);
		expect(subject.periodMarks.map((m) => m.date)).toEqual(chart);
		expect(subject.average).toBeCloseTo(average, 10);
		expect(subject.suggestion.mark).toBe(suggested);
	});

	test('R-5.2 a subject with fewer marks in the period than the minimum is suggested н/а', () => {
		const russian = subjects[1];
		expect(russian.periodMarks).toHaveLength(2);
		expect(russian.suggestion.mark).toBe('н/а');
		expect(russian.suggestion.warnings).toContain('не хватает оценок');
	});

	test('R-5.2 the minimum follows the lessons a week of the journal of the subject’s latest mark', () => {
		const rules: SchoolGrading = { ...DEFAULT_SCHOOL_GRADING, minMarksByHours: [{ fromHours: 5, minMarks: 4 }] };
		const [fewHours] = diarySubjects(yearMarks, q2, TODAY, rules, new Map([[ALGEBRA, 4]]));
		const [manyHours] = diarySubjects(yearMarks, q2, TODAY, rules, new Map([[ALGEBRA, 5]]));
		expect(fewHours.suggestion.mark).toBe('5');
		expect(manyHours.suggestion.mark).toBe('н/а');
	});

	test('R-2.7 the forecast is the subject’s marks this period at the period’s clock, leaning on the level in every subject, as a parent reads it', () => {
		const graded = (list: typeof yearMarks) => list.filter((m) => m.date >= q2.startsOn).map((m) => ({ value: m.value, weight: m.weight, workType: m.workTypeCode }));
		const { expected, band, risks, advice } = studentForecast(
			graded(yearMarks.filter((m) => m.journalId === ALGEBRA)),
			graded(yearMarks),
			periodElapsed(q2, TODAY),
			DEFAULT_SCHOOL_GRADING
		);
		expect(algebra.forecast).toEqual({ expected, band, risks, advice });
	});

	test('R-2.7 a subject’s forecast leans on the student’s level in every subject this period', () => {
		// The same two Russian marks, beside strong or weak marks in algebra this period.
		const russianWith = (algebraValue: number) =>
			diarySubjects(
				yearMarks.map((m) => (m.journalId === ALGEBRA && m.date >= q2.startsOn ? { ...m, value: algebraValue } : m)),
				q2,
				TODAY,
				DEFAULT_SCHOOL_GRADING,
				noHours
			)[1].forecast.band!;
		expect(russianWith(5)[0]).toBeGreaterThan(russianWith(2)[0]);
	});

	test('X-MARKS a student of a mark-free grade has no marks read, so the diary has no subjects, averages or forecasts', () => {
		expect(diarySubjects([], q2, TODAY, DEFAULT_SCHOOL_GRADING, noHours)).toEqual([]);
	});
});
