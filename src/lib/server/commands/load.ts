/**
 * The teaching load: the administrator assigns teachers to journals and takes them off (one or
 * more teachers per journal). Each checks the policy (managing a journal), then the input, then
 * writes the row and an audit row in one transaction; afterwards open live connections of the
 * school are judged again, so a teacher taken off a journal stops writing in it at once.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { addJournalTeacher, journalForLoad, removeJournalTeacher, staffNameOf } from '../db/load.ts';
import { notifyAccessChanged } from '../collab-bridge.ts';
import { GROUP_MESSAGES as M } from '../../domain/groups.ts';
import { parseId } from '../../domain/ids.ts';
import { decide, journalResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

type Change = 'assign' | 'remove';

/** Assigns a teacher (staff of the school) to a journal of the school. Checks: the journal is the school's; the policy lets the actor manage it; the teacher is staff. */
export function assignTeacher(ctx: Ctx, actor: Actor, input: { journalId: unknown; teacherId: unknown }): Promise<Outcome<string>> {
	return changeLoad(ctx, actor, input, 'assign');
}

/** Takes a teacher off a journal, with the same checks as `assignTeacher`. */
export function removeTeacher(ctx: Ctx, actor: Actor, input: { journalId: unknown; teacherId: unknown }): Promise<Outcome<string>> {
	return changeLoad(ctx, actor, input, 'remove');
}

async function changeLoad(ctx: Ctx, actor: Actor, input: { journalId: unknown; teacherId: unknown }, change: Change): Promise<Outcome<string>> {
	const journalId = parseId(input.journalId);
	const teacherId = parseId(input.teacherId);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const journal = journalId === undefined ? undefined : await journalForLoad(tx, journalId);
		if (!journal || journal.schoolId !== actor.schoolId) return refuse('not_found', M.journalNotFound);
		const decision = decide(actor, 'manage', journalResource(journal));
		if (!decision.allow) return refuse('forbidden', decision.reason);
		const teacher = teacherId === undefined ? undefined : await staffNameOf(tx, actor.schoolId, teacherId);
		if (teacher === undefined || teacherId === undefined) return refuse('invalid', M.teacherNotFound);
		if (change === 'assign') {
			if (!(await addJournalTeacher(tx, journal.journalId, teacherId))) return refuse('conflict', M.teacherAlready(teacher));
		} else if (!(await removeJournalTeacher(tx, journal.journalId, teacherId))) return refuse('conflict', M.teacherNotAssigned);
		await writeAudit(tx, {
			actorId: actor.personId,
			action: change === 'assign' ? 'load.assign' : 'load.remove',
			entity: 'journal',
			entityId: journal.journalId,
			newValue: { teacherId, journal: journal.title }
		});
		return done(change === 'assign' ? M.teacherAssigned(teacher) : M.teacherRemoved(teacher));
	});
	if (outcome.ok) await notifyAccessChanged({ schoolId: actor.schoolId });
	return outcome;
}
