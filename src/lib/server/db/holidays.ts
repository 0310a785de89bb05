/**
 * Holidays of a school year (school breaks and public holidays): the rows the periods page lists
 * and lesson checks read, the year row locked while one is written, the lessons a holiday would
 * cover, and the writes. Transactions are opened by the use case (src/lib/server/calendar).
 */
import type { Sql, Tx } from './client.ts';
import type { Holiday } from '../../domain/holidays.ts';

type Q = Sql | Tx;

/** A stored holiday. */
export interface HolidayRow extends Holiday {
	id: number;
	yearId: number;
	schoolId: number;
}

/** A school year's dates and school. */
export interface YearDates {
	id: number;
	schoolId: number;
	startsOn: string;
	endsOn: string;
}

/** A row of holidaysOfYear and findHoliday: a holiday with its year's school. */
interface StoredHolidayRow {
	id: number;
	year_id: number;
	school_id: number;
	name: string;
	starts_on: string;
	ends_on: string;
}

function toHoliday(r: StoredHolidayRow): HolidayRow {
	return {
		id: r.id,
		yearId: r.year_id,
		schoolId: r.school_id,
		name: r.name,
		startsOn: r.starts_on,
		endsOn: r.ends_on
	};
}

/** Holidays of the school year, in calendar order. */
export async function holidaysOfYear(sql: Q, yearId: number): Promise<HolidayRow[]> {
	const rows = await sql<StoredHolidayRow[]>`
		select h.id, h.year_id, y.school_id, h.name, h.starts_on, h.ends_on
		from holiday h join school_year y on y.id = h.year_id
		where h.year_id = ${yearId} order by h.starts_on, h.id`;
	return rows.map(toHoliday);
}

/** One holiday, or undefined. */
export async function findHoliday(sql: Q, holidayId: number): Promise<HolidayRow | undefined> {
	const [row] = await sql<StoredHolidayRow[]>`
		select h.id, h.year_id, y.school_id, h.name, h.starts_on, h.ends_on
		from holiday h join school_year y on y.id = h.year_id where h.id = ${holidayId}`;
	return row && toHoliday(row);
}

/** The row of lockYear. */
interface YearDatesRow {
	id: number;
	school_id: number;
	starts_on: string;
	ends_on: string;
}

/** The school year's dates, its row locked until the transaction ends, so holiday writes of one year take turns. */
export async function lockYear(tx: Tx, yearId: number): Promise<YearDates | undefined> {
	const [row] = await tx<YearDatesRow[]>`select id, school_id, starts_on, ends_on from school_year where id = ${yearId} for update`;
	return row && { id: row.id, schoolId: row.school_id, startsOn: row.starts_on, endsOn: row.ends_on };
}

/** The row of countLessonsBetween. */
interface LessonCountRow {
	lessons: number;
}

/** How many lessons of the year's journals lie between two days (inclusive), not counting those inside `except`. */
export async function countLessonsBetween(sql: Q, yearId: number, from: string, to: string, except?: Holiday): Promise<number> {
	const [row] = await sql<LessonCountRow[]>`
		select count(*)::int as lessons
		from lesson l join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		where c.year_id = ${yearId} and l.date between ${from}::date and ${to}::date
		${except ? sql`and l.date not between ${except.startsOn}::date and ${except.endsOn}::date` : sql``}`;
	return row.lessons;
}

/** A new row's id. */
interface IdRow {
	id: number;
}

/** Inserts a holiday; returns its id. */
export async function insertHoliday(tx: Tx, yearId: number, holiday: Holiday): Promise<number> {
	const [row] = await tx<IdRow[]>`
		insert into holiday (year_id, name, starts_on, ends_on) values (${yearId}, ${holiday.name}, ${holiday.startsOn}, ${holiday.endsOn})
		returning id`;
	return row.id;
}

/** Replaces a holiday's name and dates. */
export async function updateHolidayRow(tx: Tx, holidayId: number, holiday: Holiday): Promise<void> {
	await tx`update holiday set name = ${holiday.name}, starts_on = ${holiday.startsOn}, ends_on = ${holiday.endsOn} where id = ${holidayId}`;
}

/** Deletes a holiday. */
export async function deleteHolidayRow(tx: Tx, holidayId: number): Promise<void> {
	await tx`delete from holiday where id = ${holidayId}`;
}
