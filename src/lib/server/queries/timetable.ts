/**
 * Reads of the timetable (R-4.1.7, R-4.5.2): the weekly template of a class, a teacher or a room
 * as a grid (days × lesson numbers), the conflicts of the whole template (flagged, with their
 * reasons), and the week's changes — for staff; the deputy and the administrator also get what
 * they need to edit it.
 */
import type { Ctx } from '../context.ts';
import type { Sql } from '../db/client.ts';
import { curriculumOf } from '../db/structure.ts';
import { holidaysOfYear } from '../db/holidays.ts';
import { staffOfSchool } from '../db/people.ts';
import { bellsOf, timeZoneOf, type Bell } from '../db/settings.ts';
import { changesOfJournals, changesOfYear, journalsOfPupil, journalsOfYear, personNames, slotsOfJournals, slotsOfYear, studyPeriods, timetableJournal, type SlotRow } from '../db/timetable.ts';
import { studentFor } from './diary.ts';
import { addDays, isIsoDate } from '../../domain/dates.ts';
import { parseId } from '../../domain/ids.ts';
import { decide, may, type Actor } from '../../domain/policy.ts';
import { applyChanges, CHANGE_NAMES, curriculumKey, findConflicts, mondayOf, unfoldTemplate, WEEKDAY_SHORT, type TimetableChange } from '../../domain/timetable.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/** Whose timetable the page shows. */
export type TimetableView = { by: 'class'; classId: number } | { by: 'teacher'; teacherId: number } | { by: 'room'; room: string };

/** A change of the week, as the page lists it. */
export interface ChangeLine {
	changeId: number;
	kind: string;
	journalId: number;
	title: string;
	/** «27.11, 3-й урок → 28.11, 5-й урок, каб. 12». */
	what: string;
	teacher: string | null;
	reason: string;
}

/** The timetable page of a year: the chosen view's grid, the conflicts and the week's changes. */
export async function timetablePage(ctx: Ctx, actor: Actor, yearId: number | undefined, ask: { class?: string | null; teacher?: string | null; room?: string | null; week?: string | null }) {
	const read = decide(actor, 'read', { kind: 'timetable', schoolId: actor.schoolId });
	if (!read.allow) return refuse('forbidden', read.reason);
	if (yearId === undefined) return refuse('not_found', 'В школе ещё нет учебного года.');
	const { sql, today } = ctx;
	const [slots, curriculum, journals, staff, holidays] = await Promise.all([
		slotsOfYear(sql, yearId, today),
		curriculumOf(sql, yearId),
		journalsOfYear(sql, yearId),
		staffOfSchool(sql, actor.schoolId),
		holidaysOfYear(sql, yearId)
	]);
	const classes = [...new Map(journals.map((j) => [j.classId, { classId: j.classId, name: j.title.split(',')[0] }])).values()];
	const teachers = staff.filter((s) => s.roles.includes('teacher')).map((s) => ({ personId: s.personId, name: s.fullName }));
	const rooms = [...new Set(slots.flatMap((s) => (s.room ? [s.room] : [])))].sort((a, b) => a.localeCompare(b, 'ru', { numeric: true }));
	const teacherAsked = ask.teacher === 'me' ? actor.personId : parseId(ask.teacher);
	const view: TimetableView =
		ask.room
			? { by: 'room', room: ask.room }
			: teacherAsked !== undefined
				? { by: 'teacher', teacherId: teacherAsked }
				: { by: 'class', classId: classes.find((c) => c.classId === parseId(ask.class))?.classId ?? classes[0]?.classId ?? 0 };
	const shown = slots.filter((s) =>
		view.by === 'class' ? s.classId === view.classId : view.by === 'teacher' ? s.teacherId === view.teacherId : (s.room ?? '').toLowerCase() === view.room.toLowerCase()
	);
	const conflicts = findConflicts(slots, { curriculum: new Map(curriculum.map((r) => [curriculumKey(r.subjectId, r.grade), r.hoursPerWeek])) });
	const week = ask.week && isIsoDate(ask.week) ? mondayOf(ask.week) : mondayOf(today);
	const changes = await changesOfYear(sql, yearId, week, addDays(week, 6));
	const names = await personNames(sql, changes.flatMap((c) => (c.teacherId === null ? [] : [c.teacherId])));
	const titles = new Map(journals.map((j) => [j.journalId, j.title]));
	const days = [1, 2, 3, 4, 5, 6].filter((d) => d <= 5 || slots.some((s) => s.weekday === 6));
	const numbers = [...new Set([1, 2, 3, 4, 5, 6, ...shown.map((s) => s.lessonNo)])].sort((a, b) => a - b);
	return done({
		year: { id: yearId },
		today,
		week,
		prevWeek: addDays(week, -7),
		nextWeek: addDays(week, 7),
		weekDays: Array.from({ length: 6 }, (_, i) => addDays(week, i)),
		holidays: holidays.map((h) => ({ name: h.name, startsOn: h.startsOn, endsOn: h.endsOn })),
		canEdit: may(actor, 'write', { kind: 'timetable', schoolId: actor.schoolId }),
		view,
		classes,
		teachers,
		rooms,
		journals: view.by === 'class' ? journals.filter((j) => j.classId === view.classId) : journals,
		days: days.map((d) => ({ weekday: d, name: WEEKDAY_SHORT[d] })),
		numbers,
		cells: shown.map(slotCell),
		conflicts: conflicts.map((c) => ({ kind: c.kind, reason: c.reason, mine: c.lessonIds.some((id) => shown.some((s) => s.slotId === id)) })),
		changes: changes.map((c) => changeLine(c, titles.get(c.journalId) ?? '', c.teacherId === null ? null : (names.get(c.teacherId) ?? null)))
	});
}

