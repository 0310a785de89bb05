import { describe, expect, test } from 'vitest';
import { isIsoDate } from '../../src/lib/domain/dates';

describe('X-RU a date a person types is a day of the calendar written as ГГГГ-ММ-ДД', () => {
	const cases: Array<[string, string, boolean]> = [
		['an ordinary day', '2026-11-20', true],
		['the first day of the year', '2027-01-01', true],
		['29 February of a leap year', '2028-02-29', true],
		['31 December', '2026-12-31', true],
		['30 February', '2026-02-30', false],
		['31 February', '2027-02-31', false],
		['29 February of a common year', '2027-02-29', false],
		['31 November', '2026-11-31', false],
		['31 April', '2027-04-31', false],
		['month 13', '2026-13-01', false],
		['month 00', '2026-00-10', false],
		['day 00', '2026-11-00', false],
		['day 32', '2026-12-32', false],
		['the year 0000, which the database does not have', '0000-01-01', false],
		['a year before 100 is kept as written, not read as 19xx', '0050-02-29', false],
		['ДД.ММ.ГГГГ as a Russian reader writes it', '20.11.2026', false],
		['a time after the date', '2026-11-20T10:00', false],
		['one-digit month and day', '2026-1-2', false],
		['spaces around', ' 2026-11-20 ', false],
		['empty', '', false]
	];
	for (const [name, text, expected] of cases) {
		test(`${name}: «${text}» → ${expected}`, () => expect(isIsoDate(text)).toBe(expected));
	}
});
