/**
 * Period, year, exam and final marks: the marks of journals they are suggested
 * from, the marks set, and the upsert of one. Transactions are opened by the caller
 * (src/lib/server/commands/period-marks.ts), so the check, the write and its audit row are one.
 */
import type { Sql, Tx } from './client.ts';
import { currentWeight } from './diary.ts';
import type { DatedMark, PeriodMarkKind, StoredPeriodMark } from '../../domain/period-marks.ts';

type Q = Sql | Tx;

/** The audit entity of a period mark; entity_id is "<journalId>:<studentId>:<kind>:<periodId or 0>". */
export const PERIOD_MARK_ENTITY = 'period_mark';

/** A mark of a journal with its student. */
export interface JournalMark extends DatedMark {
	journalId: number;
	studentId: number;
}

/** A row of marksOfJournals. */
interface JournalMarkRow {
	journal_id: number;
	student_id: number;
	date: string;
	value: number;
	sign: number;
	weight: number;
	/** Null when the mark has no type of work (left join). */
	work_type_code: string | null;
}

/** Every mark of the journals, each weighing what its type of work weighs now. */
export async function marksOfJournals(sql: Q, journalIds: readonly number[], studentIds?: readonly number[]): Promise<JournalMark[]> {
	if (journalIds.length === 0) return [];
	const rows = await sql<JournalMarkRow[]>`
		select l.journal_id, m.student_id, l.date, m.value, m.sign, ${currentWeight(sql)} as weight, w.code as work_type_code
		from mark m join lesson l on l.id = m.lesson_id left join work_type w on w.id = m.work_type_id
		where l.journal_id = any(${journalIds as number[]}) and (${studentIds === undefined}::boolean or m.student_id = any(${(studentIds ?? []) as number[]}::int[]))
		order by l.date, l.id, m.position`;
	return rows.map((r) => ({
		journalId: r.journal_id,
		studentId: r.student_id,
		date: r.date,
		value: r.value,
		sign: r.sign,
		weight: r.weight,
		workType: r.work_type_code
	}));
}

/** A row of STORED: a period mark as set. */
interface StoredPeriodMarkRow {
	student_id: number;
	kind: PeriodMarkKind;
	period_id: number | null;
	value: string;
	suggested: string | null;
	justification: string | null;
	/** concat_ws of the author's names: '' when the author is gone. */
	author_name: string;
	set_at: Date;
}

/** A row of periodMarksOfJournals. */
interface JournalPeriodMarkRow extends StoredPeriodMarkRow {
	journal_id: number;
}

function toStored(r: StoredPeriodMarkRow): StoredPeriodMark {
	return {
		studentId: r.student_id,
		kind: r.kind,
		periodId: r.period_id ?? null,
		value: r.value,
		suggested: r.suggested ?? null,
		justification: r.justification ?? null,
		authorName: r.author_name ?? null,
		setAt: new Date(r.set_at).toISOString()
	};
}

const STORED = (sql: Q) => sql`
	pm.student_id, pm.kind, pm.period_id, pm.value, pm.suggested, pm.justification, pm.set_at,
	concat_ws(' ', p.last_name, p.first_name, p.middle_name) as author_name`;

/** The period, year, exam and final marks set in each of the journals (one query for all). */
export async function periodMarksOfJournals(sql: Q, journalIds: readonly number[], studentIds?: readonly number[]): Promise<Map<number, StoredPeriodMark[]>> {
	const byJournal = new Map<number, StoredPeriodMark[]>(journalIds.map((id) => [id, []]));
	if (journalIds.length === 0) return byJournal;
	const rows = await sql<JournalPeriodMarkRow[]>`
		select pm.journal_id, ${STORED(sql)} from period_mark pm left join person p on p.id = pm.author_id
		where pm.journal_id = any(${journalIds as number[]}) and (${studentIds === undefined}::boolean or pm.student_id = any(${(studentIds ?? []) as number[]}::int[]))
		order by pm.journal_id, pm.student_id, pm.kind, pm.period_id`;
	for (const r of rows) byJournal.get(r.journal_id)?.push(toStored(r));
	return byJournal;
}

/** The marks set in one journal (the live document is built with them). */
export async function periodMarksOfJournal(sql: Q, journalId: number): Promise<StoredPeriodMark[]> {
	return (await periodMarksOfJournals(sql, [journalId])).get(journalId) ?? [];
}

/** Serialises writers of one journal's period marks for the rest of the transaction. */
export async function lockPeriodMarks(tx: Tx, journalId: number): Promise<void> {
	await tx`select pg_advisory_xact_lock(7453003, ${journalId}::int)`;
}

/** Where a period mark goes. */
export interface PeriodMarkTarget {
	journalId: number;
	studentId: number;
	kind: PeriodMarkKind;
	periodId: number | null;
}

/** The mark set in that place, or undefined. */
export async function findPeriodMark(sql: Q, target: PeriodMarkTarget): Promise<StoredPeriodMark | undefined> {
	const [row] = await sql<StoredPeriodMarkRow[]>`
		select ${STORED(sql)} from period_mark pm left join person p on p.id = pm.author_id
		where pm.journal_id = ${target.journalId} and pm.student_id = ${target.studentId} and pm.kind = ${target.kind}
		  and coalesce(pm.period_id, 0) = ${target.periodId ?? 0}`;
	return row && toStored(row);
}

/** Sets (inserts or replaces) the mark with its suggestion, justification and author. */
export async function upsertPeriodMark(
	tx: Tx,
	target: PeriodMarkTarget,
	mark: { value: string; suggested: string | null; justification: string | null; authorId: number }
): Promise<void> {
	await tx`
		insert into period_mark (journal_id, student_id, kind, period_id, value, suggested, justification, author_id, set_at)
		values (${target.journalId}, ${target.studentId}, ${target.kind}, ${target.periodId}, ${mark.value}, ${mark.suggested},
			${mark.justification}, ${mark.authorId}, now())
		on conflict (journal_id, student_id, kind, (coalesce(period_id, 0))) do update set
			value = excluded.value, suggested = excluded.suggested, justification = excluded.justification,
			author_id = excluded.author_id, set_at = now()`;
}
