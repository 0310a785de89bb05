/**
 * Where students stand: the loaders behind the diary, the marks sheet of a
 * journal and the class forecast. They read the rows — the school's rules for the year, the
 * current weights of its types of work, periods, students, marks, lessons, weekly hours — and hand
 * them to the pure rules of src/lib/domain/standing.ts, so a parent, a teacher and the class
 * teacher see the same numbers (and, in a mark-free grade, none).
 */
import type { Sql, Tx } from '../db/client.ts';
import { studentsOfJournals, workTypesOf, type JournalFacts, type WorkType } from '../db/journal-facts.ts';
import { lessonsOfJournals } from '../db/lessons.ts';
import { gradingOf } from '../db/grading.ts';
import { periodsOfYear, type PeriodRow } from '../db/periods.ts';
import { marksOfJournals, periodMarksOfJournals, type JournalMark } from '../db/period-marks.ts';
import { journalsOfClass } from '../db/school.ts';
import { weeklyHoursOf } from '../db/journal.ts';
import { gradingForJournal, isMarkFreeGrade, type SchoolGrading } from '../../domain/grading-settings.ts';
import { classForecast, periodElapsed, studentForecast } from '../../domain/forecast.ts';
import { currentPeriod, periodsOfGrade } from '../../domain/periods.ts';
import { marksByStudent, standingFromRows, yearKey, type JournalStanding, type StandingRows } from '../../domain/standing.ts';

type Q = Sql | Tx;

/** Loads the rows of the journals' standings: the same few queries for one journal or a whole class. */
export async function loadStandingRows(sql: Q, journals: readonly JournalFacts[], on: string, studentIds?: readonly number[]): Promise<StandingRows> {
	const ids = journals.map((j) => j.journalId);
	const rules = new Map<string, SchoolGrading>();
	const workTypes = new Map<string, WorkType[]>();
	const periods = new Map<number, PeriodRow[]>();
	// One school year in practice (a journal, a class); rules and types of work are the year's.
	for (const journal of journals) {
		if (rules.has(yearKey(journal))) continue;
		rules.set(yearKey(journal), await gradingOf(sql, journal.schoolId, journal.yearId));
		workTypes.set(yearKey(journal), await workTypesOf(sql, journal.schoolId, journal.yearId));
		if (!periods.has(journal.yearId)) periods.set(journal.yearId, await periodsOfYear(sql, journal.yearId));
	}
	const students = await studentsOfJournals(sql, ids, studentIds);
	const marks = new Map<number, JournalMark[]>(ids.map((id) => [id, []]));
	for (const mark of await marksOfJournals(sql, ids, studentIds)) marks.get(mark.journalId)?.push(mark);
	const lessons = await lessonsOfJournals(sql, ids);
	const set = await periodMarksOfJournals(sql, ids, studentIds);
	const hours = await weeklyHoursOf(sql, ids, on);
	return { rules, workTypes, periods, students, marks, lessons, set, hours };
}

/**
 * The marks sheet of the journal today: marks set, averages, suggestions and rules (R-4.3.11, R-5.1,
 * of all its pupils, or of just `studentIds` (each pupil's row depends on their own marks only).
 */
export async function journalStanding(sql: Q, journal: JournalFacts, today: string, studentIds?: readonly number[]): Promise<JournalStanding> {
	return standingFromRows(journal, await loadStandingRows(sql, [journal], today, studentIds), today);
}

/** The marks sheets of many journals at once (a class), in their order, from one load of their rows. */
export async function journalStandings(sql: Q, journals: readonly JournalFacts[], today: string): Promise<JournalStanding[]> {
	const rows = await loadStandingRows(sql, journals, today);
	return journals.map((journal) => standingFromRows(journal, rows, today));
}

/** The expected picture of one subject journal of a class. */
export interface SubjectForecast {
	journalId: number;
	subject: string;
	groupName: string;
	wholeClass: boolean;
	students: number;
	/** Expected period marks: '5', '4', '3', '2', 'н/а' → how many students. */
	counts: Record<string, number>;
	/** Share of 4 and 5 (качество знаний). */
	quality: number;
	/** Share without 2 and н/а (успеваемость). */
	success: number;
}

