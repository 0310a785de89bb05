/**
 * Journal control for the administration: per teacher
 * and class, topics and homework filled; homework entered later than the school allows; test works
 * without marks after 7 days; pupils with no marks for N days; period marks missing near the
 * deadline; who of pupils and parents opened the diary. Each teacher's own findings are what the
 * deputy's one action sends them (commands/journal-control.ts); the notices sent are shown with
 * each finding fixed or not, recomputed from the rows.
 */
import type { Ctx } from '../context.ts';
import type { PeriodRow } from '../db/periods.ts';
import { gradingOf } from '../db/grading.ts';
import { currentYearId } from '../db/people.ts';
import { lessonFilling, pupilsWithoutMarksSince, schoolNameOf, unmarkedWorks } from '../db/reports.ts';
import {
	controlNotices,
	diaryOpenings,
	homeworkDueDays,
	lateHomework,
	lessonsWithoutTopic,
	missingPeriodMarks,
	personNames,
	sentFindingKeys,
	stillMissingPeriodMarks,
	stillUnmarkedLessons,
	stillWithoutTopic,
	type ControlNoticeRow
} from '../db/journal-control.ts';
import { journalsWithPlans } from '../db/plans.ts';
import { programmeOf } from './plans.ts';
import { addDays, formatDate } from '../../domain/dates.ts';
import { pluralRu } from '../../domain/plural.ts';
import { decide, reportsResource, type Actor } from '../../domain/policy.ts';
import { MARKS_DUE_DAYS, percentOf, quietDaysOf, type ReportTable } from '../../domain/reports.ts';
import {
	findingsByTeacher,
	findingsOf,
	findingStates,
	lessonFindingKey,
	parseFindingKey,
	periodFindingKey,
	periodMarksDueSoon,
	unsentFindings,
	type ControlFinding,
	type FindingState
} from '../../domain/journal-control.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';
import { periodLabel, REPORT_MESSAGES, schoolPeriods, type ReportPage } from './reports.ts';

const pupilsWord = (n: number) => pluralRu(n, ['ученика', 'учеников', 'учеников']);

/** The year (the current one unless `ofYear` is given), its periods and the period journal control is of, or why there is none. */
async function controlPeriod(ctx: Ctx, schoolId: number, askedPeriod: string | null, ofYear?: number): Promise<Outcome<{ yearId: number; periods: PeriodRow[]; period: PeriodRow }>> {
	const yearId = ofYear ?? (await currentYearId(ctx.sql, schoolId, ctx.today));
	if (yearId === undefined) return refuse('not_found', REPORT_MESSAGES.noYear);
	const { periods, period } = await schoolPeriods(ctx, yearId, askedPeriod);
	if (!period) return refuse('not_found', REPORT_MESSAGES.noPeriods);
	return done({ yearId, periods, period });
}

/** A finding with the teachers of its journal. */
type TeacherFinding = ControlFinding & { teacherIds: readonly number[] };

/**
 * What a teacher is reminded of for the period: test works held more than 7 days ago (this year)
 * whose marks are not all in, lessons of the period so far without a topic, and — from a week
 * before the marks deadline on — journals where pupils lack a period mark.
 */
async function findingsFor(ctx: Ctx, schoolId: number, yearId: number, periods: readonly PeriodRow[], period: PeriodRow) {
	const rules = await gradingOf(ctx.sql, schoolId, yearId);
	const until = ctx.today < period.endsOn ? ctx.today : period.endsOn;
	const grades = { from: period.gradeFrom, to: period.gradeTo };
	const works = await unmarkedWorks(ctx.sql, yearId, periods[0].startsOn, addDays(ctx.today, -MARKS_DUE_DAYS), rules.markFreeGrades);
	const topicless = until < period.startsOn ? [] : await lessonsWithoutTopic(ctx.sql, yearId, grades, period.startsOn, until);
	const dueSoon = periodMarksDueSoon(period.marksDeadline, ctx.today);
	const missing = dueSoon ? await missingPeriodMarks(ctx.sql, yearId, period.id, grades, until, rules.markFreeGrades) : [];
	const findings: TeacherFinding[] = [
		...works.map((w) => ({
			key: lessonFindingKey('work', w.lessonId),
			journalId: w.journalId,
			teacherIds: w.teacherIds,
			text: `${w.className}, ${w.subject}, ${formatDate(w.date)}: ${w.work} — нет отметки у ${w.unmarked} ${pupilsWord(w.unmarked)}`
		})),
		...topicless.map((l) => ({
			key: lessonFindingKey('topic', l.lessonId),
			journalId: l.journalId,
			teacherIds: l.teacherIds,
			text: `${l.className}, ${l.subject}, ${formatDate(l.date)}: урок без темы`
		})),
		...missing.map((m) => ({
			key: periodFindingKey(m.journalId, period.id),
			journalId: m.journalId,
			teacherIds: m.teacherIds,
			text: `${m.className}, ${m.subject}: нет отметки за ${period.name} у ${m.missing} ${pupilsWord(m.missing)} (срок — ${formatDate(period.marksDeadline)})`
		}))
	];
	return { rules, until, grades, works, topicless, dueSoon, missing, findings };
}

