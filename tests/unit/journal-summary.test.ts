import { describe, expect, test } from 'vitest';
import { compareLessons, countCells, inGroupOn } from '../../src/lib/domain/journal-summary';
import type { DocLesson } from '../../src/lib/domain/journal-doc';

const lesson = (id: number, date: string, lessonNo: number | null = null): DocLesson => ({ id, date, lessonNo, topic: null, homework: null, workTypeId: null });

describe('X-MARKS computed columns of a student row', () => {
	test('marks are counted one by one (5/4 is two) and absences apart, late arrivals included', () => {
		const counts = countCells([
			{ marks: [5, 4], absence: null, comment: null },
			{ marks: [3], absence: null, comment: null },
			{ marks: [], absence: 'н', comment: null },
			{ marks: [5], absence: 'оп', comment: 'опоздал' }
		]);
		expect(counts).toEqual({ markCount: 4, absenceCount: 2 });
		expect(countCells([])).toEqual({ markCount: 0, absenceCount: 0 });
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
