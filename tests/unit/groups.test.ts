import { describe, expect, test } from 'vitest';
import { checkGroupName, checkMove, checkSubstitution, GROUP_MESSAGES, MAX_GROUP_NAME_LENGTH, parseFormDate, type Membership } from '../../src/lib/domain/groups';

const year = { startsOn: '2026-09-01', endsOn: '2027-08-31' };
const first: Membership = { groupId: 1, groupName: '1 группа', fromOn: '2026-09-01', toOn: null };
const second: Membership = { groupId: 2, groupName: '2 группа', fromOn: '2026-11-20', toOn: null };
const target = { id: 2, name: '2 группа' };

describe('R-4.3.3 R-4.4.6 a move between subgroups keeps the history', () => {
	test.each([
		['a first placement', '2026-09-01', true, [], { ok: true }],
		['a move from a later day closes the old membership', '2026-11-20', true, [first], { ok: true }],
		['a move before the year', '2026-08-31', true, [first], { ok: false, reason: GROUP_MESSAGES.dateOutsideYear(year.startsOn, year.endsOn) }],
		['a move after the year', '2027-09-01', true, [first], { ok: false, reason: GROUP_MESSAGES.dateOutsideYear(year.startsOn, year.endsOn) }],
		['a student not in the class that day', '2026-11-20', false, [first], { ok: false, reason: GROUP_MESSAGES.notInClass('2026-11-20') }],
		['a move on the day the old membership began would erase it', '2026-09-01', true, [first], { ok: false, reason: GROUP_MESSAGES.joinedLater('1 группа', '2026-09-01') }],
		['already in the group', '2026-11-25', true, [second], { ok: false, reason: GROUP_MESSAGES.alreadyThere('2 группа') }],
		['back before a later move', '2026-11-10', true, [{ ...first, toOn: '2026-11-19' }, second], { ok: false, reason: GROUP_MESSAGES.joinedLater('2 группа', '2026-11-20') }]
	] as const)('%s', (_, date, inClassOnDate, open, expected) => {
		const result = checkMove({ date, year, inClassOnDate, target, open: [...open] });
		expect(result.ok).toBe(expected.ok);
		if (!result.ok && !expected.ok) expect(result.reason).toBe(expected.reason);
	});
});

describe('names and dates of the groups page', () => {
	test.each([
		['  1   группа ', { ok: true, value: '1 группа' }],
		['', { ok: false, reason: GROUP_MESSAGES.name }],
		[undefined, { ok: false, reason: GROUP_MESSAGES.name }],
		['я'.repeat(MAX_GROUP_NAME_LENGTH + 1), { ok: false, reason: GROUP_MESSAGES.nameTooLong }]
	])('the name %j', (raw, expected) => {
		expect(checkGroupName(raw)).toEqual(expected);
	});

	test.each([
		['2026-11-20', '2026-11-20'],
		['20.11.2026', '2026-11-20'],
		[' 01.09.2026 ', '2026-09-01'],
		['31.02.2026', undefined],
		['20/11/2026', undefined],
		[7, undefined]
	])('the date %j', (raw, expected) => {
		expect(parseFormDate(raw)).toBe(expected);
	});
});

describe('R-4.3.3 the days of a substitution', () => {
	test.each([
		['01.12.2026', '2026-12-05', { ok: true, value: { from: '2026-12-01', to: '2026-12-05' } }],
		['2026-12-05', '2026-12-05', { ok: true, value: { from: '2026-12-05', to: '2026-12-05' } }],
		['2026-12-05', '2026-12-01', { ok: false, reason: GROUP_MESSAGES.substituteOrder }],
		['2026-12-05', '', { ok: false, reason: GROUP_MESSAGES.substituteDates }],
		['2026-08-25', '2026-09-05', { ok: false, reason: GROUP_MESSAGES.substituteOutsideYear(year.startsOn, year.endsOn) }],
		['2027-08-25', '2027-09-05', { ok: false, reason: GROUP_MESSAGES.substituteOutsideYear(year.startsOn, year.endsOn) }]
	])('from %j to %j', (from, to, expected) => {
		expect(checkSubstitution({ from, to, year })).toEqual(expected);
	});
});
