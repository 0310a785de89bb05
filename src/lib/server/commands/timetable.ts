/**
 * The timetable (R-4.1.7, R-4.5.2): the deputy or the administrator adds and removes lessons of
 * the weekly template and makes changes for a date — replacements, moves, cancellations, extra
 * lessons, each with a reason. Each command checks the policy (writing the timetable), the input,
 * then the conflict rules of the domain (a teacher or a room in two places, a class in two lessons
 * at once, the curriculum's hours, a holiday), and writes the rows and an audit row in one
 * transaction. The journals concerned follow in the same transaction (`reconcileJournal`): the
 * lessons the timetable gives up to today get their columns, moved and cancelled ones move or go,
 * and a lesson with entries is never removed but flagged for its teacher. Afterwards the open
 * journals and the pupils' diaries are told.
 */
import { fillLessonsFromPlan } from './plans.ts';
import { journalFacts } from '../db/journal-facts.ts';
import { appConfig, type Ctx } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { writeAudit } from '../db/audit.ts';
import { holidaysOfYear } from '../db/holidays.ts';
import { curriculumOf } from '../db/structure.ts';
import { staffNameOf, isJournalTeacher } from '../db/load.ts';
import { deleteLesson, lockLessonsOf } from '../db/lessons.ts';
import { journalMemberIds } from '../db/attachments.ts';
import {
	changeAudience,
	changesOfJournals,
	changesOfYear,
	endSlot,
	findSlot,
	firstTeacherOf,
	flagLesson,
	insertChange,
	insertSlot,
	insertTimetableLesson,
	journalLessonFacts,
	lessonStates,
	moveLessonRow,
	personNames,
	slotsOfJournals,
	slotsOfYear,
	studyPeriods,
	timetableJournal,
	timetabledJournals,
	type SlotRow,
	type TimetableJournal
} from '../db/timetable.ts';
import { notifyAccessChanged, notifyLessonsChanged } from '../collab-bridge.ts';
import { notifyDiaryChanged } from '../diary-events.ts';
import { insertNotifications } from '../db/messages.ts';
import { notifyInboxChanged } from '../inbox-events.ts';
import { addDays, formatDate } from '../../domain/dates.ts';
import { previewOf } from '../../domain/messages.ts';
import { parseId } from '../../domain/ids.ts';
import { decide, type Actor } from '../../domain/policy.ts';
import {
	applyChanges,
	checkChangeDate,
	checkReason,
	checkSlot,
	conflictsOf,
	curriculumKey,
	isoWeekday,
	mondayOf,
	MAX_LESSON_NO,
	TIMETABLE_MESSAGES,
	unfoldTemplate,
	CHANGE_NAMES,
	type ChangeKind,
	type DatedLesson,
	type TimetableChange,
	type TimetableLesson
} from '../../domain/timetable.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** Messages of the timetable's commands (the rules' own are in the domain). */
export const TIMETABLE_COMMAND_MESSAGES = {
	journalNotFound: 'Такого журнала нет.',
	slotNotFound: 'Такого урока в расписании нет.',
	teacherNotFound: 'Выберите учителя из сотрудников школы.',
	substituteIsTeacher: (name: string) => `${name} и так ведёт этот журнал: замена не нужна.`,
	kind: 'Выберите вид изменения: замена, перенос, отмена или дополнительный урок.',
	slotAdded: (title: string) => `Урок добавлен в расписание: ${title}.`,
	slotRemoved: (title: string) => `Урок убран из расписания: ${title}.`,
	changeMade: (kind: ChangeKind, title: string, date: string) => `Сохранено: ${CHANGE_NAMES[kind]}, ${title}, ${formatDate(date)}.`,
	cancelledWithEntries: (reason: string) => `Урок отменён в расписании (${reason}), но в нём уже есть записи: перенесите их и удалите урок сами.`,
	movedWithEntries: (date: string, lessonNo: number, reason: string) =>
		`Урок перенесён на ${formatDate(date)}, ${lessonNo}-й урок (${reason}), но в нём уже есть записи: перенесите их и удалите урок сами.`,
	notScheduledWithEntries: 'Этого урока больше нет в расписании, но в нём уже есть записи: проверьте его.'
} as const;
const M = TIMETABLE_COMMAND_MESSAGES;

/** What a timetable write did to the journals, for the announcements after the commit. */
interface Touched {
	/** journal id → lessons created, moved, flagged or deleted (none, when only the timetable changed). */
	lessons: Map<number, number[]>;
}

// Before the commit the open journals cannot see the rows; after it they are told once.
async function announce(ctx: Ctx, touched: Touched): Promise<void> {
	for (const [journalId, lessonIds] of touched.lessons) {
		// Lessons the timetable added take their topics from the journal's thematic plan (written by the system).
		const facts = lessonIds.length > 0 ? await journalFacts(ctx.sql, journalId) : undefined;
		if (facts) await fillLessonsFromPlan(ctx, null, facts);
		if (lessonIds.length > 0) await notifyLessonsChanged(journalId, lessonIds);
		// The pupils' open diaries and timetables read their week again, even when no column changed (a change next week).
		notifyDiaryChanged(await journalMemberIds(ctx.sql, journalId), 'lesson');
	}
}

/** The journal of an id (untrusted) when it is of the actor's school and the actor may change the timetable. */
async function writableJournal(tx: Tx, actor: Actor, rawId: unknown): Promise<Outcome<TimetableJournal>> {
	const id = parseId(rawId);
	const journal = id === undefined ? undefined : await timetableJournal(tx, id);
	if (!journal || journal.schoolId !== actor.schoolId) return refuse('not_found', M.journalNotFound);
	const decision = decide(actor, 'write', { kind: 'timetable', schoolId: actor.schoolId, classId: journal.classId });
	return decision.allow ? done(journal) : refuse('forbidden', decision.reason);
}

/** The curriculum of the year as the rules take it. */
async function curriculumMap(tx: Tx, yearId: number): Promise<Map<string, number>> {
	return new Map((await curriculumOf(tx, yearId)).map((r) => [curriculumKey(r.subjectId, r.grade), r.hoursPerWeek]));
}

/**
 * Adds a lesson to the weekly template of a journal (from today on). Checks: the journal is the
 * school's and the actor may write the timetable; day, number, room and week are well formed; the
 * teacher, when one other than the journal's is named, is staff; the lesson breaks no conflict rule
 * with the template as it is (the reasons, in Russian, are the refusal).
 */
export async function addSlot(
	ctx: Ctx,
	actor: Actor,
	input: { journalId: unknown; weekday: unknown; lessonNo: unknown; room: unknown; parity: unknown; teacherId?: unknown }
): Promise<Outcome<string>> {
	const touched: Touched = { lessons: new Map() };
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const found = await writableJournal(tx, actor, input.journalId);
		if (!found.ok) return found;
		const journal = found.value;
		const fields = checkSlot(input);
		if (!fields.ok) return refuse('invalid', fields.reason);
		let teacherId: number | null = null;
		let teacherName: string | null = null;
		if (!blank(input.teacherId)) {
			teacherId = parseId(input.teacherId) ?? null;
			teacherName = teacherId === null ? null : ((await staffNameOf(tx, actor.schoolId, teacherId)) ?? null);
			if (teacherName === null) return refuse('invalid', M.teacherNotFound);
		}
		const facts = await journalLessonFacts(tx, journal.journalId);
		if (!facts) return refuse('not_found', M.journalNotFound);
		const candidate: TimetableLesson = {
			...facts,
			...(teacherId !== null ? { teacherId, teacherName } : {}),
			id: -1,
			weekday: fields.value.weekday,
			lessonNo: fields.value.lessonNo,
			room: fields.value.room,
			parity: fields.value.parity
		};
		const template = await slotsOfYear(tx, journal.yearId, ctx.today);
		const conflicts = conflictsOf(-1, [...template, candidate], { curriculum: await curriculumMap(tx, journal.yearId) });
		if (conflicts.length > 0) return refuse('conflict', conflicts.map((c) => c.reason).join(' '));
		const validFrom = ctx.today < journal.yearStartsOn ? journal.yearStartsOn : ctx.today;
		const slotId = await insertSlot(tx, { journalId: journal.journalId, ...fields.value, teacherId, validFrom });
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'timetable.slot_add',
			entity: 'timetable_slot',
			entityId: slotId,
			newValue: { journalId: journal.journalId, ...fields.value, teacherId, validFrom, journal: journal.title }
		});
		touched.lessons.set(journal.journalId, await reconcileJournal(tx, journal, ctx.today));
		return done(M.slotAdded(journal.title));
	});
	if (outcome.ok) await announce(ctx, touched);
	return outcome;
}

