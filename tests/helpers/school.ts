/** Lookups in the demo school that many integration tests start from. */
import type { Sql } from '../../src/lib/server/db/client';

/** The id of the first journal (by id) the login teaches; with `grades`, only in classes of grades `from`–`to`. */
export async function teacherJournal(sql: Sql, login: string, options: { grades?: [from: number, to: number] } = {}): Promise<number> {
	// Without a grade range the class is not joined at all, so no journal is left out for lack of one.
	const [own] = options.grades
		? await sql`
			select jt.journal_id from journal_teacher jt join account a on a.person_id = jt.teacher_id
			join journal j on j.id = jt.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
			where a.login = ${login} and c.grade between ${options.grades[0]} and ${options.grades[1]} order by jt.journal_id limit 1`
		: await sql`
			select jt.journal_id from journal_teacher jt join account a on a.person_id = jt.teacher_id
			where a.login = ${login} order by jt.journal_id limit 1`;
	if (!own) throw new Error(`${login} teaches no journal${options.grades ? ` in grades ${options.grades.join('–')}` : ''}`);
	return own.journal_id as number;
}
