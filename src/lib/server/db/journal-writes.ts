/**
 * The live journal's SQL: the rows a journal document is built from, the facts a cell edit is
 * checked against, replacing one cell's marks / absence / comment, lesson columns, a cell's
 * history from the audit log, and lesson attachments. Transactions are opened by the callers
 * (src/lib/server/journal/*), so one use case is one transaction.
 */
import type { Sql, Tx } from './client.ts';
import type { CellRules, CellValue } from '../../domain/cell.ts';
import { cellRulesFrom } from '../../domain/grading-settings.ts';
import { closedReason } from '../../domain/periods.ts';
import { gradingOf } from './grading.ts';
import { periodsOfJournalOn } from './periods.ts';
import type { DocLesson, DocStudent } from '../../domain/journal-doc.ts';

type Q = Sql | Tx;

/** The audit entity of a journal cell; its entity_id is the cell key "<lessonId>:<studentId>". */
export const CELL_ENTITY = 'journal_cell';

/** A journal with what the live view and its checks need. */
export interface JournalFacts {
	journalId: number;
	schoolId: number;
	yearId: number;
	classId: number;
	grade: number;
	className: string;
	subject: string;
	groupName: string;
	year: { startsOn: string; endsOn: string };
}

/** A type of work of the school year. */
export interface WorkType {
	id: number;
	code: string;
	name: string;
	weight: number;
	topicRequired: boolean;
}

/** The columns of a journal's facts, over the tables JOURNAL_FACTS_TABLES joins. */
export const JOURNAL_FACTS_COLUMNS = (sql: Q) => sql`
	j.id, y.school_id, y.id as year_id, c.id as class_id, c.grade, c.grade::text || c.letter as class_name,
	s.name as subject, g.name as group_name, y.starts_on, y.ends_on`;

/** A journal joined with its group, class, school year and subject (aliases j, g, c, y, s). */
export const JOURNAL_FACTS_TABLES = (sql: Q) => sql`
	journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
	join school_year y on y.id = c.year_id join subject s on s.id = j.subject_id`;

/** A journal's facts from a row of JOURNAL_FACTS_COLUMNS. */
export function journalFactsFrom(row: Record<string, unknown>): JournalFacts {
	return {
		journalId: row.id as number,
		schoolId: row.school_id as number,
		yearId: row.year_id as number,
		classId: row.class_id as number,
		grade: row.grade as number,
		className: row.class_name as string,
		subject: row.subject as string,
		groupName: row.group_name as string,
		year: { startsOn: row.starts_on as string, endsOn: row.ends_on as string }
	};
}

/** The journal's facts, or undefined when there is no such journal. */
export async function journalFacts(sql: Q, journalId: number): Promise<JournalFacts | undefined> {
	const [row] = await sql`select ${JOURNAL_FACTS_COLUMNS(sql)} from ${JOURNAL_FACTS_TABLES(sql)} where j.id = ${journalId}`;
	return row && journalFactsFrom(row);
}

/** The school's cell rules for the year (scale and absence codes of its grading rules, else the defaults). */
export async function cellRulesOf(sql: Q, schoolId: number, yearId: number, grade?: number): Promise<CellRules> {
	return cellRulesFrom(await gradingOf(sql, schoolId, yearId), grade);
}

/** Types of work of the school in the year (and school-wide ones). */
export async function workTypesOf(sql: Q, schoolId: number, yearId: number): Promise<WorkType[]> {
	const rows = await sql`
		select id, code, name, weight::float8 as weight, topic_required from work_type
		where school_id = ${schoolId} and (year_id = ${yearId} or year_id is null) order by id`;
	return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, weight: r.weight, topicRequired: r.topic_required }));
}

/** Students of the journal's group, each once, with the span of their membership. */
export async function studentsOfJournal(sql: Q, journalId: number): Promise<DocStudent[]> {
	return (await studentsOfJournals(sql, [journalId])).get(journalId) ?? [];
}

/** Students of each journal's group (one query for all), each once per journal, with the span of their membership. */
export async function studentsOfJournals(sql: Q, journalIds: readonly number[]): Promise<Map<number, DocStudent[]>> {
	const byJournal = new Map<number, DocStudent[]>(journalIds.map((id) => [id, []]));
	if (journalIds.length === 0) return byJournal;
	const rows = await sql`
		select j.id as journal_id, p.id, concat_ws(' ', p.last_name, p.first_name) as name, min(m.from_on) as from_on,
			case when bool_or(m.to_on is null) then null else max(m.to_on) end as to_on
		from journal j join group_member m on m.group_id = j.group_id join person p on p.id = m.student_id
		where j.id = any(${journalIds as number[]})
		group by j.id, p.id order by j.id, p.last_name, p.first_name, p.id`;
	for (const r of rows) byJournal.get(r.journal_id)?.push({ id: r.id, name: r.name, from: r.from_on, to: r.to_on });
	return byJournal;
}