/** Removes a lesson from the weekly template from today on (its past lessons stay in the journal). Checks as `addSlot`. */
export async function removeSlot(ctx: Ctx, actor: Actor, input: { slotId: unknown }): Promise<Outcome<string>> {
	const touched: Touched = { lessons: new Map() };
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const slotId = parseId(input.slotId);
		const slot = slotId === undefined ? undefined : await findSlot(tx, slotId);
		if (!slot) return refuse('not_found', M.slotNotFound);
		const found = await writableJournal(tx, actor, slot.journalId);
		if (!found.ok) return found.code === 'not_found' ? refuse('not_found', M.slotNotFound) : found;
		await endSlot(tx, slot.slotId, ctx.today);
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'timetable.slot_remove',
			entity: 'timetable_slot',
			entityId: slot.slotId,
			oldValue: { journalId: slot.journalId, weekday: slot.weekday, lessonNo: slot.lessonNo, room: slot.room, parity: slot.parity, teacherId: slot.teacherId }
		});
		touched.lessons.set(slot.journalId, await reconcileJournal(tx, found.value, ctx.today));
		return done(M.slotRemoved(slot.title));
	});
	if (outcome.ok) await announce(ctx, touched);
	return outcome;
}

/** A change as typed on the timetable page, untrusted. */
export interface ChangeInput {
	journalId: unknown;
	kind: unknown;
	/** The lesson's date (move, cancel), the first day (replace), the day (extra). */
	date: unknown;
	/** The lesson's number; for a replacement, empty means every lesson of the journal on those days. */
	lessonNo?: unknown;
	/** A replacement's last day (empty: the first day). */
	toDate?: unknown;
	/** Where a lesson moves to (move). */
	newDate?: unknown;
	newLessonNo?: unknown;
	newRoom?: unknown;
	/** The substitute (replace). */
	teacherId?: unknown;
	reason: unknown;
}

