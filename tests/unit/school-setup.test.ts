import { describe, expect, test } from 'vitest';
import { checkBells, checkSchoolSetup, isTimeZone, SETUP_MESSAGES as M, type SchoolSetupInput } from '../../src/lib/domain/school-setup';

const form = (overrides: SchoolSetupInput = {}): SchoolSetupInput => ({
	name: 'МБОУ «Средняя общеобразовательная школа № 5»',
	shortName: 'СОШ № 5',
	timeZone: 'Asia/Yekaterinburg',
	weekDays: '5',
	bellStarts: ['08:30', '09:25', ''],
	bellEnds: ['09:15', '10:10', ''],
	lastName: 'Сидорова',
	firstName: 'Нина',
	middleName: 'Павловна',
	login: 'Admin',
	password: 'очень-секретно',
	repeat: 'очень-секретно',
	...overrides
});
const reason = (input: SchoolSetupInput) => {
	const result = checkSchoolSetup(input);
	return result.ok ? null : result.reason;
};

describe('the first start’s form is checked before a school is created', () => {
	const cases: Array<[string, SchoolSetupInput, string | null]> = [
		['a whole form', form(), null],
		['a six-day week', form({ weekDays: '6' }), null],
		['no short name: the full name serves', form({ shortName: '  ' }), null],
		['no middle name', form({ middleName: '' }), null],
		['no school name', form({ name: '   ' }), M.nameRequired],
		['a school name of 201 characters', form({ name: 'ш'.repeat(201) }), M.nameTooLong],
		['a short name of 61 characters', form({ shortName: 'ш'.repeat(61) }), M.shortNameTooLong],
		['an unknown time zone', form({ timeZone: 'Europe/Atlantis' }), M.timeZone],
		['no time zone', form({ timeZone: undefined }), M.timeZone],
		['a four-day week', form({ weekDays: '4' }), M.weekDays],
		['no week at all', form({ weekDays: undefined }), M.weekDays],
		['no bells', form({ bellStarts: ['', ''], bellEnds: ['', ''] }), M.bellsRequired],
		['no surname', form({ lastName: ' ' }), M.lastNameRequired],
		['no first name', form({ firstName: '' }), M.firstNameRequired],
		['a surname of 101 characters', form({ lastName: 'я'.repeat(101) }), M.personNameTooLong],
		['a Cyrillic login', form({ login: 'админ' }), M.loginFormat],
		['a two-letter login', form({ login: 'ad' }), M.loginFormat],
		['a password of 7 characters', form({ password: '1234567', repeat: '1234567' }), M.passwordShort],
		['a password of 201 characters', form({ password: 'п'.repeat(201), repeat: 'п'.repeat(201) }), M.passwordLong],
		['passwords that differ', form({ repeat: 'очень-секретнo' }), M.passwordMismatch]
	];
	for (const [name, input, expected] of cases) test(name, () => expect(reason(input)).toBe(expected));

	test('the values are trimmed, the login lower-cased, the short name defaults to the full one', () => {
		const result = checkSchoolSetup(form({ name: '  Школа   № 5 ', shortName: '', login: ' Admin ', middleName: ' ' }));
		expect(result).toEqual({
			ok: true,
			value: {
				school: {
					name: 'Школа № 5',
					shortName: 'Школа № 5',
					timeZone: 'Asia/Yekaterinburg',
					weekDays: 5,
					bells: [
						{ lesson: 1, start: '08:30', end: '09:15' },
						{ lesson: 2, start: '09:25', end: '10:10' }
					]
				},
				admin: { lastName: 'Сидорова', firstName: 'Нина', middleName: null, login: 'admin', password: 'очень-секретно' }
			}
		});
	});
});

describe('bell times', () => {
	const cases: Array<[string, string[], string[], string | null]> = [
		['empty rows between lessons are skipped and lessons renumbered', ['08:30', '', '09:25'], ['09:15', '', '10:10'], null],
		['a start without an end', ['08:30', '09:25'], ['09:15', ''], M.bellIncomplete(2)],
		['an end without a start', ['', '09:25'], ['09:15', '10:10'], M.bellIncomplete(1)],
		['a time that is not ЧЧ:ММ', ['8.30'], ['9.15'], M.bellFormat(1)],
		['25 o’clock', ['25:00'], ['25:45'], M.bellFormat(1)],
		['an end before the start', ['09:15'], ['08:30'], M.bellOrder(1)],
		['an end equal to the start', ['09:15'], ['09:15'], M.bellOrder(1)],
		['a lesson starting before the last one ends', ['08:30', '09:10'], ['09:15', '09:55'], M.bellOverlap(2)],
		['a lesson starting as the last one ends', ['08:30', '09:15'], ['09:15', '10:00'], null],
		['eleven lessons', Array.from({ length: 11 }, (_, i) => `${String(8 + i).padStart(2, '0')}:00`), Array.from({ length: 11 }, (_, i) => `${String(8 + i).padStart(2, '0')}:45`), M.bellsTooMany]
	];
	for (const [name, starts, ends, expected] of cases)
		test(name, () => {
			const result = checkBells(starts, ends);
			expect(result.ok ? null : result.reason).toBe(expected);
		});

	test('the lessons are numbered from 1 in the order given', () => {
		expect(checkBells(['08:30', '', '09:25'], ['09:15', '', '10:10'])).toEqual({
			ok: true,
			value: [
				{ lesson: 1, start: '08:30', end: '09:15' },
				{ lesson: 2, start: '09:25', end: '10:10' }
			]
		});
	});

	test('time zones are the runtime’s IANA names', () => {
		expect(isTimeZone('Europe/Moscow')).toBe(true);
		expect(isTimeZone('Asia/Kamchatka')).toBe(true);
		expect(isTimeZone('Москва')).toBe(false);
		expect(isTimeZone('')).toBe(false);
	});
});
