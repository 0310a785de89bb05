/** The class teacher's weekly check: disagreements, unexcused absences, failing subjects, the notice. */
import { describe, expect, test } from 'vitest';
import {
	failingSubjects,
	fillNotice,
	findDisagreements,
	isUnexcused,
	noticeReason,
	parseConfirmedCode,
	PRESENT,
	unexcusedOf,
	weekOf,
	type WeekCell
} from '../../src/lib/domain/class-week';

let nextId = 1;
function cell(studentId: number, date: string, subject: string, absence: string | null, marks: number[] = []): WeekCell {
	const id = nextId++;
	return { lessonId: id, journalId: 100 + id, subject, date, lessonNo: id, studentId, marks, absence };
}

describe('R-4.3.8: the days on which teachers disagree about an absence', () => {
	test('absent in one lesson and with a mark in another is a disagreement; the code is suggested', () => {
		const found = findDisagreements([cell(1, '2026-11-23', 'Алгебра', 'н'), cell(1, '2026-11-23', 'Русский язык', null, [5]), cell(1, '2026-11-23', 'Физика', 'н')]);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ studentId: 1, date: '2026-11-23', suggested: 'н' });
		expect(found[0].lessons.map((l) => l.status)).toEqual(['н', PRESENT, 'н']);
	});
	test('two different codes on one day disagree; the same code all day, or a late code among presences, does not', () => {
		expect(findDisagreements([cell(2, '2026-11-24', 'Алгебра', 'б'), cell(2, '2026-11-24', 'Физика', 'н')])).toHaveLength(1);
		expect(findDisagreements([cell(3, '2026-11-24', 'Алгебра', 'б'), cell(3, '2026-11-24', 'Физика', 'б')])).toEqual([]);
		expect(findDisagreements([cell(4, '2026-11-24', 'Алгебра', 'оп'), cell(4, '2026-11-24', 'Физика', null, [4])])).toEqual([]);
	});
	test('different days and different pupils are judged apart', () => {
		expect(findDisagreements([cell(5, '2026-11-24', 'Алгебра', 'н'), cell(5, '2026-11-25', 'Физика', null), cell(6, '2026-11-24', 'Физика', null)])).toEqual([]);
	});
});

describe('R-4.3.10: who is listed for the parents’ notice', () => {
	test('«н» is a miss without a valid reason; «б», «уп» are valid and «оп» is a late arrival', () => {
		expect(['н', 'б', 'уп', 'оп', null].map(isUnexcused)).toEqual([true, false, false, false, false]);
		const missed = unexcusedOf([cell(7, '2026-11-24', 'Алгебра', 'н'), cell(7, '2026-11-24', 'Физика', 'н'), cell(7, '2026-11-26', 'Физика', 'н'), cell(8, '2026-11-24', 'Физика', 'б')]);
		expect([...missed.entries()]).toEqual([[7, { lessons: 3, dates: ['2026-11-24', '2026-11-26'] }]]);
	});
	test('a subject is failed by a «2», «1» or «н/а» (set or suggested); «3» and no mark are not', () => {
		expect(failingSubjects([{ subject: 'Алгебра', mark: '2' }, { subject: 'Физика', mark: 'н/а' }, { subject: 'Химия', mark: '3' }, { subject: 'ИЗО', mark: null }])).toEqual(['Алгебра', 'Физика']);
	});
	test('the notice fills in the pupil and the reason', () => {
		const reason = noticeReason(['Алгебра'], { lessons: 2 });
		expect(reason).toBe('неудовлетворительные результаты по предметам: Алгебра; пропуски уроков без уважительной причины за неделю: 2');
		expect(fillNotice('У {ученик}: {причина}.', 'Орлов Иван', 'x')).toBe('У Орлов Иван: x.');
	});
	test('the confirmed code is one of the school’s codes, or «был» (empty)', () => {
		expect(parseConfirmedCode('', ['н', 'б'])).toBe(PRESENT);
		expect(parseConfirmedCode('б', ['н', 'б'])).toBe('б');
		expect(parseConfirmedCode('x', ['н', 'б'])).toBeUndefined();
	});
	test('a week runs from Monday to Saturday', () => {
		expect(weekOf('2026-11-26')).toMatchObject({ from: '2026-11-23', to: '2026-11-28', previous: '2026-11-16', next: '2026-11-30' });
	});
});
