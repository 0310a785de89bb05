/**
 * Reports (R-4.3.1, R-4.5.4, R-7.1): the subject teacher's report of a journal for a period, the
 * class teacher's summary sheet of a class, and the administration's school report by class and
 * parallel. Each asks the policy, counts in SQL (src/lib/server/db/reports.ts), makes the figures
 * with src/lib/domain/reports.ts and returns one `ReportDocument` that the page, the XLSX and
 * the PDF all draw, so the three always show the same figures.
 */
import type { Ctx } from '../context.ts';
import { findJournal } from '../db/journal.ts';
import { classesOfYear, findClass, journalsOfTeacher } from '../db/school.ts';
import { periodsOfYear, type PeriodRow } from '../db/periods.ts';
import { gradingOf } from '../db/grading.ts';
import { currentYearId } from '../db/people.ts';
import {
	absenceCountsOfClass,
	absenceCountsOfClasses,
	classesForReport,
	periodMarkCountsBy,
	previousYearId,
	lessonGaps,
	markValueCounts,
	periodMarksOfPupils,
	periodMarksSet,
	schoolNameOf
} from '../db/reports.ts';
import { journalStanding } from './standing.ts';
import { classMarksSheet } from './class-marks.ts';
import { parseId } from '../../domain/ids.ts';
import { formatDate } from '../../domain/dates.ts';
import { currentPeriod, periodsOfGrade } from '../../domain/periods.ts';
import { isMarkFreeGrade } from '../../domain/grading-settings.ts';
import { may, reportsResource, decide, type Actor } from '../../domain/policy.ts';
import {
	addDistributions,
	addStandingCounts,
	distributionOf,
	figureCells,
	FIGURE_COLUMNS,
	learningDegree,
	pupilRates,
	standingCounts,
	type Distribution,
	type PupilStanding,
	type ReportCell,
	type ReportColumn,
	type ReportDocument,
	type ReportTable
} from '../../domain/reports.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';
import { journalsWithPlans } from '../db/plans.ts';
import { programmeOf } from './plans.ts';

/** Russian messages of the reports. */
export const REPORT_MESSAGES = {
	journalNotFound: 'Журнал не найден.',
	classNotFound: 'Класс не найден.',
	noYear: 'В школе нет учебного года.',
	noPeriods: 'В учебном году нет периодов.'
} as const;

/** A period a report may be asked for. */
export interface ReportPeriod {
	id: number;
	name: string;
}

/** What every report page gets: the report, what it is of, the periods to choose from, and the school and day printed on it. */
export interface ReportPage {
	report: ReportDocument;
	school: string;
	/** The day the report is made, DD.MM.YYYY. */
	date: string;
	periods: ReportPeriod[];
	periodId: number;
	/** Distribution of lesson marks, for a chart (the subject report), or null. */
	chart: Distribution | null;
}

/** The asked period among the periods (an id as text), else the current one, else the first. */
function choosePeriod<P extends PeriodRow>(periods: readonly P[], asked: string | null, today: string): P | undefined {
	return periods.find((p) => String(p.id) === asked) ?? currentPeriod(periods, today) ?? periods[0];
}

/**
 * The year's periods in order and the one a school-wide report is of: the asked one, else the
 * current one of the widest range of grades (quarters of 1–9 before half-years of 10–11), else the first.
 */
export async function schoolPeriods(ctx: Ctx, yearId: number, asked: string | null): Promise<{ periods: PeriodRow[]; period: PeriodRow | undefined }> {
	const periods = (await periodsOfYear(ctx.sql, yearId)).sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.gradeFrom - b.gradeFrom);
	const widest = periods.filter((p) => p.gradeTo - p.gradeFrom === Math.max(...periods.map((q) => q.gradeTo - q.gradeFrom)));
	return { periods, period: periods.find((p) => String(p.id) === asked) ?? currentPeriod(widest, ctx.today) ?? periods[0] };
}

