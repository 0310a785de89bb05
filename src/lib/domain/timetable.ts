/**
 * The timetable (R-4.1.7, R-4.5.2): a weekly template per class — day, lesson number, group,
 * subject (its journal), teacher and room, every week or on odd/even weeks only — and the
 * changes made to it for a date (replacement, move, cancellation, extra lesson). Pure: the server
 * reads the slots, the curriculum and the holidays; these functions find the conflicts, with the
 * reason in Russian, and unfold the template into the dated lessons of a range of days.
 *
 * Conflicts are found by indexing every lesson by teacher, room and class × day × lesson number,
 * so a whole school (1,800 weekly lessons) is checked in one pass, not pair by pair.
 */
import { addDays, formatDate, isIsoDate } from './dates.ts';
import { holidayOn, type Holiday } from './holidays.ts';

/** Odd/even weeks: 0 — every week, 1 — odd weeks only, 2 — even weeks only (counted from the year's first week). */
export type WeekParity = 0 | 1 | 2;

/** Days of the school week: 1 — Monday … 6 — Saturday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6] as const;

/** Russian names of the weekdays, as a column head (index 1 = Monday). */
export const WEEKDAY_NAMES = ['', 'Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота'] as const;
/** Short names for a grid. */
export const WEEKDAY_SHORT = ['', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'] as const;
/** «в понедельник», «в среду»: the day in a sentence. */
const WEEKDAY_IN = ['', 'в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу'] as const;

/** The highest lesson number of a day (lesson 0 is the early «нулевой» lesson). */
export const MAX_LESSON_NO = 10;

/** One lesson of the weekly template (a timetable slot) with the facts the conflict rules need. */
export interface TimetableLesson {
	/** The slot's id (or any id unique in the list being checked). */
	id: number;
	classId: number;
	/** «7А». */
	className: string;
	/** The group the lesson is for: the whole class or one of its subgroups. */
	groupId: number;
	/** The subgroup's name, or null for the whole class. */
	groupName: string | null;
	journalId: number;
	subjectId: number;
	subject: string;
	grade: number;
	teacherId: number | null;
	teacherName: string | null;
	room: string | null;
	weekday: number;
	lessonNo: number;
	parity: WeekParity;
	/** A dated lesson (a move or an extra lesson): checked against the holidays. */
	date?: string;
}

/** What kind of rule a conflict breaks. */
export type ConflictKind = 'teacher' | 'room' | 'class' | 'hours' | 'holiday';

/** A broken rule, the lessons involved and the reason a deputy reads. */
export interface TimetableConflict {
	kind: ConflictKind;
	lessonIds: number[];
	reason: string;
}

/** Lessons a week of a subject in a grade (the year's curriculum); the key is `curriculumKey`. */
export type Curriculum = ReadonlyMap<string, number>;

/** The key of a subject in a grade in a `Curriculum`. */
export function curriculumKey(subjectId: number, grade: number): string {
	return `${subjectId}:${grade}`;
}

/** What the conflict rules check the lessons against. */
export interface TimetableRules {
	/** The curriculum; a grade with no row at all is not checked (the curriculum is not entered yet). */
	curriculum?: Curriculum;
	holidays?: readonly Holiday[];
}

/** Every message of the timetable, in one place for review (X-RU). */
export const TIMETABLE_MESSAGES = {
	teacherTwice: (teacher: string, weekday: number, lessonNo: number, lessons: string[]) =>
		`Учитель ${teacher} ${WEEKDAY_IN[weekday]} на ${lessonNo}-м уроке в двух местах сразу: ${lessons.join(' и ')}.`,
	roomTwice: (room: string, weekday: number, lessonNo: number, lessons: string[]) =>
		`Кабинет ${room} ${WEEKDAY_IN[weekday]} на ${lessonNo}-м уроке занят дважды: ${lessons.join(' и ')}.`,
	classTwice: (className: string, weekday: number, lessonNo: number, lessons: string[]) =>
		`У ${className} ${WEEKDAY_IN[weekday]} на ${lessonNo}-м уроке два урока сразу: ${lessons.join(' и ')}. Одновременно могут идти только уроки разных подгрупп.`,
	tooManyHours: (lesson: string, planned: number, allowed: number) =>
		allowed === 0
			? `${lesson}: предмета нет в учебном плане параллели, а в расписании ${formatHours(planned)} в неделю.`
			: `${lesson}: в расписании ${formatHours(planned)} в неделю, а по учебному плану — ${formatHours(allowed)}.`,
	onHoliday: (date: string, holiday: string, lesson: string) => `${formatDate(date)} — ${holiday}, уроков нет: ${lesson}.`,
	weekday: 'Выберите день недели: понедельник — суббота.',
	lessonNo: `Номер урока — от 0 до ${MAX_LESSON_NO}.`,
	parity: 'Неделя: каждая, нечётная или чётная.',
	room: 'Название кабинета — не длиннее 20 символов.',
	date: 'Укажите дату в формате ГГГГ-ММ-ДД.',
	dateOutsideYear: (from: string, to: string) => `Дата должна быть в пределах учебного года: ${formatDate(from)} — ${formatDate(to)}.`,
	range: 'Последний день замены не может быть раньше первого.',
	reasonRequired: 'Укажите причину изменения.',
	reasonTooLong: 'Причина — не длиннее 200 символов.',
	notScheduled: (date: string, lessonNo: number) => `${formatDate(date)} на ${lessonNo}-м уроке этого предмета по расписанию нет.`,
	noLessonsInRange: 'В эти дни по расписанию у этого журнала нет уроков.'
} as const;

/** «1 ч», «1,5 ч»: hours as a Russian reader writes them. */
function formatHours(hours: number): string {
	return `${String(Math.round(hours * 10) / 10).replace('.', ',')} ч`;
}

/** «7А, Английский язык (1 группа)»: a lesson as the messages name it. */
export function lessonLabel(lesson: Pick<TimetableLesson, 'className' | 'subject' | 'groupName'>): string {
	return `${lesson.className}, ${lesson.subject}${lesson.groupName ? ` (${lesson.groupName})` : ''}`;
}

/** True when two parities meet in some week: every week meets both, odd never meets even. */
export function paritiesMeet(a: WeekParity, b: WeekParity): boolean {
	return a === 0 || b === 0 || a === b;
}

/** Two lessons of one class may run at once only as different subgroups (parallel groups). */
function classMayShare(a: TimetableLesson, b: TimetableLesson): boolean {
	return a.groupName !== null && b.groupName !== null && a.groupId !== b.groupId;
}

/**
 * Every conflict of the lessons: a teacher or a room in two places at once, a class in two
 * lessons at once (except its parallel subgroups), more lessons a week of a group's subject than
 * the curriculum gives the grade (odd/even-week lessons count a half), and a dated lesson on a
 * holiday. Lessons are indexed by teacher, room and class × weekday × lesson number; only lessons
 * in one bucket are compared (a bucket rarely holds more than two).
 */
export function findConflicts(lessons: readonly TimetableLesson[], rules: TimetableRules = {}): TimetableConflict[] {
	const conflicts: TimetableConflict[] = [];
	const byTeacher = new Map<string, TimetableLesson[]>();
	const byRoom = new Map<string, TimetableLesson[]>();
	const byClass = new Map<string, TimetableLesson[]>();
	const push = (index: Map<string, TimetableLesson[]>, key: string, lesson: TimetableLesson) => {
		const bucket = index.get(key);
		if (bucket) bucket.push(lesson);
		else index.set(key, [lesson]);
	};
	for (const lesson of lessons) {
		const when = `${lesson.date ?? lesson.weekday}|${lesson.lessonNo}`;
		if (lesson.teacherId !== null) push(byTeacher, `${lesson.teacherId}|${when}`, lesson);
		const room = normaliseRoom(lesson.room);
		if (room) push(byRoom, `${room}|${when}`, lesson);
		push(byClass, `${lesson.classId}|${when}`, lesson);
	}
	const clashes = (index: Map<string, TimetableLesson[]>, kind: 'teacher' | 'room' | 'class') => {
		for (const bucket of index.values()) {
			if (bucket.length < 2) continue;
			for (let i = 0; i < bucket.length; i++)
				for (let k = i + 1; k < bucket.length; k++) {
					const [a, b] = [bucket[i], bucket[k]];
					if (!paritiesMeet(a.parity, b.parity)) continue;
					if (kind === 'class' && classMayShare(a, b)) continue;
					conflicts.push(conflictOf(kind, a, b));
				}
		}
	};
	clashes(byTeacher, 'teacher');
	clashes(byRoom, 'room');
	clashes(byClass, 'class');
	conflicts.push(...hoursConflicts(lessons, rules.curriculum));
	if (rules.holidays && rules.holidays.length > 0)
		for (const lesson of lessons) {
			const holiday = lesson.date === undefined ? undefined : holidayOn(rules.holidays, lesson.date);
			if (holiday) conflicts.push({ kind: 'holiday', lessonIds: [lesson.id], reason: TIMETABLE_MESSAGES.onHoliday(lesson.date!, holiday.name, lessonLabel(lesson)) });
		}
	return conflicts;
}

/** The conflicts among `lessons` that involve the given lesson (the one being added or changed). */
export function conflictsOf(lessonId: number, lessons: readonly TimetableLesson[], rules: TimetableRules = {}): TimetableConflict[] {
	return findConflicts(lessons, rules).filter((c) => c.lessonIds.includes(lessonId));
}

function conflictOf(kind: 'teacher' | 'room' | 'class', a: TimetableLesson, b: TimetableLesson): TimetableConflict {
	const labels = [lessonLabel(a), lessonLabel(b)];
	const reason =
		kind === 'teacher'
			? TIMETABLE_MESSAGES.teacherTwice(a.teacherName ?? '', a.weekday, a.lessonNo, labels)
			: kind === 'room'
				? TIMETABLE_MESSAGES.roomTwice(a.room!.trim(), a.weekday, a.lessonNo, labels)
				: TIMETABLE_MESSAGES.classTwice(a.className, a.weekday, a.lessonNo, [
						`${a.subject}${a.groupName ? ` (${a.groupName})` : ''}`,
						`${b.subject}${b.groupName ? ` (${b.groupName})` : ''}`
					]);
	return { kind, lessonIds: [a.id, b.id], reason };
}

/** Rooms are compared as written, ignoring case and spaces («21а» and «21 А» are one room). */
function normaliseRoom(room: string | null): string {
	return (room ?? '').replace(/\s+/g, '').toLowerCase();
}

// Weekly lessons of each group's subject against the curriculum's hours of its grade; dated
// lessons (moves, extra lessons) are not part of the week's template and are not counted.
function hoursConflicts(lessons: readonly TimetableLesson[], curriculum: Curriculum | undefined): TimetableConflict[] {
	if (!curriculum) return [];
	const gradesPlanned = new Set<number>();
	for (const key of curriculum.keys()) gradesPlanned.add(Number(key.split(':')[1]));
	const byGroup = new Map<string, { hours: number; lessons: TimetableLesson[] }>();
	for (const lesson of lessons) {
		if (lesson.date !== undefined || !gradesPlanned.has(lesson.grade)) continue;
		const key = `${lesson.groupId}|${lesson.subjectId}`;
		const entry = byGroup.get(key) ?? { hours: 0, lessons: [] };
		entry.hours += lesson.parity === 0 ? 1 : 0.5;
		entry.lessons.push(lesson);
		byGroup.set(key, entry);
	}
	const conflicts: TimetableConflict[] = [];
	for (const { hours, lessons: group } of byGroup.values()) {
		const first = group[0];
		const allowed = curriculum.get(curriculumKey(first.subjectId, first.grade)) ?? 0;
		if (hours > allowed + 1e-9)
			conflicts.push({ kind: 'hours', lessonIds: group.map((l) => l.id), reason: TIMETABLE_MESSAGES.tooManyHours(lessonLabel(first), hours, allowed) });
	}
	return conflicts;
}

/** The same rules checked naively, every pair against every other: the baseline of the bench. */
export function findConflictsPairwise(lessons: readonly TimetableLesson[], rules: TimetableRules = {}): TimetableConflict[] {
	const conflicts: TimetableConflict[] = [];
	for (let i = 0; i < lessons.length; i++)
		for (let k = i + 1; k < lessons.length; k++) {
			const [a, b] = [lessons[i], lessons[k]];
			if ((a.date ?? a.weekday) !== (b.date ?? b.weekday) || a.lessonNo !== b.lessonNo || !paritiesMeet(a.parity, b.parity)) continue;
			if (a.teacherId !== null && a.teacherId === b.teacherId) conflicts.push(conflictOf('teacher', a, b));
			if (normaliseRoom(a.room) && normaliseRoom(a.room) === normaliseRoom(b.room)) conflicts.push(conflictOf('room', a, b));
			if (a.classId === b.classId && !classMayShare(a, b)) conflicts.push(conflictOf('class', a, b));
		}
	conflicts.push(...hoursConflicts(lessons, rules.curriculum));
	return conflicts;
}

/** A slot's fields as typed on the timetable page, untrusted. */
export interface SlotInput {
	weekday: unknown;
	lessonNo: unknown;
	room: unknown;
	parity: unknown;
}

/** A slot's checked fields. */
export interface SlotFields {
	weekday: number;
	lessonNo: number;
	room: string | null;
	parity: WeekParity;
}

/** Checks the fields of a slot of the weekly template. */
export function checkSlot(input: SlotInput): { ok: true; value: SlotFields } | { ok: false; reason: string } {
	const weekday = Number(input.weekday);
	if (!Number.isInteger(weekday) || weekday < 1 || weekday > 6) return { ok: false, reason: TIMETABLE_MESSAGES.weekday };
	const lessonNo = typeof input.lessonNo === 'string' && input.lessonNo.trim() === '' ? NaN : Number(input.lessonNo);
	if (!Number.isInteger(lessonNo) || lessonNo < 0 || lessonNo > MAX_LESSON_NO) return { ok: false, reason: TIMETABLE_MESSAGES.lessonNo };
	const parity = input.parity === undefined || input.parity === null || input.parity === '' ? 0 : Number(input.parity);
	if (parity !== 0 && parity !== 1 && parity !== 2) return { ok: false, reason: TIMETABLE_MESSAGES.parity };
	const room = typeof input.room === 'string' ? input.room.trim() : '';
	if (room.length > 20) return { ok: false, reason: TIMETABLE_MESSAGES.room };
	return { ok: true, value: { weekday, lessonNo, room: room || null, parity } };
}

/** Checks the reason of a change: required, at most 200 characters. */
export function checkReason(raw: unknown): { ok: true; value: string } | { ok: false; reason: string } {
	const reason = typeof raw === 'string' ? raw.trim() : '';
	if (!reason) return { ok: false, reason: TIMETABLE_MESSAGES.reasonRequired };
	if (reason.length > 200) return { ok: false, reason: TIMETABLE_MESSAGES.reasonTooLong };
	return { ok: true, value: reason };
}

/** Checks a date of a change: a real date inside the school year. */
export function checkChangeDate(raw: unknown, year: { startsOn: string; endsOn: string }): { ok: true; value: string } | { ok: false; reason: string } {
	const date = typeof raw === 'string' ? raw.trim() : '';
	if (!isIsoDate(date)) return { ok: false, reason: TIMETABLE_MESSAGES.date };
	if (date < year.startsOn || date > year.endsOn) return { ok: false, reason: TIMETABLE_MESSAGES.dateOutsideYear(year.startsOn, year.endsOn) };
	return { ok: true, value: date };
}

/** ISO weekday of a date: 1 — Monday … 7 — Sunday. */
export function isoWeekday(date: string): number {
	const day = new Date(`${date}T00:00:00Z`).getUTCDay();
	return day === 0 ? 7 : day;
}

/** The Monday of the date's week. */
export function mondayOf(date: string): string {
	return addDays(date, 1 - isoWeekday(date));
}

/** The parity of the date's week counted from the week of the year's first day (that week is odd, 1). */
export function weekParityOf(date: string, yearStartsOn: string): 1 | 2 {
	const weeks = Math.round((Date.parse(`${mondayOf(date)}T00:00:00Z`) - Date.parse(`${mondayOf(yearStartsOn)}T00:00:00Z`)) / (7 * 86_400_000));
	return Math.abs(weeks) % 2 === 0 ? 1 : 2;
}

/** A slot of the template as the unfolding needs it. */
export interface TemplateSlot {
	slotId: number;
	journalId: number;
	weekday: number;
	lessonNo: number;
	room: string | null;
	parity: WeekParity;
	validFrom: string;
	validTo: string | null;
}

/** A school day's window: the days lessons can be on (inside a period) and the days off. */
export interface SchoolCalendar {
	yearStartsOn: string;
	/** Periods of study (quarters, trimesters); a day outside every one of them has no lessons. */
	periods: ReadonlyArray<{ startsOn: string; endsOn: string }>;
	holidays: readonly Holiday[];
}

/** One dated lesson the template gives. */
export interface ScheduledLesson {
	slotId: number;
	journalId: number;
	date: string;
	lessonNo: number;
	room: string | null;
}

/**
 * The dated lessons of the template from `from` to `to` (both included): each slot on each of its
 * weekdays while it is valid, in the weeks of its parity, on days inside a period and not on a
 * holiday. Ordered by date and lesson number.
 */
export function unfoldTemplate(slots: readonly TemplateSlot[], calendar: SchoolCalendar, from: string, to: string): ScheduledLesson[] {
	const out: ScheduledLesson[] = [];
	const byWeekday = new Map<number, TemplateSlot[]>();
	for (const slot of slots) byWeekday.set(slot.weekday, [...(byWeekday.get(slot.weekday) ?? []), slot]);
	for (let date = from; date <= to; date = addDays(date, 1)) {
		const daySlots = byWeekday.get(isoWeekday(date));
		if (!daySlots) continue;
		if (!calendar.periods.some((p) => p.startsOn <= date && date <= p.endsOn)) continue;
		if (holidayOn(calendar.holidays, date)) continue;
		const parity = weekParityOf(date, calendar.yearStartsOn);
		for (const slot of daySlots) {
			if (slot.validFrom > date || (slot.validTo !== null && slot.validTo < date)) continue;
			if (slot.parity !== 0 && slot.parity !== parity) continue;
			out.push({ slotId: slot.slotId, journalId: slot.journalId, date, lessonNo: slot.lessonNo, room: slot.room });
		}
	}
	return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lessonNo - b.lessonNo));
}