/** Lessons of the journal; only the given ones when ids are passed. */
export async function lessonsOfJournal(sql: Q, journalId: number, ids?: readonly number[]): Promise<DocLesson[]> {
	const rows = await sql`
		select id, date, lesson_no, topic, homework, work_type_id from lesson
		where journal_id = ${journalId} ${ids ? sql`and id = any(${ids as number[]})` : sql``}
		order by date, lesson_no nulls last, id`;
	return rows.map((r) => ({ id: r.id, date: r.date, lessonNo: r.lesson_no, topic: r.topic, homework: r.homework, workTypeId: r.work_type_id }));
}

/** Lessons of each journal (one query for all), in the journal's order. */
export async function lessonsOfJournals(sql: Q, journalIds: readonly number[]): Promise<Map<number, DocLesson[]>> {
	const byJournal = new Map<number, DocLesson[]>(journalIds.map((id) => [id, []]));
	if (journalIds.length === 0) return byJournal;
	const rows = await sql`
		select journal_id, id, date, lesson_no, topic, homework, work_type_id from lesson
		where journal_id = any(${journalIds as number[]})
		order by journal_id, date, lesson_no nulls last, id`;
	for (const r of rows)
		byJournal.get(r.journal_id)?.push({ id: r.id, date: r.date, lessonNo: r.lesson_no, topic: r.topic, homework: r.homework, workTypeId: r.work_type_id });
	return byJournal;
}

/** A cell with its place. */
export interface StoredCell {
	lessonId: number;
	studentId: number;
	value: CellValue;
}

/**
 * Every non-empty cell of the journal (marks, absence, comment merged per lesson and student);
 * only the cells of the given lessons when lesson ids are passed.
 */
export async function cellsOfJournal(sql: Q, journalId: number, lessonIds?: readonly number[]): Promise<StoredCell[]> {
	const only = lessonIds ? sql`and l.id = any(${lessonIds as number[]})` : sql``;
	const rows = await sql`
		with cells as (
			select m.lesson_id, m.student_id from mark m join lesson l on l.id = m.lesson_id where l.journal_id = ${journalId} ${only}
			union select a.lesson_id, a.student_id from absence a join lesson l on l.id = a.lesson_id where l.journal_id = ${journalId} ${only}
			union select k.lesson_id, k.student_id from cell_comment k join lesson l on l.id = k.lesson_id where l.journal_id = ${journalId} ${only}
		)
		select c.lesson_id, c.student_id,
			coalesce((select array_agg(m.value order by m.position) from mark m where m.lesson_id = c.lesson_id and m.student_id = c.student_id), '{}') as marks,
			(select a.code from absence a where a.lesson_id = c.lesson_id and a.student_id = c.student_id) as absence,
			(select k.comment from cell_comment k where k.lesson_id = c.lesson_id and k.student_id = c.student_id) as comment
		from cells c`;
	return rows.map((r) => ({ lessonId: r.lesson_id, studentId: r.student_id, value: { marks: r.marks, absence: r.absence, comment: r.comment } }));
}

/** One cell as stored now (empty when nothing is stored). */
export async function readCell(sql: Q, lessonId: number, studentId: number): Promise<CellValue> {
	const [row] = await sql`
		select
			coalesce((select array_agg(value order by position) from mark where lesson_id = ${lessonId} and student_id = ${studentId}), '{}') as marks,
			(select code from absence where lesson_id = ${lessonId} and student_id = ${studentId}) as absence,
			(select comment from cell_comment where lesson_id = ${lessonId} and student_id = ${studentId}) as comment`;
	return { marks: row.marks, absence: row.absence, comment: row.comment };
}

/**
 * Serialises writers of one cell until the transaction ends, across connections and instances
 * (two teachers on two servers writing one cell must not interleave their read-compare-write).
 */
export async function lockCell(tx: Tx, lessonId: number, studentId: number): Promise<void> {
	await tx`select pg_advisory_xact_lock(${lessonId}::int, ${studentId}::int)`;
}

/** What a cell edit is checked against: the lesson (when in this journal), group membership, closed period. */
export interface CellEditFacts {
	lesson: { date: string; workTypeId: number | null; weight: number } | undefined;
	studentInGroup: boolean;
	/** R-5.3: why the lesson's period refuses edits today, or null when it is open. */
	closedPeriod: string | null;
}

