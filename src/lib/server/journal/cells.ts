/**
 * One use case, one transaction: a teacher's edit of one journal cell (X-MARKS, X-AUDIT). The
 * live journal (server/collab) calls it for every changed cell; any other writer of cells
 * (a mobile form, an import) should call it too, so every cell change is checked the same way
 * and leaves the same audit row.
 */
import type { Sql } from '../db/client.ts';
import { writeAudit } from '../db/audit.ts';
import { CELL_ENTITY, cellEditFacts, cellRulesOf, editAlreadyCommitted, lockCell, readCell, replaceCell } from '../db/journal-writes.ts';
import { rulesKeeping, sameCell, type CellValue } from '../../domain/cell.ts';
import { cellFromDoc, cellKey } from '../../domain/journal-doc.ts';
import { decideCellEdit, JOURNAL_MESSAGES } from '../../domain/journal-rules.ts';
import { decide, type Actor } from '../../domain/policy.ts';

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
	/** The school's today (YYYY-MM-DD): periods are open or closed as of this day. */
	today: string;
}

/** What became of the edit; `stored` is what the tables hold afterwards. */
export type CellCommit =
	| { kind: 'committed'; stored: CellValue; changed: boolean }
	| { kind: 'replayed'; stored: CellValue }
	| { kind: 'rejected'; stored: CellValue; reason: string };

/**
 * Checks and commits one cell edit: may the actor write this journal, is the value well formed
 * and legal, is the lesson in this journal, was the student in the group that day, is the period
 * open. If so, the marks / absence / comment rows become the value and an audit row (who, when,
 * old, new, where from) is appended, in one transaction. An edit id seen before is a replay
 * (a reconnecting client writing again what was already saved) and changes nothing.
 */
export async function commitCellEdit(sql: Sql, actor: Actor, journal: CellJournal, edit: CellEdit): Promise<CellCommit> {
	const { lessonId, studentId } = edit;
	const resource = { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId } as const;
	const allowed = decide(actor, 'write', resource);
	const value = cellFromDoc(edit.raw);
	const key = cellKey(lessonId, studentId);
	return sql.begin(async (tx) => {
		await lockCell(tx, lessonId, studentId);
		const stored = await readCell(tx, lessonId, studentId);
		if (!allowed.allow) return { kind: 'rejected', stored, reason: allowed.reason } as const;
		if (!value) return { kind: 'rejected', stored, reason: JOURNAL_MESSAGES.malformedCell } as const;
		if (edit.editId !== null && (await editAlreadyCommitted(tx, key, edit.editId))) return { kind: 'replayed', stored } as const;
		const facts = await cellEditFacts(tx, journal.journalId, lessonId, studentId, edit.today);
		// The rules are read per edit, so what the administrator saved counts from the next edit on.
		const rules = await cellRulesOf(tx, journal.schoolId, journal.yearId, journal.grade);
		const decision = decideCellEdit(value, facts, rulesKeeping(rules, stored, value));
		if (!decision.ok) return { kind: 'rejected', stored, reason: decision.reason } as const;
		const next = decision.value;
		if (sameCell(stored, next)) return { kind: 'committed', stored, changed: false } as const;
		await replaceCell(tx, { lessonId, studentId, value: next, authorId: actor.personId, workTypeId: facts.lesson!.workTypeId, weight: facts.lesson!.weight });
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'cell.update',
			entity: CELL_ENTITY,
			entityId: key,
			oldValue: { m: stored.marks, a: stored.absence, c: stored.comment },
			newValue: { m: next.marks, a: next.absence, c: next.comment, e: edit.editId, journalId: journal.journalId },
			source: edit.source
		});
		return { kind: 'committed', stored: next, changed: true } as const;
	});
}
