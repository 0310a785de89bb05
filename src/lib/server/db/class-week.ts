/**
 * The rows of the class teacher's weekly check: every lesson of the
 * class's journals in some days × every pupil in the journal's group that day, with marks and absence;
 * and the parents of pupils.
 */
import type { Sql, Tx } from './client.ts';
import type { WeekCell } from '../../domain/class-week.ts';

type Q = Sql | Tx;

/** The cells of the class's lessons dated from..to (both included), for the pupils in each group that day (one pupil, if given). */
export async function weekCellsOfClass(sql: Q, classId: number, from: string, to: string, studentId?: number): Promise<WeekCell[]> {
	const rows = await sql<Array<{ lesson_id: number; journal_id: number; subject: string; date: string; lesson_no: number | null; student_id: number; code: string | null }>>`
		select l.id as lesson_id, l.journal_id, s.name as subject, l.date::text as date, l.lesson_no, gm.student_id, a.code
		from lesson l join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join subject s on s.id = j.subject_id
		join group_member gm on gm.group_id = g.id and gm.from_on <= l.date and (gm.to_on is null or gm.to_on >= l.date)
		left join absence a on a.lesson_id = l.id and a.student_id = gm.student_id
		where g.class_id = ${classId} and l.date between ${from}::date and ${to}::date
			and (${studentId ?? null}::int is null or gm.student_id = ${studentId ?? null}::int)
		order by l.date, l.lesson_no nulls last, l.id, gm.student_id`;
	const marks = await sql<Array<{ lesson_id: number; student_id: number; value: number }>>`
		select m.lesson_id, m.student_id, m.value
		from mark m join lesson l on l.id = m.lesson_id join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id
		where g.class_id = ${classId} and l.date between ${from}::date and ${to}::date
		order by m.lesson_id, m.student_id, m.position`;
	const marksOf = new Map<string, number[]>();
	for (const m of marks) {
		const key = `${m.lesson_id}:${m.student_id}`;
		marksOf.set(key, [...(marksOf.get(key) ?? []), m.value]);
	}
	return rows.map((r) => ({
		lessonId: r.lesson_id,
		journalId: r.journal_id,
		subject: r.subject,
		date: r.date,
		lessonNo: r.lesson_no,
		studentId: r.student_id,
		marks: marksOf.get(`${r.lesson_id}:${r.student_id}`) ?? [],
		absence: r.code
	}));
}

/** The parents of the pupils: each parent with the child they are told about. */
export async function parentsOfStudents(sql: Q, schoolId: number, studentIds: readonly number[]): Promise<Array<{ parentId: number; studentId: number }>> {
	if (studentIds.length === 0) return [];
	const rows = await sql<Array<{ parent_id: number; student_id: number }>>`
		select g.parent_id, g.student_id from guardian g join person p on p.id = g.parent_id
		where p.school_id = ${schoolId} and g.student_id = any(${studentIds as number[]}::int[]) order by g.student_id, g.parent_id`;
	return rows.map((r) => ({ parentId: r.parent_id, studentId: r.student_id }));
}
