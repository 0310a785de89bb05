/**
 * The journal as it stands on `today`: a lesson for every timetable slot of every school day,
 * attendance with illnesses that last several days, and marks that follow each student's
 * ability — a few per ordinary lesson, one for everybody on a test or a laboratory work.
 */
import { type SchoolCalendar, weekday } from './calendar.ts';
import { planLessons, type PlannedLesson, type WorkCode } from './plan.ts';
import type { Random } from './random.ts';
import type { SchoolModel, Tier } from './school.ts';
import type { PlacedSlot } from './timetable.ts';
import { isMarkFreeGrade } from '../../domain/grading-settings.ts';

/** Bell times of lessons 1–7 (index 0 is lesson 1); also stored in the school's settings. */
export const BELLS: readonly (readonly [string, string])[] = [
	['08:30', '09:15'],
	['09:25', '10:10'],
	['10:20', '11:05'],
	['11:25', '12:10'],
	['12:20', '13:05'],
	['13:15', '14:00'],
	['14:10', '14:55']
];

/** The school's time zone offset, used for created_at of lessons, marks and absences. */
export const UTC_OFFSET = '+03:00';

/** A lesson row before insertion. */
export interface LessonDraft {
	journal: number;
	date: string;
	lessonNo: number;
	topic: string;
	workType: WorkCode;
	homework: string | null;
	/** Index into staff. */
	teacher: number;
	createdAt: string;
}

/** A mark row before insertion; lesson and student are indexes. */
export interface MarkDraft {
	lesson: number;
	student: number;
	position: number;
	value: number;
	workType: WorkCode;
	createdAt: string;
}

/** An absence row before insertion; lesson and student are indexes. */
export interface AbsenceDraft {
	lesson: number;
	student: number;
	code: 'н' | 'б' | 'уп' | 'оп';
	createdAt: string;
}

/** Everything that happened in the lessons so far. */
export interface JournalHistory {
	lessons: LessonDraft[];
	marks: MarkDraft[];
	absences: AbsenceDraft[];
}

const TIER_MEAN: Record<Tier, number> = { excellent: 4.75, good: 4.2, average: 3.6, weak: 3.3, failing: 2.55 };
// Tests, dictations and laboratory works are all marked; the rest get a few marks per lesson.
const WHOLE_CLASS_WORKS: ReadonlySet<WorkCode> = new Set(['independent', 'test', 'lab', 'practical', 'dictation']);
// The marks a period mark needs by default: what the demo's teachers make sure of.
const MIN_MARKS = 3;
const DAY_ILL = 1;
const DAY_EXCUSED = 2;

/** A timestamp of the lesson's day, `minutes` after the lesson began. */
export function lessonTime(date: string, lessonNo: number, minutes = 0): string {
	const [h, m] = BELLS[lessonNo - 1][0].split(':').map(Number);
	const total = h * 60 + m + minutes;
	const hh = String(Math.floor(total / 60)).padStart(2, '0');
	const mm = String(total % 60).padStart(2, '0');
	return `${date}T${hh}:${mm}:00${UTC_OFFSET}`;
}

/**
 * Lessons, attendance and marks of every journal from the first school day up to today; classes of
 * the mark-free grades get lessons, topics, homework and attendance but no marks.
 */