/** A slot as a grid cell shows it. */
function slotCell(s: SlotRow) {
	return {
		slotId: s.slotId,
		journalId: s.journalId,
		weekday: s.weekday,
		lessonNo: s.lessonNo,
		title: s.title,
		className: s.className,
		subject: s.subject,
		group: s.groupName,
		teacher: s.teacherName,
		room: s.room,
		parity: s.parity
	};
}

const short = (iso: string) => iso.slice(8, 10) + '.' + iso.slice(5, 7);

/** A change in words. */
function changeLine(c: TimetableChange, title: string, teacher: string | null): ChangeLine {
	const at = (date: string, no: number | null) => `${short(date)}${no === null ? '' : `, ${no}-й урок`}`;
	const what =
		c.kind === 'move'
			? `${at(c.date, c.lessonNo)} → ${at(c.newDate!, c.newLessonNo)}${c.newRoom ? `, каб. ${c.newRoom}` : ''}`
			: c.kind === 'extra'
				? `${at(c.newDate!, c.newLessonNo)}${c.newRoom ? `, каб. ${c.newRoom}` : ''}`
				: c.kind === 'replace' && c.toDate !== c.date
					? `${short(c.date)}–${short(c.toDate)}${c.lessonNo === null ? '' : `, ${c.lessonNo}-й урок`}`
					: at(c.date, c.lessonNo);
	return { changeId: c.changeId, kind: CHANGE_NAMES[c.kind], journalId: c.journalId, title, what, teacher, reason: c.reason };
}

/** A lesson of a pupil's week, with what changed about it. */
export interface PupilLesson {
	date: string;
	lessonNo: number;
	subject: string;
	group: string | null;
	room: string | null;
	teacher: string | null;
	journalId: number;
	/** «замена», «перенос», «отмена», «дополнительный урок», or null. */
	change: string | null;
	/** What the change means, in plain words («вместо 27.11, 3-го урока»), and its reason. */
	changeNote: string | null;
	cancelled: boolean;
}

/**
 * A pupil's week by the timetable (R-3.6, R-4.1.7), for the pupil, their parents and staff: each
 * school day's lessons of the pupil's groups with rooms and teachers, replacements, moves, extra
 * lessons and cancellations marked. Holidays are named. `week` is any day of it.
 */
