import { describe, expect, test } from 'vitest';
import { checkArrival, checkDeparture, checkPerson, parseSchoolDate } from '../../src/lib/domain/people';

const TODAY = '2026-11-27';

describe('R-4.1.3 dates as a school writes them', () => {
	test.each([
		['05.09.2015', '2015-09-05'],
		['5.9.2015', '2015-09-05'],
		['05/09/2015', '2015-09-05'],
		['2015-09-05', '2015-09-05'],
		[' 29.02.2016 ', '2016-02-29'],
		['29.02.2015', undefined],
		['31.04.2015', undefined],
		['2015.09.05', undefined],
		['05.09.15', undefined],
		['', undefined],
		[42, undefined]
	])('%s → %s', (text, iso) => {
		expect(parseSchoolDate(text)).toBe(iso);
	});
});

describe('R-4.1.3 a person is checked before it is written', () => {
	test('names are trimmed, contacts kept, e-mail lower-cased, empty optional fields are null', () => {
		expect(checkPerson({ lastName: '  Мамин-Сибиряк ', firstName: 'Дмитрий', middleName: '', birthDate: '06.11.2010', email: 'D@Mail.RU', phone: '+7 900 000-00-00' }, TODAY)).toEqual({
			ok: true,
			value: { lastName: 'Мамин-Сибиряк', firstName: 'Дмитрий', middleName: null, birthDate: '2010-11-06', email: 'd@mail.ru', phone: '+7 900 000-00-00', schoolKey: null }
		});
	});

	test.each([
		[{ firstName: 'Анна' }, 'Укажите фамилию.'],
		[{ lastName: 'Иванова' }, 'Укажите имя.'],
		[{ lastName: 'Иванова1', firstName: 'Анна' }, 'В фамилии, имени и отчестве — только буквы, пробел, дефис и апостроф.'],
		[{ lastName: 'И'.repeat(61), firstName: 'Анна' }, 'Фамилия, имя и отчество — не длиннее 60 символов каждое.'],
		[{ lastName: 'Иванова', firstName: 'Анна', birthDate: '2015-13-01' }, 'Дата рождения — в виде ДД.ММ.ГГГГ, например 05.09.2015.'],
		[{ lastName: 'Иванова', firstName: 'Анна', birthDate: '28.11.2026' }, 'Дата рождения — не позже сегодняшнего дня и не раньше 1900 года.'],
		[{ lastName: 'Иванова', firstName: 'Анна', birthDate: '01.01.1899' }, 'Дата рождения — не позже сегодняшнего дня и не раньше 1900 года.'],
		[{ lastName: 'Иванова', firstName: 'Анна', email: 'ivanova' }, 'Почта — в виде имя@домен, например ivanova@mail.ru.'],
		[{ lastName: 'Иванова', firstName: 'Анна', phone: 'позвонить' }, 'Телефон — цифры (от 5 до 15), можно с +, пробелами, скобками и дефисами.'],
		[{ lastName: 'Иванова', firstName: 'Анна', phone: '+7 123 456 789 012 345' }, 'Телефон — цифры (от 5 до 15), можно с +, пробелами, скобками и дефисами.'],
		[{ lastName: 'Иванова', firstName: 'Анна', schoolKey: 'x'.repeat(65) }, 'Номер в школе — не длиннее 64 символов.']
	])('%o is refused: %s', (input, reason) => {
		expect(checkPerson(input, TODAY)).toEqual({ ok: false, reason });
	});
});

describe('R-4.3.6 arrival and departure', () => {
	const year = { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-08-31' };
	test('an arrival is a day of the class\'s year', () => {
		expect(checkArrival({ on: '16.11.2026' }, year)).toEqual({ ok: true, value: '2026-11-16' });
		expect(checkArrival({ on: '31.08.2026' }, year)).toEqual({ ok: false, reason: 'Дата прибытия должна быть внутри учебного года 2026/2027.' });
		expect(checkArrival({ on: 'завтра' }, year)).toEqual({ ok: false, reason: 'Дата — в виде ДД.ММ.ГГГГ.' });
	});

	test('a departure needs a last day not before the arrival and a reason; the school is optional', () => {
		expect(checkDeparture({ lastDay: '2026-11-20', to: '', reason: ' переезд ' }, '2026-09-01')).toEqual({ ok: true, value: { lastDay: '2026-11-20', to: null, reason: 'переезд' } });
		expect(checkDeparture({ lastDay: '2026-09-01', to: 'Школа № 7', reason: 'переезд' }, '2026-09-01')).toEqual({ ok: true, value: { lastDay: '2026-09-01', to: 'Школа № 7', reason: 'переезд' } });
		expect(checkDeparture({ lastDay: '2026-08-31', reason: 'переезд' }, '2026-09-01')).toEqual({ ok: false, reason: 'Последний день не может быть раньше дня прибытия (01.09.2026).' });
		expect(checkDeparture({ lastDay: '2026-11-20', reason: '' }, '2026-09-01')).toEqual({ ok: false, reason: 'Укажите причину выбытия.' });
		expect(checkDeparture({ lastDay: '2026-11-20', reason: 'я'.repeat(201) }, '2026-09-01')).toEqual({ ok: false, reason: 'Школа и причина — не длиннее 200 символов.' });
	});
});
