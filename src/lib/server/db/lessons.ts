/** Lesson columns of a journal: read, insert, change, lock and delete (transactions are the commands'). */
import type { Sql, Tx } from './client.ts';
import type { DocLesson } from '../../domain/journal-doc.ts';

type Q = Sql | Tx;

// The timetable's flag travels only when set, so an unflagged lesson looks as it always did.
const flagOf = (r: { timetable_flag: string | null }): { flag?: string } => (r.timetable_flag ? { flag: r.timetable_flag } : {});

/** Lessons of the journal; only the given ones when ids are passed. */
export async function lessonsOfJournal(sql: Q, journalId: number, ids?: readonly number[]): Promise<DocLesson[]> {
	const rows = await sql<{ id: number; date: string; lesson_no: number | null; topic: string | null; homework: string | null; work_type_id: number | null; timetable_flag: string | null }[]>`
		select id, date, lesson_no, topic, homework, work_type_id, timetable_flag from lesson
		where journal_id = ${journalId} ${ids ? sql`and id = any(${ids as number[]})` : sql``}
		order by date, lesson_no nulls last, id`;
	return rows.map((r) => ({ id: r.id, date: r.date, lessonNo: r.lesson_no, topic: r.topic, homework: r.homework, workTypeId: r.work_type_id, ...flagOf(r) }));
}

/** Lessons of each journal (one query for all), in the journal's order. */
export async function lessonsOfJournals(sql: Q, journalIds: readonly number[]): Promise<Map<number, DocLesson[]>> {
	const byJournal = new Map<number, DocLesson[]>(journalIds.map((id) => [id, []]));
	if (journalIds.length === 0) return byJournal;
	const rows = await sql<{ journal_id: number; id: number; date: string; lesson_no: number | null; topic: string | null; homework: string | null; work_type_id: number | null; timetable_flag: string | null }[]>`
		select journal_id, id, date, lesson_no, topic, homework, work_type_id, timetable_flag from lesson
		where journal_id = any(${journalIds as number[]})
		order by journal_id, date, lesson_no nulls last, id`;
	for (const r of rows)
		byJournal.get(r.journal_id)?.push({ id: r.id, date: r.date, lessonNo: r.lesson_no, topic: r.topic, homework: r.homework, workTypeId: r.work_type_id, ...flagOf(r) });
	return byJournal;
}


/** A lesson with the journal it belongs to. */
export interface StoredLesson extends DocLesson {
	journalId: number;
}

/** A lesson of the journal, or undefined. */
export async function findLesson(sql: Q, journalId: number, lessonId: number): Promise<StoredLesson | undefined> {
	const [row] = await sql<{ journal_id: number; id: number; date: string; lesson_no: number | null; topic: string | null; homework: string | null; work_type_id: number | null }[]>`
		select id, journal_id, date, lesson_no, topic, homework, work_type_id from lesson where id = ${lessonId} and journal_id = ${journalId}`;
	return (
		row && {
			id: row.id,
			journalId: row.journal_id,
			date: row.date,
			lessonNo: row.lesson_no,
			topic: row.topic,
			homework: row.homework,
			workTypeId: row.work_type_id
		}
	);
}

/** The journal's lessons on a date: their ids and numbers (the one-per-day-and-number rule). */
export async function lessonsOn(sql: Q, journalId: number, date: string): Promise<{ id: number; date: string; lessonNo: number | null }[]> {
	const rows = await sql<{ id: number; lesson_no: number | null }[]>`select id, lesson_no from lesson where journal_id = ${journalId} and date = ${date} order by id`;
	return rows.map((r) => ({ id: r.id, date, lessonNo: r.lesson_no }));
}

/**
 * Makes the journal's lesson changes wait for each other until the transaction ends, so two
 * teachers adding a lesson at the same day and number cannot both pass the check. (`no key
 * update`: cells, whose rows only reference the journal, are not held up.)
 */
export async function lockLessonsOf(tx: Tx, journalId: number): Promise<void> {
	await tx`select id from journal where id = ${journalId} for no key update`;
}

/** The fields of a lesson column. */
export interface LessonRow {
	date: string;
	lessonNo: number | null;
	topic: string | null;
	workTypeId: number | null;
	homework: string | null;
}

/** Inserts a lesson on the school's day `today` (when its homework, if any, counts as entered); returns its id. */
export async function insertLesson(tx: Tx, journalId: number, lesson: LessonRow, teacherId: number, today: string): Promise<number> {
	const [row] = await tx<{ id: number }[]>`
		insert into lesson (journal_id, date, lesson_no, topic, work_type_id, homework, homework_on, teacher_id)
		values (${journalId}, ${lesson.date}, ${lesson.lessonNo}, ${lesson.topic}, ${lesson.workTypeId}, ${lesson.homework},
			case when nullif(btrim(${lesson.homework}::text), '') is null then null else ${today}::date end, ${teacherId})
		returning id`;
	return row.id;
}

/**
 * Updates a lesson on the school's day `today`; when its type of work changes, the weight of its
 * marks follows (X-MARKS: a mark weighs what its type of work weighs). Homework keeps the day it
 * was first entered (R-4.5.5), and loses it when removed.
 */
export async function updateLesson(tx: Tx, lessonId: number, lesson: LessonRow, today: string): Promise<void> {
	await tx`
		update lesson set date = ${lesson.date}, lesson_no = ${lesson.lessonNo}, topic = ${lesson.topic},
			work_type_id = ${lesson.workTypeId}, homework = ${lesson.homework},
			homework_on = case when nullif(btrim(${lesson.homework}::text), '') is null then null else coalesce(homework_on, ${today}::date) end,
			updated_at = now()
		where id = ${lessonId}`;
	await tx`
		update mark set work_type_id = ${lesson.workTypeId},
			weight = coalesce((select weight from work_type where id = ${lesson.workTypeId}), 1), updated_at = now()
		where lesson_id = ${lessonId} and work_type_id is distinct from ${lesson.workTypeId}`;
}

/** True when the lesson has any mark, absence or comment. */
export async function lessonHasEntries(sql: Q, lessonId: number): Promise<boolean> {
	const [row] = await sql<{ has: boolean }[]>`
		select exists (select 1 from mark where lesson_id = ${lessonId})
			or exists (select 1 from absence where lesson_id = ${lessonId})
			or exists (select 1 from cell_comment where lesson_id = ${lessonId}) as has`;
	return row.has;
}

/** Locks a lesson row until the transaction ends (a mark's insert waits for it). */
export async function lockLesson(tx: Tx, lessonId: number): Promise<void> {
	await tx`select id from lesson where id = ${lessonId} for update`;
}

/** Deletes a lesson (its attachments' rows go with it). */
export async function deleteLesson(tx: Tx, lessonId: number): Promise<void> {
	await tx`delete from lesson where id = ${lessonId}`;
}
