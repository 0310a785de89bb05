import { describe, expect, test } from 'vitest';
import { checkHoliday, holidayDays, holidayOn, HOLIDAY_MESSAGES, type Holiday, type HolidayInput } from '../../src/lib/domain/holidays';
import { isIsoDate } from '../../src/lib/domain/dates';

const year = { yearStartsOn: '2026-09-01', yearEndsOn: '2027-05-31' };
const autumn: Holiday = { name: 'Осенние каникулы', startsOn: '2026-10-25', endsOn: '2026-11-04' };
const winter: Holiday = { name: 'Зимние каникулы', startsOn: '2026-12-28', endsOn: '2027-01-11' };
const victory: Holiday = { name: 'День Победы', startsOn: '2027-05-09', endsOn: '2027-05-09' };
const holidays = [autumn, winter, victory];
const form = (overrides: HolidayInput = {}): HolidayInput => ({ name: 'Дни здоровья', startsOn: '2026-12-07', endsOn: '2026-12-08', ...overrides });

describe('R-5.3 the administrator’s holiday is checked before it is stored', () => {
	const cases: Array<[string, HolidayInput, string | null]> = [
		['two days of health between the breaks', form(), null],
		['one day (the last day is the first)', form({ endsOn: '2026-12-07' }), null],
		['the whole name is required, spaces do not count', form({ name: '   ' }), 'Укажите название каникул или праздника.'],
		['no name at all', form({ name: undefined }), 'Укажите название каникул или праздника.'],
		['a name of 100 characters is fine', form({ name: 'я'.repeat(100) }), null],
		['a name of 101 characters is too long', form({ name: 'я'.repeat(101) }), 'Название длиннее 100 символов.'],
		['no first day', form({ startsOn: '' }), 'Укажите первый день в формате ГГГГ-ММ-ДД.'],
		['X-RU a first day typed as ДД.ММ.ГГГГ is not what the date field sends', form({ startsOn: '07.12.2026' }), 'Укажите первый день в формате ГГГГ-ММ-ДД.'],
		['a first day that does not exist (30 February)', form({ startsOn: '2027-02-30', endsOn: '2027-03-01' }), 'Укажите первый день в формате ГГГГ-ММ-ДД.'],
		['no last day', form({ endsOn: undefined }), 'Укажите последний день в формате ГГГГ-ММ-ДД.'],
		['a last day that is not text', form({ endsOn: 20261208 }), 'Укажите последний день в формате ГГГГ-ММ-ДД.'],
		['the last day before the first', form({ startsOn: '2026-12-08', endsOn: '2026-12-07' }), 'Последний день не может быть раньше первого.'],
		['X-RU starting before the school year', form({ startsOn: '2026-08-31' }), 'Каникулы должны быть в пределах учебного года: 01.09.2026 — 31.05.2027.'],
		['ending after the school year', form({ startsOn: '2027-05-31', endsOn: '2027-06-01' }), 'Каникулы должны быть в пределах учебного года: 01.09.2026 — 31.05.2027.'],
		['the first and last days of the year themselves', form({ startsOn: '2026-09-01', endsOn: '2026-09-01' }), null],
		['overlapping the autumn break by its last day, named in the message', form({ startsOn: '2026-11-04', endsOn: '2026-11-05' }), 'Эти дни пересекаются с «Осенние каникулы» (25.10.2026 — 04.11.2026).'],
		['covering a one-day public holiday', form({ startsOn: '2027-05-04', endsOn: '2027-05-12' }), 'Эти дни пересекаются с «День Победы» (09.05.2027 — 09.05.2027).'],
		['the day right after the winter break', form({ startsOn: '2027-01-12', endsOn: '2027-01-12' }), null]
	];
	for (const [name, input, reason] of cases) {
		test(name, () => {
			const result = checkHoliday(input, year, holidays);
			expect(result.ok ? null : result.reason).toBe(reason);
		});
	}

	test('the name and dates are stored trimmed', () => {
		expect(checkHoliday(form({ name: '  Дни здоровья ', startsOn: ' 2026-12-07' }), year, holidays)).toEqual({
			ok: true,
			value: { name: 'Дни здоровья', startsOn: '2026-12-07', endsOn: '2026-12-08' }
		});
	});

	test('a holiday being changed is checked against the others only, so it may keep or shift its own days', () => {
		const others = holidays.filter((h) => h !== autumn);
		expect(checkHoliday({ name: 'Осенние каникулы', startsOn: '2026-10-26', endsOn: '2026-11-05' }, year, others).ok).toBe(true);
	});
});

describe('R-5.3 which holiday a date falls in', () => {
	const cases: Array<[string, string, Holiday | undefined]> = [
		['the first day of the autumn break', '2026-10-25', autumn],
		['a day inside the autumn break', '2026-10-28', autumn],
		['the last day of the winter break, in the next calendar year', '2027-01-11', winter],
		['a one-day public holiday', '2027-05-09', victory],
		['a school day between the breaks', '2026-11-05', undefined]
	];
	for (const [name, date, holiday] of cases) {
		test(name, () => expect(holidayOn(holidays, date)).toBe(holiday));
	}
	test('no holidays, no holiday', () => expect(holidayOn([], '2026-10-28')).toBeUndefined());
});

describe('X-RU how long a holiday lasts, both ends included, in words', () => {
	const cases: Array<[Holiday, number, string]> = [
		[victory, 1, '1 день'],
		[{ name: 'Выходные', startsOn: '2026-11-02', endsOn: '2026-11-04' }, 3, '3 дня'],
		[autumn, 11, '11 дней'],
		[winter, 15, '15 дней'],
		[{ name: 'Весна', startsOn: '2027-03-01', endsOn: '2027-03-21' }, 21, '21 день']
	];
	for (const [holiday, days, text] of cases) {
		test(`${holiday.startsOn} — ${holiday.endsOn}: ${text}`, () => {
			expect(holidayDays(holiday)).toBe(days);
			expect(HOLIDAY_MESSAGES.days(days)).toBe(text);
		});
	}
});

describe('X-RU a date field’s value is a real calendar date', () => {
	const cases: Array<[string, boolean]> = [
		['2026-12-07', true],
		['2028-02-29', true],
		['2027-02-29', false],
		['2026-13-01', false],
		['2026-12-7', false],
		['', false]
	];
	for (const [text, valid] of cases) test(`«${text}» ${valid ? 'is' : 'is not'} a date`, () => expect(isIsoDate(text)).toBe(valid));
});
