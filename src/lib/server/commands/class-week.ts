/**
 * The class teacher's two actions of the weekly check: reconcile a pupil's
 * absences of a day across the class's journals, and tell the parents of the listed pupils.
 * Both are for the class teacher and the administration (the policy of the class report); each
 * then writes through the path everyone uses — a cell edit per lesson (the journal's policy, with
 * the school's setting for class teachers, decides each), a group send of messages.
 */
import type { Ctx } from '../context.ts';
import { notifyCellsChanged } from '../collab-bridge.ts';
import { readCell } from '../db/cells.ts';
import { claimWeeklyRun, parentsOfStudents, setWeeklyNoticeRule, weekCellsOfClass, weeklyNoticesDue } from '../db/class-week.ts';
import { writeAudit } from '../db/audit.ts';
import type { Tx } from '../db/client.ts';
import { loadActor } from '../db/people.ts';
import { findClass } from '../db/school.ts';
import { cellRulesOf } from '../db/journal-facts.ts';
import { notifyDiaryChanged } from '../diary-events.ts';
import { notifyInboxChanged } from '../inbox-events.ts';
import { applyCellEdit } from './cells.ts';
import { checkRiskSoon } from './journal-notices.ts';
import { sendPreparedMessages, type MessageSent } from './messages.ts';
import { classForWeekCheck, pupilsToNotify } from '../queries/class-week.ts';
import { addDays, isIsoDate } from '../../domain/dates.ts';
import { cellRecord } from '../../domain/journal-doc.ts';
import { fillNotice, parseConfirmedCode, PRESENT, WEEK_TEXT } from '../../domain/class-week.ts';
import { parseId } from '../../domain/ids.ts';
import type { Actor } from '../../domain/policy.ts';
import { done, refuse, type Failure, type Outcome } from './outcome.ts';

/** A day reconciled: how many lessons changed. */
export interface DayReconciled {
	changed: number;
	message: string;
}

/** A refusal inside a transaction: thrown to roll it back, then returned. */
class Refused extends Error {
	constructor(readonly failure: Failure) {
		super(failure.message);
	}
}

/**
 * Sets the code the class teacher confirms (or «был на уроке»: no code) on every lesson of the
 * pupil's day in the class's journals, keeping marks and comments: all the lessons or none. Each
 * lesson is checked and written as a cell edit (`applyCellEdit`: policy, rules, audit) inside one
 * transaction; the first refusal rolls every lesson back and is returned. After the commit the
 * open journals and the pupil's diaries are told.
 */
export async function reconcileDay(ctx: Ctx, actor: Actor, input: { classId?: unknown; studentId?: unknown; date?: unknown; code?: unknown }): Promise<Outcome<DayReconciled>> {
	const found = await classForWeekCheck(ctx, actor, input.classId);
	if (!found.ok) return found;
	const klass = found.value;
	const studentId = parseId(input.studentId);
	const date = typeof input.date === 'string' && isIsoDate(input.date) ? input.date : undefined;
	if (studentId === undefined || date === undefined) return refuse('invalid', WEEK_TEXT.badDate);
	const rules = await cellRulesOf(ctx.sql, klass.schoolId, klass.yearId, klass.grade);
	const code = parseConfirmedCode(input.code, rules.absenceCodes);
	if (code === undefined) return refuse('invalid', WEEK_TEXT.badCode);
	const lessons = await weekCellsOfClass(ctx.sql, klass.classId, date, date, studentId);
	if (lessons.length === 0) return refuse('invalid', WEEK_TEXT.noLessons);
	const journal = { schoolId: klass.schoolId, yearId: klass.yearId, classId: klass.classId, grade: klass.grade };
	let changed: typeof lessons;
	const told = new Set<number>();
	const risky: Array<{ journalId: number; date: string }> = [];
	try {
		changed = await ctx.sql.begin(async (tx) => {
			const written: typeof lessons = [];
			for (const lesson of lessons) {
				const stored = await readCell(tx, lesson.lessonId, studentId);
				const raw = { ...cellRecord(stored), a: code === PRESENT ? null : code };
				const outcome = await applyCellEdit(tx, ctx.today, actor, { ...journal, journalId: lesson.journalId }, { lessonId: lesson.lessonId, studentId, raw, editId: null, source: 'week-check' });
				if (!outcome.ok) throw new Refused(refuse(outcome.code, outcome.message));
				if (outcome.value.changed) written.push(lesson);
				for (const personId of outcome.value.told ?? []) told.add(personId);
				if (outcome.value.riskDate) risky.push({ journalId: lesson.journalId, date: outcome.value.riskDate });
			}
			return written;
		});
	} catch (error) {
		if (error instanceof Refused) return error.failure;
		throw error;
	}
	if (changed.length > 0) notifyDiaryChanged([studentId], 'cell');
	if (told.size > 0) notifyInboxChanged([...told], 'journal');
	for (const r of risky) checkRiskSoon(ctx, actor, r.journalId, studentId, r.date);
	for (const lesson of changed) await notifyCellsChanged(lesson.journalId, [{ lessonId: lesson.lessonId, studentId }]);
	return done({ changed: changed.length, message: WEEK_TEXT.reconciled });
}

/**
 * «Сообщить родителям»: to the parents of each chosen pupil among this week's lists
 * (failing this period, missing lessons without a valid reason), the class teacher's text with the
 * pupil's name and reason filled in — one conversation per parent, all as one group send.
 */