const KINDS: readonly ChangeKind[] = ['replace', 'move', 'cancel', 'extra'];

/** Nothing typed: a field left empty, or not sent. */
function blank(raw: unknown): boolean {
	return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function lessonNoOf(raw: unknown): number | null | undefined {
	if (blank(raw)) return null;
	const n = Number(raw);
	return Number.isInteger(n) && n >= 0 && n <= MAX_LESSON_NO ? n : undefined;
}

/**
 * Changes the timetable for a date: a replacement (another teacher for one lesson, or every
 * lesson of the journal in a range of days — the substitute then writes exactly those lessons of
 * the journal), a move (another day, number or room), a cancellation or an extra lesson, each with
 * a reason. Checks: the journal and the policy as `addSlot`; the dates are in the school year;
 * the lesson moved or cancelled is in the timetable that day; a replacement covers at least one
 * lesson and its substitute is staff who does not keep the journal; the lesson at its new place
 * (move, extra) or with its substitute (replace) breaks no conflict rule — nor is on a holiday.
 */
export async function changeTimetable(ctx: Ctx, actor: Actor, input: ChangeInput): Promise<Outcome<string>> {
	const touched: Touched = { lessons: new Map() };
	let notified: number[] = [];
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const found = await writableJournal(tx, actor, input.journalId);
		if (!found.ok) return found;
		const journal = found.value;
		const kind = KINDS.find((k) => k === input.kind);
		if (!kind) return refuse('invalid', M.kind);
		const year = { startsOn: journal.yearStartsOn, endsOn: journal.yearEndsOn };
		const date = checkChangeDate(input.date, year);
		if (!date.ok) return refuse('invalid', date.reason);
		const lessonNo = lessonNoOf(input.lessonNo);
		if (lessonNo === undefined || (lessonNo === null && kind !== 'replace')) return refuse('invalid', TIMETABLE_MESSAGES.lessonNo);
		const reason = checkReason(input.reason);
		if (!reason.ok) return refuse('invalid', reason.reason);
		const facts = await journalLessonFacts(tx, journal.journalId);
		if (!facts) return refuse('not_found', M.journalNotFound);
		const holidays = await holidaysOfYear(tx, journal.yearId);

		let change: Omit<TimetableChange, 'changeId'> = {
			kind,
			journalId: journal.journalId,
			date: date.value,
			lessonNo,
			toDate: date.value,
			newDate: null,
			newLessonNo: null,
			newRoom: null,
			teacherId: null,
			reason: reason.value
		};
		// The lessons of the journal the change is about, as the timetable holds them now.
		let to = date.value;
		if (kind === 'replace' && !blank(input.toDate)) {
			const last = checkChangeDate(input.toDate, year);
			if (!last.ok) return refuse('invalid', last.reason);
			if (last.value < date.value) return refuse('invalid', TIMETABLE_MESSAGES.range);
			to = last.value;
		}
		const current = await datedLessonsOf(tx, journal, date.value, to);
		const covered = current.filter((l) => lessonNo === null || l.lessonNo === lessonNo);
		let candidate: TimetableLesson | undefined;

		if (kind === 'move' || kind === 'cancel') {
			const lesson = covered.find((l) => l.date === date.value);
			if (!lesson) return refuse('invalid', TIMETABLE_MESSAGES.notScheduled(date.value, lessonNo!));
			if (kind === 'move') {
				const newDate = checkChangeDate(blank(input.newDate) ? date.value : input.newDate, year);
				if (!newDate.ok) return refuse('invalid', newDate.reason);
				const newLessonNo = blank(input.newLessonNo) ? lessonNo : lessonNoOf(input.newLessonNo);
				if (newLessonNo === undefined || newLessonNo === null) return refuse('invalid', TIMETABLE_MESSAGES.lessonNo);
				const room = typeof input.newRoom === 'string' && input.newRoom.trim() !== '' ? input.newRoom.trim() : lesson.room;
				if (room !== null && room.length > 20) return refuse('invalid', TIMETABLE_MESSAGES.room);
				change = { ...change, newDate: newDate.value, newLessonNo, newRoom: room };
				candidate = { ...facts, id: -1, weekday: isoWeekday(newDate.value), lessonNo: newLessonNo, room, parity: 0, date: newDate.value };
			}
		} else if (kind === 'extra') {
			const room = typeof input.newRoom === 'string' && input.newRoom.trim() !== '' ? input.newRoom.trim() : null;
			if (room !== null && room.length > 20) return refuse('invalid', TIMETABLE_MESSAGES.room);
			change = { ...change, lessonNo: null, newDate: date.value, newLessonNo: lessonNo, newRoom: room };
			candidate = { ...facts, id: -1, weekday: isoWeekday(date.value), lessonNo: lessonNo!, room, parity: 0, date: date.value };
		} else {
			const teacherId = parseId(input.teacherId);
			const name = teacherId === undefined ? undefined : await staffNameOf(tx, actor.schoolId, teacherId);
			if (teacherId === undefined || name === undefined) return refuse('invalid', M.teacherNotFound);
			if (await isJournalTeacher(tx, journal.journalId, teacherId)) return refuse('conflict', M.substituteIsTeacher(name));
			if (covered.length === 0) return refuse('invalid', lessonNo === null ? TIMETABLE_MESSAGES.noLessonsInRange : TIMETABLE_MESSAGES.notScheduled(date.value, lessonNo));
			change = { ...change, toDate: to, teacherId };
			// The substitute must be free at each lesson they take over.
			for (const lesson of covered) {
				const busy = await conflictsOnDay(tx, journal, { ...facts, teacherId, teacherName: name, id: -1, weekday: isoWeekday(lesson.date), lessonNo: lesson.lessonNo, room: null, parity: 0, date: lesson.date }, holidays, lesson);
				const teacherClash = busy.filter((c) => c.kind === 'teacher');
				if (teacherClash.length > 0) return refuse('conflict', `${formatDate(lesson.date)}: ${teacherClash.map((c) => c.reason).join(' ')}`);
			}
		}
		if (candidate) {
			const moved = kind === 'move' ? covered.find((l) => l.date === date.value) : undefined;
			const conflicts = await conflictsOnDay(tx, journal, candidate, holidays, moved);
			if (conflicts.length > 0) return refuse('conflict', conflicts.map((c) => c.reason).join(' '));
		}
		const changeId = await insertChange(tx, change, actor.personId);
		await writeAudit(tx, {
			actorId: actor.personId,
			action: `timetable.${kind}`,
			entity: 'timetable_change',
			entityId: changeId,
			newValue: { ...change, journal: journal.title }
		});
		touched.lessons.set(journal.journalId, await reconcileJournal(tx, journal, ctx.today));
		notified = await notifyChange(tx, actor, journal, change);
		return done(M.changeMade(kind, journal.title, change.newDate ?? change.date));
	});
	if (outcome.ok) {
		notifyInboxChanged(notified, 'timetable');
		await announce(ctx, touched);
		// A replacement opens lessons of the journal to the substitute: their open connections are judged again.
		if (input.kind === 'replace') await notifyAccessChanged({ schoolId: actor.schoolId });
	}
	return outcome;
}

