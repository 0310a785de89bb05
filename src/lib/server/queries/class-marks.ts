/**
 * The per-class sheet of period and year marks: one period (or the year) across every
 * subject journal of a class, built from the same journal standings the journal's own marks sheet
 * uses, so suggestions, rules and warnings never differ between the two pages.
 */
import type { Sql } from '../db/client.ts';
import { journalHeadersOfClass, type JournalHeader } from '../db/journal.ts';
import { classRoster } from '../db/school.ts';
import { periodsOfYear, type PeriodRow } from '../db/periods.ts';
import { journalStandings } from './standing.ts';
import { periodsOfGrade } from '../../domain/periods.ts';
import { allowedValues, chooseColumn, type LowMarksWarning, type SheetCell, type SheetColumn } from '../../domain/period-marks.ts';

/** A subject journal of the class as a column of the class sheet. */
export interface ClassMarksJournal {
	journalId: number;
	subject: string;
	groupName: string;
	wholeClass: boolean;
	teachers: string;
	/** The column of the journal's own sheet shown here (its state: open or closed). */
	column: SheetColumn;
	/** «не хватает оценок» warnings of this journal for the chosen period. */
	warnings: LowMarksWarning[];
	/** fewest marks for a period mark in this subject (more for more lessons a week, if the school says so). */
	minMarks: number;
}

/** A student of the class with one cell per journal (null: not in that journal's group). */
export interface ClassMarksRow {
	student: { id: number; name: string; departedOn: string | null };
	departed: boolean;
	cells: Array<SheetCell | null>;
}

/** The whole class sheet for one period or the year. */
export interface ClassMarksSheet {
	periods: PeriodRow[];
	/** "p<periodId>" or "year". */
	key: string;
	title: string;
	journals: ClassMarksJournal[];
	rows: ClassMarksRow[];
	/** the fewest and the most marks a period mark needs across the class's subjects. */
	minMarks: { least: number; most: number };
	/** The values a teacher may pick. */
	values: string[];
	/** The journals' headers, for the policy of each column. */
	journalHeaders: JournalHeader[];
}

/** The class sheet for the asked period, from every journal's standing, in a constant number of queries. */
export async function classMarksSheet(
	sql: Sql,
	klass: { classId: number; grade: number; yearId: number },
	asked: string | null,
	today: string
): Promise<ClassMarksSheet> {
	const periods = periodsOfGrade(await periodsOfYear(sql, klass.yearId), klass.grade);
	const { key, title } = chooseColumn(periods, asked, today);
	const roster = await classRoster(sql, klass.classId);
	const headers = await journalHeadersOfClass(sql, klass.classId);
	const standings = await journalStandings(sql, headers, today);
	const journals: ClassMarksJournal[] = [];
	const journalHeaders: JournalHeader[] = [];
	const cellsOf: Array<Map<number, SheetCell>> = [];
	let values: string[] = [];
	for (const [i, journal] of headers.entries()) {
		const { sheet, rules, markFree } = standings[i];
		values = allowedValues(rules.scale, markFree);
		const index = sheet.columns.findIndex((c) => c.key === key);
		if (index < 0) continue;
		const column = sheet.columns[index];
		journalHeaders.push(journal);
		journals.push({
			journalId: journal.journalId,
			subject: journal.subject,
			groupName: journal.groupName,
			wholeClass: journal.wholeClass,
			teachers: journal.teachers,
			column,
			warnings: column.kind === 'period' ? sheet.warnings.filter((w) => w.periodId === column.periodId) : [],
			minMarks: rules.minMarks
		});
		cellsOf.push(new Map(sheet.rows.map((r) => [r.student.id, r.cells[index]])));
	}
	const rows = roster.map((s) => ({
		student: { id: s.studentId, name: s.fullName, departedOn: s.departedOn },
		departed: s.departedOn !== null && s.departedOn < today,
		cells: cellsOf.map((cells) => cells.get(s.studentId) ?? null)
	}));
	const minima = journals.map((j) => j.minMarks);
	const minMarks = { least: minima.length ? Math.min(...minima) : 0, most: minima.length ? Math.max(...minima) : 0 };
	return { periods, key, title, journals, rows, minMarks, values, journalHeaders };
}