export async function pupilWeek(ctx: Ctx, actor: Actor, studentId: unknown, week: string | null) {
	const found = await studentFor(ctx, actor, studentId);
	if (!found.ok) return found;
	const { sql, today } = ctx;
	const monday = week && isIsoDate(week) ? mondayOf(week) : mondayOf(today);
	const sunday = addDays(monday, 6);
	const pupil = await journalsOfPupil(sql, found.value.studentId, monday, sunday);
	const days = Array.from({ length: 6 }, (_, i) => addDays(monday, i));
	if (pupil.yearId === null || pupil.grade === null || pupil.yearStartsOn === null)
		return done({ studentId: found.value.studentId, monday, prevWeek: addDays(monday, -7), nextWeek: addDays(monday, 7), today, days: days.map((date) => ({ date, holiday: null, lessons: [] as PupilLesson[] })) });
	const [slots, periods, holidays, changes] = await Promise.all([
		slotsOfJournals(sql, pupil.journalIds),
		studyPeriods(sql, pupil.yearId, pupil.grade),
		holidaysOfYear(sql, pupil.yearId),
		// A move into this week may start from a day weeks away.
		changesOfJournals(sql, pupil.journalIds, addDays(monday, -60), addDays(sunday, 60))
	]);
	const calendar = { yearStartsOn: pupil.yearStartsOn, periods, holidays };
	const scheduled = unfoldTemplate(slots, calendar, addDays(monday, -60), addDays(sunday, 60));
	const lessons = applyChanges(scheduled, changes);
	const bySlot = new Map(slots.map((s) => [s.slotId, s]));
	const byJournal = new Map(slots.map((s) => [s.journalId, s]));
	const names = await personNames(sql, changes.flatMap((c) => (c.teacherId === null ? [] : [c.teacherId])));
	const facts = (slotId: number, journalId: number) => bySlot.get(slotId) ?? byJournal.get(journalId);
	const out: PupilLesson[] = [];
	for (const l of lessons) {
		if (l.date < monday || l.date > sunday) continue;
		const slot = facts(l.slotId, l.journalId);
		if (!slot) continue;
		const c = l.change;
		const substitute = c?.kind === 'replace' && c.teacherId !== null ? (names.get(c.teacherId) ?? null) : null;
		out.push({
			date: l.date,
			lessonNo: l.lessonNo,
			subject: slot.subject,
			group: slot.groupName,
			room: l.room,
			teacher: substitute ?? slot.teacherName,
			journalId: l.journalId,
			change: c ? CHANGE_NAMES[c.kind] : null,
			changeNote: c ? changeNoteOf(c, substitute) : null,
			cancelled: false
		});
	}
	// Cancelled lessons stay in sight, struck through, so nobody comes to a lesson that is not there.
	for (const c of changes) {
		if (c.kind !== 'cancel' || c.date < monday || c.date > sunday) continue;
		const original = scheduled.find((s) => s.journalId === c.journalId && s.date === c.date && s.lessonNo === c.lessonNo);
		const slot = original && facts(original.slotId, original.journalId);
		if (!original || !slot) continue;
		out.push({ date: c.date, lessonNo: original.lessonNo, subject: slot.subject, group: slot.groupName, room: original.room, teacher: slot.teacherName, journalId: c.journalId, change: CHANGE_NAMES.cancel, changeNote: c.reason, cancelled: true });
	}
	out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lessonNo - b.lessonNo));
	return done({
		studentId: found.value.studentId,
		monday,
		prevWeek: addDays(monday, -7),
		nextWeek: addDays(monday, 7),
		today,
		days: days.map((date) => ({ date, holiday: holidays.find((h) => h.startsOn <= date && date <= h.endsOn)?.name ?? null, lessons: out.filter((l) => l.date === date) }))
	});
}

/** A change in plain words for a family: where the lesson was, who takes it, why. */
function changeNoteOf(c: TimetableChange, substitute: string | null): string {
	if (c.kind === 'move') return `перенесён с ${short(c.date)}, ${c.lessonNo}-го урока · ${c.reason}`;
	if (c.kind === 'replace') return `ведёт ${substitute ?? 'другой учитель'} · ${c.reason}`;
	return c.reason;
}

/** A lesson of the week ahead by the timetable, as the journal shows it (greyed, not yet a column). */
export interface UpcomingLesson {
	date: string;
	lessonNo: number;
	room: string | null;
	/** «замена», «перенос», «дополнительный урок», or null. */
	change: string | null;
}

