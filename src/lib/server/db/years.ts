/**
 * School years of a school as the administrator plans them: the list with what each holds, one
 * year's calendar as a plan to copy, and the lock that makes two administrators' new years take
 * turns. No transactions of their own: the year commands open one.
 */
import type { Sql, Tx } from './client.ts';
import type { YearDraft } from '../../domain/school-year.ts';
import type { PeriodKind } from '../../domain/periods.ts';

type Q = Sql | Tx;

/** A year in the administrator's list. */
export interface YearListItem {
	id: number;
	name: string;
	startsOn: string;
	endsOn: string;
	periods: number;
	holidays: number;
	classes: number;
}

/** A row of yearsOfSchool. */
interface YearListRow {
	id: number;
	name: string;
	starts_on: string;
	ends_on: string;
	periods: number;
	holidays: number;
	classes: number;
}

/** The school's years, latest first. */
export async function yearsOfSchool(sql: Q, schoolId: number): Promise<YearListItem[]> {
	const rows = await sql<YearListRow[]>`
		select y.id, y.name, y.starts_on, y.ends_on,
			(select count(*)::int from period p where p.year_id = y.id) as periods,
			(select count(*)::int from holiday h where h.year_id = y.id) as holidays,
			(select count(*)::int from class c where c.year_id = y.id) as classes
		from school_year y where y.school_id = ${schoolId}
		order by y.starts_on desc`;
	return rows.map((r) => ({ id: r.id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, periods: r.periods, holidays: r.holidays, classes: r.classes }));
}

/** Locks the school's row: new years of one school are written one at a time. */
export async function lockSchoolForYears(tx: Tx, schoolId: number): Promise<boolean> {
	const [row] = await tx<{ id: number }[]>`select id from school where id = ${schoolId} for update`;
	return row !== undefined;
}

/** A row of yearDraft's periods. */
interface DraftPeriodRow {
	kind: PeriodKind;
	grade_from: number;
	grade_to: number;
	starts_on: string;
	ends_on: string;
	marks_deadline: string;
}

/** A year of the school as a plan (its dates, periods and holidays), or undefined. */
export async function yearDraft(sql: Q, schoolId: number, yearId: number): Promise<(YearDraft & { name: string }) | undefined> {
	const [year] = await sql<{ name: string; starts_on: string; ends_on: string }[]>`
		select name, starts_on, ends_on from school_year where id = ${yearId} and school_id = ${schoolId}`;
	if (!year) return undefined;
	const periods = await sql<DraftPeriodRow[]>`
		select kind, grade_from, grade_to, starts_on, ends_on, marks_deadline from period where year_id = ${yearId}
		order by grade_from, starts_on`;
	const holidays = await sql<{ name: string; starts_on: string; ends_on: string }[]>`
		select name, starts_on, ends_on from holiday where year_id = ${yearId} order by starts_on`;
	return {
		name: year.name,
		startsOn: year.starts_on,
		endsOn: year.ends_on,
		periods: periods.map((p) => ({ kind: p.kind, gradeFrom: p.grade_from, gradeTo: p.grade_to, startsOn: p.starts_on, endsOn: p.ends_on, marksDeadline: p.marks_deadline })),
		holidays: holidays.map((h) => ({ name: h.name, startsOn: h.starts_on, endsOn: h.ends_on }))
	};
}
