/**
 * The demo school's weekly timetable, as the generator builds it for the sizes people start it
 * with, checked by the timetable's own conflict rules (the check the timetable page shows): no
 * teacher, room or class in two places at once, no subject over its curriculum hours.
 */
import { describe, expect, test } from 'vitest';
import { demoSchoolPlan } from '../../src/lib/server/demo/generate.ts';
import { curriculumKey, findConflicts, type TimetableLesson } from '../../src/lib/domain/timetable.ts';

/** The timetable of a planned demo school as the conflict rules take it, and its curriculum. */
function demoLessons(options: { seed: number; classesPerGrade: number; studentsPerClass: number }) {
	const { model, timetable } = demoSchoolPlan({ ...options, today: '2026-11-28' });
	const curriculum = new Map<string, number>();
	const lessons: TimetableLesson[] = timetable.slots.map((slot, id) => {
		const journal = model.journals[slot.journal];
		const klass = model.classes[journal.classIndex];
		const subjectId = model.journals.findIndex((j) => j.subject.code === journal.subject.code);
		curriculum.set(curriculumKey(subjectId, klass.grade), journal.hours);
		const teacher = model.staff[journal.teacher];
		return {
			id,
			classId: journal.classIndex,
			className: klass.name,
			groupId: journal.group,
			groupName: journal.groupNo === 0 ? null : model.groups[journal.group].name,
			journalId: slot.journal,
			subjectId,
			subject: journal.subject.code,
			grade: klass.grade,
			teacherId: journal.teacher,
			teacherName: String(teacher.person),
			room: teacher.room,
			weekday: slot.weekday,
			lessonNo: slot.lessonNo,
			parity: 0
		};
	});
	return { lessons, curriculum };
}

describe('R-4.1.7 R-4.5.2 the demo school’s timetable', () => {
	test.each([
		{ seed: 2026, classesPerGrade: 2, studentsPerClass: 25 },
		{ seed: 2026, classesPerGrade: 1, studentsPerClass: 8 },
		{ seed: 1, classesPerGrade: 3, studentsPerClass: 25 }
	])('R-4.5.2 has no conflicts: seed $seed, $classesPerGrade classes a grade', (options) => {
		const { lessons, curriculum } = demoLessons(options);
		expect(lessons.length).toBeGreaterThan(100);
		expect(findConflicts(lessons, { curriculum }).map((c) => c.reason)).toEqual([]);
	});

	test('parallel PE lessons of different classes go to different gyms', () => {
		const { lessons } = demoLessons({ seed: 2026, classesPerGrade: 2, studentsPerClass: 25 });
		const gyms = new Set(lessons.filter((l) => l.subject === 'pe').map((l) => l.room));
		expect(gyms.size).toBeGreaterThan(1);
		for (const gym of gyms) expect(gym).toMatch(/^Спортзал( \d+)?$/);
	});
});
