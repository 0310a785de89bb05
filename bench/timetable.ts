/**
 * Checking a whole school's weekly timetable for conflicts: 50 classes, 1,800 weekly
 * lessons (36 a class), 90 teachers and 60 rooms, with a few conflicts planted. The indexed check
 * of src/lib/domain/timetable.ts against the naive pairwise check, in the same run, on the same
 * lessons (both must find the same conflicts). Prints and merges timetable.check_ms and
 * timetable.pairwise_ms into bench/results.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { curriculumKey, findConflicts, findConflictsPairwise, type TimetableLesson } from '../src/lib/domain/timetable.ts';

const root = path.resolve(import.meta.dirname, '..');
const CLASSES = 50;
const PER_CLASS = 36;
const SUBJECTS = 12;

// Deterministic: lesson k of class c sits on day 1–6, lesson 1–6; subject k % 12; the teacher and
// room are chosen so that a class's lessons never clash unless planted.
const lessons: TimetableLesson[] = [];
for (let c = 0; c < CLASSES; c++)
	for (let k = 0; k < PER_CLASS; k++) {
		const weekday = 1 + Math.floor(k / 6);
		const lessonNo = 1 + (k % 6);
		const subjectId = 1 + (k % SUBJECTS);
		// Teachers rotate by slot so that no teacher is in two classes at one time.
		const teacherId = 1 + ((c + k * 7) % 90);
		lessons.push({
			id: lessons.length + 1,
			classId: c + 1,
			className: `${5 + (c % 7)}${'АБВГДЕЖИК'[Math.floor(c / 7)]}`,
			groupId: c + 1,
			groupName: null,
			journalId: c * SUBJECTS + subjectId,
			subjectId,
			subject: `Предмет ${subjectId}`,
			grade: 5 + (c % 7),
			teacherId,
			teacherName: `Учитель ${teacherId}`,
			room: String(100 + ((c * 6 + lessonNo) % 300)),
			weekday,
			lessonNo,
			parity: 0
		});
	}
// Plant conflicts: a few teachers and rooms twice.
for (let i = 0; i < 20; i++) {
	const a = lessons[i * 37];
	const b = lessons.find((l) => l.classId !== a.classId && l.weekday === a.weekday && l.lessonNo === a.lessonNo)!;
	if (i % 2 === 0) b.teacherId = a.teacherId;
	else b.room = a.room;
}
const curriculum = new Map<string, number>();
for (let grade = 5; grade <= 11; grade++) for (let s = 1; s <= SUBJECTS; s++) curriculum.set(curriculumKey(s, grade), 3);

function time(run: () => unknown, repeat: number): { ms: number; result: unknown } {
	let result: unknown;
	run();
	const start = performance.now();
	for (let i = 0; i < repeat; i++) result = run();
	return { ms: (performance.now() - start) / repeat, result };
}

const indexed = time(() => findConflicts(lessons, { curriculum }), 50);
const pairwise = time(() => findConflictsPairwise(lessons, { curriculum }), 5);
const count = (r: unknown) => (r as unknown[]).length;
if (count(indexed.result) !== count(pairwise.result)) throw new Error(`the checks disagree: ${count(indexed.result)} vs ${count(pairwise.result)}`);

const results = {
	'timetable.lessons': lessons.length,
	'timetable.conflicts': count(indexed.result),
	'timetable.check_ms': +indexed.ms.toFixed(2),
	'timetable.pairwise_ms': +pairwise.ms.toFixed(2)
};
console.table(results);
const file = path.join(root, 'bench', 'results.json');
const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
fs.writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2) + '\n');
