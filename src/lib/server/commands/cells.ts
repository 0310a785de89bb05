/**
 * A teacher's edit of one journal cell (X-MARKS, X-AUDIT). The live journal (server/collab)
 * calls it for every changed cell; any other writer of cells (a mobile form, an import) calls it
 * too, so every cell change is checked the same way and leaves the same audit row.
 */
import { notifyDiaryChanged } from '../diary-events.ts';
import { notifyInboxChanged } from '../inbox-events.ts';
import { checkRiskSoon, noticeCellChange } from './journal-notices.ts';
import type { Ctx } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { writeAudit } from '../db/audit.ts';
import { CELL_ENTITY, cellEditFacts, editAlreadyCommitted, lockCell, readCell, replaceCell } from '../db/cells.ts';
import { cellRulesOf } from '../db/journal-facts.ts';
import { classTeacherWritesOf } from '../db/settings.ts';
import { rulesKeeping, sameCell, sameMarks, type CellValue } from '../../domain/cell.ts';
import { cellFromDoc, cellKey, cellRecord } from '../../domain/journal-doc.ts';
import { decideCellEdit, JOURNAL_MESSAGES } from '../../domain/journal-rules.ts';
import { decide, journalResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** The journal an edit is for, as the caller already knows it. */
export interface CellJournal {
	journalId: number;
	schoolId: number;
	yearId: number;
	classId: number;
	/** The class's grade: a mark-free grade takes no marks. */
	grade: number;
}

/** One cell edit as received: the raw value (untrusted) and its edit id. */
export interface CellEdit {
	lessonId: number;
	studentId: number;
	raw: unknown;
	editId: string | null;
	/** Where the edit came from, for the audit row ('collab', 'web', …). */
	source: string;
}

/** A cell edit's result: what the tables hold afterwards, and whether this edit changed it or replayed one seen before. */
export interface CellCommitted {
	stored: CellValue;
	changed: boolean;
	replayed: boolean;
	/** Who was notified of the change (the pupil and their parents), for their open pages. */
	told?: number[];
	/** The day of the changed marks when they may change the pupil's risk for the period (judged after the commit: `checkRiskSoon`). */
	riskDate?: string;
}

/** The outcome of a cell edit; a refusal carries what the tables still hold, to put back. */
export type CellOutcome = Outcome<CellCommitted, { stored: CellValue }>;

/**
 * Checks and commits one cell edit: may the actor write this journal (the policy), and this kind
 * of change — marks, or only the absence and comment, which a class teacher also writes in the
 * journals of subjects they do not teach (R-4.3.8, the school's setting read per edit) —, is the value
 * well formed and legal, is the lesson in this journal, was the student in the group that day,
 * is the period open (`ctx.today`). If so, the marks / absence / comment rows become the value
 * and an audit row (who, when, old, new, where from) is appended, in one transaction. An edit id
 * seen before is a replay (a reconnecting client writing again what was saved) and changes nothing.
 * A mark and a lesson missed without a valid reason are written to the notification outbox in the
 * same transaction (`noticeCellChange`); a new risk for the period, once the journal's edits pause.
 */
export async function commitCellEdit(ctx: Ctx, actor: Actor, journal: CellJournal, edit: CellEdit): Promise<CellOutcome> {
	const outcome = await ctx.sql.begin((tx) => applyCellEdit(tx, ctx.today, actor, journal, edit));
	// Committed: the pupil's open diaries read it now, and the open pages of those told (X-LIVE).
	if (outcome.ok && outcome.value.changed) {
		notifyDiaryChanged([edit.studentId], 'cell');
		if (outcome.value.told?.length) notifyInboxChanged(outcome.value.told, 'journal');
		if (outcome.value.riskDate) checkRiskSoon(ctx, actor, journal.journalId, edit.studentId, outcome.value.riskDate);
	}
	return outcome;
}

/**
 * The checks and the write of one cell edit (as `commitCellEdit` lists them) inside the caller's
 * transaction, for a command that changes several cells all or nothing; the caller announces the
 * change after its commit (the diaries, the inboxes of those `told`, the risk check of `riskDate`).
 */
export async function applyCellEdit(tx: Tx, today: string, actor: Actor, journal: CellJournal, edit: CellEdit): Promise<CellOutcome> {
	const { lessonId, studentId } = edit;
	const value = cellFromDoc(edit.raw);
	const key = cellKey(lessonId, studentId);
	await lockCell(tx, lessonId, studentId);
	const stored = await readCell(tx, lessonId, studentId);
	const classTeacherWrites = await classTeacherWritesOf(tx, journal.schoolId);
	const cells = decide(actor, 'write', journalResource(journal, { classTeacherWrites, part: 'absences', lessonId }));
	if (!cells.allow) return refuse('forbidden', cells.reason, { stored });
	if (!value) return refuse('invalid', JOURNAL_MESSAGES.malformedCell, { stored });
	if (!sameMarks(stored, value)) {
		const marks = decide(actor, 'write', journalResource(journal, { classTeacherWrites, part: 'lessons_and_marks', lessonId }));
		if (!marks.allow) return refuse('forbidden', marks.reason, { stored });
	}
	if (edit.editId !== null && (await editAlreadyCommitted(tx, key, edit.editId))) return done({ stored, changed: false, replayed: true });
	const facts = await cellEditFacts(tx, journal.journalId, lessonId, studentId, today);
	// The rules are read per edit, so what the administrator saved counts from the next edit on.
	const rules = await cellRulesOf(tx, journal.schoolId, journal.yearId, journal.grade);
	const decision = decideCellEdit(value, facts, rulesKeeping(rules, stored, value));
	if (!decision.ok) return refuse('invalid', decision.reason, { stored });
	const next = decision.value;
	if (sameCell(stored, next)) return done({ stored, changed: false, replayed: false });
	await replaceCell(tx, { lessonId, studentId, value: next, authorId: actor.personId, workTypeId: facts.lesson!.workTypeId, weight: facts.lesson!.weight });
	await writeAudit(tx, {
		actorId: actor.personId,
		action: 'cell.update',
		entity: CELL_ENTITY,
		entityId: key,
		oldValue: cellRecord(stored),
		newValue: { ...cellRecord(next), e: edit.editId, journalId: journal.journalId },
		source: edit.source
	});
	// the pupil and their parents hear of a mark or a missed lesson in the same transaction.
	const { told, riskMayChange } = await noticeCellChange(tx, actor, journal, { lessonId, studentId, date: facts.lesson!.date, before: stored, after: next, today, scale: rules.scale });
	return done({ stored: next, changed: true, replayed: false, told, riskDate: riskMayChange ? facts.lesson!.date : undefined });
}