/** The id the period picker gives the year report (no period has it: ids start at 1). */
export const YEAR_REPORT = 0;
const YEAR_REPORT_NAME = 'Учебный год (годовые отметки)';

/** The whole year as a period of every grade the year's periods cover, for the year report. */
function yearAsPeriod(periods: readonly PeriodRow[]): PeriodRow {
	const first = periods.reduce((a, b) => (b.startsOn < a.startsOn ? b : a));
	const last = periods.reduce((a, b) => (b.endsOn > a.endsOn ? b : a));
	return {
		...first,
		id: YEAR_REPORT,
		kind: 'year',
		ordinal: 0,
		name: 'Учебный год',
		startsOn: first.startsOn,
		endsOn: last.endsOn,
		marksDeadline: last.endsOn,
		gradeFrom: Math.min(...periods.map((p) => p.gradeFrom)),
		gradeTo: Math.max(...periods.map((p) => p.gradeTo))
	};
}

/** Names periods by grades when the year's periods differ between grades (quarters below, half-years above). */
export function periodLabel(period: PeriodRow, all: readonly PeriodRow[]): string {
	const mixed = all.some((p) => p.gradeFrom !== period.gradeFrom || p.gradeTo !== period.gradeTo);
	return mixed ? `${period.name} (${period.gradeFrom}–${period.gradeTo} кл.)` : period.name;
}

/**
 * The subject teacher's report of a journal for a period (R-4.5.4): lesson marks given, their mean
 * and distribution, успеваемость, качество and СОУ of the lesson marks and of the period marks set;
 * pupils who have fewer marks than the period mark needs (R-5.2, the journal's own minimum); and
 * lessons without a topic or homework. Teachers of the journal, the class teacher and the
 * administration may read it.
 */
export async function journalReport(ctx: Ctx, actor: Actor, journalId: unknown, askedPeriod: string | null): Promise<Outcome<ReportPage>> {
	const id = parseId(journalId);
	const journal = id === undefined ? undefined : await findJournal(ctx.sql, id);
	if (!journal || journal.schoolId !== actor.schoolId) return refuse('not_found', REPORT_MESSAGES.journalNotFound);
	const decision = decide(actor, 'read', reportsResource(journal.schoolId, { journalId: journal.journalId, classId: journal.classId }));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const periods = periodsOfGrade(await periodsOfYear(ctx.sql, journal.yearId), journal.grade);
	const period = choosePeriod(periods, askedPeriod, ctx.today);
	if (!period) return refuse('not_found', REPORT_MESSAGES.noPeriods);

	const lessonMarks = distributionOf((await markValueCounts(ctx.sql, journal.journalId, period.startsOn, period.endsOn)).flatMap((r) => Array<number>(r.count).fill(r.value)));
	const periodMarks = distributionOf((await periodMarksSet(ctx.sql, [journal.journalId], period.id)).map((m) => m.value));
	const { total, gaps } = await lessonGaps(ctx.sql, journal.journalId, period.startsOn, period.endsOn);

	// R-5.2: the same count and minimum the journal's marks sheet uses (none in a mark-free grade).
	const standing = await journalStanding(ctx.sql, journal, ctx.today);
	const key = `p${period.id}`;
	const column = standing.sheet.columns.findIndex((c) => c.key === key);
	const short = standing.markFree || column < 0 ? [] : standing.sheet.rows.filter((r) => !r.departed && r.cells[column].markCount < standing.rules.minMarks);

	const tables: ReportTable[] = [
		{
			title: 'Отметки',
			columns: [{ title: 'Отметки', format: 'text' }, ...FIGURE_COLUMNS],
			rows: [
				['За уроки', ...figureCells(lessonMarks)],
				['За период', ...figureCells(periodMarks)]
			]
		},
		{
			title: `Не хватает отметок для отметки за период (нужно не меньше ${standing.rules.minMarks})`,
			columns: [
				{ title: 'Ученик', format: 'text' },
				{ title: 'Отметок', format: 'int' }
			],
			rows: short.map((r) => [r.student.name, r.cells[column].markCount]),
			empty: standing.markFree ? 'Безотметочное обучение: отметки не ставятся.' : 'У всех учеников достаточно отметок.'
		},
		{
			title: `Уроки без темы или домашнего задания: ${gaps.length} из ${total}`,
			columns: [
				{ title: 'Дата', format: 'text' },
				{ title: 'Урок', format: 'int' },
				{ title: 'Тема', format: 'text' },
				{ title: 'Домашнее задание', format: 'text' }
			],
			rows: gaps.map((g) => [formatDate(g.date), g.lessonNo, g.topic ?? 'нет', g.homework ?? 'нет']),
			empty: total === 0 ? 'Уроков в периоде нет.' : 'У всех уроков есть тема и домашнее задание.'
		}
	];
	return done({
		report: {
			title: `Отчёт учителя: ${journal.subject}`,
			subtitle: `${journal.className}${journal.wholeClass ? '' : ` (${journal.groupName})`}, ${periodLabel(period, periods)}; учитель: ${journal.teachers || 'не назначен'}`,
			tables,
			signer: 'Учитель'
		},
		school: await schoolNameOf(ctx.sql, journal.schoolId),
		date: formatDate(ctx.today),
		periods: periods.map((p) => ({ id: p.id, name: p.name })),
		periodId: period.id,
		chart: lessonMarks
	});
}