/** The class forecast for the current period, one entry per subject journal, or null when the class has no marks to forecast. */
export async function classForecastOf(
	sql: Sql,
	klass: { classId: number; schoolId: number; yearId: number; grade: number },
	today: string
): Promise<{ period: PeriodRow; subjects: SubjectForecast[]; scale: { min: number; max: number } } | null> {
	const rules = await gradingOf(sql, klass.schoolId, klass.yearId);
	// Mark-free grades have no marks to forecast (R-2.7 is about period marks).
	if (isMarkFreeGrade(rules, klass.grade)) return null;
	const period = currentPeriod(periodsOfGrade(await periodsOfYear(sql, klass.yearId), klass.grade), today);
	if (!period) return null;
	const journals = await journalsOfClass(sql, klass.classId);
	const inPeriod = (await marksOfJournals(sql, journals.map((j) => j.journalId))).filter((m) => m.date >= period.startsOn && m.date <= period.endsOn);
	const elapsed = periodElapsed(period, today);
	const everySubject = marksByStudent(inPeriod, rules.signWorth);
	const studentsOf = await studentsOfJournals(sql, journals.map((j) => j.journalId));
	const hours = await weeklyHoursOf(sql, journals.map((j) => j.journalId), today);
	const subjects: SubjectForecast[] = [];
	for (const journal of journals) {
		const own = marksByStudent(inPeriod.filter((m) => m.journalId === journal.journalId), rules.signWorth);
		const present = (studentsOf.get(journal.journalId) ?? []).filter((s) => s.from <= today && (s.to === null || s.to >= today));
		// "не хватает оценок" is judged by this subject's minimum for its lessons a week.
		const journalRules = gradingForJournal(rules, hours.get(journal.journalId) ?? 0);
		const forecasts = present.map((s) => studentForecast(own.get(s.id) ?? [], everySubject.get(s.id) ?? [], elapsed, journalRules));
		const { counts, quality, success } = classForecast(forecasts, journalRules);
		subjects.push({
			journalId: journal.journalId,
			subject: journal.subject,
			groupName: journal.groupName,
			wholeClass: journal.wholeClass,
			students: present.length,
			counts,
			quality,
			success
		});
	}
	return { period, subjects, scale: rules.scale };
}

/** A student's forecast as the live journal's forecast column shows it. */
export interface StudentForecast {
	studentId: number;
	expected: string;
	band: [number, number] | null;
	risks: string[];
	advice: string | null;
}

/**
 * each student's forecast in one journal for a period under way, made as the diary and
 * the class forecast make it (their marks in it, shrunk towards their level in every subject of
 * the class this period), by the rules and students of the journal's standing. Empty for a
 * mark-free grade or a period not under way today.
 */
export async function journalForecasts(sql: Sql, journal: JournalFacts, standing: JournalStanding, periodId: number, today: string): Promise<StudentForecast[]> {
	const period = standing.periods.find((p) => p.id === periodId);
	if (!period || standing.markFree || today < period.startsOn || today > period.endsOn) return [];
	const journals = await journalsOfClass(sql, journal.classId);
	const inPeriod = (await marksOfJournals(sql, journals.map((j) => j.journalId))).filter((m) => m.date >= period.startsOn && m.date <= period.endsOn);
	const everySubject = marksByStudent(inPeriod, standing.rules.signWorth);
	const own = marksByStudent(inPeriod.filter((m) => m.journalId === journal.journalId), standing.rules.signWorth);
	const elapsed = periodElapsed(period, today);
	return standing.sheet.rows.map(({ student }) => {
		const forecast = studentForecast(own.get(student.id) ?? [], everySubject.get(student.id) ?? [], elapsed, standing.rules);
		return { studentId: student.id, expected: forecast.expected, band: forecast.band, risks: forecast.risks, advice: forecast.advice };
	});
}
