/**
 * Subgroups of a class and moves between them, and the journals a class gets
 * from the curriculum. Who may: whoever the policy lets change the class (the administrator, the
 * class teacher for their class). Membership is history: a move closes the old row the day
 * before and opens a new one; nothing is deleted, so every mark stays in the journal where it was
 * given and each journal shows the student only from the day they joined.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { insertGroupMember, insertStudyGroup } from '../db/setup.ts';
import { findSubject } from '../db/structure.ts';
import {
	classForGroups,
	classMembershipOn,
	closeMembership,
	curriculumOfGrade,
	findGroup,
	groupsForSubject,
	groupNameTaken,
	hasEntriesFrom,
	insertJournalIfMissing,
	personNameOf,
	renameGroupRow,
	subgroupMembershipsFrom,
	journalsOfGroups,
	type ClassForGroups
} from '../db/groups.ts';
import { notifyAccessChanged, notifyStudentsChanged } from '../collab-bridge.ts';
import { checkGroupName, checkMove, GROUP_MESSAGES as M, parseFormDate } from '../../domain/groups.ts';
import { addDays } from '../../domain/dates.ts';
import { parseId } from '../../domain/ids.ts';
import { classResource, decide, type Actor } from '../../domain/policy.ts';
import type { Tx } from '../db/client.ts';
import { done, refuse, type Outcome } from './outcome.ts';

// The class, locked, when it is the actor's school's and the policy lets the actor change it; else the refusal.
async function classToChange(tx: Tx, actor: Actor, classId: number | undefined): Promise<Outcome<ClassForGroups>> {
	const klass = classId === undefined ? undefined : await classForGroups(tx, classId, true);
	if (!klass || klass.schoolId !== actor.schoolId) return refuse('not_found', M.classNotFound);
	const decision = decide(actor, 'write', classResource({ schoolId: klass.schoolId, classId: klass.classId }));
	return decision.allow ? done(klass) : refuse('forbidden', decision.reason);
}

/**
 * Adds a subgroup of a class for a subject (a class splits for languages, ИТ, труд). Checks: the
 * class is the school's and the actor may change it; the subject is the school's; the name
 * (`checkGroupName`) is not taken by another subgroup of the subject in the class.
 */
export async function addSubgroup(ctx: Ctx, actor: Actor, input: { classId: unknown; subjectId: unknown; name: unknown }): Promise<Outcome<string>> {
	const name = checkGroupName(input.name);
	return ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const klass = await classToChange(tx, actor, parseId(input.classId));
		if (!klass.ok) return klass;
		const subjectId = parseId(input.subjectId);
		const subject = subjectId === undefined ? undefined : await findSubject(tx, actor.schoolId, subjectId);
		if (!subject) return refuse('invalid', M.subjectNotFound);
		if (!name.ok) return refuse('invalid', name.reason);
		if (await groupNameTaken(tx, klass.value.classId, subject.id, name.value)) return refuse('conflict', M.nameTaken(name.value));
		const groupId = await insertStudyGroup(tx, { classId: klass.value.classId, subjectId: subject.id, name: name.value });
		await writeAudit(tx, { actorId: actor.personId, action: 'group.add', entity: 'study_group', entityId: groupId, newValue: { classId: klass.value.classId, subjectId: subject.id, name: name.value } });
		return done(M.subgroupAdded(name.value));
	});
}

/** Renames a subgroup. Checks: the group's class is the school's and the actor may change it; not the whole class; the name is valid and free. */
export async function renameSubgroup(ctx: Ctx, actor: Actor, input: { groupId: unknown; name: unknown }): Promise<Outcome<string>> {
	const groupId = parseId(input.groupId);
	const name = checkGroupName(input.name);
	return ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const group = groupId === undefined ? undefined : await findGroup(tx, groupId);
		if (!group) return refuse('not_found', M.groupNotFound);
		const klass = await classToChange(tx, actor, group.classId);
		if (!klass.ok) return klass.code === 'not_found' ? refuse('not_found', M.groupNotFound) : klass;
		if (group.wholeClass || group.subjectId === null) return refuse('invalid', M.wholeClassRename);
		if (!name.ok) return refuse('invalid', name.reason);
		if (await groupNameTaken(tx, group.classId, group.subjectId, name.value, group.groupId)) return refuse('conflict', M.nameTaken(name.value));
		await renameGroupRow(tx, group.groupId, name.value);
		await writeAudit(tx, { actorId: actor.personId, action: 'group.rename', entity: 'study_group', entityId: group.groupId, oldValue: { name: group.name }, newValue: { name: name.value } });
		return done(M.renamed(name.value));
	});
}

