/**
 * The timetable's rows: the weekly template (`timetable_slot`), its dated changes
 * (`timetable_change`) and the lessons the timetable puts into journals. No transactions and no
 * audit here: the timetable commands do both.
 */
import type { Sql, Tx } from './client.ts';
import type { ChangeKind, TemplateSlot, TimetableChange, TimetableLesson, WeekParity } from '../../domain/timetable.ts';

type Q = Sql | Tx;

/** A slot of the template with everything the grid and the conflict rules show. */
export interface SlotRow extends TimetableLesson, TemplateSlot {
	/** «7А, Алгебра (1 группа)». */
	title: string;
}

interface SlotDbRow {
	id: number;
	journal_id: number;
	weekday: number;
	lesson_no: number;
	room: string | null;
	parity: number;
	valid_from: string;
	valid_to: string | null;
	class_id: number;
	class_name: string;
	grade: number;
	group_id: number;
	group_name: string;
	whole_class: boolean;
	subject_id: number;
	subject: string;
	teacher_id: number | null;
	teacher_name: string | null;
}

// The slot's teacher: its own, else the journal's first teacher by name.
const SLOT_COLUMNS = `t.id, t.journal_id, t.weekday, t.lesson_no, t.room, t.parity, t.valid_from::text, t.valid_to::text,
	c.id as class_id, c.grade::text || c.letter as class_name, c.grade, g.id as group_id, g.name as group_name, g.whole_class,
	s.id as subject_id, s.name as subject, tp.id as teacher_id,
	case when tp.id is null then null else concat_ws(' ', tp.last_name, tp.first_name, tp.middle_name) end as teacher_name`;
const SLOT_TABLES = `timetable_slot t join journal j on j.id = t.journal_id join study_group g on g.id = j.group_id
	join class c on c.id = g.class_id join subject s on s.id = j.subject_id
	left join lateral (select coalesce(t.teacher_id, (select jt.teacher_id from journal_teacher jt join person p on p.id = jt.teacher_id
		where jt.journal_id = j.id order by p.last_name, p.first_name, p.id limit 1)) as id) tid on true
	left join person tp on tp.id = tid.id`;

function toSlot(r: SlotDbRow): SlotRow {
	const groupName = r.whole_class ? null : r.group_name;
	return {
		id: r.id,
		slotId: r.id,
		journalId: r.journal_id,
		weekday: r.weekday,
		lessonNo: r.lesson_no,
		room: r.room,
		parity: r.parity as WeekParity,
		validFrom: r.valid_from,
		validTo: r.valid_to,
		classId: r.class_id,
		className: r.class_name,
		grade: r.grade,
		groupId: r.group_id,
		groupName,
		subjectId: r.subject_id,
		subject: r.subject,
		teacherId: r.teacher_id,
		teacherName: r.teacher_name,
		title: `${r.class_name}, ${r.subject}${groupName ? ` (${groupName})` : ''}`
	};
}

/** The year's template as valid on the date (slots ended before it are history), by class, day and number. */
export async function slotsOfYear(sql: Q, yearId: number, on: string): Promise<SlotRow[]> {
	const rows = await sql<SlotDbRow[]>`
		select ${sql.unsafe(SLOT_COLUMNS)} from ${sql.unsafe(SLOT_TABLES)}
		where c.year_id = ${yearId} and (t.valid_to is null or t.valid_to >= ${on}::date)
		order by c.grade, c.letter, t.weekday, t.lesson_no, s.name, g.name, t.id`;
	return rows.map(toSlot);
}

/** Every slot of the journals (history included): what the journal's lessons are unfolded from. */
export async function slotsOfJournals(sql: Q, journalIds: readonly number[]): Promise<SlotRow[]> {
	if (journalIds.length === 0) return [];
	const rows = await sql<SlotDbRow[]>`
		select ${sql.unsafe(SLOT_COLUMNS)} from ${sql.unsafe(SLOT_TABLES)}
		where t.journal_id = any(${journalIds as number[]}) order by t.weekday, t.lesson_no, t.id`;
	return rows.map(toSlot);
}

/** One slot, or undefined. */
export async function findSlot(sql: Q, slotId: number): Promise<SlotRow | undefined> {
	const [row] = await sql<SlotDbRow[]>`select ${sql.unsafe(SLOT_COLUMNS)} from ${sql.unsafe(SLOT_TABLES)} where t.id = ${slotId}`;
	return row && toSlot(row);
}

