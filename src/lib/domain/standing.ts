/**
 * Where students stand: a journal's marks sheet from its rows,
 * the types of work held in each period, and the subjects of a graded student's diary. Pure: the
 * server loads the rows (src/lib/server/queries/standing.ts) and today's date, this decides, so a
 * parent, a teacher and the class teacher see the same numbers (and, in a mark-free grade, none).
 */
import type { DocLesson, DocStudent } from './journal-doc.ts';
import { gradingForJournal, isMarkFreeGrade, type SchoolGrading } from './grading-settings.ts';
import { suggestPeriodMark, weightedAverageOf, type GradedMark, type Suggestion } from './grading.ts';
import { periodElapsed, studentForecast, type Forecast } from './forecast.ts';
import { buildMarksSheet, type DatedMark, type MarksSheet, type StoredPeriodMark } from './period-marks.ts';
import { periodsOfGrade, type Period } from './periods.ts';
import { markWorth } from './marks.ts';

/** The journal a standing is built for: its school year (whose rules and types of work apply) and its class's grade. */
export interface StandingJournal {
	journalId: number;
	schoolId: number;
	yearId: number;
	grade: number;
}

/** A type of work of the school year, as the rules name it: its id and code. */
export interface WorkTypeCode {
	id: number;
	code: string;
}

/** A mark of a journal with the student it was given to. */
export interface StudentMark extends DatedMark {
	studentId: number;
}

/** Everything the marks sheet of a journal shows, with the rules it was decided by. */
export interface JournalStanding {
	sheet: MarksSheet;
	rules: SchoolGrading;
	markFree: boolean;
	/** The periods of the class's grade, in order (the sheet's period columns). */
	periods: Period[];
}

/** The rows standings are built from, loaded at once for one journal or many (by journal id, or by school year). */
export interface StandingRows {
	/** The school's rules, by `yearKey`. */
	rules: ReadonlyMap<string, SchoolGrading>;
	/** Types of work of the school year, by `yearKey`. */
	workTypes: ReadonlyMap<string, readonly WorkTypeCode[]>;
	/** Periods of the year (every grade), by year id. */
	periods: ReadonlyMap<number, readonly Period[]>;
	students: ReadonlyMap<number, readonly DocStudent[]>;
	marks: ReadonlyMap<number, readonly StudentMark[]>;
	lessons: ReadonlyMap<number, readonly DocLesson[]>;
	set: ReadonlyMap<number, readonly StoredPeriodMark[]>;
	/** lessons a week of each journal on the day (its minimum of marks follows them). */
	hours: ReadonlyMap<number, number>;
}

/** The key of a journal's school year in `StandingRows.rules` and `StandingRows.workTypes`. */
export function yearKey(journal: { schoolId: number; yearId: number }): string {
	return `${journal.schoolId}:${journal.yearId}`;
}

/**
 * A journal's marks by student, in the order given, each as a dated mark (date, value, weight,
 * type of work); a mark with a plus or a minus counts in averages by the school's `signWorth`.
 */
export function marksByStudent(marks: readonly StudentMark[], signWorth = 0): Map<number, DatedMark[]> {
	const map = new Map<number, DatedMark[]>();
	for (const m of marks) {
		const dated: DatedMark = { date: m.date, value: m.value, weight: m.weight, workType: m.workType };
		if (m.sign) Object.assign(dated, { sign: m.sign, worth: markWorth(m.value, m.sign, signWorth) });
		map.set(m.studentId, [...(map.get(m.studentId) ?? []), dated]);
	}
	return map;
}

/**
 * the codes of the types of work held in each period (a lesson of that type on a day of the
 * period, both ends included), each once, by period id — a required work held must be among a
 * student's marks. Lessons without a type, or with a type not of the year, count for none.
 */
export function workTypesHeld(
	periods: ReadonlyArray<Pick<Period, 'id' | 'startsOn' | 'endsOn'>>,
	lessons: ReadonlyArray<Pick<DocLesson, 'date' | 'workTypeId'>>,
	workTypes: readonly WorkTypeCode[]
): Map<number, string[]> {
	const codeOf = new Map(workTypes.map((w) => [w.id, w.code]));
	const held = new Map<number, string[]>();
	for (const period of periods) {
		const codes = lessons.filter((l) => l.date >= period.startsOn && l.date <= period.endsOn && l.workTypeId !== null).map((l) => codeOf.get(l.workTypeId!) ?? '');
		held.set(period.id, [...new Set(codes.filter(Boolean))]);
	}
	return held;
}

