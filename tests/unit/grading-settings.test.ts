import { describe, expect, test } from 'vitest';
import {
	DEFAULT_SCHOOL_GRADING,
	cellRulesFrom,
	checkGradingForm,
	checkWorkTypesForm,
	formatThresholds,
	type GradingForm
} from '../../src/lib/domain/grading-settings';
import { suggestPeriodMark } from '../../src/lib/domain/grading';
import { checkCell } from '../../src/lib/domain/cell';

const WORK_TYPES = ['answer', 'test', 'lab', 'practical', 'homework'];
const good: GradingForm = {
	scaleMin: '2',
	scaleMax: '5',
	thresholds: '5: 4,6; 4: 3,6; 3: 2,6',
	minMarks: '3',
	requiredWorkTypes: ['test', 'lab'],
	noTopWithFail: 'on',
	absenceCodes: 'н, б, уп, оп',
	markFreeGrades: '1'
};

describe('X-MARKS, R-5.2 the grading settings form is checked before it is saved', () => {
	const cases: Array<[string, GradingForm, string | null]> = [
		['the defaults as the form shows them', good, null],
		['a 12-point scale with its own thresholds', { ...good, scaleMin: '1', scaleMax: '12', thresholds: '12: 11,5\n10: 9,5\n7: 6,5\n4: 3,5' }, null],
		['a scale outside 1–12', { ...good, scaleMin: '0' }, 'Шкала: наименьшая и наибольшая оценки — целые числа от 1 до 12, наименьшая меньше наибольшей.'],
		['a scale turned upside down', { ...good, scaleMin: '5', scaleMax: '2' }, 'Шкала: наименьшая и наибольшая оценки — целые числа от 1 до 12, наименьшая меньше наибольшей.'],
		['no thresholds', { ...good, thresholds: '  ' }, 'Укажите пороги округления, например «5: 4,6; 4: 3,6; 3: 2,6».'],
		['a threshold that is not «mark: from»', { ...good, thresholds: '5 4,6' }, 'Порог «5 4,6» не понятен: пишите «оценка: от», например «5: 4,6».'],
		['a threshold for a mark outside the scale', { ...good, thresholds: '6: 5,5; 5: 4,6' }, 'Порог для «6»: такой оценки нет в шкале 2–5.'],
		['a threshold value outside the scale', { ...good, thresholds: '5: 5,5; 4: 3,6' }, 'Порог для «5» должен быть в пределах шкалы: от 2 до 5.'],
		['thresholds not starting at the top mark', { ...good, thresholds: '4: 3,6; 3: 2,6' }, 'Первым идёт порог для высшей оценки шкалы — «5».'],
		['thresholds not strictly descending', { ...good, thresholds: '5: 4,6; 4: 4,6; 3: 2,6' }, 'Пороги идут от высшей оценки к низшей, и каждый следующий строго меньше предыдущего.'],
		['thresholds in the wrong order', { ...good, thresholds: '5: 4,6; 3: 2,6; 4: 3,6' }, 'Пороги идут от высшей оценки к низшей, и каждый следующий строго меньше предыдущего.'],
		['no minimum of marks (R-5.2)', { ...good, minMarks: '0' }, 'Наименьшее число оценок за период — целое число от 1 до 20.'],
		['a required type of work the year does not have', { ...good, requiredWorkTypes: ['essay'] }, 'Вида работы «essay» в этом учебном году нет.'],
		['no absence code at all', { ...good, absenceCodes: ' , ' }, 'Укажите хотя бы одну отметку о пропуске, например «н».'],
		['an absence code in Latin letters', { ...good, absenceCodes: 'н, n' }, '«n» — отметка о пропуске пишется строчными русскими буквами, от 1 до 4.'],
		['an absence code too long', { ...good, absenceCodes: 'н, болен' }, '«болен» — отметка о пропуске пишется строчными русскими буквами, от 1 до 4.'],
		['an absence code twice', { ...good, absenceCodes: 'н, б, н' }, 'Отметка о пропуске «н» указана дважды.'],
		['a mark-free grade that is not a grade', { ...good, markFreeGrades: '1, 12' }, '«12» — не класс: безотметочными могут быть классы с 1 по 11.']
	];
	for (const [name, form, reason] of cases) {
		test(name, () => {
			const result = checkGradingForm(form, WORK_TYPES);
			expect(result.ok ? null : result.reason).toBe(reason);
		});
	}

	test('a good form gives the rules: codes lower-cased, grades sorted, the checkbox read', () => {
		const result = checkGradingForm({ ...good, absenceCodes: 'Н б. УП', markFreeGrades: ['2', '1'], noTopWithFail: undefined }, WORK_TYPES);
		expect(result).toEqual({
			ok: true,
			value: {
				scale: { min: 2, max: 5 },
				thresholds: [
					{ mark: 5, from: 4.6 },
					{ mark: 4, from: 3.6 },
					{ mark: 3, from: 2.6 }
				],
				minMarks: 3,
				requiredWorkTypes: ['test', 'lab'],
				noTopWithFail: false,
				absenceCodes: ['н', 'б', 'уп'],
				markFreeGrades: [1, 2]
			}
		});
	});

	test('the form shows the default thresholds so that they parse back to themselves', () => {
		const result = checkGradingForm({ ...good, thresholds: formatThresholds(DEFAULT_SCHOOL_GRADING.thresholds) }, WORK_TYPES);
		expect(result.ok && result.value.thresholds).toEqual(DEFAULT_SCHOOL_GRADING.thresholds);
	});
});