/**
 * Each teacher's own findings for the period, for the deputy's reminder (teachers without any are
 * left out): what `sendControlNotices` stores, one notice per teacher.
 */
export async function controlFindingsByTeacher(ctx: Ctx, schoolId: number, askedPeriod: string | null): Promise<Outcome<{ period: PeriodRow; byTeacher: Map<number, ControlFinding[]> }>> {
	const found = await controlPeriod(ctx, schoolId, askedPeriod);
	if (!found.ok) return found;
	const { yearId, periods, period } = found.value;
	const { findings } = await findingsFor(ctx, schoolId, yearId, periods, period);
	return done({ period, byTeacher: findingsByTeacher(findings) });
}

/** A sent notice with each finding fixed or not now. */
export interface NoticeView {
	id: number;
	teacherName: string;
	senderName: string | null;
	/** DD.MM.YYYY. */
	sentOn: string;
	findings: FindingState[];
	/** Every finding fixed. */
	fixed: boolean;
}

/** The notices with each finding checked against the rows now: fixed once its key is no longer found. */
async function noticeViews(ctx: Ctx, rows: readonly ControlNoticeRow[]): Promise<NoticeView[]> {
	const stored = rows.map((r) => findingsOf(r.findings));
	const keys = stored.flat().map((f) => parseFindingKey(f.key)!);
	const works = keys.flatMap((k) => (k.kind === 'work' ? [k.lessonId] : []));
	const topics = keys.flatMap((k) => (k.kind === 'topic' ? [k.lessonId] : []));
	const pairs = keys.flatMap((k) => (k.kind === 'period' ? [{ journalId: k.journalId, periodId: k.periodId }] : []));
	const open = new Set([
		...(await stillUnmarkedLessons(ctx.sql, [...new Set(works)])).map((id) => lessonFindingKey('work', id)),
		...(await stillWithoutTopic(ctx.sql, [...new Set(topics)])).map((id) => lessonFindingKey('topic', id)),
		...(await stillMissingPeriodMarks(ctx.sql, pairs, ctx.today)).map((p) => periodFindingKey(p.journalId, p.periodId))
	]);
	return rows.map((r, i) => {
		const findings = findingStates(stored[i], open);
		return { id: r.id, teacherName: r.teacherName, senderName: r.senderName, sentOn: formatDate(r.sentOn), findings, fixed: findings.every((f) => f.fixed) };
	});
}

/** How many notices the pages show: the latest of a teacher, the latest of the school. */
const NOTICES_SHOWN = { teacher: 5, school: 30 } as const;

/** The reminders a teacher got (the latest few), each finding with whether it is fixed now. */
export async function teacherNotices(ctx: Ctx, actor: Actor): Promise<NoticeView[]> {
	if (actor.journalIds.length === 0 && !actor.roles.includes('teacher')) return [];
	return noticeViews(ctx, await controlNotices(ctx.sql, actor.schoolId, { teacherId: actor.personId, limit: NOTICES_SHOWN.teacher }));
}

/** Journal control's page: the report, the days asked, the teachers who have findings to be sent, and the notices sent. */
export interface ControlPage extends ReportPage {
	days: number;
	/** Teachers with findings now, and how many: what the one action sends. */
	pending: Array<{ teacherName: string; count: number }>;
	notices: NoticeView[];
}

