/**
 * What the tables hold for journal cells, with the ordering token the live journal converges by:
 * a cell's version is the id of its latest audit row (0 when it never changed through a command).
 * Every cell commit appends its audit row while holding the cell's lock (lockCell), so a later
 * commit of one cell always has a higher version, whichever instance made it.
 */
import type { Sql } from './client.ts';
import type { CellValue } from '../../domain/cell.ts';
import { CELL_ENTITY, storedValue } from './cells.ts';

/** A cell as stored, its version and the edit id of the commit that made it (null when unknown). */
export interface CellTruth {
	lessonId: number;
	studentId: number;
	value: CellValue;
	version: number;
	editId: string | null;
}

type Row = { lesson_id: number; student_id: number; marks: number[]; signs: number[]; absence: string | null; comment: string | null; version: number; edit_id: string | null };

/**
 * The stored value and version of each cell, in one statement (one snapshot): the version is
 * read in the same statement as the value, so a value is never paired with a later version.
 */
export async function readCellTruths(sql: Sql, places: ReadonlyArray<{ lessonId: number; studentId: number }>): Promise<CellTruth[]> {
	if (places.length === 0) return [];
	const lessons = places.map((p) => p.lessonId);
	const students = places.map((p) => p.studentId);
	const rows = await sql<Row[]>`
		with place as (select * from unnest(${lessons}::int[], ${students}::int[]) as p(lesson_id, student_id)),
		latest as (
			select p.lesson_id, p.student_id,
				(select a.id from audit_log a where a.entity = ${CELL_ENTITY} and a.entity_id = p.lesson_id || ':' || p.student_id order by a.id desc limit 1) as audit_id
			from place p
		)
		select l.lesson_id, l.student_id,
			coalesce((select array_agg(m.value order by m.position) from mark m where m.lesson_id = l.lesson_id and m.student_id = l.student_id), '{}') as marks,
			coalesce((select array_agg(m.sign order by m.position) from mark m where m.lesson_id = l.lesson_id and m.student_id = l.student_id), '{}') as signs,
			(select a.code from absence a where a.lesson_id = l.lesson_id and a.student_id = l.student_id) as absence,
			(select k.comment from cell_comment k where k.lesson_id = l.lesson_id and k.student_id = l.student_id) as comment,
			coalesce(l.audit_id, 0)::float8 as version,
			(select a.new_value ->> 'e' from audit_log a where a.id = l.audit_id) as edit_id
		from latest l`;
	return rows.map((r) => ({
		lessonId: r.lesson_id,
		studentId: r.student_id,
		value: storedValue(r),
		version: r.version,
		editId: r.edit_id
	}));
}