/** Looks up the facts a cell edit is checked against, the period's state judged on `today`. */
export async function cellEditFacts(sql: Q, journalId: number, lessonId: number, studentId: number, today: string): Promise<CellEditFacts> {
	const [row] = await sql`
		select l.date, l.work_type_id, coalesce(w.weight, 1)::float8 as weight,
			exists (select 1 from group_member m where m.group_id = j.group_id and m.student_id = ${studentId}
				and m.from_on <= l.date and (m.to_on is null or m.to_on >= l.date)) as in_group
		from lesson l join journal j on j.id = l.journal_id left join work_type w on w.id = l.work_type_id
		where l.id = ${lessonId} and l.journal_id = ${journalId}`;
	if (!row) return { lesson: undefined, studentInGroup: false, closedPeriod: null };
	return {
		lesson: { date: row.date, workTypeId: row.work_type_id, weight: row.weight },
		studentInGroup: row.in_group,
		closedPeriod: await closedPeriodOn(sql, journalId, row.date, today)
	};
}

/** R-5.3: why the period of the journal's class containing the date refuses edits on `today`, or null when open. */
export async function closedPeriodOn(sql: Q, journalId: number, date: string, today: string): Promise<string | null> {
	return closedReason(await periodsOfJournalOn(sql, journalId, date), today);
}

/** True when the person is a student of the journal's group, or a parent of one (R-4.4.1 materials are theirs). */
export async function isFamilyOfJournal(sql: Q, journalId: number, personId: number): Promise<boolean> {
	const [row] = await sql`
		select exists (
			select 1 from journal j join group_member m on m.group_id = j.group_id
			where j.id = ${journalId} and (m.student_id = ${personId}
				or m.student_id in (select student_id from guardian where parent_id = ${personId}))
		) as yes`;
	return row.yes;
}

/** True when an edit with this id was already committed to this cell (a replay after reconnect). */
export async function editAlreadyCommitted(sql: Q, key: string, editId: string): Promise<boolean> {
	const [row] = await sql`
		select 1 from audit_log where entity = ${CELL_ENTITY} and entity_id = ${key} and new_value ->> 'e' = ${editId} limit 1`;
	return row !== undefined;
}

/** What replacing a cell needs. */
export interface CellWrite {
	lessonId: number;
	studentId: number;
	value: CellValue;
	authorId: number;
	workTypeId: number | null;
	weight: number;
}

/**
 * Makes the stored cell equal the value: marks by position (unchanged ones keep their row and
 * time), the absence and the comment upserted or removed. Call inside a transaction.
 */
export async function replaceCell(tx: Tx, write: CellWrite): Promise<void> {
	const { lessonId, studentId, value, authorId } = write;
	await tx`delete from mark where lesson_id = ${lessonId} and student_id = ${studentId} and position > ${value.marks.length}`;
	for (const [index, mark] of value.marks.entries()) {
		await tx`
			insert into mark (lesson_id, student_id, position, value, work_type_id, weight, author_id)
			values (${lessonId}, ${studentId}, ${index + 1}, ${mark}, ${write.workTypeId}, ${write.weight}, ${authorId})
			on conflict (lesson_id, student_id, position) do update
				set value = excluded.value, work_type_id = excluded.work_type_id, weight = excluded.weight,
					author_id = excluded.author_id, updated_at = now()
				where mark.value <> excluded.value`;
	}
	if (value.absence === null) await tx`delete from absence where lesson_id = ${lessonId} and student_id = ${studentId}`;
	else
		await tx`
			insert into absence (lesson_id, student_id, code, author_id) values (${lessonId}, ${studentId}, ${value.absence}, ${authorId})
			on conflict (lesson_id, student_id) do update set code = excluded.code, author_id = excluded.author_id, created_at = now()
				where absence.code <> excluded.code`;
	if (value.comment === null) await tx`delete from cell_comment where lesson_id = ${lessonId} and student_id = ${studentId}`;
	else
		await tx`
			insert into cell_comment (lesson_id, student_id, comment, author_id) values (${lessonId}, ${studentId}, ${value.comment}, ${authorId})
			on conflict (lesson_id, student_id) do update set comment = excluded.comment, author_id = excluded.author_id, updated_at = now()
				where cell_comment.comment <> excluded.comment`;
}

/** One change of a cell, as its history shows it (X-AUDIT). */
export interface CellHistoryEntry {
	at: string;
	actorId: number | null;
	actorName: string | null;
	old: CellValue | null;
	new: CellValue | null;
	source: string;
}

