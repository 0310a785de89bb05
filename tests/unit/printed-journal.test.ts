import { describe, expect, test } from 'vitest';
import { printedJournal, type PrintedLesson } from '../../src/lib/domain/printed-journal';

/** n lessons, one a day from 01.09.2026. */
const lessons = (n: number): PrintedLesson[] =>
	Array.from({ length: n }, (_, i) => ({ id: i + 1, date: new Date(Date.UTC(2026, 8, 1 + i)).toISOString().slice(0, 10), lessonNo: 1, topic: `Тема ${i + 1}`, homework: `§${i + 1}`, work: null }));
const pupils = [
	{ id: 1, name: 'Андреев Антон', from: '2026-09-01', to: null },
	{ id: 2, name: 'Борисова Вера', from: '2026-09-01', to: '2026-09-10' },
	{ id: 3, name: 'Васильев Глеб', from: '2026-10-15', to: null }
];

describe('R-2.3 the printed journal’s pages', () => {
	test.each([
		[0, [0]],
		[5, [5]],
		[22, [22]],
		[23, [12, 11]],
		[30, [15, 15]],
		[45, [15, 15, 15]]
	])('%i lessons are split over grid pages of %j dates', (n, sizes) => {
		const printed = printedJournal({ from: '2026-09-01', to: '2026-12-31', pupils, lessons: lessons(n), cells: [], markColumns: [] }, 22);
		expect(printed.grid.map((p) => p.dates.length)).toEqual(sizes);
	});

	test('marks and absence codes are written as the grid writes them; the period mark is on the last page only; only the period’s lessons and pupils are printed', () => {
		const printed = printedJournal(
			{
				from: '2026-09-01',
				to: '2026-09-30',
				pupils,
				lessons: [...lessons(30), { id: 99, date: '2026-10-01', lessonNo: 1, topic: 'Октябрь', homework: null, work: null }],
				cells: [
					{ lessonId: 1, studentId: 1, value: { marks: [5, 4], absence: null, comment: null } },
					{ lessonId: 2, studentId: 1, value: { marks: [], absence: 'н', comment: null } },
					{ lessonId: 30, studentId: 1, value: { marks: [3], signs: [1], absence: null, comment: 'устно' } }
				],
				markColumns: [{ title: '1 четверть', values: new Map([[1, '4']]) }]
			},
			22
		);
		expect(printed.grid).toHaveLength(2);
		// Васильев came in October: not on September's pages; Борисова left on 10.09: still printed.
		expect(printed.grid[0].rows.map((r) => r.name)).toEqual(['Андреев Антон', 'Борисова Вера']);
		expect(printed.grid[0].dates.slice(0, 2)).toEqual(['01.09', '02.09']);
		expect(printed.grid[0].rows[0].cells.slice(0, 3)).toEqual(['5/4', 'н', '']);
		expect(printed.grid[0].markTitles).toEqual([]);
		expect(printed.grid[1].markTitles).toEqual(['1 четверть']);
		expect(printed.grid[1].rows[0].cells.at(-1)).toBe('3+');
		expect(printed.grid[1].rows.map((r) => r.marks)).toEqual([['4'], ['']]);
		expect(printed.lessons).toHaveLength(30);
		expect(printed.lessons[0]).toEqual({ no: 1, date: '01.09.2026', topic: 'Тема 1', homework: '§1' });
	});

	test('a lesson’s type of work heads its topic', () => {
		const printed = printedJournal({ from: '2026-09-01', to: '2026-09-30', pupils, lessons: [{ id: 1, date: '2026-09-03', lessonNo: 2, topic: 'Дроби', homework: null, work: 'Контрольная работа' }], cells: [], markColumns: [] });
		expect(printed.lessons).toEqual([{ no: 1, date: '03.09.2026', topic: 'Контрольная работа. Дроби', homework: '' }]);
	});
});
