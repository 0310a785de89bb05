import { describe, expect, test } from 'vitest';
import { countOfMarks, lessonsLeft, mondayOf, nextSchoolDay, schoolWeek, whatIsNeeded } from '../../src/lib/domain/diary';
import { DEFAULT_GRADING, type GradedMark } from '../../src/lib/domain/grading';

const marks = (...values: number[]): GradedMark[] => values.map((value) => ({ value, weight: 1, workType: null }));

describe('R-2.7 «what do I need» knows how many lessons are left', () => {
	test.each([
		// marks, lessons left, the answer
		[[3, 3, 4], 6, 'До конца четверти 6 уроков: до 5 не дотянуть, до 4 — две четвёрки.'],
		[[3, 3, 4], 1, 'До конца четверти 1 урок: до 5 не дотянуть, до 4 — одна пятёрка.'],
		[[3, 3, 3, 3], 1, 'До конца четверти 1 урок: до 5 не дотянуть, до 4 не дотянуть.'],
		[[4, 4, 5], 6, 'До конца четверти 6 уроков: до 5 — две пятёрки.'],
		[[4, 4, 5], 1, 'До конца четверти 1 урок: до 5 не дотянуть.'],
		[[5, 5, 5], 4, 'До конца четверти 4 урока. Выше 5 подниматься некуда: главное — не опустить средний балл.'],
		[[2, 2], 10, 'До конца четверти 10 уроков: до 5 не дотянуть, до 4 — восемь четвёрок, до 3 — три тройки.'],
		[[2, 2], 5, 'До конца четверти 5 уроков: до 5 не дотянуть, до 4 — три пятёрки, до 3 — три тройки.'],
		[[2, 2], 0, 'До конца четверти уроков не осталось: до 5 не дотянуть, до 4 не дотянуть, до 3 не дотянуть.'],
		[[], 5, 'Оценок пока нет. До конца четверти 5 уроков.']
	])('%j with %i lessons left: %s', (values, left, text) => {
		expect(whatIsNeeded(marks(...values), left, DEFAULT_GRADING, 'четверти').text).toBe(text);
	});

	test('the counts it gives do reach the threshold, and one fewer does not', () => {
		for (const values of [[3, 3, 4], [2, 3], [4, 3, 3, 3], [2, 2, 2, 5]]) {
			const need = whatIsNeeded(marks(...values), 30, DEFAULT_GRADING);
			for (const target of need.targets) {
				if (target.count === null) continue;
				const from = DEFAULT_GRADING.thresholds.find((t) => t.mark === target.mark)!.from;
				const avg = (n: number) => (values.reduce((s, v) => s + v, 0) + n * target.value) / (values.length + n);
				expect(avg(target.count), `${values} → ${target.mark}`).toBeGreaterThanOrEqual(from - 1e-9);
				if (target.count > 1) expect(avg(target.count - 1), `${values} → ${target.mark}`).toBeLessThan(from);
			}
		}
	});

	test('a heavy mark counts with its weight: one test «5» of weight 2 moves more than an answer', () => {
		const heavy: GradedMark[] = [{ value: 3, weight: 2, workType: 'test' }, { value: 4, weight: 1, workType: null }];
		const need = whatIsNeeded(heavy, 10, DEFAULT_GRADING, 'четверти');
		// (6 + 4 + 4x) / (3 + x) ≥ 3.6 ⇔ x ≥ 2
		expect(need.targets.find((t) => t.mark === 4)).toEqual({ mark: 4, count: 2, value: 4 });
	});

	test('«две четвёрки», «одна пятёрка», «пять троек», and a mark of another scale by its number', () => {
		expect(countOfMarks(2, 4)).toBe('две четвёрки');
		expect(countOfMarks(1, 5)).toBe('одна пятёрка');
		expect(countOfMarks(5, 3)).toBe('пять троек');
		expect(countOfMarks(12, 5)).toBe('12 пятёрок');
		expect(countOfMarks(3, 10)).toBe('3 оценки «10»');
	});
});

describe('R-2.7 lessons left come from the timetable, without holidays', () => {
	const slots = [
		{ weekday: 1, validFrom: '2026-09-01', validTo: null },
		{ weekday: 3, validFrom: '2026-09-01', validTo: null }
	];
	test('Mondays and Wednesdays after today up to the period’s end, the end included', () => {
		// Wed 2026-12-02 → Mon 7, Wed 9, Mon 14, Wed 16, Mon 21, Wed 23 (end Fri 25).
		expect(lessonsLeft({ today: '2026-12-02', endsOn: '2026-12-25', slots, holidays: [], hoursPerWeek: 2 })).toBe(6);
		expect(lessonsLeft({ today: '2026-12-02', endsOn: '2026-12-23', slots, holidays: [], hoursPerWeek: 2 })).toBe(6);
	});
	test('a holiday takes its lessons away; a slot that ended or has not begun gives none', () => {
		const holidays = [{ name: 'Каникулы', startsOn: '2026-12-14', endsOn: '2026-12-20' }];
		expect(lessonsLeft({ today: '2026-12-02', endsOn: '2026-12-25', slots, holidays, hoursPerWeek: 2 })).toBe(4);
		const ended = [{ weekday: 1, validFrom: '2026-09-01', validTo: '2026-12-10' }];
		expect(lessonsLeft({ today: '2026-12-02', endsOn: '2026-12-25', slots: ended, holidays: [], hoursPerWeek: 1 })).toBe(1);
	});
	test('after the period, none; without a timetable, the lessons a week times the weeks left, rounded down', () => {
		expect(lessonsLeft({ today: '2026-12-26', endsOn: '2026-12-25', slots, holidays: [], hoursPerWeek: 2 })).toBe(0);
		expect(lessonsLeft({ today: '2026-12-02', endsOn: '2026-12-23', slots: [], holidays: [], hoursPerWeek: 3 })).toBe(9);
	});
});

describe('R-4.3.5 the week of the paper diary', () => {
	test('Monday to Saturday of the week of any day, Sunday belonging to the week before', () => {
		expect(mondayOf('2026-12-02')).toBe('2026-11-30');
		expect(mondayOf('2026-11-30')).toBe('2026-11-30');
		expect(mondayOf('2026-12-06')).toBe('2026-11-30');
		expect(schoolWeek('2026-11-30')).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05']);
	});
});

describe('R-3.6 «на завтра» is the next school day', () => {
	const winter = [{ name: 'Зимние каникулы', startsOn: '2026-12-28', endsOn: '2027-01-10' }];
	test('the day after today, Saturday included; after Saturday, Monday; after a holiday, the day it ends', () => {
		expect(nextSchoolDay('2026-12-02', [])).toBe('2026-12-03');
		expect(nextSchoolDay('2026-12-04', [])).toBe('2026-12-05');
		expect(nextSchoolDay('2026-12-05', [])).toBe('2026-12-07');
		expect(nextSchoolDay('2026-12-26', winter)).toBe('2027-01-11');
	});
});
