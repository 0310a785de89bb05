import { describe, expect, test } from 'vitest';
import { lessonSlotClash, type LessonSlot } from '../../src/lib/domain/journal-rules';
import { lessonBody, type LessonFields } from '../../src/lib/components/journal/lesson-form';

const day: LessonSlot[] = [
	{ id: 1, date: '2026-11-20', lessonNo: 2 },
	{ id: 2, date: '2026-11-20', lessonNo: null },
	{ id: 3, date: '2026-11-21', lessonNo: 3 }
];

describe('R-4.4.5 one lesson per day and number', () => {
	test.each([
		['2026-11-20', 2, undefined, '20.11.2026 уже есть 2-й урок: у второго урока в этот день должен быть другой номер.'],
		['2026-11-20', null, undefined, '20.11.2026 урок без номера уже есть: у второго урока в этот день укажите номер урока.'],
		['2026-11-20', 3, undefined, null],
		['2026-11-21', null, undefined, null],
		['2026-11-22', 2, undefined, null],
		['2026-11-20', 2, 1, null],
		['2026-11-20', null, 2, null],
		['2026-11-20', 2, 3, '20.11.2026 уже есть 2-й урок: у второго урока в этот день должен быть другой номер.']
	])('%s, number %s (changing lesson %s): %s', (date, lessonNo, selfId, reason) => {
		expect(lessonSlotClash({ date, lessonNo }, day, selfId)).toBe(reason);
	});
});

describe('R-4.4.5 the lesson forms say it before the server does', () => {
	const fields: LessonFields = { date: '2026-11-20', lessonNo: '2', topic: '', workTypeId: '', homework: '' };
	const year = { startsOn: '2026-09-01', endsOn: '2027-05-31' };

	test('a date outside the school year', () => {
		expect(lessonBody({ ...fields, date: '2031-03-01' }, [], { year })).toEqual({ ok: false, reason: 'Дата урока должна быть в пределах учебного года: 01.09.2026 — 31.05.2027.' });
	});

	test('a day and number another lesson holds, unless the lesson keeps its own', () => {
		expect(lessonBody(fields, [], { year, lessons: day })).toMatchObject({ ok: false, reason: expect.stringContaining('уже есть 2-й урок') });
		expect(lessonBody({ ...fields, lessonNo: '4' }, [], { year, lessons: day })).toMatchObject({ ok: true });
		expect(lessonBody({ ...fields, topic: 'Новая тема' }, [], { year, lessons: day, current: day[0] })).toMatchObject({ ok: true });
		expect(lessonBody(fields, [], { year, lessons: day, current: day[2] })).toMatchObject({ ok: false });
	});
});