export function simulateJournals(
	model: SchoolModel,
	calendar: SchoolCalendar,
	slots: readonly PlacedSlot[],
	random: Random,
	markFreeGrades: readonly number[]
): JournalHistory {
	const planRandom = random.fork('plans');
	const attendanceRandom = random.fork('attendance');
	const markRandom = random.fork('marks');

	const byWeekday = new Map<number, PlacedSlot[]>();
	for (const slot of slots) byWeekday.set(slot.weekday, [...(byWeekday.get(slot.weekday) ?? []), slot]);

	// Lay out the lessons first: plans need to know how many lessons each journal has.
	const lessons: LessonDraft[] = [];
	const perJournal = new Array<number>(model.journals.length).fill(0);
	const dayOfLesson: number[] = [];
	calendar.schoolDays.forEach((date, dayIndex) => {
		for (const slot of byWeekday.get(weekday(date)) ?? []) {
			const journal = model.journals[slot.journal];
			lessons.push({
				journal: slot.journal,
				date,
				lessonNo: slot.lessonNo,
				topic: '',
				workType: 'answer',
				homework: null,
				teacher: journal.teacher,
				createdAt: lessonTime(date, slot.lessonNo)
			});
			dayOfLesson.push(dayIndex);
			perJournal[slot.journal]++;
		}
	});
	const plans: PlannedLesson[][] = model.journals.map((j, i) =>
		planLessons(j.subject, model.classes[j.classIndex].grade, perJournal[i], planRandom)
	);
	const taught = new Array<number>(model.journals.length).fill(0);
	for (const lesson of lessons) {
		const planned = plans[lesson.journal][taught[lesson.journal]++];
		lesson.topic = planned.topic;
		lesson.workType = planned.workType;
		lesson.homework = planned.homework;
	}

	// For each lesson, its period (by the class's grade) and how many lessons of its journal that
	// period still has after it: near a period's end, teachers call on whoever is short of marks.
	const periodOf = lessons.map((lesson) => {
		const grade = model.classes[model.journals[lesson.journal].classIndex].grade;
		return calendar.periods.findIndex((p) => p.gradeFrom <= grade && grade <= p.gradeTo && p.startsOn <= lesson.date && lesson.date <= p.endsOn);
	});
	const lessonsLeft = new Array<number>(lessons.length).fill(0);
	const after = new Map<string, number>();
	for (let i = lessons.length - 1; i >= 0; i--) {
		const key = `${lessons[i].journal}:${periodOf[i]}`;
		lessonsLeft[i] = after.get(key) ?? 0;
		after.set(key, lessonsLeft[i] + 1);
	}
	const marksInPeriod = new Map<string, number>();

	const dayStatus = model.students.map((student) => studentDays(attendanceRandom, calendar.schoolDays.length, student.sickly));
	const marks: MarkDraft[] = [];
	const absences: AbsenceDraft[] = [];
	// Lessons since a student's last mark in a journal: teachers call on those not heard from
	// for a while, so everybody collects the three marks a period needs.
	const sinceMark = model.journals.map(() => new Map<number, number>());

	lessons.forEach((lesson, index) => {
		const journal = model.journals[lesson.journal];
		const grade = model.classes[journal.classIndex].grade;
		const day = dayOfLesson[index];
		for (const s of model.groups[journal.group].members) {
			const student = model.students[s];
			if (lesson.date < student.arrivedOn || (student.departedOn !== null && lesson.date > student.departedOn)) continue;
			const code = absenceCode(attendanceRandom, dayStatus[s][day], lesson.lessonNo, student.tier);
			if (code) {
				absences.push({ lesson: index, student: s, code, createdAt: lessonTime(lesson.date, lesson.lessonNo, 5) });
				continue;
			}
			// Mark-free grades (grade 1 by default) are assessed without marks all year.
			if (isMarkFreeGrade({ markFreeGrades }, grade)) continue;
			const since = sinceMark[lesson.journal].get(s) ?? 0;
			const everybody = WHOLE_CLASS_WORKS.has(lesson.workType);
			// A subject of one or two lessons a week has few chances in a quarter: its teacher calls on
			// more pupils each time, so music gets its three marks as mathematics does.
			const chance = Math.max(0.14, 0.55 / Math.max(1, journal.hours));
			const periodKey = `${lesson.journal}:${periodOf[index]}:${s}`;
			const short = (marksInPeriod.get(periodKey) ?? 0) < MIN_MARKS && lessonsLeft[index] < MIN_MARKS;
			if (!everybody && !markRandom.chance(short ? 0.95 : Math.min(0.9, chance + 0.07 * since))) {
				sinceMark[lesson.journal].set(s, since + 1);
				continue;
			}
			sinceMark[lesson.journal].set(s, 0);
			marksInPeriod.set(periodKey, (marksInPeriod.get(periodKey) ?? 0) + 1);
			const mean = TIER_MEAN[student.tier] + (student.skill.get(journal.subject.code) ?? 0) + (journal.subject.easy ? 0.45 : 0);
			const value = (shift: number) => Math.max(2, Math.min(5, Math.round(mean + shift + markRandom.normal() * 0.6)));
			const workType: WorkCode = everybody
				? lesson.workType
				: journal.subject.homework && markRandom.chance(0.3)
					? 'homework'
					: 'answer';
			marks.push({
				lesson: index,
				student: s,
				position: 1,
				value: value(everybody ? -0.15 : 0),
				workType,
				createdAt: lessonTime(lesson.date, lesson.lessonNo, markRandom.int(15, 44))
			});
			// Sometimes a second mark in the same cell (5/4): an answer and the homework.
			if (!everybody && markRandom.chance(0.1)) {
				marks.push({
					lesson: index,
					student: s,
					position: 2,
					value: value(0),
					workType: workType === 'answer' && journal.subject.homework ? 'homework' : 'answer',
					createdAt: lessonTime(lesson.date, lesson.lessonNo, 44)
				});
			}
		}
	});
	return { lessons, marks, absences };
}

/** Whole days off per student: illnesses of 3–7 school days (б) and excused days (уп). */
function studentDays(random: Random, days: number, sickly: number): Uint8Array {
	const status = new Uint8Array(days);
	for (let d = 0; d < days; d++) {
		if (random.chance(0.0075 * sickly)) {
			const length = random.int(3, 7);
			for (let k = 0; k < length && d < days; k++, d++) status[d] = DAY_ILL;
		} else if (random.chance(0.002)) {
			status[d] = DAY_EXCUSED;
		}
	}
	return status;
}

/** Single missed lessons (н) and lateness (оп, mostly for the first lesson) on ordinary days. */
function absenceCode(random: Random, day: number, lessonNo: number, tier: Tier): AbsenceDraft['code'] | null {
	if (day === DAY_ILL) return 'б';
	if (day === DAY_EXCUSED) return 'уп';
	const truancy = tier === 'weak' || tier === 'failing' ? 0.012 : 0.004;
	const r = random.next();
	if (r < truancy) return 'н';
	if (r < truancy + (lessonNo === 1 ? 0.02 : 0.002)) return 'оп';
	return null;
}
