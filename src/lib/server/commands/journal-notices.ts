/**
 * The journal's events as notifications: called by the commands that commit marks,
 * absences, homework and period marks, inside their transaction, so a notification exists exactly
 * when its change does. Each event is one statement for the pupil and the pupil's parents
 * (`insertJournalNotices`); the marks of one save join one notification per person while it is
 * unread and not yet sent. A risk of «2» or «н/а» for the period is told once while it lasts.
 */
import { appConfig } from '../context.ts';
import type { Sql, Tx } from '../db/client.ts';
import { journalFacts, type JournalFacts } from '../db/journal-facts.ts';
import { claimRiskCheck, insertJournalNotices, journalsNearPeriodEnd, noteRisk, pupilsOfJournalOn, recordRiskCheck, riskNoted, subjectOfJournal } from '../db/notifications.ts';
import { journalStanding, journalStandings } from '../queries/standing.ts';
import type { JournalStanding } from '../../domain/standing.ts';
import { formatCell, sameMarks, type CellValue, type MarkScale } from '../../domain/cell.ts';
import { isUnexcused } from '../../domain/class-week.ts';
import { absenceNotice, homeworkNotice, markNotice, periodRiskOf, riskCheckDue, riskNotice, type JournalNotice } from '../../domain/notifications.ts';
import type { Actor } from '../../domain/policy.ts';

/** When a journal event's letter is due: after the settle time, when the server sends e-mail. */
function emailInMs(): number | undefined {
	const config = appConfig();
	return config.mail ? config.notifySettleMs : undefined;
}

/** Writes one event's notifications for the pupils (each to the pupil and their parents, never to the actor; 0: the server's own check); returns who was told. */
async function write(tx: Tx, actor: Actor | 0, schoolId: number, notices: ReadonlyArray<{ studentId: number; notice: JournalNotice }>): Promise<number[]> {
	if (notices.length === 0) return [];
	const [{ notice }] = notices;
	return insertJournalNotices(tx, {
		schoolId,
		actorId: actor === 0 ? 0 : actor.personId,
		kind: notice.kind,
		pupils: notices.map((n) => ({ studentId: n.studentId, topic: n.notice.topic, link: n.notice.link })),
		title: notice.title,
		titleMany: notice.titleMany,
		body: notice.body,
		replace: notice.replace,
		emailInMs: emailInMs(),
		settleMs: appConfig().notifySettleMs
	});
}

/** Marks of a cell as written («5/4»), or null for none. */
function marksText(value: CellValue): string | null {
	return value.marks.length === 0 ? null : formatCell({ ...value, absence: null });
}

/**
 * Whether a change of marks may change the pupil's risk for the period, so the standing is worth
 * loading: a mark below the scale's middle, fewer marks than before (too few is «н/а»), or a risk
 * on record that this change may end. A good mark added to a pupil not at risk is not.
 */
async function mayChangeRisk(tx: Tx, journalId: number, studentId: number, before: CellValue, after: CellValue, scale: MarkScale): Promise<boolean> {
	const middle = (scale.min + scale.max) / 2;
	if (after.marks.some((mark) => mark < middle) || after.marks.length < before.marks.length) return true;
	return riskNoted(tx, journalId, studentId);
}

/**
 * After a cell's rows changed in `tx`: a mark set or changed, a lesson missed without a valid
 * reason (newly), and — when marks changed in a way that may matter — the pupil's risk for the
 * period of the lesson. Returns who was told.
 */
export async function noticeCellChange(
	tx: Tx,
	actor: Actor,
	journal: { journalId: number; schoolId: number },
	r: { lessonId: number; studentId: number; date: string; before: CellValue; after: CellValue; today: string; scale: MarkScale }
): Promise<number[]> {
	const marksChanged = !sameMarks(r.before, r.after);
	const marks = marksChanged ? marksText(r.after) : null;
	const absent = isUnexcused(r.after.absence) && r.after.absence !== r.before.absence;
	if (!marksChanged && !absent) return [];
	const subject = await subjectOfJournal(tx, journal.journalId);
	const told: number[] = [];
	if (marks !== null)
		told.push(
			...(await write(tx, actor, journal.schoolId, [
				{ studentId: r.studentId, notice: markNotice({ journalId: journal.journalId, studentId: r.studentId, subject, date: r.date, marks, was: marksText(r.before) }) }
			]))
		);
	if (absent)
		told.push(...(await write(tx, actor, journal.schoolId, [{ studentId: r.studentId, notice: absenceNotice({ studentId: r.studentId, subject, date: r.date, code: r.after.absence! }) }])));
	if (marksChanged && (await mayChangeRisk(tx, journal.journalId, r.studentId, r.before, r.after, r.scale)))
		told.push(...(await noticeRisk(tx, actor, journal.journalId, r.studentId, subject, r.date, r.today)));
	return [...new Set(told)];
}

