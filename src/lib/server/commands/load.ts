/**
 * The teaching load: the administrator assigns teachers to journals and takes them off (one or
 * more teachers per journal), and substitutes for a range of days: on those days (the school's
 * today) the substitute is one of the journal's teachers for the policy, and only then writes in
 * it (src/lib/server/db/people.ts loadActor). Each checks the policy (managing a journal), then the input, then
 * writes the row and an audit row in one transaction; afterwards open live connections of the
 * school are judged again, so a teacher taken off a journal stops writing in it at once.
 */
import type { Ctx } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { writeAudit } from '../db/audit.ts';
import {
	addJournalTeacher,
	deleteSubstitution,
	findSubstitution,
	insertSubstitution,
	isJournalTeacher,
	journalForLoad,
	removeJournalTeacher,
	staffNameOf,
	substitutionOverlaps
} from '../db/load.ts';
import { notifyAccessChanged } from '../collab-bridge.ts';
import { checkSubstitution, GROUP_MESSAGES as M } from '../../domain/groups.ts';
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

/** The journal (the school's, which the actor may manage) and the staff member named, or why not. */
async function journalAndTeacher(tx: Tx, actor: Actor, journalId: number | undefined, teacherId: number | undefined) {
	const journal = journalId === undefined ? undefined : await journalForLoad(tx, journalId);
	if (!journal || journal.schoolId !== actor.schoolId) return refuse('not_found', M.journalNotFound);
	const decision = decide(actor, 'manage', journalResource(journal));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const teacher = teacherId === undefined ? undefined : await staffNameOf(tx, actor.schoolId, teacherId);
	if (teacher === undefined || teacherId === undefined) return refuse('invalid', M.teacherNotFound);
	return done({ journal, teacher, teacherId });
}

async function changeLoad(ctx: Ctx, actor: Actor, input: { journalId: unknown; teacherId: unknown }, change: Change): Promise<Outcome<string>> {
	const journalId = parseId(input.journalId);
	const askedTeacher = parseId(input.teacherId);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const found = await journalAndTeacher(tx, actor, journalId, askedTeacher);
		if (!found.ok) return found;
		const { journal, teacher, teacherId } = found.value;
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

/**
 * Adds a substitute to a journal for a range of days. Checks: the journal is the school's and the
 * actor may manage it; the substitute is staff and not already one of its teachers; the days are
 * in the year, in order (`checkSubstitution`), and do not overlap another substitution of the same
 * teacher in this journal.
 */
export async function addSubstitute(ctx: Ctx, actor: Actor, input: { journalId: unknown; teacherId: unknown; from: unknown; to: unknown }): Promise<Outcome<string>> {
	const journalId = parseId(input.journalId);
	const askedTeacher = parseId(input.teacherId);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const found = await journalAndTeacher(tx, actor, journalId, askedTeacher);
		if (!found.ok) return found;
		const { journal, teacher, teacherId } = found.value;
		const days = checkSubstitution({ from: input.from, to: input.to, year: journal });
		if (!days.ok) return refuse('invalid', days.reason);
		if (await isJournalTeacher(tx, journal.journalId, teacherId)) return refuse('conflict', M.substituteIsTeacher(teacher));
		if (await substitutionOverlaps(tx, journal.journalId, teacherId, days.value.from, days.value.to)) return refuse('conflict', M.substituteOverlaps(teacher));
		const id = await insertSubstitution(tx, { journalId: journal.journalId, teacherId, ...days.value });
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'load.substitute',
			entity: 'journal_substitute',
			entityId: id,
			newValue: { journalId: journal.journalId, teacherId, from: days.value.from, to: days.value.to, journal: journal.title }
		});
		return done(M.substituteAdded(teacher, days.value.from, days.value.to));
	});
	if (outcome.ok) await notifyAccessChanged({ schoolId: actor.schoolId });
	return outcome;
}

/** Cancels a substitution (entered by mistake, or the teacher is back early), with the same checks of the journal as `addSubstitute`. */
export async function removeSubstitute(ctx: Ctx, actor: Actor, input: { substituteId: unknown }): Promise<Outcome<string>> {
	const substituteId = parseId(input.substituteId);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const found = substituteId === undefined ? undefined : await findSubstitution(tx, substituteId);
		const journal = found && (await journalForLoad(tx, found.journalId));
		if (!found || !journal || journal.schoolId !== actor.schoolId) return refuse('not_found', M.substituteNotFound);
		const decision = decide(actor, 'manage', journalResource(journal));
		if (!decision.allow) return refuse('forbidden', decision.reason);
		await deleteSubstitution(tx, found.substituteId);
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'load.substitute_remove',
			entity: 'journal_substitute',
			entityId: found.substituteId,
			oldValue: { journalId: found.journalId, teacherId: found.teacherId, from: found.fromOn, to: found.toOn }
		});
		return done(M.substituteRemoved(found.teacherName));
	});
	if (outcome.ok) await notifyAccessChanged({ schoolId: actor.schoolId });
	return outcome;
}