/**
 * The journal's dated lessons from `from` to `to` by the timetable with its changes (holidays and
 * days outside the periods skipped, cancelled lessons gone, moved ones at their new place), or
 * null when the timetable gives the journal nothing (no slot, no change).
 */
export async function timetableLessonsOf(sql: Sql, journalId: number, from: string, to: string): Promise<UpcomingLesson[] | null> {
	const journal = await timetableJournal(sql, journalId);
	if (!journal) return null;
	const [slots, periods, holidays, changes] = await Promise.all([
		slotsOfJournals(sql, [journalId]),
		studyPeriods(sql, journal.yearId, journal.grade),
		holidaysOfYear(sql, journal.yearId),
		// A move into the range may start from a day weeks away.
		changesOfJournals(sql, [journalId], addDays(from, -60), addDays(to, 60))
	]);
	if (slots.length === 0 && changes.length === 0) return null;
	const scheduled = unfoldTemplate(slots, { yearStartsOn: journal.yearStartsOn, periods, holidays }, addDays(from, -60), addDays(to, 60));
	return applyChanges(scheduled, changes)
		.filter((l) => l.date >= from && l.date <= to)
		.map((l) => ({ date: l.date, lessonNo: l.lessonNo, room: l.room, change: l.change ? CHANGE_NAMES[l.change.kind] : null }));
}

/**
 * The journal's lessons of the next `days` days after today by the timetable with its changes:
 * shown greyed on the journal page; they become columns on their day. The caller has already
 * checked that the actor may read the journal.
 */
export async function upcomingLessonsOf(ctx: Ctx, journalId: number, days = 7): Promise<UpcomingLesson[]> {
	return (await timetableLessonsOf(ctx.sql, journalId, addDays(ctx.today, 1), addDays(ctx.today, days))) ?? [];
}

/** One page of a printed timetable: a class's, a teacher's or a room's week as a grid. */
export interface TimetableSheet {
	title: string;
	days: Array<{ weekday: number; name: string }>;
	numbers: number[];
	cells: ReturnType<typeof slotCell>[];
}

/**
 * The timetable to print (R-4.5.2): the sheet of a class, a teacher or a room (`ask` as the
 * timetable page takes it), or with `school` one sheet per class of the year; with the school's
 * bell times for the lesson numbers.
 */
export async function timetableSheets(
	ctx: Ctx,
	actor: Actor,
	yearId: number | undefined,
	ask: { class?: string | null; teacher?: string | null; room?: string | null; school?: boolean }
): Promise<Outcome<{ title: string; sheets: TimetableSheet[]; bells: Bell[] }>> {
	const page = await timetablePage(ctx, actor, yearId, { ...ask, week: null });
	if (!page.ok) return page;
	const p = page.value;
	const bells = await bellsOf(ctx.sql, actor.schoolId);
	if (ask.school) {
		const slots = await slotsOfYear(ctx.sql, p.year.id, ctx.today);
		const sheets = p.classes.map((c) => {
			const mine = slots.filter((s) => s.classId === c.classId);
			return { title: `Расписание ${c.name}`, days: p.days, numbers: numbersOf(mine.map((s) => s.lessonNo)), cells: mine.map(slotCell) };
		});
		return done({ title: 'Расписание школы', sheets, bells });
	}
	const view = p.view;
	const title =
		view.by === 'class'
			? `Расписание ${p.classes.find((c) => c.classId === view.classId)?.name ?? ''}`
			: view.by === 'teacher'
				? `Расписание: ${p.teachers.find((t) => t.personId === view.teacherId)?.name ?? ''}`
				: `Кабинет ${view.room}`;
	return done({ title, sheets: [{ title, days: p.days, numbers: p.numbers, cells: p.cells }], bells });
}

/** Lesson numbers 1–6 and any other the lessons use, in order. */
function numbersOf(used: readonly number[]): number[] {
	return [...new Set([1, 2, 3, 4, 5, 6, ...used])].sort((a, b) => a - b);
}

