import { describe, expect, test } from 'vitest';
import { DEFAULT_CELL_RULES, parseCellInput, type CellRules } from '../../src/lib/domain/cell';
import { inCyrillicLayout, inLatinLayout } from '../../src/lib/domain/keyboard-layout';

describe('X-MARKS the same keys on the other keyboard layout', () => {
	test.each([
		['y', 'н'],
		[',', 'б'],
		['eg', 'уп'],
		['jg', 'оп'],
		['Y', 'н'],
		['5/y', '5/н'],
		['4 EG', '4 уп'],
		["`qwertyuiop[]asdfghjkl;'zxcvbnm,.", 'ёйцукенгшщзхъфывапролджэячсмитьбю']
	])('«%s» on the Latin layout is «%s» on the Russian one', (latin, cyrillic) => {
		expect(inCyrillicLayout(latin)).toBe(cyrillic);
	});

	test.each([
		['н', 'y'],
		['уп', 'eg'],
		['Б', ','],
		['5/4', '5/4']
	])('«%s» on the Russian layout is «%s» on the Latin one', (cyrillic, latin) => {
		expect(inLatinLayout(cyrillic)).toBe(latin);
	});
});

describe('X-MARKS a cell typed on the wrong layout still reads', () => {
	const rules = DEFAULT_CELL_RULES;
	test.each([
		['y', [], 'н'],
		[',', [], 'б'],
		['eg', [], 'уп'],
		['jg', [], 'оп'],
		['Y', [], 'н'],
		['5 y', [5], 'н'],
		['4/eg', [4], 'уп'],
		['н', [], 'н'],
		['5/4', [5, 4], null],
		['5,4', [5, 4], null],
		['', [], null]
	])('«%s» is marks %j and absence %s', (text, marks, absence) => {
		expect(parseCellInput(text, rules)).toEqual({ ok: true, value: { marks, absence, comment: null } });
	});

	test.each([
		['x', '«x» — не оценка и не отметка о пропуске'],
		['7', '«7» — такой оценки нет'],
		['7 y', '«y» — не оценка и не отметка о пропуске'],
		['н б', 'только одна отметка о пропуске'],
		[',,', '«,,» — не оценка и не отметка о пропуске']
	])('«%s» is refused: %s', (text, reason) => {
		const parsed = parseCellInput(text, rules);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.reason).toContain(reason);
	});

	test('a school whose codes are Latin letters reads them typed on the Russian layout', () => {
		const latinCodes: CellRules = { ...rules, absenceCodes: ['n', 'b'] };
		expect(parseCellInput('т', latinCodes)).toEqual({ ok: true, value: { marks: [], absence: 'n', comment: null } });
	});

	test('the comment is kept when the text is read on the other layout', () => {
		expect(parseCellInput('y', rules, 'болел')).toEqual({ ok: true, value: { marks: [], absence: 'н', comment: 'болел' } });
	});
});