describe('R-2.5, X-MARKS the saved rules decide suggestions and what a cell may hold', () => {
	const marks = [5, 5, 4, 4].map((value) => ({ value, weight: 1, workType: null }));
	test('raising the threshold of a 5 turns a 4,50 from «5» into «4»', () => {
		const lenient = checkGradingForm({ ...good, thresholds: '5: 4,5; 4: 3,5; 3: 2,5' }, WORK_TYPES);
		const strict = checkGradingForm({ ...good, thresholds: '5: 4,6; 4: 3,6; 3: 2,6' }, WORK_TYPES);
		if (!lenient.ok || !strict.ok) throw new Error('forms should pass');
		expect(suggestPeriodMark({ marks }, lenient.value).mark).toBe('5');
		expect(suggestPeriodMark({ marks }, strict.value).mark).toBe('4');
	});
	test('an absence code the school added is accepted by the cell check, a removed one is not', () => {
		const result = checkGradingForm({ ...good, absenceCodes: 'н, б, уп, оп, дп' }, WORK_TYPES);
		if (!result.ok) throw new Error(result.reason);
		const rules = cellRulesFrom(result.value);
		expect(checkCell({ marks: [], absence: 'дп', comment: null }, rules).ok).toBe(true);
		expect(checkCell({ marks: [], absence: 'дп', comment: null }, cellRulesFrom(DEFAULT_SCHOOL_GRADING)).ok).toBe(false);
	});
});

describe('X-MARKS weights of the types of work', () => {
	const known = [
		{ id: 1, name: 'Ответ на уроке' },
		{ id: 2, name: 'Контрольная работа' }
	];
	const cases: Array<[string, Array<{ id: number; weight: unknown; topicRequired: unknown }>, string | null]> = [
		['weights with a comma or a point', [{ id: 1, weight: '1,5', topicRequired: undefined }, { id: 2, weight: '3', topicRequired: 'on' }], null],
		['a zero weight', [{ id: 1, weight: '0', topicRequired: undefined }], 'Вес вида работы «Ответ на уроке» — число больше 0 и не больше 10, до двух знаков после запятой.'],
		['a weight above 10', [{ id: 2, weight: '11', topicRequired: undefined }], 'Вес вида работы «Контрольная работа» — число больше 0 и не больше 10, до двух знаков после запятой.'],
		['a weight that is not a number', [{ id: 2, weight: 'два', topicRequired: undefined }], 'Вес вида работы «Контрольная работа» — число больше 0 и не больше 10, до двух знаков после запятой.'],
		['a type of work of another year', [{ id: 9, weight: '1', topicRequired: undefined }], 'Такого вида работы в этом учебном году нет.']
	];
	for (const [name, rows, reason] of cases) {
		test(name, () => {
			const result = checkWorkTypesForm(rows, known);
			expect(result.ok ? null : result.reason).toBe(reason);
		});
	}
});