export async function notifyParents(
	ctx: Ctx,
	actor: Actor,
	input: { classId?: unknown; week?: unknown; studentIds?: unknown; subject?: unknown; template?: unknown },
	/** The weekly run's claim, taken in the send's transaction (see `runWeeklyNotices`). */
	claim?: (tx: Tx, recipients: number) => Promise<boolean>
): Promise<Outcome<MessageSent, { retryAfter?: number }>> {
	const found = await classForWeekCheck(ctx, actor, input.classId);
	if (!found.ok) return found;
	const klass = found.value;
	const day = typeof input.week === 'string' && isIsoDate(input.week) ? input.week : ctx.today;
	const template = typeof input.template === 'string' ? input.template.trim() : '';
	if (!template) return refuse('invalid', WEEK_TEXT.templateNeeded);
	const chosen = new Set((Array.isArray(input.studentIds) ? input.studentIds : [input.studentIds]).map(parseId).filter((id): id is number => id !== undefined));
	const { failing, unexcused } = await pupilsToNotify(ctx, klass, day);
	const listed = new Map([...failing, ...unexcused].map((p) => [p.studentId, p]));
	const pupils = [...listed.values()].filter((p) => chosen.has(p.studentId));
	if (pupils.length === 0) return refuse('invalid', WEEK_TEXT.nobody);
	const parents = await parentsOfStudents(ctx.sql, klass.schoolId, pupils.map((p) => p.studentId));
	const letters = pupils.map((p) => ({ recipientIds: parents.filter((g) => g.studentId === p.studentId).map((g) => g.parentId), body: fillNotice(template, p.name, p.reason) }));
	const subject = typeof input.subject === 'string' && input.subject.trim() ? input.subject.trim() : WEEK_TEXT.defaultSubject;
	return sendPreparedMessages(ctx, actor, klass.yearId, { label: `родителям учеников ${klass.name}`, subject, template, letters }, claim);
}

/**
 * turns the class's weekly automatic notice on (with the subject and text of the
 * notice form) or off. For those who may send the notice by hand (the class teacher, the
 * administration); the notice is later sent as the person who turned it on. Audited.
 */
export async function setWeeklyNotice(ctx: Ctx, actor: Actor, input: { classId?: unknown; on?: unknown; subject?: unknown; template?: unknown }): Promise<Outcome<{ message: string }>> {
	const found = await classForWeekCheck(ctx, actor, input.classId);
	if (!found.ok) return found;
	const klass = found.value;
	const on = input.on === true || input.on === 'on' || input.on === 'true';
	const template = typeof input.template === 'string' ? input.template.trim() : '';
	if (on && !template) return refuse('invalid', WEEK_TEXT.templateNeeded);
	const subject = typeof input.subject === 'string' && input.subject.trim() ? input.subject.trim() : WEEK_TEXT.defaultSubject;
	await ctx.sql.begin(async (tx) => {
		await setWeeklyNoticeRule(tx, klass.classId, on ? { authorId: actor.personId, subject, template } : null);
		await writeAudit(tx, { actorId: actor.personId, action: on ? 'weekly_notice.on' : 'weekly_notice.off', entity: 'class', entityId: klass.classId, newValue: on ? { subject, template } : undefined });
	});
	return done({ message: on ? WEEK_TEXT.weeklyOn : WEEK_TEXT.weeklyOff });
}

/**
 * the weekly automatic notices due on the Monday `monday` (`ctx.today`): for every class
 * whose rule has not run this week, the notice of the week before to the parents of its listed
 * pupils, sent as the person who turned the rule on, through `notifyParents` (their rights now,
 * the rate limit, the messaging policy). The week's run row is taken in the send's transaction, so
 * two instances (or two ticks) send it once; a class with nobody listed, or whose rule's author may
 * no longer send, is recorded as run with no recipients; one refused for the rate limit or a
 * failure is tried again at the next look. Returns the classes sent to.
 */
export async function runWeeklyNotices(ctx: Ctx, monday: string): Promise<number> {
	let sent = 0;
	for (const rule of await weeklyNoticesDue(ctx.sql, monday)) {
		const klass = await findClass(ctx.sql, rule.classId);
		if (!klass) continue;
		const actor = await loadActor(ctx.sql, rule.authorId, klass.schoolId, klass.yearId, ctx.today);
		const lastWeek = addDays(monday, -7);
		const { failing, unexcused } = await pupilsToNotify(ctx, klass, lastWeek);
		const studentIds = [...new Set([...failing, ...unexcused].map((p) => p.studentId))];
		const outcome =
			studentIds.length === 0
				? undefined
				: await notifyParents(ctx, actor, { classId: klass.classId, week: lastWeek, studentIds: studentIds.map(String), subject: rule.subject, template: rule.template }, (tx, recipients) =>
						claimWeeklyRun(tx, klass.classId, monday, recipients)
					);
		if (outcome?.ok) sent += 1;
		else if (!outcome || outcome.code === 'forbidden' || outcome.code === 'not_found' || outcome.code === 'invalid') {
			// Nothing to send, or refused (the author no longer leads the class): this week is done all the same.
			if (outcome) console.error(`Еженедельное уведомление ${klass.name}: ${outcome.message}`);
			await ctx.sql.begin((tx) => claimWeeklyRun(tx, klass.classId, monday, 0));
		}
	}
	return sent;
}
