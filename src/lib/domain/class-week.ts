/**
 * The class teacher's weekly check of marks and absences and the lists of pupils
 * whose parents are told: pure rules over the week's cells of a class.
 */
import { addDays } from './dates.ts';
import { mondayOf } from './diary.ts';
import { pupilStanding } from './reports.ts';

/** Codes of a lesson missed for a valid reason (illness, an excused absence). */
export const EXCUSED_CODES: readonly string[] = ['б', 'уп'];
/** Codes of a pupil who came late: present at the lesson. */
export const LATE_CODES: readonly string[] = ['оп'];
/** The status a lesson gets when the pupil was there. */
export const PRESENT = '';

/** Russian messages of the weekly check. */
export const WEEK_TEXT = {
	badDate: 'Укажите день недели в формате ГГГГ-ММ-ДД.',
	badCode: 'Такой отметки о пропуске в школе нет.',
	noLessons: 'В этот день у ученика нет уроков в журналах класса.',
	reconciled: 'Пропуски за день согласованы во всех журналах.',
	nobody: 'Отметьте хотя бы одного ученика из списков.',
	templateNeeded: 'Напишите текст сообщения.',
	defaultSubject: 'Успеваемость и посещаемость',
	weeklyOn: 'Каждый понедельник в 9:00 это сообщение будет уходить родителям учеников из списков прошлой недели.',
	weeklyOff: 'Еженедельная отправка выключена.',
	defaultTemplate:
		'Уважаемые родители! Сообщаю, что у ученика {ученик}: {причина}. Прошу связаться со мной, чтобы обсудить, как помочь. Классный руководитель.'
} as const;

/** A lesson is missed without a valid reason: an absence code that is neither excused nor late. */
export function isUnexcused(code: string | null): boolean {
	return code !== null && !EXCUSED_CODES.includes(code) && !LATE_CODES.includes(code);
}

/** What a lesson says about the pupil's day: the absence code, or PRESENT (no code, a late code). */
export function attendanceOf(absence: string | null): string {
	return absence === null || LATE_CODES.includes(absence) ? PRESENT : absence;
}

/** One pupil at one lesson of the week. */
export interface WeekCell {
	lessonId: number;
	journalId: number;
	subject: string;
	date: string;
	lessonNo: number | null;
	studentId: number;
	marks: number[];
	absence: string | null;
}

/** The week (Monday to Saturday) a day falls in, with the weeks before and after. */
export function weekOf(day: string): { from: string; to: string; previous: string; next: string; days: string[] } {
	const from = mondayOf(day);
	const days = [0, 1, 2, 3, 4, 5].map((i) => addDays(from, i));
	return { from, to: days[5], previous: addDays(from, -7), next: addDays(from, 7), days };
}

/** A pupil's day on which the journals disagree about the absence. */
export interface Disagreement {
	studentId: number;
	date: string;
	/** The lessons of the day with what each says («н», «б», or PRESENT). */
	lessons: Array<{ lessonId: number; subject: string; lessonNo: number | null; status: string; marks: number[] }>;
	/** The code most lessons of the day give (the class teacher's likely choice). */
	suggested: string;
}

/**
 * The pupil-days on which teachers disagree: some lesson has an absence code and another lesson of
 * the same day says something else — another code, or the pupil present (no code — with a mark or
 * without —, or a late code). A lesson's own absence code is what it says, marks or not.
 */
export function findDisagreements(cells: readonly WeekCell[]): Disagreement[] {
	const byDay = new Map<string, WeekCell[]>();
	for (const cell of cells) {
		const key = `${cell.studentId}|${cell.date}`;
		byDay.set(key, [...(byDay.get(key) ?? []), cell]);
	}
	const found: Disagreement[] = [];
	for (const day of byDay.values()) {
		const statuses = day.map((c) => attendanceOf(c.absence));
		const distinct = new Set(statuses);
		if (distinct.size < 2) continue;
		const counts = new Map<string, number>();
		for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
		const suggested = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] === PRESENT ? 1 : 0) - (b[0] === PRESENT ? 1 : 0))[0][0];
		const sorted = [...day].sort((a, b) => (a.lessonNo ?? 99) - (b.lessonNo ?? 99) || a.lessonId - b.lessonId);
		found.push({
			studentId: day[0].studentId,
			date: day[0].date,
			lessons: sorted.map((c) => ({ lessonId: c.lessonId, subject: c.subject, lessonNo: c.lessonNo, status: attendanceOf(c.absence), marks: c.marks })),
			suggested
		});
	}
	return found.sort((a, b) => a.date.localeCompare(b.date) || a.studentId - b.studentId);
}

/** Lessons missed without a valid reason, per pupil, with the days. */
export function unexcusedOf(cells: readonly WeekCell[]): Map<number, { lessons: number; dates: string[] }> {
	const result = new Map<number, { lessons: number; dates: string[] }>();
	for (const cell of cells) {
		if (!isUnexcused(cell.absence)) continue;
		const entry = result.get(cell.studentId) ?? { lessons: 0, dates: [] };
		entry.lessons += 1;
		if (!entry.dates.includes(cell.date)) entry.dates.push(cell.date);
		result.set(cell.studentId, entry);
	}
	for (const entry of result.values()) entry.dates.sort();
	return result;
}

/** The subjects a pupil is failing: the period mark set, else the one the marks suggest, is a «2», «1» or «н/а». */
export function failingSubjects(subjects: ReadonlyArray<{ subject: string; mark: string | null }>): string[] {
	return subjects.filter((s) => s.mark !== null && pupilStanding([s.mark]) === 'failing').map((s) => s.subject);
}

/** Why a pupil's parents are told, in words for the message. */
export function noticeReason(failing: readonly string[], unexcused: { lessons: number } | undefined): string {
	const parts: string[] = [];
	if (failing.length) parts.push(`неудовлетворительные результаты по предметам: ${failing.join(', ')}`);
	if (unexcused) parts.push(`пропуски уроков без уважительной причины за неделю: ${unexcused.lessons}`);
	return parts.join('; ');
}

/** The prepared text for one pupil: the class teacher's template with {ученик} and {причина} filled in. */
export function fillNotice(template: string, pupil: string, reason: string): string {
	return template.replaceAll('{ученик}', pupil).replaceAll('{причина}', reason);
}

/** The code the class teacher confirms for a day: one of the school's codes, or PRESENT; undefined when not valid. */
export function parseConfirmedCode(value: unknown, codes: readonly string[]): string | undefined {
	if (value === PRESENT || value === undefined || value === null) return PRESENT;
	return typeof value === 'string' && codes.includes(value.trim()) ? value.trim() : undefined;
}

/** The hour (school time) on Mondays at which the weekly notice goes out. */
export const WEEKLY_NOTICE_HOUR = 9;

/**
 * The Monday whose weekly notice is due at a moment of the school's clock (its date and hour), or
 * undefined: on a Monday from 9:00 on it is that Monday's; the notice then tells of the week before.
 */
export function weeklyNoticeDue(today: string, hour: number): string | undefined {
	return mondayOf(today) === today && hour >= WEEKLY_NOTICE_HOUR ? today : undefined;
}
