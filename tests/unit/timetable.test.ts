import { describe, expect, test } from 'vitest';
import {
	applyChanges,
	checkReason,
	checkSlot,
	curriculumKey,
	findConflicts,
	findConflictsPairwise,
	unfoldTemplate,
	weekParityOf,
	type TemplateSlot,
	type TimetableChange,
	type TimetableLesson
} from '../../src/lib/domain/timetable';

// A small hand-made timetable of two classes. Subjects: 1 Математика, 2 Английский язык,
// 3 Русский язык, 4 История. 7А has the whole-class group 10 and English groups 11 and 12; 7Б
// has group 20. Teachers: 1 Иванова, 2 Петров, 3 Сидорова, 4 Козлов.
const teacher = { 1: 'Иванова И. И.', 2: 'Петров П. П.', 3: 'Сидорова С. С.', 4: 'Козлов К. К.' } as const;
const subject = { 1: 'Математика', 2: 'Английский язык', 3: 'Русский язык', 4: 'История' } as const;
function lesson(
	id: number,
	cls: '7А' | '7Б',
	group: 10 | 11 | 12 | 20,
	subjectId: 1 | 2 | 3 | 4,
	teacherId: 1 | 2 | 3 | 4,
	room: string,
	weekday: number,
	lessonNo: number,
	extra: Partial<TimetableLesson> = {}
): TimetableLesson {
	return {
		id,
		classId: cls === '7А' ? 1 : 2,
		className: cls,
		groupId: group,
		groupName: group === 11 ? '1 группа' : group === 12 ? '2 группа' : null,
		journalId: group * 10 + subjectId,
		subjectId,
		subject: subject[subjectId],
		grade: 7,
		teacherId,
		teacherName: teacher[teacherId],
		room,
		weekday,
		lessonNo,
		parity: 0,
		...extra
	};
}

const timetable: TimetableLesson[] = [
	lesson(1, '7А', 10, 1, 1, '21', 1, 1),
	lesson(2, '7А', 11, 2, 2, '31', 1, 2),
	// The other English group at the same time in another room: parallel subgroups, no conflict.
	lesson(3, '7А', 12, 2, 3, '32', 1, 2),
	// Иванова teaches 7А on Monday's first lesson already.
	lesson(4, '7Б', 20, 1, 1, '22', 1, 1),
	// Room 21 twice on Monday's third lesson («21 » is the same room).
	lesson(5, '7Б', 20, 3, 2, '21 ', 1, 3),
	lesson(6, '7А', 10, 3, 3, '21', 1, 3),
	// 7А as a whole class has mathematics on Monday's first lesson already; history is not in grade 7's curriculum.
	lesson(7, '7А', 10, 4, 4, '40', 1, 1),
	// Odd and even weeks in the same room at the same time never meet.
	lesson(8, '7А', 11, 2, 2, '31', 2, 1, { parity: 1 }),
	lesson(9, '7Б', 20, 1, 1, '31', 2, 1, { parity: 2 }),
	lesson(10, '7А', 10, 1, 1, '21', 3, 1),
	// An extra lesson put on a day of the autumn break.
	lesson(11, '7Б', 20, 1, 1, '22', 3, 5, { date: '2026-11-04' })
];
const curriculum = new Map([
	[curriculumKey(1, 7), 2],
	[curriculumKey(2, 7), 1],
	[curriculumKey(3, 7), 1]
]);
const holidays = [{ name: 'Осенние каникулы', startsOn: '2026-10-25', endsOn: '2026-11-04' }];

const EXPECTED = [
	{ kind: 'teacher', lessonIds: [1, 4], reason: 'Учитель Иванова И. И. в понедельник на 1-м уроке в двух местах сразу: 7А, Математика и 7Б, Математика.' },
	{ kind: 'room', lessonIds: [5, 6], reason: 'Кабинет 21 в понедельник на 3-м уроке занят дважды: 7Б, Русский язык и 7А, Русский язык.' },
	{
		kind: 'class',
		lessonIds: [1, 7],
		reason: 'У 7А в понедельник на 1-м уроке два урока сразу: Математика и История. Одновременно могут идти только уроки разных подгрупп.'
	},
	{ kind: 'hours', lessonIds: [2, 8], reason: '7А, Английский язык (1 группа): в расписании 1,5 ч в неделю, а по учебному плану — 1 ч.' },
	{ kind: 'hours', lessonIds: [7], reason: '7А, История: предмета нет в учебном плане параллели, а в расписании 1 ч в неделю.' },
	{ kind: 'holiday', lessonIds: [11], reason: '04.11.2026 — Осенние каникулы, уроков нет: 7Б, Математика.' }
];

