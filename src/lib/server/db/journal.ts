/** A journal's header for pages and the websocket's access check, and its lessons a week. */
import type { Sql, Tx } from './client.ts';
import { JOURNAL_FACTS_COLUMNS, JOURNAL_FACTS_TABLES, journalFactsFrom, type JournalFacts, type JournalFactsRow } from './journal-facts.ts';

/** What identifies a journal, decides access to it, and heads its page. */
export interface JournalHeader extends JournalFacts {
	wholeClass: boolean;
	teachers: string;
}

// The journal's teachers, by surname, as one line.
const TEACHERS = (sql: Sql | Tx) => sql`
	coalesce((select string_agg(concat_ws(' ', p.last_name, p.first_name, p.middle_name), ', ' order by p.last_name)
		from journal_teacher jt join person p on p.id = jt.teacher_id where jt.journal_id = j.id), '') as teachers`;

type HeaderRow = JournalFactsRow & { whole_class: boolean; teachers: string };

const headerFrom = (row: HeaderRow): JournalHeader => ({ ...journalFactsFrom(row), wholeClass: row.whole_class, teachers: row.teachers });

/** The journal's header, or undefined when there is no such journal. */
export async function findJournal(sql: Sql, journalId: number): Promise<JournalHeader | undefined> {
	const [row] = await sql<HeaderRow[]>`select ${JOURNAL_FACTS_COLUMNS(sql)}, g.whole_class, ${TEACHERS(sql)} from ${JOURNAL_FACTS_TABLES(sql)} where j.id = ${journalId}`;
	return row && headerFrom(row);
}

/** A row of weeklyHoursOf: a journal's slots valid on the date, and those that start last. */
interface WeeklyHoursRow {
	journal_id: number;
	valid: number;
	latest: number;
}

/**
 * lessons a week of each journal — its timetable slots valid on the date, or, when none is,
 * the slots that start last (a timetable not begun yet or already ended); 0 without a timetable.
 */
export async function weeklyHoursOf(sql: Sql | Tx, journalIds: readonly number[], on: string): Promise<Map<number, number>> {
	const hours = new Map<number, number>(journalIds.map((id) => [id, 0]));
	if (journalIds.length === 0) return hours;
	const rows = await sql<WeeklyHoursRow[]>`
		select t.journal_id,
			count(*) filter (where t.valid_from <= ${on}::date and (t.valid_to is null or t.valid_to >= ${on}::date))::int as valid,
			count(*) filter (where t.valid_from = latest.valid_from)::int as latest
		from timetable_slot t
		join (select journal_id, max(valid_from) as valid_from from timetable_slot
			where journal_id = any(${journalIds as number[]}) group by journal_id) latest on latest.journal_id = t.journal_id
		group by t.journal_id`;
	for (const row of rows) hours.set(row.journal_id, row.valid > 0 ? row.valid : row.latest);
	return hours;
}

/** The headers of every journal of a class in one query, by subject and group (as journalsOfClass lists them). */
export async function journalHeadersOfClass(sql: Sql | Tx, classId: number): Promise<JournalHeader[]> {
	const rows = await sql<HeaderRow[]>`
		select ${JOURNAL_FACTS_COLUMNS(sql)}, g.whole_class, ${TEACHERS(sql)} from ${JOURNAL_FACTS_TABLES(sql)}
		where c.id = ${classId} order by s.name, g.name`;
	return rows.map(headerFrom);
}

/** The headers of every journal of a school year in one query, by class, subject and group. */
export async function journalHeadersOfYear(sql: Sql | Tx, yearId: number): Promise<JournalHeader[]> {
	const rows = await sql<HeaderRow[]>`
		select ${JOURNAL_FACTS_COLUMNS(sql)}, g.whole_class, ${TEACHERS(sql)} from ${JOURNAL_FACTS_TABLES(sql)}
		where c.year_id = ${yearId} order by c.grade, c.letter, s.name, g.name`;
	return rows.map(headerFrom);
}
