/**
 * The use case "set a period, year, exam or final mark": who is it →
 * the policy → the cell and its suggestion → the period still open → the value and its
 * justification → upsert with the suggestion, justification and author, and an audit row
 * (old → new), all in one transaction so the check and the write see the same rows.
 */
import type { Sql } from '../db/client.ts';
import type { JournalFacts } from '../db/journal-writes.ts';
import { writeAudit } from '../db/audit.ts';
import { findPeriodMark, lockPeriodMarks, upsertPeriodMark, PERIOD_MARK_ENTITY, type PeriodMarkTarget } from '../db/period-marks.ts';
import { journalStanding } from './standing.ts';
import { notifyPeriodMarksChanged } from '../collab-bridge.ts';
import { decide, type Actor } from '../../domain/policy.ts';
import { checkPeriodMark, findCell, parseCellTarget, PERIOD_MARK_MESSAGES, type StoredPeriodMark } from '../../domain/period-marks.ts';

/** The fields of the marks sheet's form (every value untrusted). */
export interface PeriodMarkSubmission {
	studentId: unknown;
	kind: unknown;
	periodId: unknown;
	value: unknown;
	justification: unknown;
}

/** Saved (or unchanged), or refused with the status and a Russian reason; `suggested` tells the form what to explain. */
export type SetPeriodMarkResult =
	| { ok: true; changed: boolean; message: string; mark: StoredPeriodMark | undefined }
	| { ok: false; status: 400 | 403; reason: string; suggested?: string | null };

/** Sets one mark of the journal's sheet for the actor, checked on the server (policy, period, R-5.1). */
export async function setPeriodMark(sql: Sql, actor: Actor, journal: JournalFacts, input: PeriodMarkSubmission, today: string): Promise<SetPeriodMarkResult> {
	const decision = decide(actor, 'write', { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId });
	if (!decision.allow) return { ok: false, status: 403, reason: decision.reason };
	const studentId = typeof input.studentId === 'string' && /^[1-9]\d{0,9}$/.test(input.studentId) ? Number(input.studentId) : undefined;
	const place = parseCellTarget(input.kind, input.periodId);
	if (studentId === undefined || !place) return { ok: false, status: 400, reason: PERIOD_MARK_MESSAGES.cellNotFound };

	const result = await sql.begin(async (tx): Promise<SetPeriodMarkResult> => {
		await lockPeriodMarks(tx, journal.journalId);
		const { sheet, rules, markFree } = await journalStanding(tx, journal, today);
		const found = findCell(sheet, studentId, place.kind, place.periodId);
		if (!found) return { ok: false, status: 400, reason: PERIOD_MARK_MESSAGES.cellNotFound };
		// a closed period (or the year's end after its last period closed) changes nothing.
		if (!found.column.state.open) return { ok: false, status: 400, reason: found.column.state.reason };
		const suggested = found.cell.suggestion?.mark ?? null;
		const checked = checkPeriodMark({ value: input.value, justification: input.justification }, suggested, rules.scale, markFree);
		if (!checked.ok) return { ok: false, status: 400, reason: checked.reason, suggested };

		const target: PeriodMarkTarget = { journalId: journal.journalId, studentId, kind: place.kind, periodId: place.periodId };
		const old = await findPeriodMark(tx, target);
		const message = PERIOD_MARK_MESSAGES.saved(checked.value, found.column.title, found.row.student.name);
		if (old && old.value === checked.value && old.justification === checked.justification && old.suggested === suggested)
			return { ok: true, changed: false, message: PERIOD_MARK_MESSAGES.unchanged, mark: old };
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
		return { ok: true, changed: true, message, mark: await findPeriodMark(tx, target) };
	});
	// X-LIVE: every open journal shows the committed mark (the tables are the record; this only tells).
	if (result.ok && result.changed) await notifyPeriodMarksChanged(journal.journalId);
	return result;
}
