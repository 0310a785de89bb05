import { describe, expect, test } from 'vitest';
import { compareLessons, inGroupOn, lessonWeight, summarizeStudent } from '../../src/lib/domain/journal-summary';
import type { DocLesson } from '../../src/lib/domain/journal-doc';

const workTypes = [
	{ id: 1, code: 'ОР', name: 'Работа на уроке', weight: 1, topicRequired: false },
	{ id: 2, code: 'КР', name: 'Контрольная работа', weight: 2, topicRequired: true }
];
const lesson = (id: number, date: string, lessonNo: number | null = null): DocLesson => ({ id, date, lessonNo, topic: null, homework: null, workTypeId: null });

describe('X-MARKS computed columns of a student row', () => {
	test('a lesson weighs as its type of work, and 1 without one', () => {
		expect(lessonWeight({ workTypeId: 2 }, workTypes)).toBe(2);
		expect(lessonWeight({ workTypeId: null }, workTypes)).toBe(1);
		expect(lessonWeight({ workTypeId: 99 }, workTypes)).toBe(1);
	});

	test('marks count with their lesson weight; absences are counted apart', () => {
		const summary = summarizeStudent([
			{ value: { marks: [5, 4], absence: null, comment: null }, weight: 1, workType: 'answer' },
			{ value: { marks: [3], absence: null, comment: null }, weight: 2, workType: 'test' },
			{ value: { marks: [], absence: 'н', comment: null }, weight: 1, workType: null },
			{ value: { marks: [5], absence: 'оп', comment: 'опоздал' }, weight: 1, workType: null }
		]);
		expect(summary).toMatchObject({ average: 20 / 5, markCount: 4, absenceCount: 2 });
		expect(summary.suggestion.mark).toBe('4');
	});

	test('a student without enough marks is not assessed (R-5.2)', () => {
		const summary = summarizeStudent([{ value: { marks: [5], absence: null, comment: null }, weight: 1, workType: null }]);
		expect(summary).toMatchObject({ average: 5, markCount: 1, absenceCount: 0 });
		expect(summary.suggestion.mark).toBe('н/а');
		expect(summarizeStudent([]).average).toBeNull();
	});

	test('a test held in the journal but missing from the marks is a warning of the suggestion', () => {
		const fives = [5, 5, 5].map((mark) => ({ value: { marks: [mark], absence: null, comment: null }, weight: 1, workType: 'answer' }));
		expect(summarizeStudent(fives, ['answer', 'test']).suggestion.warnings.join()).toContain('test');
	});

	test('a departed student belongs to the group up to and including the last day', () => {
		const student = { from: '2026-09-01', to: '2026-11-10' };
		expect(inGroupOn(student, '2026-08-31')).toBe(false);
		expect(inGroupOn(student, '2026-09-01')).toBe(true);
		expect(inGroupOn(student, '2026-11-10')).toBe(true);
		expect(inGroupOn(student, '2026-11-11')).toBe(false);
		expect(inGroupOn({ from: '2026-09-01', to: null }, '2027-05-31')).toBe(true);
	});

	test('lessons sort by date, then lesson number, then id', () => {
		const sorted = [lesson(3, '2026-11-02', 2), lesson(1, '2026-11-03'), lesson(2, '2026-11-02', 1), lesson(4, '2026-11-02', 2)].sort(compareLessons);
		expect(sorted.map((l) => l.id)).toEqual([2, 3, 4, 1]);
	});
});

describe('lesson headers', () => {
	test.each([
		['Контрольная работа', 'к/р'],
		['Лабораторная работа', 'л/р'],
		['Ответ на уроке', 'ОУ'],
		['Диктант', 'дикт.'],
		['Тест', 'тест']
	])('«%s» is shown as «%s»', async (name, short) => {
		const { workTypeShort } = await import('../../src/lib/components/journal/lesson-header');
		expect(workTypeShort(name)).toBe(short);
	});
});
