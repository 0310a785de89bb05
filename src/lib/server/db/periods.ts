/**
 * Periods of a school year and their state: the rows a period's state is decided from,
 * the periods containing a lesson date for a journal's class, and the administrator's reopening
 * and closing.
 */
import type { Sql, Tx } from './client.ts';
import type { PeriodDates } from '../../domain/periods.ts';

type Q = Sql | Tx;

/** A period as the admin page lists it. */
export interface PeriodRow extends PeriodDates {
	id: number;
	schoolId: number;
	yearId: number;
	kind: string;
	ordinal: number;
	gradeFrom: number;
	gradeTo: number;
}

// closed_at is a moment; its day is the day in the school's time zone.
const COLUMNS = (sql: Q) => sql`
	p.id, y.school_id, p.year_id, p.kind, p.ordinal, p.name, p.starts_on, p.ends_on, p.marks_deadline, p.grade_from, p.grade_to,
	to_char(p.closed_at at time zone coalesce(s.settings ->> 'timezone', 'Europe/Moscow'), 'YYYY-MM-DD') as closed_on,
	p.reopened_until, p.reopen_reason`;

/** A row of COLUMNS. */
interface PeriodDbRow {
	id: number;
	school_id: number;
	year_id: number;
	kind: string;
	ordinal: number;
	name: string;
	starts_on: string;
	ends_on: string;
	marks_deadline: string;
	grade_from: number;
	grade_to: number;
	closed_on: string | null;
	reopened_until: string | null;
	reopen_reason: string | null;
}

function toPeriod(r: PeriodDbRow): PeriodRow {
	return {
		id: r.id,
		schoolId: r.school_id,
		yearId: r.year_id,
		kind: r.kind,
		ordinal: r.ordinal,
		name: r.name,
		startsOn: r.starts_on,
		endsOn: r.ends_on,
		marksDeadline: r.marks_deadline,
		gradeFrom: r.grade_from,
		gradeTo: r.grade_to,
		closedOn: r.closed_on ?? null,
		reopenedUntil: r.reopened_until ?? null,
		reopenReason: r.reopen_reason ?? null
	};
}

/** Periods of the school year, by grade range and start. */
export async function periodsOfYear(sql: Q, yearId: number): Promise<PeriodRow[]> {
	const rows = await sql<PeriodDbRow[]>`
		select ${COLUMNS(sql)} from period p join school_year y on y.id = p.year_id join school s on s.id = y.school_id
		where p.year_id = ${yearId} order by p.grade_from, p.starts_on, p.id`;
	return rows.map(toPeriod);
}

/** One period, or undefined. */
export async function findPeriod(sql: Q, periodId: number): Promise<PeriodRow | undefined> {
	const [row] = await sql<PeriodDbRow[]>`
		select ${COLUMNS(sql)} from period p join school_year y on y.id = p.year_id join school s on s.id = y.school_id
		where p.id = ${periodId}`;
	return row && toPeriod(row);
}

/** The periods of the journal's class that contain the date (usually one). */
export async function periodsOfJournalOn(sql: Q, journalId: number, date: string): Promise<PeriodRow[]> {
	const rows = await sql<PeriodDbRow[]>`
		select ${COLUMNS(sql)}
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join period p on p.year_id = c.year_id and ${date}::date between p.starts_on and p.ends_on and c.grade between p.grade_from and p.grade_to
		join school_year y on y.id = p.year_id join school s on s.id = y.school_id
		where j.id = ${journalId} order by p.starts_on, p.id`;
	return rows.map(toPeriod);
}

/** Reopens a period until a day for a reason. */
export async function setPeriodReopened(tx: Tx, periodId: number, until: string, reason: string): Promise<void> {
	await tx`update period set reopened_until = ${until}, reopen_reason = ${reason} where id = ${periodId}`;
}

/** Closes a period now (early, or again after a reopening). */
export async function setPeriodClosed(tx: Tx, periodId: number): Promise<void> {
	await tx`update period set closed_at = now(), reopened_until = null, reopen_reason = null where id = ${periodId}`;
}

/** Locks a period's row until the transaction ends and reads it again, or undefined. */
export async function lockPeriod(tx: Tx, periodId: number): Promise<PeriodRow | undefined> {
	await tx`select id from period where id = ${periodId} for update`;
	return findPeriod(tx, periodId);
}