/** A lesson of a teacher's week, dated, with what the calendar on a phone needs. */
export interface TeacherLesson {
	date: string;
	lessonNo: number;
	journalId: number;
	/** «7А, Алгебра (1 группа)». */
	title: string;
	room: string | null;
	/** «замена», «перенос», «дополнительный урок», or null. */
	change: string | null;
	reason: string | null;
}

/**
 * A teacher's week by the timetable with its changes (R-4.1.7): the lessons they take — their
 * own, less those another teacher replaces them in and those cancelled, plus the lessons they
 * replace someone in — with the school's bell times and time zone (undefined when it never chose
 * one), for a calendar on a phone.
 * `teacher` is a person's id or `me`; `week` any day of the week (this week when empty).
 */
export async function teacherWeek(ctx: Ctx, actor: Actor, yearId: number | undefined, ask: { teacher?: string | null; week?: string | null }) {
	const read = decide(actor, 'read', { kind: 'timetable', schoolId: actor.schoolId });
	if (!read.allow) return refuse('forbidden', read.reason);
	if (yearId === undefined) return refuse('not_found', 'В школе ещё нет учебного года.');
	const { sql, today } = ctx;
	const teacherId = !ask.teacher || ask.teacher === 'me' ? actor.personId : parseId(ask.teacher);
	const staff = await staffOfSchool(sql, actor.schoolId);
	const teacher = staff.find((s) => s.personId === teacherId);
	if (!teacher) return refuse('not_found', 'Такого учителя в школе нет.');
	const monday = ask.week && isIsoDate(ask.week) ? mondayOf(ask.week) : mondayOf(today);
	const sunday = addDays(monday, 6);
	const from = addDays(monday, -60);
	const to = addDays(sunday, 60);
	// The journals they may teach this week: theirs by the template, and those they replace someone in.
	const [template, changes] = await Promise.all([slotsOfYear(sql, yearId, monday), changesOfYear(sql, yearId, from, to)]);
	const journalIds = [...new Set([...template.filter((s) => s.teacherId === teacher.personId).map((s) => s.journalId), ...changes.filter((c) => c.kind === 'replace' && c.teacherId === teacher.personId).map((c) => c.journalId)])];
	const [slots, holidays, bells, timeZone] = await Promise.all([slotsOfJournals(sql, journalIds), holidaysOfYear(sql, yearId), bellsOf(sql, actor.schoolId), timeZoneOf(sql, actor.schoolId)]);
	const journals = await Promise.all(journalIds.map((id) => timetableJournal(sql, id)));
	const periodsOf = new Map<number, Array<{ startsOn: string; endsOn: string }>>();
	for (const j of journals) if (j && !periodsOf.has(j.grade)) periodsOf.set(j.grade, await studyPeriods(sql, yearId, j.grade));
	const bySlot = new Map(slots.map((s) => [s.slotId, s]));
	const lessons: TeacherLesson[] = [];
	for (const journal of journals) {
		if (!journal) continue;
		const own = slots.filter((s) => s.journalId === journal.journalId);
		const calendar = { yearStartsOn: journal.yearStartsOn, periods: periodsOf.get(journal.grade) ?? [], holidays };
		const dated = applyChanges(
			unfoldTemplate(own, calendar, from, to),
			changes.filter((c) => c.journalId === journal.journalId)
		);
		for (const l of dated) {
			if (l.date < monday || l.date > sunday) continue;
			const c = l.change;
			// Who takes it: the substitute, else the teacher of its slot (an extra lesson: the journal's first teacher by the template).
			const takes = c?.kind === 'replace' ? c.teacherId : (bySlot.get(l.slotId)?.teacherId ?? own[0]?.teacherId ?? null);
			if (takes !== teacher.personId) continue;
			lessons.push({ date: l.date, lessonNo: l.lessonNo, journalId: l.journalId, title: journal.title, room: l.room, change: c ? CHANGE_NAMES[c.kind] : null, reason: c?.reason ?? null });
		}
	}
	lessons.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lessonNo - b.lessonNo));
	return done({ teacherId: teacher.personId, teacherName: teacher.fullName, monday, sunday, bells, timeZone, lessons });
}
