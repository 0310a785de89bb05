import { describe, expect, test } from 'vitest';
import { DEFAULT_SCHOOL_GRADING, cellRulesFrom, isMarkFreeGrade } from '../../src/lib/domain/grading-settings';

describe('X-MARKS a grade is taught without marks when the school’s rules name it mark-free', () => {
	test.each([
		{ name: 'grade 1 is mark-free by the default rules', markFreeGrades: DEFAULT_SCHOOL_GRADING.markFreeGrades, grade: 1, markFree: true },
		{ name: 'grade 2 is graded by the default rules', markFreeGrades: DEFAULT_SCHOOL_GRADING.markFreeGrades, grade: 2, markFree: false },
		{ name: 'a school may make grade 2 mark-free as well', markFreeGrades: [1, 2], grade: 2, markFree: true },
		{ name: 'a school may grade every grade, grade 1 included', markFreeGrades: [], grade: 1, markFree: false },
		{ name: 'a student in no class this year (no grade) is not in a mark-free grade', markFreeGrades: [1], grade: null, markFree: false },
		{ name: 'a journal whose grade is not given is not in a mark-free grade', markFreeGrades: [1], grade: undefined, markFree: false }
	])('$name', ({ markFreeGrades, grade, markFree }) => {
		expect(isMarkFreeGrade({ markFreeGrades }, grade)).toBe(markFree);
	});

	test.each([
		{ name: 'a mark-free grade’s cells take no marks', grade: 1, marksAllowed: false },
		{ name: 'a graded grade’s cells take marks', grade: 7, marksAllowed: undefined },
		{ name: 'cells checked without a grade take marks', grade: undefined, marksAllowed: undefined }
	])('$name', ({ grade, marksAllowed }) => {
		expect(cellRulesFrom(DEFAULT_SCHOOL_GRADING, grade).marksAllowed).toBe(marksAllowed);
	});
});