/**
 * Journal control for the administration: per teacher and per class of the period's grades, the
 * share of the period's lessons so far with a topic and with homework; homework entered later than
 * the school's rule; test, laboratory and practical works held more than 7 days ago whose marks are
 * not all in; lessons without a topic; pupils with no mark for the last N days (14 unless asked);
 * from a week before the marks deadline, journals with period marks missing; the share of pupils
 * and parents who opened the diary since the period began; and the reminders sent. Mark-free
 * grades are left out of what concerns marks. Of the current year unless `ofYear` (a year of the
 * actor's school) is given, as the year's archive does.
 */
export async function journalControl(ctx: Ctx, actor: Actor, askedPeriod: string | null, askedDays: string | null, ofYear?: number): Promise<Outcome<ControlPage>> {
	const decision = decide(actor, 'read', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const found = await controlPeriod(ctx, actor.schoolId, askedPeriod, ofYear);
	if (!found.ok) return found;
	const { yearId, periods, period } = found.value;
	const days = quietDaysOf(askedDays);
	const { rules, until, grades, works, topicless, dueSoon, missing, findings } = await findingsFor(ctx, actor.schoolId, yearId, periods, period);
	const filling = await lessonFilling(ctx.sql, yearId, grades, period.startsOn, until);
	const quiet = await pupilsWithoutMarksSince(ctx.sql, yearId, periods[0].startsOn, addDays(ctx.today, -days), ctx.today, rules.markFreeGrades);
	const dueDays = await homeworkDueDays(ctx.sql, actor.schoolId, yearId);
	const late = until < period.startsOn ? [] : await lateHomework(ctx.sql, yearId, grades, period.startsOn, until, dueDays);
	const openings = await diaryOpenings(ctx.sql, yearId, grades, period.startsOn, until);
	// progress through the thematic plans, as of the school's today.
	const planned = await journalsWithPlans(ctx.sql, yearId);
	const programme = await programmeOf(ctx.sql, planned.map((j) => j.journalId), ctx.today);

	// What the one action would send: the findings no earlier notice holds.
	const all = findingsByTeacher(findings);
	const byTeacher = unsentFindings(all, await sentFindingKeys(ctx.sql, actor.schoolId, [...all.keys()]));
	const teacherNames = await personNames(ctx.sql, [...byTeacher.keys()]);
	const pending = [...byTeacher].map(([id, own]) => ({ teacherName: teacherNames.get(id) ?? '', count: own.length })).sort((a, b) => a.teacherName.localeCompare(b.teacherName, 'ru'));
	const notices = await noticeViews(ctx, await controlNotices(ctx.sql, actor.schoolId, { limit: NOTICES_SHOWN.school }));

	const fillingTable = (title: string, who: string, rows: typeof filling.byTeacher): ReportTable => ({
		title,
		columns: [
			{ title: who, format: 'text' },
			{ title: 'Уроков', format: 'int' },
			{ title: 'С темой, %', format: 'percent' },
			{ title: 'С домашним заданием, %', format: 'percent' }
		],
		rows: rows.map((r) => [r.name, r.lessons, percentOf(r.withTopic, r.lessons), percentOf(r.withHomework, r.lessons)]),
		empty: 'Журналов нет.'
	});
	const dueText = dueDays === 0 ? 'в день урока' : `не позже чем через ${dueDays} ${pluralRu(dueDays, ['день', 'дня', 'дней'])} после урока`;
	const tables: ReportTable[] = [
		fillingTable('Темы и домашние задания по учителям', 'Учитель', filling.byTeacher),
		fillingTable('Темы и домашние задания по классам', 'Класс', filling.byClass),
		{
			title: 'Уроки без темы',
			columns: [
				{ title: 'Дата', format: 'text' },
				{ title: 'Класс', format: 'text' },
				{ title: 'Предмет', format: 'text' },
				{ title: 'Учитель', format: 'text' }
			],
			rows: topicless.map((l) => [formatDate(l.date), l.className, l.subject, l.teachers]),
			empty: 'У всех уроков периода есть тема.'
		},
		{
			title: `Домашнее задание внесено позже срока (${dueText})`,
			columns: [
				{ title: 'Дата урока', format: 'text' },
				{ title: 'Класс', format: 'text' },
				{ title: 'Предмет', format: 'text' },
				{ title: 'Учитель', format: 'text' },
				{ title: 'Внесено', format: 'text' }
			],
			rows: late.map((l) => [formatDate(l.date), l.className, l.subject, l.teachers, formatDate(l.enteredOn)]),
			empty: 'Домашние задания внесены в срок.'
		},
		{
			title: `Контрольные, лабораторные и практические работы без отметок дольше ${MARKS_DUE_DAYS} дней`,
			columns: [
				{ title: 'Дата', format: 'text' },
				{ title: 'Класс', format: 'text' },
				{ title: 'Предмет', format: 'text' },
				{ title: 'Работа', format: 'text' },
				{ title: 'Учитель', format: 'text' },
				{ title: 'Учеников без отметки', format: 'int' }
			],
			rows: works.map((w) => [formatDate(w.date), w.className, w.subject, w.work, w.teachers, w.unmarked]),
			empty: 'Все работы проверены.'
		},
		{
			title: `Ученики без отметок ${days} ${pluralRu(days, ['день', 'дня', 'дней'])} и больше`,
			columns: [
				{ title: 'Ученик', format: 'text' },
				{ title: 'Класс', format: 'text' },
				{ title: 'Последняя отметка', format: 'text' }
			],
			rows: quiet.map((p) => [p.name, p.className, p.lastMark ? formatDate(p.lastMark) : 'нет']),
			empty: 'Таких учеников нет.'
		},
		{
			title: `Не выставлены отметки за период (срок — ${formatDate(period.marksDeadline)})`,
			columns: [
				{ title: 'Класс', format: 'text' },
				{ title: 'Предмет', format: 'text' },
				{ title: 'Учитель', format: 'text' },
				{ title: 'Учеников без отметки', format: 'int' }
			],
			rows: missing.map((m) => [m.className, m.subject, m.teachers, m.missing]),
			empty: dueSoon ? 'Отметки за период выставлены.' : `Проверяются за неделю до срока, с ${formatDate(addDays(period.marksDeadline, -7))}.`
		},
		{
			title: 'Открывали электронный дневник с начала периода',
			columns: [
				{ title: 'Класс', format: 'text' },
				{ title: 'Учеников', format: 'int' },
				{ title: 'Открыли', format: 'int' },
				{ title: 'Учеников, %', format: 'percent' },
				{ title: 'Родителей', format: 'int' },
				{ title: 'Открыли', format: 'int' },
				{ title: 'Родителей, %', format: 'percent' }
			],
			rows: openings.map((o) => [o.className, o.pupils, o.pupilsSeen, percentOf(o.pupilsSeen, o.pupils), o.parents, o.parentsSeen, percentOf(o.parentsSeen, o.parents)]),
			empty: 'Классов нет.'
		},
		{
			title: `Прохождение программы на ${formatDate(ctx.today)}`,
			columns: [
				{ title: 'Класс', format: 'text' },
				{ title: 'Предмет', format: 'text' },
				{ title: 'Учитель', format: 'text' },
				{ title: 'Уроков по плану', format: 'int' },
				{ title: 'Проведено', format: 'int' },
				{ title: 'Итог', format: 'text' }
			],
			rows: planned.flatMap((j) => {
				const p = programme.get(j.journalId);
				return p ? [[j.className, j.wholeClass ? j.subject : `${j.subject} (${j.groupName})`, j.teachers, p.planned, p.taught, p.text]] : [];
			}),
			empty: 'Тематических планов пока нет.'
		},
		{
			title: 'Напоминания учителям',
			columns: [
				{ title: 'Отправлено', format: 'text' },
				{ title: 'Учитель', format: 'text' },
				{ title: 'Замечаний', format: 'int' },
				{ title: 'Исправлено', format: 'int' },
				{ title: 'Состояние', format: 'text' }
			],
			rows: notices.map((n) => {
				const fixed = n.findings.filter((f) => f.fixed).length;
				return [n.sentOn, n.teacherName, n.findings.length, fixed, n.fixed ? 'исправлено' : 'не исправлено'];
			}),
			empty: 'Напоминаний ещё не отправляли.'
		}
	];
	return done({
		days,
		pending,
		notices,
		report: {
			title: 'Контроль ведения журналов',
			subtitle: `${periodLabel(period, periods)}, по ${formatDate(until)}`,
			tables,
			signer: 'Заместитель директора'
		},
		school: await schoolNameOf(ctx.sql, actor.schoolId),
		date: formatDate(ctx.today),
		periods: periods.map((p) => ({ id: p.id, name: periodLabel(p, periods) })),
		periodId: period.id,
		chart: null
	});
}