/** A change of the timetable for a date. */
export type ChangeKind = 'replace' | 'move' | 'cancel' | 'extra';

/** Russian names of the changes, as the pages mark them. */
export const CHANGE_NAMES: Record<ChangeKind, string> = {
	replace: 'замена',
	move: 'перенос',
	cancel: 'отмена',
	extra: 'дополнительный урок'
};

/** A stored change, as the unfolding applies it. */
export interface TimetableChange {
	changeId: number;
	kind: ChangeKind;
	journalId: number;
	/** The lesson the change is about (move, cancel) or the first day (replace), or the new lesson's day (extra). */
	date: string;
	/** The lesson number; for a replacement, null means every lesson of the journal in the range. */
	lessonNo: number | null;
	/** A replacement's last day (else equal to `date`). */
	toDate: string;
	/** Where a moved lesson goes (move), or where an extra lesson is (extra). */
	newDate: string | null;
	newLessonNo: number | null;
	newRoom: string | null;
	/** The substitute (replace). */
	teacherId: number | null;
	reason: string;
}

/** A dated lesson after the changes: where it is, and which change, if any, touched it. */
export interface DatedLesson extends ScheduledLesson {
	/** The change that moved it here, replaced its teacher, or added it. */
	change?: TimetableChange;
}

/**
 * The dated lessons of the template with the changes applied: cancelled lessons are gone, moved
 * ones are at their new day, number and room, extra lessons are added, replaced ones carry their
 * replacement. `from`/`to` bound the result (a lesson moved into the range from outside is included
 * only when its original is in `scheduled`, so callers unfold a little wider when they need it).
 */
