/** The year's rollover decided from the years and classes: who moves up, who graduates, and every refusal in Russian. */
import { describe, expect, test } from 'vitest';
import { planRollover, ROLLOVER_MESSAGES, type RolloverYear } from '../../src/lib/domain/rollover';

const cls = (classId: number, grade: number, letter: string) => ({ classId, grade, letter });
const year = (id: number, name: string, classes: RolloverYear['classes'] = [], closed = false): RolloverYear => {
	const first = Number(name.slice(0, 4));
	return { id, name, startsOn: `${first}-09-01`, endsOn: `${first + 1}-05-31`, closed, classes };
};
const OLD = year(1, '2025/2026', [cls(11, 7, 'Б'), cls(10, 7, 'А'), cls(12, 9, 'А'), cls(13, 11, 'А')]);
const NEXT = year(2, '2026/2027');

describe('the rollover of a year into the next', () => {
	test('every class moves up with its letter, in order; the last grade graduates', () => {
		const planned = planRollover({ fromYearId: '1', toYearId: '2', lastGrade: '11' }, [NEXT, OLD]);
		expect(planned.ok).toBe(true);
		if (!planned.ok) return;
		expect(planned.value.promote.map((m) => [m.from.classId, `${m.grade}${m.letter}`])).toEqual([
			[10, '8А'],
			[11, '8Б'],
			[12, '10А']
		]);
		expect(planned.value.graduate.map((c) => c.classId)).toEqual([13]);
	});

	test('a school that ends with the 9th grade graduates 9А and everything above', () => {
		const planned = planRollover({ fromYearId: 1, toYearId: 2, lastGrade: 9 }, [NEXT, OLD]);
		expect(planned.ok && planned.value.graduate.map((c) => c.classId)).toEqual([12, 13]);
	});

	test.each([
		['no year to roll', { fromYearId: 'x', toYearId: 2, lastGrade: 11 }, [NEXT, OLD], ROLLOVER_MESSAGES.fromYear],
		['no next year', { fromYearId: 1, toYearId: '', lastGrade: 11 }, [OLD], ROLLOVER_MESSAGES.toYear],
		['the same year', { fromYearId: 1, toYearId: 1, lastGrade: 11 }, [OLD], ROLLOVER_MESSAGES.sameYear],
		['the next year before the old one', { fromYearId: 2, toYearId: 1, lastGrade: 11 }, [NEXT, OLD], ROLLOVER_MESSAGES.order('2026/2027', '2025/2026')],
		['an odd last grade', { fromYearId: 1, toYearId: 2, lastGrade: 10 }, [NEXT, OLD], ROLLOVER_MESSAGES.lastGrade],
		['a closed year', { fromYearId: 1, toYearId: 2, lastGrade: 11 }, [NEXT, { ...OLD, closed: true }], ROLLOVER_MESSAGES.closed('2025/2026')],
		['a year without classes', { fromYearId: 1, toYearId: 2, lastGrade: 11 }, [NEXT, { ...OLD, classes: [] }], ROLLOVER_MESSAGES.noClasses('2025/2026')],
		['a class already in the next year', { fromYearId: 1, toYearId: 2, lastGrade: 11 }, [{ ...NEXT, classes: [cls(20, 8, 'Б')] }, OLD], ROLLOVER_MESSAGES.taken('8Б', '2026/2027')]
	])('refuses %s', (_, input, years, reason) => {
		expect(planRollover(input, years)).toEqual({ ok: false, reason });
	});
});