/** «27.11.2026, 3-й урок»: a lesson's place in a notification. */
function placeOf(date: string, lessonNo: number | null): string {
	return `${formatDate(date)}${lessonNo === null ? '' : `, ${lessonNo}-й урок`}`;
}

/** A change in the words of its notification: what happens to which lesson, and why. */
export function changeNotice(change: Omit<TimetableChange, 'changeId'>, title: string, substitute: string | null): { title: string; body: string } {
	const what =
		change.kind === 'replace'
			? `${change.toDate !== change.date ? `${formatDate(change.date)} — ${formatDate(change.toDate)}${change.lessonNo === null ? '' : `, ${change.lessonNo}-й урок`}` : placeOf(change.date, change.lessonNo)}: урок ведёт ${substitute ?? 'другой учитель'}`
			: change.kind === 'move'
				? `${placeOf(change.date, change.lessonNo)} → ${placeOf(change.newDate!, change.newLessonNo)}${change.newRoom ? `, каб. ${change.newRoom}` : ''}`
				: change.kind === 'extra'
					? `${placeOf(change.newDate!, change.newLessonNo)}${change.newRoom ? `, каб. ${change.newRoom}` : ''}`
					: `${placeOf(change.date, change.lessonNo)}: урока не будет`;
	return { title: `${CHANGE_NAMES[change.kind][0].toUpperCase()}${CHANGE_NAMES[change.kind].slice(1)}: ${title}`, body: previewOf(`${what}. Причина: ${change.reason}`) };
}