/**
 * The class teacher's summary sheet of a class for a period (R-4.3.1): every pupil × every subject,
 * the weighted mean of the period's marks and the period mark set, then absences by code; and per
 * subject the figures of the period marks set. The class teacher and the administration read it.
 */
export async function classReport(ctx: Ctx, actor: Actor, classId: unknown, askedPeriod: string | null): Promise<Outcome<ReportPage>> {
	const id = parseId(classId);
	const klass = id === undefined ? undefined : await findClass(ctx.sql, id);
	if (!klass || klass.schoolId !== actor.schoolId) return refuse('not_found', REPORT_MESSAGES.classNotFound);
	const decision = decide(actor, 'read', reportsResource(klass.schoolId, { classId: klass.classId }));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const periods = periodsOfGrade(await periodsOfYear(ctx.sql, klass.yearId), klass.grade);
	const period = choosePeriod(periods, askedPeriod, ctx.today);
	if (!period) return refuse('not_found', REPORT_MESSAGES.noPeriods);

	const sheet = await classMarksSheet(ctx.sql, klass, String(period.id), ctx.today);
	const rules = await gradingOf(ctx.sql, klass.schoolId, klass.yearId);
	const absences = await absenceCountsOfClass(ctx.sql, klass.classId, period.startsOn, period.endsOn);
	const absenceOf = new Map(absences.map((a) => [`${a.studentId}:${a.code}`, a.count]));
	const codes = [...new Set([...rules.absenceCodes, ...absences.map((a) => a.code)])];
	const rows = sheet.rows.filter((r) => !r.departed);
	const subjectName = (j: (typeof sheet.journals)[number]) => (j.wholeClass ? j.subject : `${j.subject} (${j.groupName})`);

	const summary: ReportTable = {
		title: 'Сводная ведомость: средний балл за период и отметка за период',
		columns: [
			{ title: 'Ученик', format: 'text' },
			...sheet.journals.flatMap((j) => [
				{ title: `${subjectName(j)}: ср.`, format: 'mean' as const },
				{ title: `${subjectName(j)}: отм.`, format: 'text' as const }
			]),
			...codes.map((code) => ({ title: `Пропуски «${code}»`, format: 'int' as const })),
			{ title: 'Пропуски, всего', format: 'int' }
		],
		rows: rows.map((r) => {
			const counts = codes.map((code) => absenceOf.get(`${r.student.id}:${code}`) ?? 0);
			return [
				r.student.name,
				// A pupil outside a subgroup has no cell there: shown as a dash, not as «нет данных».
				...r.cells.flatMap((cell) => (cell ? [cell.average, cell.set?.value ?? ''] : ['—', '—'])),
				...counts,
				counts.reduce((a, b) => a + b, 0)
			];
		}),
		empty: 'В классе нет учеников.'
	};
	const bySubject: ReportTable = {
		title: 'Отметки за период по предметам',
		columns: [{ title: 'Предмет', format: 'text' }, ...FIGURE_COLUMNS],
		rows: sheet.journals.map((j, i) => [subjectName(j), ...figureCells(distributionOf(rows.flatMap((r) => (r.cells[i]?.set ? [r.cells[i]!.set!.value] : []))))]),
		empty: 'У класса нет журналов.'
	};
	return done({
		report: {
			title: `Сводная ведомость класса ${klass.name}`,
			subtitle: periodLabel(period, periods),
			tables: isMarkFreeGrade(rules, klass.grade) ? [summary] : [summary, bySubject],
			signer: 'Классный руководитель'
		},
		school: await schoolNameOf(ctx.sql, klass.schoolId),
		date: formatDate(ctx.today),
		periods: periods.map((p) => ({ id: p.id, name: p.name })),
		periodId: period.id,
		chart: null
	});
}

