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

function toPeriod(r: Record<string, unknown>): PeriodRow {
	return {
		id: r.id as number,
		schoolId: r.school_id as number,
		yearId: r.year_id as number,
		kind: r.kind as string,
		ordinal: r.ordinal as number,
		name: r.name as string,
		startsOn: r.starts_on as string,
		endsOn: r.ends_on as string,
		marksDeadline: r.marks_deadline as string,
		gradeFrom: r.grade_from as number,
		gradeTo: r.grade_to as number,
		closedOn: (r.closed_on as string | null) ?? null,
		reopenedUntil: (r.reopened_until as string | null) ?? null,
		reopenReason: (r.reopen_reason as string | null) ?? null
	};
}

/** Periods of the school year, by grade range and start. */
export async function periodsOfYear(sql: Q, yearId: number): Promise<PeriodRow[]> {
	const rows = await sql`
		select ${COLUMNS(sql)} from period p join school_year y on y.id = p.year_id join school s on s.id = y.school_id
		where p.year_id = ${yearId} order by p.grade_from, p.starts_on, p.id`;
	return rows.map(toPeriod);
}

/** One period, or undefined. */
export async function findPeriod(sql: Q, periodId: number): Promise<PeriodRow | undefined> {
	const [row] = await sql`
		select ${COLUMNS(sql)} from period p join school_year y on y.id = p.year_id join school s on s.id = y.school_id
		where p.id = ${periodId}`;
	return row && toPeriod(row);
}

/** The periods of the journal's class that contain the date (usually one). */
export async function periodsOfJournalOn(sql: Q, journalId: number, date: string): Promise<PeriodRow[]> {
	const rows = await sql`
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