/**
 * Writes the change's notifications in the caller's transaction: the journal's teachers and the
 * substitute (leading to the journal), and the parents of the group's pupils (leading to their
 * child's week); not the person who made the change. Returns who was notified.
 */
async function notifyChange(tx: Tx, actor: Actor, journal: TimetableJournal, change: Omit<TimetableChange, 'changeId'>): Promise<number[]> {
	const day = change.newDate ?? change.date;
	const audience = await changeAudience(tx, journal.journalId, day);
	const staff = [...new Set([...audience.teacherIds, ...(change.teacherId === null ? [] : [change.teacherId])])].filter((id) => id !== actor.personId);
	const parents = audience.parents.filter((p) => p.parentId !== actor.personId && !staff.includes(p.parentId));
	const substitute = change.teacherId === null ? null : ((await personNames(tx, [change.teacherId])).get(change.teacherId) ?? null);
	const notice = changeNotice(change, journal.title, substitute);
	await insertNotifications(tx, {
		schoolId: journal.schoolId,
		kind: 'timetable',
		recipients: [
			...staff.map((personId) => ({ personId, link: `/journal/${journal.journalId}` })),
			...parents.map((p) => ({ personId: p.parentId, link: `/diary/${p.studentId}/timetable?week=${mondayOf(day)}` }))
		],
		...notice,
		email: appConfig().mail !== undefined
	});
	return [...staff, ...parents.map((p) => p.parentId)];
}