/**
 * The pupil's risk in a period of the journal's standing as it now is (the suggestion, the
 * warning): told when it is new, forgotten when it is gone. `date` is the day the notice leads to.
 */
async function noticeRiskIn(tx: Tx, actor: Actor | 0, facts: JournalFacts, standing: JournalStanding, periodId: number, studentId: number, subject: string, date: string): Promise<number[]> {
	const column = standing.sheet.columns.find((c) => c.kind === 'period' && c.periodId === periodId);
	if (!column?.state.open) return [];
	const row = standing.sheet.rows.find((x) => x.student.id === studentId);
	if (!row || row.departed) return [];
	const cell = row.cells.find((c) => c.key === column.key);
	const warning = standing.sheet.warnings.find((w) => w.studentId === studentId && w.periodId === periodId);
	const risk = cell?.set ? null : periodRiskOf(cell, standing.rules.scale.min, warning);
	if (!(await noteRisk(tx, { journalId: facts.journalId, studentId, periodId, risk: risk?.risk ?? null })) || !risk) return [];
	return write(tx, actor, facts.schoolId, [{ studentId, notice: riskNotice({ studentId, subject, period: column.title, risk: risk.risk, date, why: risk.why }) }]);
}

/** The pupil's risk for the period the lesson's day is in, after a change of marks. */
async function noticeRisk(tx: Tx, actor: Actor, journalId: number, studentId: number, subject: string, date: string, today: string): Promise<number[]> {
	const facts = await journalFacts(tx, journalId);
	if (!facts) return [];
	const standing = await journalStanding(tx, facts, today);
	if (standing.markFree) return [];
	const period = standing.periods.find((p) => p.startsOn <= date && date <= p.endsOn);
	if (!period) return [];
	return noticeRiskIn(tx, actor, facts, standing, period.id, studentId, subject, date);
}

/**
 * The daily risk check of a school: a pupil with too few marks gets no change of
 * marks to be warned by, so once a day, within `days` days of a period's end, every pupil of every
 * journal whose period ends then is looked at with the standing's own rules, and those at risk of
 * «2» or «н/а» who were not told yet are told (once: `risk_notice`). The day's run row is taken
 * first in the same transaction, so of two instances only one looks. Returns who was told, or
 * undefined when the day's check was already done.
 */
export async function checkRisksNearPeriodEnd(sql: Sql, r: { schoolId: number; today: string; days: number }): Promise<number[] | undefined> {
	return sql.begin(async (tx) => {
		if (!(await claimRiskCheck(tx, r.schoolId, r.today))) return undefined;
		const journals = await journalsNearPeriodEnd(tx, r.schoolId, r.today, r.days);
		const standings = await journalStandings(tx, journals, r.today);
		const told = new Set<number>();
		for (const [i, facts] of journals.entries()) {
			const standing = standings[i];
			if (standing.markFree) continue;
			const ending = standing.periods.filter((p) => riskCheckDue(p, r.today, r.days));
			for (const period of ending)
				for (const row of standing.sheet.rows)
					for (const id of await noticeRiskIn(tx, 0, facts, standing, period.id, row.student.id, facts.subject, r.today)) told.add(id);
		}
		await recordRiskCheck(tx, r.schoolId, r.today, told.size);
		return [...told];
	});
}

/** After a lesson's homework was given or changed in `tx`: the group's pupils of that day and their parents. */
export async function noticeHomework(
	tx: Tx,
	actor: Actor,
	journal: { journalId: number; schoolId: number; subject: string },
	lesson: { id: number; date: string; homework: string | null },
	before: string | null
): Promise<number[]> {
	const homework = lesson.homework?.trim() ?? '';
	if (!homework || homework === (before ?? '').trim()) return [];
	const pupils = await pupilsOfJournalOn(tx, journal.journalId, lesson.date);
	return write(
		tx,
		actor,
		journal.schoolId,
		pupils.map((studentId) => ({ studentId, notice: homeworkNotice({ lessonId: lesson.id, studentId, subject: journal.subject, date: lesson.date, homework }) }))
	);
}

/** After a period, year, exam or final mark was set in `tx`. */
export async function noticePeriodMark(tx: Tx, actor: Actor, journal: { journalId: number; schoolId: number; subject: string }, notice: JournalNotice, studentId: number): Promise<number[]> {
	return write(tx, actor, journal.schoolId, [{ studentId, notice }]);
}