describe('R-4.1.7 the conflicts of a hand-made timetable are exactly the ones written here', () => {
	const expected = EXPECTED;
	const found = findConflicts(timetable, { curriculum, holidays });

	test('every expected conflict is found, with its reason in Russian, and nothing else', () => {
		const sorted = (list: Array<{ kind: string; lessonIds: number[]; reason?: string }>) =>
			list.map((c) => ({ kind: c.kind, lessonIds: [...c.lessonIds].sort((a, b) => a - b), reason: c.reason })).sort((a, b) => (a.kind + a.lessonIds).localeCompare(b.kind + b.lessonIds));
		expect(sorted(found)).toEqual(sorted(expected));
	});

	test('parallel subgroups of a class at one time are not a conflict, a whole class and a subgroup are', () => {
		const sub = findConflicts([lesson(1, '7А', 11, 2, 2, '31', 1, 2), lesson(2, '7А', 12, 2, 3, '32', 1, 2)]);
		expect(sub).toEqual([]);
		const whole = findConflicts([lesson(1, '7А', 10, 1, 1, '21', 1, 2), lesson(2, '7А', 12, 2, 3, '32', 1, 2)]);
		expect(whole.map((c) => c.kind)).toEqual(['class']);
		const sameGroup = findConflicts([lesson(1, '7А', 11, 2, 2, '31', 1, 2), lesson(2, '7А', 11, 2, 3, '32', 1, 2)]);
		expect(sameGroup.map((c) => c.kind)).toEqual(['class']);
	});

	test('an every-week lesson meets an odd-week one; odd and even do not', () => {
		expect(findConflicts([lesson(1, '7А', 10, 1, 1, '21', 2, 1), lesson(2, '7Б', 20, 1, 1, '22', 2, 1, { parity: 2 })]).map((c) => c.kind)).toEqual(['teacher']);
		expect(findConflicts([lesson(1, '7А', 10, 1, 1, '21', 2, 1, { parity: 1 }), lesson(2, '7Б', 20, 1, 1, '22', 2, 1, { parity: 2 })])).toEqual([]);
	});

	test('a grade without any curriculum row is not checked for hours', () => {
		expect(findConflicts([lesson(1, '7А', 10, 4, 4, '40', 1, 1)], { curriculum: new Map([[curriculumKey(1, 8), 4]]) })).toEqual([]);
	});

	test('the naive pairwise check finds the same conflicts (the bench compares their speed)', () => {
		const key = (c: { kind: string; lessonIds: number[] }) => `${c.kind}:${[...c.lessonIds].sort().join(',')}`;
		const pairwise = findConflictsPairwise(timetable, { curriculum }).map(key).sort();
		expect(pairwise).toEqual(found.filter((c) => c.kind !== 'holiday').map(key).sort());
	});
});

describe('R-4.1.7 a slot of the template is checked before it is stored', () => {
	const cases: Array<[string, Record<string, unknown>, string | null]> = [
		['Monday, lesson 1, room 21', { weekday: '1', lessonNo: '1', room: ' 21 ', parity: '0' }, null],
		['Saturday, the early lesson 0, no room, odd weeks', { weekday: 6, lessonNo: 0, room: '', parity: 1 }, null],
		['Sunday is not a school day', { weekday: 7, lessonNo: 1, room: '', parity: 0 }, 'Выберите день недели: понедельник — суббота.'],
		['no lesson number', { weekday: 1, lessonNo: '', room: '', parity: 0 }, 'Номер урока — от 0 до 10.'],
		['lesson 11', { weekday: 1, lessonNo: 11, room: '', parity: 0 }, 'Номер урока — от 0 до 10.'],
		['a third kind of week', { weekday: 1, lessonNo: 1, room: '', parity: 3 }, 'Неделя: каждая, нечётная или чётная.'],
		['a room of 21 characters', { weekday: 1, lessonNo: 1, room: 'к'.repeat(21), parity: 0 }, 'Название кабинета — не длиннее 20 символов.']
	];
	for (const [name, input, reason] of cases)
		test(name, () => {
			const result = checkSlot(input as never);
			expect(result.ok ? null : result.reason).toBe(reason);
		});
	test('the room is kept trimmed, an empty one as none', () => {
		expect(checkSlot({ weekday: '1', lessonNo: '1', room: ' 21 ', parity: undefined })).toEqual({ ok: true, value: { weekday: 1, lessonNo: 1, room: '21', parity: 0 } });
	});
	test('every change carries a reason', () => {
		expect(checkReason('  ')).toEqual({ ok: false, reason: 'Укажите причину изменения.' });
		expect(checkReason(' болезнь учителя ')).toEqual({ ok: true, value: 'болезнь учителя' });
	});
});