/** Adds a slot to the template; returns its id. */
export async function insertSlot(
	tx: Tx,
	slot: { journalId: number; weekday: number; lessonNo: number; room: string | null; parity: number; teacherId: number | null; validFrom: string }
): Promise<number> {
	const [row] = await tx<{ id: number }[]>`
		insert into timetable_slot (journal_id, weekday, lesson_no, room, parity, teacher_id, valid_from)
		values (${slot.journalId}, ${slot.weekday}, ${slot.lessonNo}, ${slot.room}, ${slot.parity}, ${slot.teacherId}, ${slot.validFrom}) returning id`;
	return row.id;
}

/** Ends a slot on the day before `from` (its past lessons stay), or deletes it when it had not begun. */
export async function endSlot(tx: Tx, slotId: number, from: string): Promise<void> {
	await tx`delete from timetable_slot where id = ${slotId} and valid_from >= ${from}::date`;
	await tx`update timetable_slot set valid_to = ${from}::date - 1 where id = ${slotId} and (valid_to is null or valid_to >= ${from}::date)`;
}

/** A journal as the timetable needs it: its school, year, class and grade. */
export interface TimetableJournal {
	journalId: number;
	schoolId: number;
	yearId: number;
	classId: number;
	grade: number;
	title: string;
	yearStartsOn: string;
	yearEndsOn: string;
}

/** The journal with its school and year, or undefined. */
export async function timetableJournal(sql: Q, journalId: number): Promise<TimetableJournal | undefined> {
	const [row] = await sql<{ id: number; school_id: number; year_id: number; class_id: number; grade: number; title: string; starts_on: string; ends_on: string }[]>`
		select j.id, y.school_id, y.id as year_id, c.id as class_id, c.grade, y.starts_on::text, y.ends_on::text,
			c.grade::text || c.letter || ', ' || s.name || case when g.whole_class then '' else ' (' || g.name || ')' end as title
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join school_year y on y.id = c.year_id join subject s on s.id = j.subject_id where j.id = ${journalId}`;
	return (
		row && {
			journalId: row.id,
			schoolId: row.school_id,
			yearId: row.year_id,
			classId: row.class_id,
			grade: row.grade,
			title: row.title,
			yearStartsOn: row.starts_on,
			yearEndsOn: row.ends_on
		}
	);
}

/** The year's journals, for the grid's «add a lesson» choice. */
export async function journalsOfYear(sql: Q, yearId: number): Promise<Array<{ journalId: number; classId: number; title: string }>> {
	const rows = await sql<{ id: number; class_id: number; title: string }[]>`
		select j.id, c.id as class_id, c.grade::text || c.letter || ', ' || s.name || case when g.whole_class then '' else ' (' || g.name || ')' end as title
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		where c.year_id = ${yearId} order by c.grade, c.letter, s.name, g.name`;
	return rows.map((r) => ({ journalId: r.id, classId: r.class_id, title: r.title }));
}

/** Periods of study of the grade in the year (the days lessons can be on). */
export async function studyPeriods(sql: Q, yearId: number, grade: number): Promise<Array<{ startsOn: string; endsOn: string }>> {
	const rows = await sql<{ starts_on: string; ends_on: string }[]>`
		select starts_on::text, ends_on::text from period where year_id = ${yearId} and ${grade} between grade_from and grade_to order by starts_on`;
	return rows.map((r) => ({ startsOn: r.starts_on, endsOn: r.ends_on }));
}

interface ChangeDbRow {
	id: number;
	kind: ChangeKind;
	journal_id: number;
	date: string;
	lesson_no: number | null;
	to_date: string;
	new_date: string | null;
	new_lesson_no: number | null;
	new_room: string | null;
	teacher_id: number | null;
	reason: string;
}

const CHANGE_COLUMNS = `x.id, x.kind, x.journal_id, x.date::text, x.lesson_no, x.to_date::text, x.new_date::text, x.new_lesson_no, x.new_room, x.teacher_id, x.reason`;

function toChange(r: ChangeDbRow): TimetableChange {
	return {
		changeId: r.id,
		kind: r.kind,
		journalId: r.journal_id,
		date: r.date,
		lessonNo: r.lesson_no,
		toDate: r.to_date,
		newDate: r.new_date,
		newLessonNo: r.new_lesson_no,
		newRoom: r.new_room,
		teacherId: r.teacher_id,
		reason: r.reason
	};
}

/** The changes of the journals that touch the days from `from` to `to`. */
export async function changesOfJournals(sql: Q, journalIds: readonly number[], from: string, to: string): Promise<TimetableChange[]> {
	if (journalIds.length === 0) return [];
	const rows = await sql<ChangeDbRow[]>`
		select ${sql.unsafe(CHANGE_COLUMNS)} from timetable_change x
		where x.journal_id = any(${journalIds as number[]}) and ((x.date <= ${to}::date and x.to_date >= ${from}::date) or x.new_date between ${from}::date and ${to}::date)
		order by x.id`;
	return rows.map(toChange);
}

