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
