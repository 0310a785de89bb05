import { describe, expect, test } from 'vitest';
import { weekSummary } from '../../src/lib/domain/diary';

const lesson = (marks: number[], absence: string | null = null) => ({ marks, absence });

describe('R-4.3.5 the totals under a pupil’s week on paper', () => {
	test.each([
		['no lessons', [], 'За неделю: оценок нет. Пропуски: нет.'],
		['one mark', [lesson([5])], 'За неделю: 1 оценка. Пропуски: нет.'],
		['a double mark counts twice', [lesson([5, 4]), lesson([3])], 'За неделю: 3 оценки. Пропуски: нет.'],
		['five marks', [lesson([5, 4]), lesson([3, 3]), lesson([2])], 'За неделю: 5 оценок. Пропуски: нет.'],
		['absences by code, in the order met', [lesson([], 'б'), lesson([4]), lesson([], 'н'), lesson([], 'б')], 'За неделю: 1 оценка. Пропуски: 3 (б — 2, н — 1).'],
		['21 marks', Array.from({ length: 21 }, () => lesson([4])), 'За неделю: 21 оценка. Пропуски: нет.']
	])('%s', (_, lessons, text) => {
		expect(weekSummary(lessons)).toBe(text);
	});
});
