/**
 * The printed journal of a group for a period or the whole year: read from the
 * tables (the system of record, never the live document), laid out by
 * src/lib/domain/printed-journal.ts and drawn by src/lib/server/pdf/journal-print.ts. Those who
 * read the journal's reports may print it: its teachers, the class teacher, the administration.
 */
import type { Ctx } from '../context.ts';
import { findJournal, type JournalHeader } from '../db/journal.ts';
import { studentsOfJournal, workTypesOf } from '../db/journal-facts.ts';
import { lessonsOfJournal } from '../db/lessons.ts';
import { cellsOfJournal } from '../db/cells.ts';
import { periodMarksOfJournal } from '../db/period-marks.ts';
import { periodsOfYear } from '../db/periods.ts';
import { schoolNameOf } from '../db/reports.ts';
import { parseId } from '../../domain/ids.ts';
import { formatDate } from '../../domain/dates.ts';
import { currentPeriod, periodsOfGrade } from '../../domain/periods.ts';
import { KIND_TITLES } from '../../domain/period-marks.ts';
import { printedJournal, type PrintedJournal, type PrintedMarkColumn } from '../../domain/printed-journal.ts';
import { decide, reportsResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';
import { printedJournalPdf, type PrintedJournalHeading } from '../pdf/journal-print.ts';

/** The period picker's value for the whole year. */
export const WHOLE_YEAR = 'year';

/** Russian messages of the printed journal. */
export const PRINT_MESSAGES = {
	journalNotFound: 'Журнал не найден.',
	noPeriods: 'В учебном году нет периодов.'
} as const;

/** A printed journal ready to draw, with its heading and a file name. */
export interface PrintedJournalFile {
	journal: PrintedJournal;
	heading: PrintedJournalHeading;
	/** «7А Алгебра 1 четверть», without characters a file name may not have. */
	name: string;
}

/**
 * The printed journal of a journal (an id, untrusted) for the asked period (`period`: an id as
 * text, `year` for the whole year; else the current period of the class's grade). A journal of
 * another school or none is not_found; a reader without the right to it is forbidden with the
 * policy's reason.
 */
export async function printedJournalOf(ctx: Ctx, actor: Actor, journalId: unknown, askedPeriod: string | null): Promise<Outcome<PrintedJournalFile>> {
	const id = parseId(journalId);
	const journal = id === undefined ? undefined : await findJournal(ctx.sql, id);
	if (!journal || journal.schoolId !== actor.schoolId) return refuse('not_found', PRINT_MESSAGES.journalNotFound);
	const decision = decide(actor, 'read', reportsResource(journal.schoolId, { journalId: journal.journalId, classId: journal.classId }));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	return printJournal(ctx, journal, askedPeriod);
}

/** Reads and lays out a journal the caller has already been allowed to print. */
export async function printJournal(ctx: Ctx, journal: JournalHeader, askedPeriod: string | null): Promise<Outcome<PrintedJournalFile>> {
	const periods = periodsOfGrade(await periodsOfYear(ctx.sql, journal.yearId), journal.grade);
	if (periods.length === 0) return refuse('not_found', PRINT_MESSAGES.noPeriods);
	const wholeYear = askedPeriod === WHOLE_YEAR;
	const period = wholeYear ? undefined : (periods.find((p) => String(p.id) === askedPeriod) ?? currentPeriod(periods, ctx.today) ?? periods[0]);
	const from = period?.startsOn ?? journal.year.startsOn;
	const to = period?.endsOn ?? journal.year.endsOn;

	const [students, lessons, cells, marks, workTypes, school] = await Promise.all([
		studentsOfJournal(ctx.sql, journal.journalId),
		lessonsOfJournal(ctx.sql, journal.journalId),
		cellsOfJournal(ctx.sql, journal.journalId),
		periodMarksOfJournal(ctx.sql, journal.journalId),
		workTypesOf(ctx.sql, journal.schoolId, journal.yearId),
		schoolNameOf(ctx.sql, journal.schoolId)
	]);
	const column = (title: string, of: (m: (typeof marks)[number]) => boolean): PrintedMarkColumn => ({
		title,
		values: new Map(marks.filter(of).map((m) => [m.studentId, m.value]))
	});
	// The period's mark; for the year, every period's, the year's, and the exam and final marks when any is set.
	const markColumns = period
		? [column(period.name, (m) => m.kind === 'period' && m.periodId === period.id)]
		: [
				...periods.map((p) => column(p.name, (m) => m.kind === 'period' && m.periodId === p.id)),
				column(KIND_TITLES.year, (m) => m.kind === 'year'),
				...(['exam', 'final'] as const).filter((kind) => marks.some((m) => m.kind === kind)).map((kind) => column(KIND_TITLES[kind], (m) => m.kind === kind))
			];
	const workName = new Map(workTypes.map((w) => [w.id, w.name]));
	const laidOut = printedJournal({
		from,
		to,
		pupils: students,
		lessons: lessons.map((l) => ({ ...l, work: l.workTypeId === null ? null : (workName.get(l.workTypeId) ?? null) })),
		cells,
		markColumns
	});
	const group = journal.wholeClass ? journal.className : `${journal.className} (${journal.groupName})`;
	const periodName = `${period?.name ?? 'Учебный год'} (${formatDate(from)}–${formatDate(to)})`;
	return done({
		journal: laidOut,
		heading: { school, group, subject: journal.subject, teachers: journal.teachers, period: periodName, date: formatDate(ctx.today) },
		name: `${group} ${journal.subject} ${period?.name ?? 'учебный год'}`.replace(/[\\/:*?"<>|]/g, '_')
	});
}

/** The printed journal as a PDF. */
export async function printedJournalFile(file: PrintedJournalFile): Promise<Buffer> {
	return printedJournalPdf(file.journal, file.heading);
}
