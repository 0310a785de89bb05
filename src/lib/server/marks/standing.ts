/**
 * Where students stand: the one place the server turns marks into
 * suggestions and forecasts with the school's rules for the year and the current weights of its
 * types of work. The diary, the marks sheet of a journal and the class forecast all ask here, so a
 * parent, a teacher and the class teacher see the same numbers.
 */
import type { Sql, Tx } from '../db/client.ts';
import type { JournalFacts } from '../db/journal-writes.ts';
import { lessonsOfJournal, studentsOfJournal, workTypesOf } from '../db/journal-writes.ts';
import { gradingOf } from '../db/grading.ts';
import { periodsOfYear, type PeriodRow } from '../db/periods.ts';
import { marksOfJournals, periodMarksOfJournal, type JournalMark } from '../db/period-marks.ts';
import { journalsOfClass } from '../db/school.ts';
import { weeklyHoursOf } from '../db/journal.ts';
import { gradingForJournal, type SchoolGrading } from '../../domain/grading-settings.ts';
import { weightedAverageOf, type GradedMark, type GradingRules } from '../../domain/grading.ts';
import { classForecast, forecastPeriodMark, type Forecast } from '../../domain/forecast.ts';
import { buildMarksSheet, type DatedMark, type MarksSheet } from '../../domain/period-marks.ts';

type Q = Sql | Tx;

/** The share of the period gone by today (0…1): the forecast's clock; the whole year without a period. */
export function periodElapsed(period: { startsOn: string; endsOn: string } | undefined, today: string): number {
	if (!period) return 1;
	return (Date.parse(today) - Date.parse(period.startsOn)) / (Date.parse(period.endsOn) - Date.parse(period.startsOn));
}

/**
 * a student's forecast in one subject — their marks in it this period, shrunk towards their
 * level across all subjects this period (the prior), by the school's rules.
 */
export function studentForecast(subjectMarks: readonly GradedMark[], allMarks: readonly GradedMark[], elapsed: number, rules: GradingRules): Forecast {
	const prior = weightedAverageOf(allMarks) ?? undefined;
	return forecastPeriodMark({ marks: subjectMarks, elapsed, prior }, rules);
}

/** The periods of a grade in the year, in order (quarters for 1–9, halves for 10–11 in the demo). */
export function periodsOfGrade(periods: readonly PeriodRow[], grade: number): PeriodRow[] {
	return periods.filter((p) => grade >= p.gradeFrom && grade <= p.gradeTo).sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

/** The period containing today, else the last one begun before it (as the diary picks it). */
export function currentPeriod(periods: readonly PeriodRow[], today: string): PeriodRow | undefined {
	return periods.filter((p) => p.startsOn <= today).at(-1);
}

const byStudent = (marks: readonly JournalMark[]) => {
	const map = new Map<number, DatedMark[]>();
	for (const m of marks) map.set(m.studentId, [...(map.get(m.studentId) ?? []), { date: m.date, value: m.value, weight: m.weight, workType: m.workType }]);
	return map;
};

/** Everything the marks sheet of a journal shows, with the rules it was decided by. */
export interface JournalStanding {
	sheet: MarksSheet;
	rules: SchoolGrading;
	markFree: boolean;
}

/** The school's rules as one journal applies them on the date: R-5.2's minimum for its lessons a week. */
export async function rulesOfJournal(sql: Q, journal: Pick<JournalFacts, 'journalId' | 'schoolId' | 'yearId'>, on: string): Promise<SchoolGrading> {
	const hours = await weeklyHoursOf(sql, [journal.journalId], on);
	return gradingForJournal(await gradingOf(sql, journal.schoolId, journal.yearId), hours.get(journal.journalId) ?? 0);
}

/** The marks sheet of the journal today: marks set, averages, suggestions and rules. */
export async function journalStanding(sql: Q, journal: JournalFacts, today: string): Promise<JournalStanding> {
	const rules = await rulesOfJournal(sql, journal, today);
	const periods = periodsOfGrade(await periodsOfYear(sql, journal.yearId), journal.grade);
	const [students, marks, lessons, workTypes, set] = [
		await studentsOfJournal(sql, journal.journalId),
		await marksOfJournals(sql, [journal.journalId]),
		await lessonsOfJournal(sql, journal.journalId),
		await workTypesOf(sql, journal.schoolId, journal.yearId),
		await periodMarksOfJournal(sql, journal.journalId)
	];
	// a required work held in the period (a lesson of that type) must be among a student's marks.
	const codeOf = new Map(workTypes.map((w) => [w.id, w.code]));
	const heldWorkTypes = new Map<number, string[]>();
	for (const period of periods) {
		const held = lessons.filter((l) => l.date >= period.startsOn && l.date <= period.endsOn && l.workTypeId !== null).map((l) => codeOf.get(l.workTypeId!) ?? '');
		heldWorkTypes.set(period.id, [...new Set(held.filter(Boolean))]);
	}
	const markFree = rules.markFreeGrades.includes(journal.grade);
	const sheet = buildMarksSheet({ students, periods, marks: byStudent(marks), heldWorkTypes, set, rules, markFree, today });
	return { sheet, rules, markFree };
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
	if (rules.markFreeGrades.includes(klass.grade)) return null;
	const period = currentPeriod(periodsOfGrade(await periodsOfYear(sql, klass.yearId), klass.grade), today);
	if (!period) return null;
	const journals = await journalsOfClass(sql, klass.classId);
	const hours = await weeklyHoursOf(sql, journals.map((j) => j.journalId), today);
	const inPeriod = (await marksOfJournals(sql, journals.map((j) => j.journalId))).filter((m) => m.date >= period.startsOn && m.date <= period.endsOn);
	const elapsed = periodElapsed(period, today);
	const everySubject = byStudent(inPeriod);
	const subjects: SubjectForecast[] = [];
	for (const journal of journals) {
		const own = byStudent(inPeriod.filter((m) => m.journalId === journal.journalId));
		const present = (await studentsOfJournal(sql, journal.journalId)).filter((s) => s.from <= today && (s.to === null || s.to >= today));
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
 * each student's forecast in one journal for the period under way, made as the diary and
 * the class forecast make it (their marks in it, shrunk towards their level in every subject of
 * the class this period). Empty for a mark-free grade or a period not under way today.
 */
export async function journalForecasts(
	sql: Sql,
	journal: JournalFacts,
	period: { startsOn: string; endsOn: string },
	today: string
): Promise<StudentForecast[]> {
	if (today < period.startsOn || today > period.endsOn) return [];
	const rules = await rulesOfJournal(sql, journal, today);
	if (rules.markFreeGrades.includes(journal.grade)) return [];
	const journals = await journalsOfClass(sql, journal.classId);
	const inPeriod = (await marksOfJournals(sql, journals.map((j) => j.journalId))).filter((m) => m.date >= period.startsOn && m.date <= period.endsOn);
	const everySubject = byStudent(inPeriod);
	const own = byStudent(inPeriod.filter((m) => m.journalId === journal.journalId));
	const elapsed = periodElapsed(period, today);
	return (await studentsOfJournal(sql, journal.journalId)).map((student) => {
		const forecast = studentForecast(own.get(student.id) ?? [], everySubject.get(student.id) ?? [], elapsed, rules);
		return { studentId: student.id, expected: forecast.expected, band: forecast.band, risks: forecast.risks, advice: forecast.advice };
	});
}