/** The changes of a year's journals touching the days (for a whole school's day). */
export async function changesOfYear(sql: Q, yearId: number, from: string, to: string): Promise<TimetableChange[]> {
	const rows = await sql<ChangeDbRow[]>`
		select ${sql.unsafe(CHANGE_COLUMNS)} from timetable_change x
		join journal j on j.id = x.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		where c.year_id = ${yearId} and ((x.date <= ${to}::date and x.to_date >= ${from}::date) or x.new_date between ${from}::date and ${to}::date)
		order by x.id`;
	return rows.map(toChange);
}

/** Adds a change; returns its id. */
export async function insertChange(tx: Tx, change: Omit<TimetableChange, 'changeId'>, authorId: number): Promise<number> {
	const [row] = await tx<{ id: number }[]>`
		insert into timetable_change (journal_id, kind, date, lesson_no, to_date, new_date, new_lesson_no, new_room, teacher_id, reason, author_id)
		values (${change.journalId}, ${change.kind}, ${change.date}, ${change.lessonNo}, ${change.toDate}, ${change.newDate}, ${change.newLessonNo},
			${change.newRoom}, ${change.teacherId}, ${change.reason}, ${authorId})
		returning id`;
	return row.id;
}

/** A lesson of a journal as the timetable compares it: where it is, whether it came from the timetable, whether anything is entered in it (marks, absences, comments, files, topic, homework). */
export interface JournalLessonState {
	lessonId: number;
	date: string;
	lessonNo: number | null;
	fromTimetable: boolean;
	hasEntries: boolean;
	flag: string | null;
}

/** Every lesson of the journal with its state. */
export async function lessonStates(sql: Q, journalId: number): Promise<JournalLessonState[]> {
	const rows = await sql<{ id: number; date: string; lesson_no: number | null; from_timetable: boolean; has_entries: boolean; timetable_flag: string | null }[]>`
		select l.id, l.date::text, l.lesson_no, l.from_timetable, l.timetable_flag,
			exists (select 1 from mark where lesson_id = l.id) or exists (select 1 from absence where lesson_id = l.id)
				or exists (select 1 from cell_comment where lesson_id = l.id) or exists (select 1 from lesson_attachment where lesson_id = l.id)
				or l.topic is not null or l.homework is not null as has_entries
		from lesson l where l.journal_id = ${journalId} order by l.date, l.lesson_no, l.id`;
	return rows.map((r) => ({ lessonId: r.id, date: r.date, lessonNo: r.lesson_no, fromTimetable: r.from_timetable, hasEntries: r.has_entries, flag: r.timetable_flag }));
}

/** Adds a lesson the timetable gives. */
export async function insertTimetableLesson(tx: Tx, journalId: number, date: string, lessonNo: number, teacherId: number | null): Promise<number> {
	const [row] = await tx<{ id: number }[]>`
		insert into lesson (journal_id, date, lesson_no, teacher_id, from_timetable) values (${journalId}, ${date}, ${lessonNo}, ${teacherId}, true) returning id`;
	return row.id;
}

/** Moves a lesson to another day and number (a timetable move). */
export async function moveLessonRow(tx: Tx, lessonId: number, date: string, lessonNo: number): Promise<void> {
	await tx`update lesson set date = ${date}, lesson_no = ${lessonNo}, timetable_flag = null, updated_at = now() where id = ${lessonId}`;
}

/** Flags a lesson for its teacher (a lesson with marks the timetable no longer holds), or clears the flag. */
export async function flagLesson(tx: Tx, lessonId: number, flag: string | null): Promise<void> {
	await tx`update lesson set timetable_flag = ${flag}, updated_at = now() where id = ${lessonId}`;
}

/** The first teacher of the journal (by name), who a lesson of the timetable is written for. */
export async function firstTeacherOf(sql: Q, journalId: number): Promise<number | null> {
	const [row] = await sql<{ id: number }[]>`
		select p.id from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = ${journalId} order by p.last_name, p.first_name, p.id limit 1`;
	return row?.id ?? null;
}

/**
 * The lessons each journal's replacements give the person: journal id → lesson ids, for every
 * lesson of the journal on a day of a replacement (of that number, or of any when the replacement
 * names none).
 */
