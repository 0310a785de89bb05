/** A journal's rows: header, students of the group, lessons, marks and absences. */
import type { Sql } from './client.ts';

/** What identifies a journal and decides access to it. */
export interface JournalHeader {
	journalId: number;
	schoolId: number;
	yearId: number;
	classId: number;
	className: string;
	subject: string;
	groupName: string;
	wholeClass: boolean;
	teachers: string;
}

/** The journal's header, or undefined when there is no such journal. */
export async function findJournal(sql: Sql, journalId: number): Promise<JournalHeader | undefined> {
	const [row] = await sql`
		select j.id, y.school_id, y.id as year_id, c.id as class_id, c.grade::text || c.letter as class_name,
			s.name as subject, g.name as group_name, g.whole_class,
			coalesce((select string_agg(concat_ws(' ', p.last_name, p.first_name, p.middle_name), ', ' order by p.last_name)
				from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id), '') as teachers
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join school_year y on y.id = c.year_id join subject s on s.id = j.subject_id
		where j.id = ${journalId}`;
	return (
		row && {
			journalId: row.id,
			schoolId: row.school_id,
			yearId: row.year_id,
			classId: row.class_id,
			className: row.class_name,
			subject: row.subject,
			groupName: row.group_name,
			wholeClass: row.whole_class,
			teachers: row.teachers
		}
	);
}

/** The full sheet of a journal. */
export interface JournalSheet {
	students: Array<{ studentId: number; fullName: string; fromOn: string; toOn: string | null }>;
	lessons: Array<{ lessonId: number; date: string; topic: string | null; homework: string | null; workType: string | null; weight: number }>;
	marks: Array<{ lessonId: number; studentId: number; position: number; value: number; weight: number }>;
	absences: Array<{ lessonId: number; studentId: number; code: string }>;
}

/** Reads the whole sheet in four queries. */
export async function journalSheet(sql: Sql, journalId: number): Promise<JournalSheet> {
	const students = await sql`
		select p.id, concat_ws(' ', p.last_name, p.first_name) as full_name, min(m.from_on) as from_on,
			case when bool_or(m.to_on is null) then null else max(m.to_on) end as to_on
		from journal j join group_member m on m.group_id = j.group_id join person p on p.id = m.student_id
		where j.id = ${journalId}
		group by p.id order by p.last_name, p.first_name`;
	const lessons = await sql`
		select l.id, l.date, l.topic, l.homework, w.name as work_type, coalesce(w.weight, 1)::float8 as weight
		from lesson l left join work_type w on w.id = l.work_type_id
		where l.journal_id = ${journalId} order by l.date, l.lesson_no, l.id`;
	const marks = await sql`
		select m.lesson_id, m.student_id, m.position, m.value, m.weight::float8 as weight
		from mark m join lesson l on l.id = m.lesson_id where l.journal_id = ${journalId}`;
	const absences = await sql`
		select a.lesson_id, a.student_id, a.code
		from absence a join lesson l on l.id = a.lesson_id where l.journal_id = ${journalId}`;
	return {
		students: students.map((r) => ({ studentId: r.id, fullName: r.full_name, fromOn: r.from_on, toOn: r.to_on })),
		lessons: lessons.map((r) => ({ lessonId: r.id, date: r.date, topic: r.topic, homework: r.homework, workType: r.work_type, weight: r.weight })),
		marks: marks.map((r) => ({ lessonId: r.lesson_id, studentId: r.student_id, position: r.position, value: r.value, weight: r.weight })),
		absences: absences.map((r) => ({ lessonId: r.lesson_id, studentId: r.student_id, code: r.code }))
	};
}