/** The journal's dated lessons from `from` to `to` with the changes applied. */
async function datedLessonsOf(tx: Tx, journal: TimetableJournal, from: string, to: string): Promise<DatedLesson[]> {
	const [slots, periods, holidays, changes] = await Promise.all([
		slotsOfJournals(tx, [journal.journalId]),
		studyPeriods(tx, journal.yearId, journal.grade),
		holidaysOfYear(tx, journal.yearId),
		changesOfJournals(tx, [journal.journalId], journal.yearStartsOn, journal.yearEndsOn)
	]);
	const scheduled = unfoldTemplate(slots, { yearStartsOn: journal.yearStartsOn, periods, holidays }, journal.yearStartsOn, journal.yearEndsOn);
	return applyChanges(scheduled, changes).filter((l) => l.date >= from && l.date <= to);
}

/**
 * The conflicts a lesson put on a date would have with the school's lessons of that day (the
 * template unfolded on that date with its changes, a replaced lesson taught by its substitute),
 * leaving out `instead` — the lesson it replaces or moves.
 */
async function conflictsOnDay(tx: Tx, journal: TimetableJournal, lesson: TimetableLesson, holidays: Awaited<ReturnType<typeof holidaysOfYear>>, instead?: DatedLesson) {
	const date = lesson.date!;
	const template = await slotsOfYear(tx, journal.yearId, date);
	const changes = await changesOfYear(tx, journal.yearId, date, date);
	const bySlot = new Map<number, SlotRow>(template.map((s) => [s.slotId, s]));
	const calendar = { yearStartsOn: journal.yearStartsOn, periods: [{ startsOn: date, endsOn: date }], holidays: [] };
	const dated = applyChanges(unfoldTemplate(template, calendar, date, date), changes).filter((l) => l.date === date);
	const names = await personNames(tx, changes.flatMap((c) => (c.teacherId === null ? [] : [c.teacherId])));
	const day: TimetableLesson[] = [];
	let id = 1;
	for (const d of dated) {
		if (instead && d.journalId === instead.journalId && d.date === instead.date && d.lessonNo === instead.lessonNo) continue;
		const base = bySlot.get(d.slotId) ?? (await journalLessonFacts(tx, d.journalId));
		if (!base) continue;
		const substitute = d.change?.kind === 'replace' ? d.change.teacherId : null;
		day.push({
			...base,
			id: id++,
			weekday: isoWeekday(date),
			lessonNo: d.lessonNo,
			room: d.room,
			parity: 0,
			date,
			...(substitute !== null ? { teacherId: substitute, teacherName: names.get(substitute) ?? null } : {})
		});
	}
	return conflictsOf(-1, [...day, lesson], { holidays });
}

/**
 * Brings the journal's lesson columns in line with the timetable up to today: a lesson the
 * timetable gives that has no column gets one; a lesson moved by a change moves with its entries;
 * a cancelled lesson, a lesson moved past today and a timetable lesson no longer in the timetable
 * are deleted when nothing is entered in them, else kept and flagged for the teacher. Lessons
 * added by hand are never touched unless a change moves or cancels them. Returns the lessons
 * created, moved, flagged or deleted.
 */