export function applyChanges(scheduled: readonly ScheduledLesson[], changes: readonly TimetableChange[]): DatedLesson[] {
	const key = (journalId: number, date: string, lessonNo: number | null) => `${journalId}|${date}|${lessonNo}`;
	const moves = new Map<string, TimetableChange>();
	const replacements: TimetableChange[] = [];
	const out: DatedLesson[] = [];
	for (const change of changes) {
		if (change.kind === 'cancel' || change.kind === 'move') moves.set(key(change.journalId, change.date, change.lessonNo), change);
		else if (change.kind === 'replace') replacements.push(change);
	}
	for (const lesson of scheduled) {
		const change = moves.get(key(lesson.journalId, lesson.date, lesson.lessonNo));
		if (change?.kind === 'cancel') continue;
		if (change?.kind === 'move')
			out.push({ ...lesson, date: change.newDate ?? lesson.date, lessonNo: change.newLessonNo ?? lesson.lessonNo, room: change.newRoom ?? lesson.room, change });
		else out.push({ ...lesson });
	}
	for (const change of changes)
		if (change.kind === 'extra' && change.newDate !== null && change.newLessonNo !== null)
			out.push({ slotId: 0, journalId: change.journalId, date: change.newDate, lessonNo: change.newLessonNo, room: change.newRoom, change });
	for (const lesson of out) {
		const replacement = replacements.find(
			(r) => r.journalId === lesson.journalId && r.date <= lesson.date && lesson.date <= r.toDate && (r.lessonNo === null || r.lessonNo === lesson.lessonNo)
		);
		if (replacement && !lesson.change) lesson.change = replacement;
	}
	return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lessonNo - b.lessonNo));
}
