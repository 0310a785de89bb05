/**
 * The use case "set a period, year, exam or final mark": who is it →
 * the policy → the cell and its suggestion → the period still open → the value and its
 * justification → upsert with the suggestion, justification and author, and an audit row
 * (old → new) and the notifications of the pupil and their parents, all in one transaction so the
 * check and the write see the same rows.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { journalFacts } from '../db/journal-facts.ts';
import { findPeriodMark, lockPeriodMarks, upsertPeriodMark, PERIOD_MARK_ENTITY, type PeriodMarkTarget } from '../db/period-marks.ts';
import { journalStanding } from '../queries/standing.ts';
import { notifyPeriodMarksChanged } from '../collab-bridge.ts';
import { notifyDiaryChanged } from '../diary-events.ts';
import { journalFor } from '../queries/journal.ts';
import { notifyInboxChanged } from '../inbox-events.ts';
import { noticePeriodMark } from './journal-notices.ts';
import { periodMarkNotice } from '../../domain/notifications.ts';
import { parseId } from '../../domain/ids.ts';
import type { Actor } from '../../domain/policy.ts';
import { checkPeriodMarkWhy, findCell, parseCellTarget, PERIOD_MARK_MESSAGES, type StoredPeriodMark } from '../../domain/period-marks.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** The fields of the marks sheet's form (every value untrusted). */
export interface PeriodMarkSubmission {
	journalId: unknown;
	/** When set (the class sheet), the journal must be one of this class's. */
	classId?: number;
	studentId: unknown;
	kind: unknown;
	periodId: unknown;
	value: unknown;
	justification: unknown;
}

/** Saved (or unchanged) with the message to show; a refusal tells the form the suggested mark (to explain a different one). */
export type PeriodMarkOutcome = Outcome<{ changed: boolean; message: string; mark: StoredPeriodMark | undefined; told?: number[] }, { suggested?: string | null }>;

/** Sets one mark of a journal's sheet for the actor, checked on the server (policy, period, R-5.1). */
export async function setPeriodMark(ctx: Ctx, actor: Actor, input: PeriodMarkSubmission): Promise<PeriodMarkOutcome> {
	if (input.classId !== undefined) {
		// From the class sheet: a journal of another class (or none) is not a cell of this sheet.
		const id = parseId(input.journalId);
		const facts = id === undefined ? undefined : await journalFacts(ctx.sql, id);
		if (!facts || facts.classId !== input.classId) return refuse('invalid', PERIOD_MARK_MESSAGES.cellNotFound);
	}
	const found = await journalFor(ctx, actor, input.journalId, 'write', 'period_marks');
	if (!found.ok) return found;
	const journal = found.value;
	const studentId = parseId(input.studentId);
	const place = parseCellTarget(input.kind, input.periodId);
	if (studentId === undefined || !place) return refuse('invalid', PERIOD_MARK_MESSAGES.cellNotFound);

	const result = await ctx.sql.begin(async (tx): Promise<PeriodMarkOutcome> => {
		await lockPeriodMarks(tx, journal.journalId);
		const { sheet, rules, markFree } = await journalStanding(tx, journal, ctx.today);
		const found = findCell(sheet, studentId, place.kind, place.periodId);
		if (!found) return refuse('invalid', PERIOD_MARK_MESSAGES.cellNotFound);
		// a closed period (or the year's end after its last period closed) changes nothing.
		if (!found.column.state.open) return refuse('conflict', found.column.state.reason);
		const suggested = found.cell.suggestion?.mark ?? null;
		const checked = checkPeriodMarkWhy({ value: input.value, justification: input.justification }, suggested, rules.scale, markFree);
		if (!checked.ok) return refuse('justificationRequired' in checked ? 'justification_required' : 'invalid', checked.reason, { suggested });

		const target: PeriodMarkTarget = { journalId: journal.journalId, studentId, kind: place.kind, periodId: place.periodId };
		const old = await findPeriodMark(tx, target);
		const message = PERIOD_MARK_MESSAGES.saved(checked.value, found.column.title, found.row.student.name);
		if (old && old.value === checked.value && old.justification === checked.justification && old.suggested === suggested)
			return done({ changed: false, message: PERIOD_MARK_MESSAGES.unchanged, mark: old });
		const mark = { value: checked.value, suggested, justification: checked.justification };
		await upsertPeriodMark(tx, target, { ...mark, authorId: actor.personId });
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'period_mark.set',
			entity: PERIOD_MARK_ENTITY,
			entityId: `${journal.journalId}:${studentId}:${place.kind}:${place.periodId ?? 0}`,
			oldValue: old ? { value: old.value, suggested: old.suggested, justification: old.justification } : undefined,
			newValue: mark
		});
		// the pupil and their parents hear of it in the same transaction.
		const notice = periodMarkNotice({
			journalId: journal.journalId,
			studentId,
			subject: journal.subject,
			column: found.column.title,
			value: checked.value,
			key: found.column.key,
			date: ctx.today
		});
		const told = await noticePeriodMark(tx, actor, journal, notice, studentId);
		return done({ changed: true, message, mark: await findPeriodMark(tx, target), told });
	});
	// X-LIVE: every open journal shows the committed mark (the tables are the record; this only tells).
	if (result.ok && result.value.changed) {
		await notifyPeriodMarksChanged(journal.journalId);
		notifyDiaryChanged([studentId], 'period_mark');
		notifyInboxChanged(result.value.told ?? [], 'journal');
	}
	return result;
}
