import { describe, expect, test } from 'vitest';
import {
	DEFAULT_SCHOOL_GRADING,
	cellRulesFrom,
	checkGradingForm,
	checkWorkTypesForm,
	formatThresholds,
	gradingForJournal,
	minMarksFor,
	type GradingForm,
	type MinMarksStep
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
				markFreeGrades: [1, 2],
				minMarksByHours: [],
				markSigns: false,
				signWorth: 0.25
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

describe('R-5.2 the minimum of marks rises with the lessons a week', () => {
	const steps: MinMarksStep[] = [
		{ fromHours: 3, minMarks: 5 },
		{ fromHours: 5, minMarks: 7 }
	];
	const cases: Array<[string, number, readonly MinMarksStep[], number, number]> = [
		// [title, base, steps, weekly hours, minimum]
		['no steps: the base for one lesson a week', 3, [], 1, 3],
		['no steps: the base for six lessons a week', 3, [], 6, 3],
		['no timetable (0 hours): the base', 3, steps, 0, 3],
		['2 hours, below the first step: the base', 3, steps, 2, 3],
		['exactly 3 hours reach the first step', 3, steps, 3, 5],
		['4 hours stay on the first step', 3, steps, 4, 5],
		['exactly 5 hours reach the second step', 3, steps, 5, 7],
		['8 hours stay on the last step', 3, steps, 8, 7],
		['a base higher than a step is never lowered by it', 6, steps, 3, 6],
		['a base higher than a step: the next step still raises it', 6, steps, 5, 7],
		['a base higher than every step', 9, steps, 40, 9],
		['steps out of order: the highest reached step decides', 3, [...steps].reverse(), 6, 7]
	];
	for (const [title, base, given, hours, expected] of cases) {
		test(`R-5.2 ${title}: ${expected}`, () => {
			expect(minMarksFor({ minMarks: base, minMarksByHours: given }, hours)).toBe(expected);
		});
	}

	test('R-5.2 a journal with 5 lessons a week needs 7 marks: 6 marks give н/а, «не хватает оценок», the rules left as they were', () => {
		const school = { ...DEFAULT_SCHOOL_GRADING, minMarksByHours: steps };
		const journal = gradingForJournal(school, 5);
		expect(journal.minMarks).toBe(7);
		expect(school.minMarks).toBe(3);
		const six = [5, 5, 4, 4, 5, 5].map((value) => ({ value, weight: 1, workType: null }));
		expect(suggestPeriodMark({ marks: six }, journal)).toMatchObject({
			mark: 'н/а',
			rule: 'Для отметки за период нужно не меньше 7 оценок, а есть 6.',
			warnings: ['не хватает оценок']
		});
		expect(suggestPeriodMark({ marks: six }, gradingForJournal(school, 2)).mark).toBe('5');
	});
});

describe('R-5.2 the steps of the minimum in the settings form', () => {
	const form = (hours: string[], counts: string[]): GradingForm => ({ ...good, minMarksHours: hours, minMarksCounts: counts });
	const cases: Array<[string, GradingForm, MinMarksStep[] | string]> = [
		['no step rows at all (the form of before)', good, []],
		['only empty rows', form(['', '', ''], ['', '', '']), []],
		['two steps with empty rows after them', form(['3', '5', ''], ['5', '7', '']), [{ fromHours: 3, minMarks: 5 }, { fromHours: 5, minMarks: 7 }]],
		['an empty row between steps is skipped', form(['3', '', '5'], ['5', '', '7']), [{ fromHours: 3, minMarks: 5 }, { fromHours: 5, minMarks: 7 }]],
		['one row sent as a single value, not a list', { ...good, minMarksHours: '4', minMarksCounts: '6' }, [{ fromHours: 4, minMarks: 6 }]],
		['equal marks in two steps', form(['3', '5'], ['5', '5']), [{ fromHours: 3, minMarks: 5 }, { fromHours: 5, minMarks: 5 }]],
		['the bounds: 1 and 40 hours, 1 and 20 marks', form(['1', '40'], ['1', '20']), [{ fromHours: 1, minMarks: 1 }, { fromHours: 40, minMarks: 20 }]],
		['hours without marks', form(['3', '5'], ['5', '']), 'Строка 2 ступеней: укажите и часы в неделю, и число оценок — или очистите оба поля.'],
		['marks without hours', form(['', '5'], ['4', '7']), 'Строка 1 ступеней: укажите и часы в неделю, и число оценок — или очистите оба поля.'],
		['0 hours', form(['0'], ['5']), 'Строка 1 ступеней: часы в неделю — целое число от 1 до 40.'],
		['41 hours', form(['41'], ['5']), 'Строка 1 ступеней: часы в неделю — целое число от 1 до 40.'],
		['half an hour', form(['2,5'], ['5']), 'Строка 1 ступеней: часы в неделю — целое число от 1 до 40.'],
		['words for hours', form(['три'], ['5']), 'Строка 1 ступеней: часы в неделю — целое число от 1 до 40.'],
		['0 marks', form(['3'], ['0']), 'Строка 1 ступеней: число оценок — целое число от 1 до 20.'],
		['21 marks', form(['3', '5'], ['5', '21']), 'Строка 2 ступеней: число оценок — целое число от 1 до 20.'],
		['the same hours twice', form(['3', '3'], ['5', '7']), 'Ступени идут по возрастанию часов в неделю (в каждой следующей часов больше), а число оценок в них не убывает.'],
		['hours descending', form(['5', '3'], ['7', '5']), 'Ступени идут по возрастанию часов в неделю (в каждой следующей часов больше), а число оценок в них не убывает.'],
		['marks decreasing', form(['3', '5'], ['7', '5']), 'Ступени идут по возрастанию часов в неделю (в каждой следующей часов больше), а число оценок в них не убывает.'],
		['seven steps', form(['1', '2', '3', '4', '5', '6', '7'], ['4', '5', '6', '7', '8', '9', '10']), 'Ступеней по часам в неделю не больше 6.']
	];
	for (const [title, given, expected] of cases) {
		test(`R-5.2 ${title}`, () => {
			const result = checkGradingForm(given, WORK_TYPES);
			if (typeof expected === 'string') expect(result).toEqual({ ok: false, reason: expected });
			else expect(result.ok && result.value.minMarksByHours).toEqual(expected);
		});
	}

	test('R-5.2 six steps are allowed', () => {
		const result = checkGradingForm(form(['1', '2', '3', '4', '5', '6'], ['4', '5', '6', '7', '8', '9']), WORK_TYPES);
		expect(result.ok && result.value.minMarksByHours.length).toBe(6);
	});

	test('R-5.2 the defaults have no steps: every journal needs the base three marks', () => {
		expect(DEFAULT_SCHOOL_GRADING.minMarksByHours).toEqual([]);
		expect(minMarksFor(DEFAULT_SCHOOL_GRADING, 6)).toBe(3);
	});
});