/** The history of one cell, oldest first. */
export async function cellHistory(sql: Q, lessonId: number, studentId: number): Promise<CellHistoryEntry[]> {
	const rows = await sql`
		select a.at, a.actor_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as actor_name, a.old_value, a.new_value, a.source
		from audit_log a left join person p on p.id = a.actor_id
		where a.entity = ${CELL_ENTITY} and a.entity_id = ${`${lessonId}:${studentId}`}
		order by a.at, a.id`;
	const cell = (raw: unknown): CellValue | null => {
		const v = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { m?: number[]; a?: string | null; c?: string | null } | null;
		return v ? { marks: v.m ?? [], absence: v.a ?? null, comment: v.c ?? null } : null;
	};
	return rows.map((r) => ({
		at: new Date(r.at).toISOString(),
		actorId: r.actor_id,
		actorName: r.actor_id === null ? null : r.actor_name,
		old: cell(r.old_value),
		new: cell(r.new_value),
		source: r.source
	}));
}

/** A lesson with the journal it belongs to. */
export interface StoredLesson extends DocLesson {
	journalId: number;
}

/** A lesson of the journal, or undefined. */
export async function findLesson(sql: Q, journalId: number, lessonId: number): Promise<StoredLesson | undefined> {
	const [row] = await sql`
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

/** The fields of a lesson column. */
export interface LessonRow {
	date: string;
	lessonNo: number | null;
	topic: string | null;
	workTypeId: number | null;
	homework: string | null;
}

/** Inserts a lesson; returns its id. */
export async function insertLesson(tx: Tx, journalId: number, lesson: LessonRow, teacherId: number): Promise<number> {
	const [row] = await tx`
		insert into lesson (journal_id, date, lesson_no, topic, work_type_id, homework, teacher_id)
		values (${journalId}, ${lesson.date}, ${lesson.lessonNo}, ${lesson.topic}, ${lesson.workTypeId}, ${lesson.homework}, ${teacherId})
		returning id`;
	return row.id;
}

/**
 * Updates a lesson; when its type of work changes, the weight of its marks follows (X-MARKS: a
 * mark weighs what its type of work weighs).
 */
export async function updateLesson(tx: Tx, lessonId: number, lesson: LessonRow): Promise<void> {
	await tx`
		update lesson set date = ${lesson.date}, lesson_no = ${lesson.lessonNo}, topic = ${lesson.topic},
			work_type_id = ${lesson.workTypeId}, homework = ${lesson.homework}, updated_at = now()
		where id = ${lessonId}`;
	await tx`
		update mark set work_type_id = ${lesson.workTypeId},
			weight = coalesce((select weight from work_type where id = ${lesson.workTypeId}), 1), updated_at = now()
		where lesson_id = ${lessonId} and work_type_id is distinct from ${lesson.workTypeId}`;
}

/** True when the lesson has any mark, absence or comment. */
export async function lessonHasEntries(sql: Q, lessonId: number): Promise<boolean> {
	const [row] = await sql`
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

/** A file attached to a lesson (R-4.4.1). */
export interface Attachment {
	id: number;
	lessonId: number;
	fileName: string;
	mimeType: string;
	sizeBytes: number;
	storageKey: string;
	uploadedAt: string;
}

function toAttachment(r: Record<string, unknown>): Attachment {
	return {
		id: r.id as number,
		lessonId: r.lesson_id as number,
		fileName: r.file_name as string,
		mimeType: r.mime_type as string,
		sizeBytes: Number(r.size_bytes),
		storageKey: r.storage_key as string,
		uploadedAt: new Date(r.uploaded_at as string).toISOString()
	};
}

/** Records an attached file; returns it. */
export async function insertAttachment(tx: Tx, file: Omit<Attachment, 'id' | 'uploadedAt'>, uploadedBy: number): Promise<Attachment> {
	const [row] = await tx`
		insert into lesson_attachment (lesson_id, file_name, mime_type, size_bytes, storage_key, uploaded_by)
		values (${file.lessonId}, ${file.fileName}, ${file.mimeType}, ${file.sizeBytes}, ${file.storageKey}, ${uploadedBy})
		returning *`;
	return toAttachment(row);
}

/** Files attached to a lesson, oldest first. */
export async function attachmentsOfLesson(sql: Q, lessonId: number): Promise<Attachment[]> {
	const rows = await sql`select * from lesson_attachment where lesson_id = ${lessonId} order by uploaded_at, id`;
	return rows.map(toAttachment);
}

/** One attached file of a lesson, or undefined. */
export async function findAttachment(sql: Q, lessonId: number, attachmentId: number): Promise<Attachment | undefined> {
	const [row] = await sql`select * from lesson_attachment where id = ${attachmentId} and lesson_id = ${lessonId}`;
	return row && toAttachment(row);
}

/** Storage keys of a lesson's files (to remove the files after the lesson is deleted). */
export async function attachmentKeysOfLesson(sql: Q, lessonId: number): Promise<string[]> {
	const rows = await sql`select storage_key from lesson_attachment where lesson_id = ${lessonId}`;
	return rows.map((r) => r.storage_key);
}