/** A line of the school report: a class, a parallel's subtotal or the school's total. */
interface SchoolLine {
	name: string;
	pupils: number;
	counts: Record<PupilStanding, number>;
	marks: Distribution;
}

/** The columns of a line of the school report, under schoolLineCells. */
const SCHOOL_LINE_COLUMNS: ReportColumn[] = [
	{ title: 'Класс', format: 'text' },
	{ title: 'Учеников', format: 'int' },
	{ title: 'Аттестовано', format: 'int' },
	{ title: 'Отличники', format: 'int' },
	{ title: 'Хорошисты', format: 'int' },
	{ title: 'С одной «3»', format: 'int' },
	{ title: 'Неуспевающие', format: 'int' },
	{ title: 'Успеваемость, %', format: 'percent' },
	{ title: 'Качество, %', format: 'percent' },
	{ title: 'СОУ, %', format: 'percent' }
];

function schoolLineCells(line: SchoolLine): ReportCell[] {
	const rates = pupilRates(line.counts);
	return [
		line.name,
		line.pupils,
		rates.attested,
		line.counts.excellent,
		line.counts.good,
		line.counts.one_three,
		line.counts.failing,
		rates.success,
		rates.quality,
		learningDegree(line.marks)
	];
}

/**
 * The administration's report for a period (R-4.5.4, R-7.1): every class of the period's grades,
 * each parallel and the school — pupils, pupils attested, excellent and good pupils, pupils with one
 * «3», failing pupils, успеваемость and качество over the pupils attested, СОУ over the period
 * marks set; the school's line beside that of the previous period and of the same period last year
 * («нет данных» where there is none); the period marks by subject and by teacher; and absences by
 * reason. Counted from the period marks set, in a few queries. Of the current year unless
 * `ofYear` (a year of the actor's school) is given, as the year's archive does.
 */