describe('R-4.1.7 the template unfolds into the dated lessons of the journal', () => {
	const calendar = {
		yearStartsOn: '2026-09-01',
		periods: [{ startsOn: '2026-09-01', endsOn: '2026-10-24' }, { startsOn: '2026-11-05', endsOn: '2026-12-27' }],
		holidays: [{ name: 'День народного единства', startsOn: '2026-11-04', endsOn: '2026-11-04' }]
	};
	const slot = (slotId: number, weekday: number, lessonNo: number, extra: Partial<TemplateSlot> = {}): TemplateSlot => ({
		slotId,
		journalId: 7,
		weekday,
		lessonNo,
		room: '21',
		parity: 0,
		validFrom: '2026-09-01',
		validTo: null,
		...extra
	});

	test('a week with a holiday: Monday and Wednesday lessons, Wednesday the 4th skipped', () => {
		// 2026-11-02 is a Monday, in the break between the periods; 2026-11-09 the next Monday.
		const dates = unfoldTemplate([slot(1, 1, 2), slot(2, 3, 1)], calendar, '2026-11-02', '2026-11-11').map((l) => `${l.date}/${l.lessonNo}`);
		expect(dates).toEqual(['2026-11-09/2', '2026-11-11/1']);
	});

	test('odd/even weeks are counted from the first week of the year, and a slot counts only while valid', () => {
		expect(weekParityOf('2026-09-01', '2026-09-01')).toBe(1);
		expect(weekParityOf('2026-09-07', '2026-09-01')).toBe(2);
		expect(weekParityOf('2026-09-14', '2026-09-01')).toBe(1);
		const lessons = unfoldTemplate([slot(1, 1, 1, { parity: 2 }), slot(2, 2, 1, { validTo: '2026-09-08' })], calendar, '2026-09-07', '2026-09-15');
		expect(lessons.map((l) => l.date)).toEqual(['2026-09-07', '2026-09-08']);
	});

	test('changes: a cancelled lesson is gone, a moved one is at its new place, an extra one is added, a replaced one carries its replacement', () => {
		const scheduled = unfoldTemplate([slot(1, 1, 1), slot(2, 3, 2)], calendar, '2026-11-09', '2026-11-18');
		const change = (c: Partial<TimetableChange>): TimetableChange => ({
			changeId: 1,
			kind: 'cancel',
			journalId: 7,
			date: '2026-11-09',
			lessonNo: 1,
			toDate: '2026-11-09',
			newDate: null,
			newLessonNo: null,
			newRoom: null,
			teacherId: null,
			reason: 'причина',
			...c
		});
		const lessons = applyChanges(scheduled, [
			change({ changeId: 1, kind: 'cancel' }),
			change({ changeId: 2, kind: 'move', date: '2026-11-11', lessonNo: 2, newDate: '2026-11-12', newLessonNo: 4, newRoom: '5' }),
			change({ changeId: 3, kind: 'extra', date: '2026-11-13', lessonNo: null, newDate: '2026-11-13', newLessonNo: 6 }),
			change({ changeId: 4, kind: 'replace', date: '2026-11-16', toDate: '2026-11-18', lessonNo: null, teacherId: 9 })
		]);
		expect(lessons.map((l) => [l.date, l.lessonNo, l.room, l.change?.changeId ?? null])).toEqual([
			['2026-11-12', 4, '5', 2],
			['2026-11-13', 6, null, 3],
			['2026-11-16', 1, '21', 4],
			['2026-11-18', 2, '21', 4]
		]);
	});
});

describe('R-4.1.7 a lesson the timetable took away while it has entries is flagged for the teacher', () => {
	test('its column head says why; an unflagged one says nothing of the timetable', async () => {
		const { lessonTitle } = await import('../../src/lib/components/journal/lesson-header');
		const lesson = { id: 1, date: '2026-11-23', lessonNo: 1, topic: null, homework: null, workTypeId: null };
		expect(lessonTitle({ ...lesson, flag: 'Урок отменён в расписании (Карантин), но в нём уже есть записи.' }, undefined)).toBe(
			'23.11.2026, 1-й урок\nТема не указана\nРасписание: Урок отменён в расписании (Карантин), но в нём уже есть записи.'
		);
		expect(lessonTitle(lesson, undefined)).not.toContain('Расписание');
	});
});