export async function reconcileJournal(tx: Tx, journal: TimetableJournal, today: string): Promise<number[]> {
	// Two pages opening the journal at once must not both add the day's lessons.
	await lockLessonsOf(tx, journal.journalId);
	const [slots, periods, holidays, changes, states] = await Promise.all([
		slotsOfJournals(tx, [journal.journalId]),
		studyPeriods(tx, journal.yearId, journal.grade),
		holidaysOfYear(tx, journal.yearId),
		changesOfJournals(tx, [journal.journalId], journal.yearStartsOn, journal.yearEndsOn),
		lessonStates(tx, journal.journalId)
	]);
	if (slots.length === 0 && changes.length === 0) return [];
	const until = today < journal.yearEndsOn ? today : journal.yearEndsOn;
	// Unfolded past today too: a lesson of next week moved to today comes from there.
	const scheduled = unfoldTemplate(slots, { yearStartsOn: journal.yearStartsOn, periods, holidays }, journal.yearStartsOn, addDays(until, 60));
	const wanted = applyChanges(scheduled, changes).filter((l) => l.date <= until);
	const at = (date: string, lessonNo: number | null) => `${date}|${lessonNo}`;
	const byPlace = new Map(states.map((s) => [at(s.date, s.lessonNo), s]));
	const touched: number[] = [];
	const gone = async (state: (typeof states)[number], flag: string) => {
		byPlace.delete(at(state.date, state.lessonNo));
		if (!state.hasEntries) await deleteLesson(tx, state.lessonId);
		else if (state.flag === flag) return;
		else await flagLesson(tx, state.lessonId, flag);
		touched.push(state.lessonId);
	};
	for (const change of changes) {
		if (change.kind !== 'move' && change.kind !== 'cancel') continue;
		const state = byPlace.get(at(change.date, change.lessonNo));
		if (!state) continue;
		if (change.kind === 'cancel') await gone(state, M.cancelledWithEntries(change.reason));
		else if (change.newDate! <= until && !byPlace.has(at(change.newDate!, change.newLessonNo))) {
			await moveLessonRow(tx, state.lessonId, change.newDate!, change.newLessonNo!);
			byPlace.delete(at(state.date, state.lessonNo));
			byPlace.set(at(change.newDate!, change.newLessonNo), { ...state, date: change.newDate!, lessonNo: change.newLessonNo, flag: null });
			touched.push(state.lessonId);
		} else if (change.newDate! > until) await gone(state, M.movedWithEntries(change.newDate!, change.newLessonNo!, change.reason));
	}
	const wantedPlaces = new Set(wanted.map((l) => at(l.date, l.lessonNo)));
	for (const state of [...byPlace.values()])
		if (state.fromTimetable && !wantedPlaces.has(at(state.date, state.lessonNo))) await gone(state, M.notScheduledWithEntries);
	// A lesson added by hand without a number stands for one lesson of its day.
	const unnumbered = new Map<string, number>();
	for (const state of byPlace.values()) if (state.lessonNo === null) unnumbered.set(state.date, (unnumbered.get(state.date) ?? 0) + 1);
	const teacherId = await firstTeacherOf(tx, journal.journalId);
	for (const lesson of wanted) {
		if (byPlace.has(at(lesson.date, lesson.lessonNo))) continue;
		const spare = unnumbered.get(lesson.date) ?? 0;
		if (spare > 0) {
			unnumbered.set(lesson.date, spare - 1);
			continue;
		}
		const substitute = lesson.change?.kind === 'replace' ? lesson.change.teacherId : null;
		const id = await insertTimetableLesson(tx, journal.journalId, lesson.date, lesson.lessonNo, substitute ?? teacherId);
		byPlace.set(at(lesson.date, lesson.lessonNo), { lessonId: id, date: lesson.date, lessonNo: lesson.lessonNo, fromTimetable: true, hasEntries: false, flag: null });
		touched.push(id);
	}
	return touched;
}

/**
 * Fills a journal's lesson columns from the timetable (the journal page calls it as it opens, and
 * the daily fill for every journal, so each school day's lessons appear without anyone adding
 * them). Written by the system: the audit row names no person. Quiet when nothing changes; returns
 * how many lessons were created, moved, flagged or deleted.
 */
export async function fillJournalFromTimetable(ctx: Ctx, journalId: number): Promise<number> {
	const touched: Touched = { lessons: new Map() };
	await ctx.sql.begin(async (tx) => {
		const journal = await timetableJournal(tx, journalId);
		if (!journal) return;
		const changed = await reconcileJournal(tx, journal, ctx.today);
		if (changed.length === 0) return;
		await writeAudit(tx, { actorId: null, action: 'timetable.fill', entity: 'journal', entityId: journalId, newValue: { lessons: changed, today: ctx.today }, source: 'timetable' });
		touched.lessons.set(journalId, changed);
	});
	await announce(ctx, touched);
	return touched.lessons.get(journalId)?.length ?? 0;
}

/**
 * The daily fill (server start, then once a school day): every journal the timetable gives
 * lessons to gets its columns up to today, holidays skipped, as `fillJournalFromTimetable` does
 * when the journal opens — one journal per transaction, so a page waits for one journal at most.
 * Idempotent: a second run the same day changes nothing. Returns the journals and lessons changed.
 */
export async function fillTimetableLessons(ctx: Ctx): Promise<{ journals: number; lessons: number }> {
	let journals = 0;
	let lessons = 0;
	for (const journalId of await timetabledJournals(ctx.sql, ctx.today)) {
		const changed = await fillJournalFromTimetable(ctx, journalId);
		if (changed > 0) journals++;
		lessons += changed;
	}
	return { journals, lessons };
}
