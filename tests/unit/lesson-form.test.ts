import { describe, expect, test } from 'vitest';
import { lessonBody } from '../../src/lib/components/journal/lesson-form';

const workTypes = [
	{ id: 1, code: 'answer', name: 'Ответ на уроке', weight: 1, topicRequired: false },
	{ id: 4, code: 'test', name: 'Контрольная работа', weight: 3, topicRequired: true }
];
const fields = { date: '2026-11-27', lessonNo: '', topic: '', workTypeId: '', homework: '' };

describe('R-4.4.5 the lesson form is checked before it is sent', () => {
	test('a lesson needs a date', () => {
		expect(lessonBody({ ...fields, date: '' }, workTypes)).toMatchObject({ ok: false });
	});

	test('a test needs a topic; an answer at the lesson does not', () => {
		const test4 = lessonBody({ ...fields, workTypeId: '4' }, workTypes);
		expect(test4.ok).toBe(false);
		if (!test4.ok) expect(test4.reason).toContain('Контрольная работа');
		expect(lessonBody({ ...fields, workTypeId: '1' }, workTypes)).toMatchObject({ ok: true, body: { workTypeId: 1, topic: null } });
	});

	test('texts are trimmed and empty ones sent as null; the lesson number is 0–10', () => {
		expect(lessonBody({ ...fields, topic: '  Причастие ', homework: ' ', lessonNo: '3', workTypeId: '4' }, workTypes)).toEqual({
			ok: true,
			body: { date: '2026-11-27', lessonNo: 3, topic: 'Причастие', workTypeId: 4, homework: null }
		});
		expect(lessonBody({ ...fields, lessonNo: '11' }, workTypes).ok).toBe(false);
	});
});