/**
 * Moves a student into a subgroup from a date (or places them in one for the first time).
 * Checks: the group is a subgroup of a class of the school the actor may change; the date is in
 * the class's year and the student is in the class that day; the student is not already there;
 * every other subgroup of the same subject they leave had them before that day (`checkMove`) and
 * holds no mark, absence or comment of theirs on or after it — marks stay where they were given.
 * Then, in one transaction: the old memberships end the day before, a new one opens on the day
 * (until the student leaves the class, if that is known), and an audit row.
 */
export async function moveStudent(ctx: Ctx, actor: Actor, input: { studentId: unknown; groupId: unknown; from: unknown }): Promise<Outcome<string>> {
	const groupId = parseId(input.groupId);
	const studentId = parseId(input.studentId);
	const date = parseFormDate(input.from);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<{ message: string; journalIds: number[] }>> => {
		const group = groupId === undefined ? undefined : await findGroup(tx, groupId);
		if (!group) return refuse('not_found', M.groupNotFound);
		const klass = await classToChange(tx, actor, group.classId);
		if (!klass.ok) return klass.code === 'not_found' ? refuse('not_found', M.groupNotFound) : klass;
		if (group.wholeClass || group.subjectId === null) return refuse('invalid', M.moveToWholeClass);
		const student = studentId === undefined ? undefined : await personNameOf(tx, actor.schoolId, studentId);
		if (student === undefined || studentId === undefined) return refuse('invalid', M.studentNotFound);
		if (date === undefined) return refuse('invalid', M.date);
		const inClass = await classMembershipOn(tx, group.classId, studentId, date);
		const open = await subgroupMembershipsFrom(tx, group.classId, group.subjectId, studentId, date);
		const checked = checkMove({ date, year: klass.value, inClassOnDate: inClass !== undefined, target: { id: group.groupId, name: group.name }, open });
		if (!checked.ok) return refuse('conflict', checked.reason);
		for (const left of open) {
			if (await hasEntriesFrom(tx, left.groupId, studentId, date)) return refuse('conflict', M.marksAfter(left.groupName, date));
		}
		const lastDay = addDays(date, -1);
		for (const left of open) await closeMembership(tx, left.memberId, lastDay);
		const memberId = await insertGroupMember(tx, { groupId: group.groupId, studentId, fromOn: date, toOn: inClass?.toOn ?? null });
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'group.move',
			entity: 'group_member',
			entityId: memberId,
			oldValue: open.map((m) => ({ groupId: m.groupId, fromOn: m.fromOn, toOn: m.toOn })),
			newValue: { studentId, groupId: group.groupId, fromOn: date, closedOn: open.length > 0 ? lastDay : null }
		});
		return done({ message: M.moved(student, group.name, date), journalIds: await journalsOfGroups(tx, [group.groupId, ...open.map((m) => m.groupId)]) });
	});
	if (!outcome.ok) return outcome;
	// Open journals of the groups left and joined show the pupil list anew; open journals of the
	// school are judged again (who is in a group decides what may be written where).
	await notifyStudentsChanged(outcome.value.journalIds);
	await notifyAccessChanged({ schoolId: actor.schoolId });
	return done(outcome.value.message);
}

/**
 * Creates the journals of a class from the year's curriculum in one action: for every subject the
 * class's grade studies, a journal for each subgroup of that subject, or for the whole class when
 * the subject has no subgroups, with the curriculum's lessons a week. Journals that exist are left
 * as they are, so running it again after a split adds only what is missing. Checks: the class is
 * the school's and the actor may change it; the grade has a curriculum.
 */
export async function createJournalsFromCurriculum(ctx: Ctx, actor: Actor, input: { classId: unknown }): Promise<Outcome<string>> {
	return ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const klass = await classToChange(tx, actor, parseId(input.classId));
		if (!klass.ok) return klass;
		const plan = await curriculumOfGrade(tx, klass.value.yearId, klass.value.grade);
		if (plan.length === 0) return refuse('conflict', M.noCurriculum(klass.value.grade));
		const created: Array<{ journalId: number; groupId: number; subjectId: number }> = [];
		for (const row of plan) {
			for (const groupId of await groupsForSubject(tx, klass.value.classId, row.subjectId)) {
				const journalId = await insertJournalIfMissing(tx, groupId, row.subjectId, row.hoursPerWeek);
				if (journalId !== undefined) created.push({ journalId, groupId, subjectId: row.subjectId });
			}
		}
		if (created.length > 0)
			await writeAudit(tx, { actorId: actor.personId, action: 'journal.create_from_curriculum', entity: 'class', entityId: klass.value.classId, newValue: { journals: created } });
		return done(M.journalsCreated(created.length));
	});
}
