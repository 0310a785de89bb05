/**
 * The administrator's subjects and the curriculum of a year (lessons a week of each subject in
 * each grade). Each checks the policy (the administrator), then the input with the domain rules,
 * then writes the rows and an audit row (old, new) in one transaction.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { insertSubject } from '../db/setup.ts';
import { curriculumOf, findSubject, lockSchoolForSubjects, lockYearOfSchool, replaceCurriculum, subjectNameTaken, subjectsOfSchool, updateSubject } from '../db/structure.ts';
import { checkCurriculum, checkSubject, STRUCTURE_MESSAGES as M, type CurriculumCell, type SubjectInput } from '../../domain/school-structure.ts';
import { parseId } from '../../domain/ids.ts';
import type { Actor } from '../../domain/policy.ts';
import { notifySettingsChanged } from '../collab-bridge.ts';
import { mayManageSettings } from './grading.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** Adds a subject to the school unless its name (case ignored) is taken. */
export async function addSubject(ctx: Ctx, actor: Actor, input: SubjectInput): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const checked = checkSubject(input);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const subject = checked.value;
	return ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		await lockSchoolForSubjects(tx, actor.schoolId);
		if (await subjectNameTaken(tx, actor.schoolId, subject.name)) return refuse('conflict', M.subjectTaken(subject.name));
		const id = await insertSubject(tx, { schoolId: actor.schoolId, ...subject });
		await writeAudit(tx, { actorId: actor.personId, action: 'subject.add', entity: 'subject', entityId: id, newValue: subject });
		return done(M.subjectAdded(subject.name));
	});
}

/** Renames a subject or changes whether it is graded by marks; its journals keep their marks. */
export async function changeSubject(ctx: Ctx, actor: Actor, input: SubjectInput & { subjectId: unknown }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const subjectId = parseId(input.subjectId);
	if (subjectId === undefined) return refuse('not_found', M.subjectNotFound);
	const checked = checkSubject(input);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const next = checked.value;
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		await lockSchoolForSubjects(tx, actor.schoolId);
		const current = await findSubject(tx, actor.schoolId, subjectId);
		if (!current) return refuse('not_found', M.subjectNotFound);
		if (await subjectNameTaken(tx, actor.schoolId, next.name, subjectId)) return refuse('conflict', M.subjectTaken(next.name));
		await updateSubject(tx, subjectId, next);
		const old = { name: current.name, shortName: current.shortName, markFree: current.markFree };
		await writeAudit(tx, { actorId: actor.personId, action: 'subject.update', entity: 'subject', entityId: subjectId, oldValue: old, newValue: next });
		return done(M.subjectSaved(next.name));
	});
	// Journals show the subject's name and whether it takes marks.
	if (outcome.ok) await notifySettingsChanged(actor.schoolId);
	return outcome;
}

/**
 * Saves the year's curriculum as a whole: every cell of the form (`checkCurriculum`: empty, or
 * lessons a week in steps of 0,5) for the school's subjects; the old plan is kept in the audit row.
 */
export async function saveCurriculum(ctx: Ctx, actor: Actor, input: { yearId: unknown; cells: readonly CurriculumCell[] }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const yearId = parseId(input.yearId);
	if (yearId === undefined) return refuse('not_found', M.yearNotFound);
	const subjects = new Map((await subjectsOfSchool(ctx.sql, actor.schoolId)).map((s) => [s.id, s.name]));
	const checked = checkCurriculum(input.cells, subjects);
	if (!checked.ok) return refuse('invalid', checked.reason);
	return ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const year = await lockYearOfSchool(tx, actor.schoolId, yearId);
		if (!year) return refuse('not_found', M.yearNotFound);
		const old = await curriculumOf(tx, yearId);
		await replaceCurriculum(tx, yearId, checked.value);
		await writeAudit(tx, { actorId: actor.personId, action: 'curriculum.save', entity: 'school_year', entityId: yearId, oldValue: old, newValue: checked.value });
		return done(M.curriculumSaved(year.name));
	});
}
