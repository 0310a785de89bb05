/** A journal's header for pages and the websocket's access check. */
import type { Sql } from './client.ts';
import { journalFacts, type JournalFacts } from './journal-writes.ts';

/** What identifies a journal, decides access to it, and heads its page. */
export interface JournalHeader extends JournalFacts {
	wholeClass: boolean;
	teachers: string;
}

/** The journal's header, or undefined when there is no such journal. */
export async function findJournal(sql: Sql, journalId: number): Promise<JournalHeader | undefined> {
	const facts = await journalFacts(sql, journalId);
	if (!facts) return undefined;
	const [row] = await sql`
		select g.whole_class,
			coalesce((select string_agg(concat_ws(' ', p.last_name, p.first_name, p.middle_name), ', ' order by p.last_name)
				from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id), '') as teachers
		from journal j join study_group g on g.id = j.group_id
		where j.id = ${journalId}`;
	return { ...facts, wholeClass: row.whole_class, teachers: row.teachers };
}
