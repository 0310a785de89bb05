/**
 * Journal cells (marks, absence, comment of one student at one lesson): the stored value, the
 * facts an edit is checked against, replacing a cell, and its history from the audit log.
 * Transactions are opened by the commands, so one use case is one transaction.
 */
import type { Sql, Tx } from './client.ts';
import { signsOf, type CellValue } from '../../domain/cell.ts';
import { closedPeriodOn } from './journal-facts.ts';

type Q = Sql | Tx;

/** The audit entity of a journal cell; its entity_id is the cell key "<lessonId>:<studentId>". */
export const CELL_ENTITY = 'journal_cell';
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
	// The journal's lessons as an array, so each table is read through its (lesson_id, …) index
	// (a join on lesson lets the planner scan all of mark, which PGlite, never analysed, does), and
	// each table once: marks grouped, then merged with absences and comments by full joins.
	const lessons = sql`array(select id from lesson where journal_id = ${journalId} ${lessonIds ? sql`and id = any(${lessonIds as number[]})` : sql``})`;
	const rows = await sql<{ lesson_id: number; student_id: number; marks: number[]; signs: number[]; absence: string | null; comment: string | null }[]>`
		with m as (
			select lesson_id, student_id, array_agg(value order by position) as marks, array_agg(sign order by position) as signs from mark
			where lesson_id = any(${lessons}) group by lesson_id, student_id
		),
		a as (select lesson_id, student_id, code from absence where lesson_id = any(${lessons})),
		k as (select lesson_id, student_id, comment from cell_comment where lesson_id = any(${lessons}))
		select lesson_id, student_id, coalesce(marks, '{}') as marks, coalesce(signs, '{}') as signs, code as absence, comment
		from m full join a using (lesson_id, student_id) full join k using (lesson_id, student_id)`;
	return rows.map((r) => ({ lessonId: r.lesson_id, studentId: r.student_id, value: storedValue(r) }));
}

/** A stored cell as a value: the signs only when a mark has one. */
export function storedValue(row: { marks: number[]; signs: number[]; absence: string | null; comment: string | null }): CellValue {
	const value: CellValue = { marks: row.marks, absence: row.absence, comment: row.comment };
	if (row.signs.some((x) => x !== 0)) value.signs = row.signs;
	return value;
}

/** One cell as stored now (empty when nothing is stored). */
export async function readCell(sql: Q, lessonId: number, studentId: number): Promise<CellValue> {
	const [row] = await sql<{ marks: number[]; signs: number[]; absence: string | null; comment: string | null }[]>`
		select
			coalesce((select array_agg(value order by position) from mark where lesson_id = ${lessonId} and student_id = ${studentId}), '{}') as marks,
			coalesce((select array_agg(sign order by position) from mark where lesson_id = ${lessonId} and student_id = ${studentId}), '{}') as signs,
			(select code from absence where lesson_id = ${lessonId} and student_id = ${studentId}) as absence,
			(select comment from cell_comment where lesson_id = ${lessonId} and student_id = ${studentId}) as comment`;
	return storedValue(row);
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
	const [row] = await sql<{ date: string; work_type_id: number | null; weight: number; in_group: boolean }[]>`
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

/** True when an edit with this id was already committed to this cell (a replay after reconnect). */
export async function editAlreadyCommitted(sql: Q, key: string, editId: string): Promise<boolean> {
	const [row] = await sql<{ '?column?': number }[]>`
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
	const signs = signsOf(value);
	for (const [index, mark] of value.marks.entries()) {
		await tx`
			insert into mark (lesson_id, student_id, position, value, sign, work_type_id, weight, author_id)
			values (${lessonId}, ${studentId}, ${index + 1}, ${mark}, ${signs[index]}, ${write.workTypeId}, ${write.weight}, ${authorId})
			on conflict (lesson_id, student_id, position) do update
				set value = excluded.value, sign = excluded.sign, work_type_id = excluded.work_type_id, weight = excluded.weight,
					author_id = excluded.author_id, updated_at = now()
				where mark.value <> excluded.value or mark.sign <> excluded.sign`;
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
	const rows = await sql<{ at: Date; actor_id: number | null; actor_name: string; old_value: unknown; new_value: unknown; source: string }[]>`
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