export async function replacedLessonsOf(sql: Q, personId: number, yearId: number): Promise<Record<number, number[]>> {
	const rows = await sql<{ journal_id: number; ids: number[] }[]>`
		select l.journal_id, array_agg(distinct l.id) as ids
		from timetable_change x join lesson l on l.journal_id = x.journal_id and l.date between x.date and x.to_date
			and (x.lesson_no is null or l.lesson_no = x.lesson_no)
		join journal j on j.id = x.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		where x.kind = 'replace' and x.teacher_id = ${personId} and c.year_id = ${yearId}
		group by l.journal_id`;
	return Object.fromEntries(rows.map((r) => [r.journal_id, [...r.ids].sort((a, b) => a - b)]));
}

/** The facts of a journal the conflict rules need for a lesson of it outside the template (an extra lesson). */
export async function journalLessonFacts(sql: Q, journalId: number): Promise<Omit<TimetableLesson, 'id' | 'weekday' | 'lessonNo' | 'parity' | 'room'> | undefined> {
	const [r] = await sql<{ class_id: number; class_name: string; grade: number; group_id: number; group_name: string; whole_class: boolean; subject_id: number; subject: string; teacher_id: number | null; teacher_name: string | null }[]>`
		select c.id as class_id, c.grade::text || c.letter as class_name, c.grade, g.id as group_id, g.name as group_name, g.whole_class,
			s.id as subject_id, s.name as subject, tp.id as teacher_id,
			case when tp.id is null then null else concat_ws(' ', tp.last_name, tp.first_name, tp.middle_name) end as teacher_name
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		left join lateral (select p.* from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id
			order by p.last_name, p.first_name, p.id limit 1) tp on true
		where j.id = ${journalId}`;
	return (
		r && {
			journalId,
			classId: r.class_id,
			className: r.class_name,
			grade: r.grade,
			groupId: r.group_id,
			groupName: r.whole_class ? null : r.group_name,
			subjectId: r.subject_id,
			subject: r.subject,
			teacherId: r.teacher_id,
			teacherName: r.teacher_name
		}
	);
}

/** Names of the people (staff), by id. */
export async function personNames(sql: Q, personIds: readonly number[]): Promise<Map<number, string>> {
	if (personIds.length === 0) return new Map();
	const rows = await sql<{ id: number; name: string }[]>`
		select id, concat_ws(' ', last_name, first_name, middle_name) as name from person where id = any(${personIds as number[]})`;
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** The journals of the pupil's groups on any day from `from` to `to`, with the year and grade of the class. */
export async function journalsOfPupil(sql: Q, studentId: number, from: string, to: string): Promise<{ journalIds: number[]; yearId: number | null; grade: number | null; yearStartsOn: string | null }> {
	const rows = await sql<{ journal_id: number; year_id: number; grade: number; starts_on: string }[]>`
		select distinct j.id as journal_id, c.year_id, c.grade, y.starts_on::text
		from group_member m join journal j on j.group_id = m.group_id join study_group g on g.id = j.group_id
		join class c on c.id = g.class_id join school_year y on y.id = c.year_id
		where m.student_id = ${studentId} and m.from_on <= ${to}::date and (m.to_on is null or m.to_on >= ${from}::date)
		order by j.id`;
	return { journalIds: rows.map((r) => r.journal_id), yearId: rows[0]?.year_id ?? null, grade: rows[0]?.grade ?? null, yearStartsOn: rows[0]?.starts_on ?? null };
}

/**
 * Who a change of the journal's timetable concerns: its teachers, and the parents of the pupils
 * in its group on the day (one child each — the link of their notification leads to that child's
 * timetable).
 */
export async function changeAudience(sql: Q, journalId: number, on: string): Promise<{ teacherIds: number[]; parents: Array<{ parentId: number; studentId: number }> }> {
	const teachers = await sql<{ id: number }[]>`select teacher_id as id from journal_teacher where journal_id = ${journalId} order by teacher_id`;
	const parents = await sql<{ parent_id: number; student_id: number }[]>`
		select distinct on (g.parent_id) g.parent_id, g.student_id
		from journal j join group_member m on m.group_id = j.group_id join guardian g on g.student_id = m.student_id
		where j.id = ${journalId} and m.from_on <= ${on}::date and (m.to_on is null or m.to_on >= ${on}::date)
		order by g.parent_id, g.student_id`;
	return { teacherIds: teachers.map((t) => t.id), parents: parents.map((p) => ({ parentId: p.parent_id, studentId: p.student_id })) };
}

/**
 * The journals of the school years running on `on` that the timetable gives lessons to: those
 * with a slot of the weekly template or a change for a date.
 */
export async function timetabledJournals(sql: Q, on: string): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select j.id from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join school_year y on y.id = c.year_id
		where ${on}::date between y.starts_on and y.ends_on
			and (exists (select 1 from timetable_slot t where t.journal_id = j.id) or exists (select 1 from timetable_change t where t.journal_id = j.id))
		order by j.id`;
	return rows.map((r) => r.id);
}