/** The marks sheet of one journal today from rows already loaded. */
export function standingFromRows(journal: StandingJournal, rows: StandingRows, today: string): JournalStanding {
	// The rules this journal is judged by: the one place they are chosen for it.
	const rules = gradingForJournal(rows.rules.get(yearKey(journal))!, rows.hours.get(journal.journalId) ?? 0);
	const periods = periodsOfGrade(rows.periods.get(journal.yearId) ?? [], journal.grade);
	const markFree = isMarkFreeGrade(rules, journal.grade);
	const sheet = buildMarksSheet({
		students: rows.students.get(journal.journalId) ?? [],
		periods,
		marks: marksByStudent(rows.marks.get(journal.journalId) ?? [], rules.signWorth),
		heldWorkTypes: workTypesHeld(periods, rows.lessons.get(journal.journalId) ?? [], rows.workTypes.get(yearKey(journal)) ?? []),
		set: rows.set.get(journal.journalId) ?? [],
		rules,
		markFree,
		today
	});
	return { sheet, rules, markFree, periods };
}

/** A mark of a student's diary as its subject is judged: the subject, the journal it is in, date, value, weight, type of work. */
export interface SubjectMark {
	/** The journal the mark is in (its subject's rules depend on its lessons a week, R-5.2). */
	journalId: number;
	date: string;
	subject: string;
	value: number;
	weight: number;
	/** Code of the type of work (test, lab, …), for the grading rules. */
	workTypeCode: string | null;
}

/** A subject of a graded student's diary: the year's marks and this period's average, suggestion and forecast. */
export interface DiarySubject<M extends SubjectMark = SubjectMark> {
	subject: string;
	/** The year's marks, oldest first. */
	marks: M[];
	/** The period's marks, oldest first, as they were read: the ones its average is of. */
	marksOfPeriod: M[];
	/** This period's marks, for the chart. */
	periodMarks: Array<{ date: string; value: number; weight: number }>;
	average: number | null;
	suggestion: Suggestion;
	forecast: Pick<Forecast, 'expected' | 'band' | 'risks' | 'advice'>;
}

/**
 * The diary's subjects of a student in a graded class from the year's marks (newest first, as the
 * diary reads them), by the school's rules (R-2.5: new thresholds change suggestions, never
 * marks); the period is the diary's current one, or none for the whole year. A mark-free grade is
 * the caller's to leave out (`isMarkFreeGrade`): its diary reads no marks.
 */
export function diarySubjects<M extends SubjectMark>(
	marks: readonly M[],
	period: { startsOn: string; endsOn: string } | undefined,
	today: string,
	rules: SchoolGrading,
	hours: ReadonlyMap<number, number>
): DiarySubject<M>[] {
	const inPeriod = (d: string) => !period || (d >= period.startsOn && d <= period.endsOn);
	const graded = (list: readonly M[]): GradedMark[] => list.map((m) => ({ value: m.value, weight: m.weight, workType: m.workTypeCode }));
	const bySubject = new Map<string, M[]>();
	for (const mark of [...marks].reverse()) bySubject.set(mark.subject, [...(bySubject.get(mark.subject) ?? []), mark]);
	const allInPeriod = graded(marks.filter((m) => inPeriod(m.date)));
	const elapsed = periodElapsed(period, today);
	return [...bySubject]
		.map(([subject, list]) => {
			const current = graded(list.filter((m) => inPeriod(m.date)));
			// the subject's minimum follows the lessons a week of the journal of its latest mark.
			const own = gradingForJournal(rules, hours.get(list.at(-1)!.journalId) ?? 0);
			const forecast = studentForecast(current, allInPeriod, elapsed, own);
			return {
				subject,
				marks: list,
				marksOfPeriod: list.filter((m) => inPeriod(m.date)),
				periodMarks: list.filter((m) => inPeriod(m.date)).map((m) => ({ date: m.date, value: m.value, weight: m.weight })),
				average: weightedAverageOf(current),
				suggestion: suggestPeriodMark({ marks: current }, own),
				forecast: { expected: forecast.expected, band: forecast.band, risks: forecast.risks, advice: forecast.advice }
			};
		})
		.sort((a, b) => a.subject.localeCompare(b.subject, 'ru'));
}
