/**
 * The journal's events as notifications: called by the commands that commit marks,
 * absences, homework and period marks, inside their transaction, so a notification exists exactly
 * when its change does. Each event is one statement for the pupil and the pupil's parents
 * (`insertJournalNotices`); the marks of one save join one notification per person while it is
 * unread and not yet sent. A risk of «2» or «н/а» for the period is told once while it lasts.
 */
import { appConfig, type Ctx } from '../context.ts';
import { notifyInboxChanged } from '../inbox-events.ts';
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
 * After a cell's rows changed in `tx`: a mark set or changed, and a lesson missed without a valid
 * reason (newly). Returns who was told, and whether the pupil's risk for the period may have
 * changed — that is judged after the commit, per journal, by `checkRiskSoon`: it needs the whole
 * journal's standing, which is too heavy for every mark's transaction.
 */
export async function noticeCellChange(
	tx: Tx,
	actor: Actor,
	journal: { journalId: number; schoolId: number },
	r: { lessonId: number; studentId: number; date: string; before: CellValue; after: CellValue; today: string; scale: MarkScale }
): Promise<{ told: number[]; riskMayChange: boolean }> {
	const marksChanged = !sameMarks(r.before, r.after);
	const marks = marksChanged ? marksText(r.after) : null;
	const absent = isUnexcused(r.after.absence) && r.after.absence !== r.before.absence;
	if (!marksChanged && !absent) return { told: [], riskMayChange: false };
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
	const riskMayChange = marksChanged && (await mayChangeRisk(tx, journal.journalId, r.studentId, r.before, r.after, r.scale));
	return { told: [...new Set(told)], riskMayChange };
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

/**
 * The pupils' risks for the periods their changed marks' days are in, from the journal's standing
 * as it now is (the suggestion, the warning), the standing loaded once for all of them: told
 * when new, forgotten when gone.
 */
async function noticeRisks(tx: Tx, actor: Actor, journalId: number, pupils: ReadonlyMap<number, string>, today: string): Promise<number[]> {
	const facts = await journalFacts(tx, journalId);
	if (!facts) return [];
	const standing = await journalStanding(tx, facts, today, [...pupils.keys()]);
	if (standing.markFree) return [];
	const subject = await subjectOfJournal(tx, journalId);
	const told: number[] = [];
	for (const [studentId, date] of pupils) {
		const period = standing.periods.find((p) => p.startsOn <= date && date <= p.endsOn);
		if (period) told.push(...(await noticeRiskIn(tx, actor, facts, standing, period.id, studentId, subject, date)));
	}
	return told;
}

/** A journal's risk check waiting for its edits to pause: the pupils with the day of their latest changed mark. */
interface PendingRisks {
	ctx: Ctx;
	actor: Actor;
	pupils: Map<number, string>;
	since: number;
	/** Its edits have paused: it waits in line for the one checker. */
	ready: boolean;
	timer?: ReturnType<typeof setTimeout>;
}

/**
 * How long a journal's edits must pause before its risks are judged, and the longest a check waits
 * in a stream of edits. Judging loads the journal's whole standing, which on the embedded database
 * holds its one connection long enough to be felt by every live edit; so checks run one at a time,
 * each followed by a rest of RISK_REST_FACTOR times its own length (at least RISK_REST_MS): they
 * never take more than a fifth of the database, however many journals are being written
 * (`npm run bench`, journal).
 */
const RISK_QUIET_MS = 3000;
const RISK_MAX_WAIT_MS = 30_000;
const RISK_REST_MS = 250;
const RISK_REST_FACTOR = 4;

interface RiskQueue {
	pending: Map<number, PendingRisks>;
	/** Journals whose edits paused, in the order they did. */
	ready: number[];
	checker?: Promise<void>;
	/** Set while the server closes (or a test asks): the line is run without rests. */
	hurry: boolean;
}

// On globalThis, like the live hubs: the SvelteKit bundle and the live server share one line.
const RISKS = Symbol.for('zhurnal.risk-checks');
const holder = globalThis as { [RISKS]?: RiskQueue };
const risks: RiskQueue = (holder[RISKS] ??= { pending: new Map(), ready: [], hurry: false });

/**
 * After a commit whose marks may change a pupil's risk for the period: the journal's risks
 * are judged once its edits pause (a teacher filling a column is one check, not thirty), in a
 * transaction of their own, one journal at a time; those told hear it on their open pages. A check
 * lost to a crash in between is made up by the daily look at risks near a period's end.
 */
export function checkRiskSoon(ctx: Ctx, actor: Actor, journalId: number, studentId: number, date: string): void {
	let waiting = risks.pending.get(journalId);
	if (!waiting) risks.pending.set(journalId, (waiting = { ctx, actor, pupils: new Map(), since: Date.now(), ready: false }));
	waiting.ctx = ctx;
	waiting.actor = actor;
	waiting.pupils.set(studentId, date);
	if (waiting.ready) return;
	clearTimeout(waiting.timer);
	waiting.timer = setTimeout(() => enqueue(journalId), Math.max(0, Math.min(RISK_QUIET_MS, waiting.since + RISK_MAX_WAIT_MS - Date.now())));
	waiting.timer.unref?.();
}

function enqueue(journalId: number): void {
	const waiting = risks.pending.get(journalId);
	if (!waiting || waiting.ready) return;
	clearTimeout(waiting.timer);
	waiting.ready = true;
	risks.ready.push(journalId);
	risks.checker ??= runChecker().finally(() => (risks.checker = undefined));
}

/** The one checker: judges the journals in line, one at a time, resting between them. */
async function runChecker(): Promise<void> {
	for (let journalId = risks.ready.shift(); journalId !== undefined; journalId = risks.ready.shift()) {
		const waiting = risks.pending.get(journalId);
		risks.pending.delete(journalId);
		if (!waiting) continue;
		const started = performance.now();
		try {
			const told = await waiting.ctx.sql.begin((tx: Tx) => noticeRisks(tx, waiting.actor, journalId, waiting.pupils, waiting.ctx.today));
			if (told.length > 0) notifyInboxChanged(told, 'journal');
		} catch (error) {
			console.error(`risk check of journal ${journalId} failed`, error);
		}
		const rest = Math.max(RISK_REST_MS, RISK_REST_FACTOR * (performance.now() - started));
		if (risks.ready.length > 0 && !risks.hurry) await new Promise((resolve) => setTimeout(resolve, rest).unref?.());
	}
}

/** Runs every waiting risk check now, without rests, and waits for them (the server before it closes its database; tests). */
export async function flushRiskChecks(): Promise<void> {
	risks.hurry = true;
	try {
		for (const journalId of [...risks.pending.keys()]) enqueue(journalId);
		while (risks.checker) await risks.checker;
	} finally {
		risks.hurry = false;
	}
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
