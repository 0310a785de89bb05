/**
 * A journal's facts (school, year, class, grade, subject, group), its students and the school's
 * types of work: what the live view, the checks of an edit and the standings start from.
 */
import type { Sql, Tx } from './client.ts';
import type { CellRules } from '../../domain/cell.ts';
import { cellRulesFrom } from '../../domain/grading-settings.ts';
import { closedReason } from '../../domain/periods.ts';
import type { DocStudent } from '../../domain/journal-doc.ts';
import { gradingOf } from './grading.ts';
import { periodsOfJournalOn } from './periods.ts';

type Q = Sql | Tx;

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

/** A row of JOURNAL_FACTS_COLUMNS. */
export interface JournalFactsRow {
	id: number;
	school_id: number;
	year_id: number;
	class_id: number;
	grade: number;
	class_name: string;
	subject: string;
	group_name: string;
	starts_on: string;
	ends_on: string;
}

/** A journal's facts from a row of JOURNAL_FACTS_COLUMNS. */
export function journalFactsFrom(row: JournalFactsRow): JournalFacts {
	return {
		journalId: row.id,
		schoolId: row.school_id,
		yearId: row.year_id,
		classId: row.class_id,
		grade: row.grade,
		className: row.class_name,
		subject: row.subject,
		groupName: row.group_name,
		year: { startsOn: row.starts_on, endsOn: row.ends_on }
	};
}

/** The journal's facts, or undefined when there is no such journal. */
export async function journalFacts(sql: Q, journalId: number): Promise<JournalFacts | undefined> {
	const [row] = await sql<JournalFactsRow[]>`select ${JOURNAL_FACTS_COLUMNS(sql)} from ${JOURNAL_FACTS_TABLES(sql)} where j.id = ${journalId}`;
	return row && journalFactsFrom(row);
}

/** The school's cell rules for the year (scale and absence codes of its grading rules, else the defaults). */
export async function cellRulesOf(sql: Q, schoolId: number, yearId: number, grade?: number): Promise<CellRules> {
	return cellRulesFrom(await gradingOf(sql, schoolId, yearId), grade);
}

/** Types of work of the school in the year (and school-wide ones). */
export async function workTypesOf(sql: Q, schoolId: number, yearId: number): Promise<WorkType[]> {
	const rows = await sql<{ id: number; code: string; name: string; weight: number; topic_required: boolean }[]>`
		select id, code, name, weight::float8 as weight, topic_required from work_type
		where school_id = ${schoolId} and (year_id = ${yearId} or year_id is null) order by id`;
	return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, weight: r.weight, topicRequired: r.topic_required }));
}

/** Students of the journal's group, each once, with the span of their membership. */
export async function studentsOfJournal(sql: Q, journalId: number): Promise<DocStudent[]> {
	return (await studentsOfJournals(sql, [journalId])).get(journalId) ?? [];
}

/** Students of each journal's group (one query for all), each once per journal, with the span of their membership. */
export async function studentsOfJournals(sql: Q, journalIds: readonly number[], studentIds?: readonly number[]): Promise<Map<number, DocStudent[]>> {
	const byJournal = new Map<number, DocStudent[]>(journalIds.map((id) => [id, []]));
	if (journalIds.length === 0) return byJournal;
	const rows = await sql<{ journal_id: number; id: number; name: string; from_on: string; to_on: string | null }[]>`
		select j.id as journal_id, p.id, concat_ws(' ', p.last_name, p.first_name) as name, min(m.from_on) as from_on,
			case when bool_or(m.to_on is null) then null else max(m.to_on) end as to_on
		from journal j join group_member m on m.group_id = j.group_id join person p on p.id = m.student_id
		where j.id = any(${journalIds as number[]}) and (${studentIds === undefined}::boolean or p.id = any(${(studentIds ?? []) as number[]}::int[]))
		group by j.id, p.id order by j.id, p.last_name, p.first_name, p.id`;
	for (const r of rows) byJournal.get(r.journal_id)?.push({ id: r.id, name: r.name, from: r.from_on, to: r.to_on });
	return byJournal;
}


/** why the period of the journal's class containing the date refuses edits on `today`, or null when open. */
export async function closedPeriodOn(sql: Q, journalId: number, date: string, today: string): Promise<string | null> {
	return closedReason(await periodsOfJournalOn(sql, journalId, date), today);
}
