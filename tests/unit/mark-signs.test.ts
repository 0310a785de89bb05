import { describe, expect, test } from 'vitest';
import { checkCell, DEFAULT_CELL_RULES, formatCell, parseCellInput, rulesKeeping, sameCell, type CellRules } from '../../src/lib/domain/cell';
import { cellFromDoc, cellToDoc } from '../../src/lib/domain/journal-doc';
import { checkGradingForm, cellRulesFrom, DEFAULT_SCHOOL_GRADING } from '../../src/lib/domain/grading-settings';
import { suggestPeriodMark } from '../../src/lib/domain/grading';
import { marksByStudent } from '../../src/lib/domain/standing';

const withSigns: CellRules = { ...DEFAULT_CELL_RULES, signs: true };

describe('X-MARKS marks with a plus or a minus are a school setting, off by default', () => {
	test('X-MARKS off by default: «5-» is refused with the reason, «5» is accepted', () => {
		const refused = parseCellInput('5-', DEFAULT_CELL_RULES);
		expect(refused).toEqual({ ok: false, reason: '«5−» — оценки с плюсом и минусом в школе не ставятся: пишите «5».' });
		expect(parseCellInput('5', DEFAULT_CELL_RULES)).toEqual({ ok: true, value: { marks: [5], absence: null, comment: null } });
	});

	test('X-MARKS when the school writes them: «5-», «5−», «5–» and «4+» read as signed marks, shown with a true minus', () => {
		for (const typed of ['5-', '5−', '5–']) expect(parseCellInput(typed, withSigns)).toEqual({ ok: true, value: { marks: [5], signs: [-1], absence: null, comment: null } });
		const parsed = parseCellInput('4+/3 н', withSigns);
		expect(parsed).toEqual({ ok: true, value: { marks: [4, 3], signs: [1, 0], absence: 'н', comment: null } });
		if (parsed.ok) expect(formatCell(parsed.value)).toBe('4+/3 н');
		expect(formatCell({ marks: [5], signs: [-1], absence: null, comment: null })).toBe('5−');
	});

	test('X-MARKS a plus on the top mark or a minus on the lowest is beyond the scale', () => {
		expect(parseCellInput('5+', withSigns)).toEqual({ ok: false, reason: '«5+» — такой оценки нет: шкала 2–5.' });
		expect(parseCellInput('2-', withSigns)).toEqual({ ok: false, reason: '«2−» — такой оценки нет: шкала 2–5.' });
		expect(parseCellInput('2+', withSigns).ok).toBe(true);
	});

	test('X-MARKS a value without signs stays as before; forged signs are refused', () => {
		expect(checkCell({ marks: [5], signs: [0], absence: null, comment: null }, withSigns)).toEqual({ ok: true, value: { marks: [5], absence: null, comment: null } });
		expect(checkCell({ marks: [5, 4], signs: [1], absence: null, comment: null }, withSigns).ok).toBe(false);
		expect(checkCell({ marks: [4], signs: [2], absence: null, comment: null }, withSigns).ok).toBe(false);
	});

	test('X-MARKS «5−» and «5» are different cells; the document carries the signs only when there are some', () => {
		expect(sameCell({ marks: [5], signs: [-1], absence: null, comment: null }, { marks: [5], absence: null, comment: null })).toBe(false);
		expect(sameCell({ marks: [5], signs: [0], absence: null, comment: null }, { marks: [5], absence: null, comment: null })).toBe(true);
		expect(cellToDoc({ marks: [5], absence: null, comment: null }, 'e1')).toEqual({ m: [5], a: null, c: null, e: 'e1' });
		const doc = cellToDoc({ marks: [5, 4], signs: [-1, 0], absence: null, comment: null }, 'e2');
		expect(doc).toEqual({ m: [5, 4], s: [-1, 0], a: null, c: null, e: 'e2' });
		expect(cellFromDoc(doc)).toEqual({ marks: [5, 4], signs: [-1, 0], absence: null, comment: null });
	});

	test('X-MARKS a signed mark set before the school turned signs off stays editable around (its comment, its absence)', () => {
		const before = { marks: [5], signs: [-1], absence: null, comment: null };
		const after = { ...before, comment: 'устно' };
		expect(checkCell(after, rulesKeeping(DEFAULT_CELL_RULES, before, after)).ok).toBe(true);
		expect(checkCell({ ...after, signs: [1], marks: [4] }, rulesKeeping(DEFAULT_CELL_RULES, before, { ...after, signs: [1], marks: [4] })).ok).toBe(false);
	});

	test('X-MARKS the settings form: signs on with their weight; a weight outside 0–0,5 is refused', () => {
		const form = { scaleMin: '2', scaleMax: '5', thresholds: '5: 4,6; 4: 3,6; 3: 2,6', minMarks: '3', absenceCodes: 'н', markSigns: 'on', signWorth: '0,3' };
		const checked = checkGradingForm(form, []);
		expect(checked.ok && { markSigns: checked.value.markSigns, signWorth: checked.value.signWorth }).toEqual({ markSigns: true, signWorth: 0.3 });
		if (checked.ok) expect(cellRulesFrom(checked.value).signs).toBe(true);
		expect(checkGradingForm({ ...form, signWorth: '0,75' }, [])).toMatchObject({ ok: false });
		const off = checkGradingForm({ ...form, markSigns: undefined, signWorth: undefined }, []);
		expect(off.ok && { markSigns: off.value.markSigns, signWorth: off.value.signWorth }).toEqual({ markSigns: false, signWorth: 0.25 });
		expect(cellRulesFrom(DEFAULT_SCHOOL_GRADING).signs).toBeUndefined();
	});

	test('X-MARKS, R-2.5 a signed mark counts in the average by the school\'s weight of a sign', () => {
		const rows = [
			{ studentId: 1, date: '2026-10-01', value: 5, sign: -1, weight: 1, workType: null },
			{ studentId: 1, date: '2026-10-02', value: 4, sign: 1, weight: 1, workType: null },
			{ studentId: 1, date: '2026-10-03', value: 4, sign: 0, weight: 2, workType: null }
		];
		// (4.75 + 4.25 + 4·2) / 4 = 4.25
		expect(suggestPeriodMark({ marks: marksByStudent(rows, 0.25).get(1)! }).average).toBeCloseTo(4.25, 10);
		// Weight 0: the signs do not move the average: (5 + 4 + 8) / 4 = 4.25 as well, so try 0.5 against 0 on other marks.
		const two = rows.slice(0, 1);
		expect(suggestPeriodMark({ marks: marksByStudent(two, 0.5).get(1)! }).average).toBe(4.5);
		expect(suggestPeriodMark({ marks: marksByStudent(two, 0).get(1)! }).average).toBe(5);
	});
});
