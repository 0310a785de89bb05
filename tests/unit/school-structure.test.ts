import { describe, expect, test } from 'vitest';
import { checkClass, checkCurriculum, checkSubject, formatHours, parseHours, STRUCTURE_MESSAGES as M, type ClassInput, type SubjectInput } from '../../src/lib/domain/school-structure';

describe('a class of the year is a grade and a Russian letter', () => {
	const cases: Array<[string, ClassInput, { grade: number; letter: string } | string]> = [
		['7А', { grade: '7', letter: 'А' }, { grade: 7, letter: 'А' }],
		['a lower-case letter is raised', { grade: '11', letter: ' б ' }, { grade: 11, letter: 'Б' }],
		['Ё is a letter too', { grade: 1, letter: 'ё' }, { grade: 1, letter: 'Ё' }],
		['grade 0', { grade: '0', letter: 'А' }, M.grade],
		['grade 12', { grade: '12', letter: 'А' }, M.grade],
		['no grade', { letter: 'А' }, M.grade],
		['a fractional grade', { grade: '7.5', letter: 'А' }, M.grade],
		['a Latin A that looks Russian', { grade: '7', letter: 'A' }, M.letter],
		['two letters', { grade: '7', letter: 'АБ' }, M.letter],
		['no letter', { grade: '7', letter: '' }, M.letter]
	];
	for (const [name, input, expected] of cases)
		test(name, () => {
			const result = checkClass(input);
			expect(result.ok ? result.value : result.reason).toEqual(expected);
		});
});

describe('a subject', () => {
	const cases: Array<[string, SubjectInput, unknown]> = [
		['a name and a short name', { name: 'Русский язык', shortName: 'Рус. яз.' }, { name: 'Русский язык', shortName: 'Рус. яз.', markFree: false }],
		['no short name: the name’s first 20 characters', { name: '  Основы   безопасности и защиты Родины ' }, { name: 'Основы безопасности и защиты Родины', shortName: 'Основы безопасности ', markFree: false }],
		['graded without marks (a ticked box)', { name: 'Музыка', markFree: 'on' }, { name: 'Музыка', shortName: 'Музыка', markFree: true }],
		['no name', { name: '  ' }, M.subjectName],
		['a name of 101 characters', { name: 'я'.repeat(101) }, M.subjectNameTooLong],
		['a short name of 21 characters', { name: 'Физика', shortName: 'ф'.repeat(21) }, M.subjectShortNameTooLong]
	];
	for (const [name, input, expected] of cases)
		test(name, () => {
			const result = checkSubject(input);
			expect(result.ok ? result.value : result.reason).toEqual(expected);
		});
});

describe('the curriculum: lessons a week of each subject in each grade', () => {
	test.each([
		['2', 2],
		['1,5', 1.5],
		['0.5', 0.5],
		[' 40 ', 40],
		['0', undefined],
		['41', undefined],
		['1,25', undefined],
		['два', undefined],
		['-1', undefined]
	])('«%s» lessons a week → %s', (typed, hours) => expect(parseHours(typed)).toBe(hours));

	test('hours are written with a comma', () => expect(formatHours(1.5)).toBe('1,5'));

	const subjects = new Map([
		[1, 'Математика'],
		[2, 'Музыка']
	]);

	test('empty cells are grades that do not study the subject; the rest are stored', () => {
		expect(
			checkCurriculum(
				[
					{ subjectId: 1, grade: 5, typed: '5' },
					{ subjectId: 1, grade: 10, typed: '' },
					{ subjectId: 2, grade: 5, typed: '1,5' }
				],
				subjects
			)
		).toEqual({
			ok: true,
			value: [
				{ subjectId: 1, grade: 5, hoursPerWeek: 5 },
				{ subjectId: 2, grade: 5, hoursPerWeek: 1.5 }
			]
		});
	});

	test('a bad cell names its subject and grade', () => {
		expect(checkCurriculum([{ subjectId: 2, grade: 7, typed: '1,3' }], subjects)).toEqual({ ok: false, reason: M.hours('Музыка', 7) });
	});

	test('a subject of another school, or a grade 12, is refused', () => {
		expect(checkCurriculum([{ subjectId: 3, grade: 7, typed: '1' }], subjects)).toEqual({ ok: false, reason: M.subjectNotFound });
		expect(checkCurriculum([{ subjectId: 1, grade: 12, typed: '1' }], subjects)).toEqual({ ok: false, reason: M.grade });
	});
});