export async function schoolReport(ctx: Ctx, actor: Actor, askedPeriod: string | null, ofYear?: number): Promise<Outcome<ReportPage>> {
	const decision = decide(actor, 'read', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const yearId = ofYear ?? (await currentYearId(ctx.sql, actor.schoolId, ctx.today));
	if (yearId === undefined) return refuse('not_found', REPORT_MESSAGES.noYear);
	const { periods, period: chosen } = await schoolPeriods(ctx, yearId, askedPeriod);
	if (!chosen) return refuse('not_found', REPORT_MESSAGES.noPeriods);
	// The year report counts the year marks of every grade over the whole year.
	const wholeYear = askedPeriod === String(YEAR_REPORT);
	const period = wholeYear ? yearAsPeriod(periods) : chosen;
	const marksOf = wholeYear ? null : period.id;
	const label = (p: PeriodRow, all: readonly PeriodRow[]) => (p.id === YEAR_REPORT ? YEAR_REPORT_NAME : periodLabel(p, all));

	const on = ctx.today < period.endsOn ? ctx.today : period.endsOn;
	const classes = await classesForReport(ctx.sql, yearId, { from: period.gradeFrom, to: period.gradeTo }, on);
	const ids = classes.map((c) => c.classId);
	const pupils = await periodMarksOfPupils(ctx.sql, ids, marksOf);
	const absences = await absenceCountsOfClasses(ctx.sql, ids, period.startsOn, period.endsOn);
	const rules = await gradingOf(ctx.sql, actor.schoolId, yearId);

	const lines: SchoolLine[] = classes.map((c) => {
		const own = pupils.filter((p) => p.classId === c.classId);
		return { name: c.name, pupils: c.pupils, counts: standingCounts(own.map((p) => p.values)), marks: distributionOf(own.flatMap((p) => p.values)) };
	});
	const sum = (name: string, parts: readonly SchoolLine[]): SchoolLine => ({
		name,
		pupils: parts.reduce((n, l) => n + l.pupils, 0),
		counts: addStandingCounts(...parts.map((l) => l.counts)),
		marks: addDistributions(...parts.map((l) => l.marks))
	});
	const grades = [...new Set(classes.map((c) => c.grade))];
	const rows = grades.flatMap((grade) => {
		const own = lines.filter((_, i) => classes[i].grade === grade);
		return [...own, sum(`${grade}-е классы`, own)].map(schoolLineCells);
	});
	rows.push(schoolLineCells(sum('Школа', lines)));

	// R-7.1: the school's line of the previous period of these grades and of this period a year ago, where they exist.
	const lineOf = async (of: number, p: PeriodRow | undefined, name: string): Promise<ReportCell[]> => {
		if (!p) return [name, ...Array<null>(9).fill(null)];
		const on = ctx.today < p.endsOn ? ctx.today : p.endsOn;
		const own = await classesForReport(ctx.sql, of, { from: p.gradeFrom, to: p.gradeTo }, on);
		const marks = (await periodMarksOfPupils(ctx.sql, own.map((c) => c.classId), p.id === YEAR_REPORT ? null : p.id)).map((x) => x.values);
		return schoolLineCells({ name, pupils: own.reduce((n, c) => n + c.pupils, 0), counts: standingCounts(marks), marks: distributionOf(marks.flat()) });
	};
	const same = (p: PeriodRow) => p.kind === period.kind && p.gradeFrom === period.gradeFrom && p.gradeTo === period.gradeTo;
	const previous = wholeYear ? undefined : periods.find((p) => same(p) && p.ordinal === period.ordinal - 1);
	const lastYearId = await previousYearId(ctx.sql, actor.schoolId, yearId);
	const lastYearPeriods = lastYearId === undefined ? [] : await periodsOfYear(ctx.sql, lastYearId);
	const lastYear = wholeYear ? (lastYearPeriods.length ? yearAsPeriod(lastYearPeriods) : undefined) : lastYearPeriods.find((p) => same(p) && p.ordinal === period.ordinal);
	const comparison: ReportTable = {
		title: wholeYear ? 'Сравнение с прошлым годом' : 'Сравнение с предыдущим периодом и с прошлым годом',
		columns: SCHOOL_LINE_COLUMNS.map((c, i) => (i === 0 ? { ...c, title: 'Период' } : c)),
		rows: [
			schoolLineCells(sum(label(period, periods), lines)),
			...(wholeYear ? [] : [await lineOf(yearId, previous, previous ? periodLabel(previous, periods) : 'Предыдущий период')]),
			lastYearId === undefined ? await lineOf(yearId, undefined, 'Прошлый год') : await lineOf(lastYearId, lastYear, wholeYear ? 'Прошлый учебный год' : `${period.name} прошлого года`)
		]
	};
	const byWhat = async (by: 'subject' | 'teacher', title: string, who: string): Promise<ReportTable> => {
		const counts = await periodMarkCountsBy(ctx.sql, by, yearId, marksOf, { from: period.gradeFrom, to: period.gradeTo });
		const names = [...new Set(counts.map((c) => c.name))].sort((a, b) => a.localeCompare(b, 'ru'));
		return {
			title,
			columns: [{ title: who, format: 'text' }, ...FIGURE_COLUMNS],
			rows: names.map((name) => [name, ...figureCells(distributionOf(counts.filter((c) => c.name === name).flatMap((c) => Array<string>(c.count).fill(c.value))))]),
			empty: 'Отметки за период ещё не выставлены.'
		};
	};
	const of = wholeYear ? 'Годовые отметки' : 'Отметки за период';
	const bySubject = await byWhat('subject', `${of} по предметам`, 'Предмет');
	const byTeacher = await byWhat('teacher', `${of} по учителям`, 'Учитель');

	const codes = [...new Set([...rules.absenceCodes, ...absences.map((a) => a.code)])];
	const absenceOf = new Map(absences.map((a) => [`${a.classId}:${a.code}`, a.count]));
	const attendanceRow = (name: string, classIds: readonly number[]) => {
		const counts = codes.map((code) => classIds.reduce((n, id) => n + (absenceOf.get(`${id}:${code}`) ?? 0), 0));
		return [name, ...counts, counts.reduce((a, b) => a + b, 0)];
	};
	const attendance: ReportTable = {
		title: 'Пропуски уроков по причинам',
		columns: [{ title: 'Класс', format: 'text' }, ...codes.map((code) => ({ title: `«${code}»`, format: 'int' as const })), { title: 'Всего', format: 'int' }],
		rows: [...classes.map((c) => attendanceRow(c.name, [c.classId])), attendanceRow('Школа', ids)],
		empty: 'Классов нет.'
	};
	return done({
		report: {
			title: 'Итоги успеваемости',
			subtitle: label(period, periods),
			tables: [
				{
					title: 'Успеваемость и качество по классам',
					columns: SCHOOL_LINE_COLUMNS,
					rows,
					empty: 'Классов нет.'
				},
				comparison,
				bySubject,
				byTeacher,
				attendance
			],
			signer: 'Заместитель директора'
		},
		school: await schoolNameOf(ctx.sql, actor.schoolId),
		date: formatDate(ctx.today),
		periods: [...periods.map((p) => ({ id: p.id, name: periodLabel(p, periods) })), { id: YEAR_REPORT, name: YEAR_REPORT_NAME }],
		periodId: period.id,
		chart: null
	});
}

/** Which reports the actor may open from the reports page: the school's, their classes', their journals'. */
export function mayReadSchoolReport(actor: Actor): boolean {
	return may(actor, 'read', reportsResource(actor.schoolId));
}

/** The reports page: what the actor may open — the school's report, classes, and their own journals. */
export async function reportsIndex(ctx: Ctx, actor: Actor, yearId: number | undefined) {
	if (yearId === undefined) return refuse('not_found', REPORT_MESSAGES.noYear);
	const school = mayReadSchoolReport(actor);
	const ownClasses = actor.classTeacherOf.length ? await classesOfYear(ctx.sql, yearId, actor.classTeacherOf) : [];
	const classes = school ? await classesOfYear(ctx.sql, yearId) : ownClasses;
	const journals = actor.journalIds.length ? await journalsOfTeacher(ctx.sql, actor.personId, yearId) : [];
	if (!school && classes.length === 0 && journals.length === 0) return refuse('forbidden', 'Отчётов для вас нет: они доступны учителям, классным руководителям и администрации.');
	return done({
		school,
		classes: classes.map((c) => ({ classId: c.classId, name: c.name })),
		journals: journals.map((j) => ({ journalId: j.journalId, title: `${j.className} — ${j.subject}${j.wholeClass ? '' : ` (${j.groupName})`}` }))
	});
}
