/**
 * The administrator's classes of a school year (grade and letter, with a class teacher if one is
 * chosen). Each checks the policy (the school's settings are the administrator's), then the input
 * with the domain rules, then writes the rows and an audit row in one transaction.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { insertClass, insertStudyGroup } from '../db/setup.ts';
import { classForChange, classTaken, deleteClassRow, isStaffOfSchool, lockYearOfSchool } from '../db/structure.ts';
import { checkClass, className, STRUCTURE_MESSAGES as M, type ClassInput } from '../../domain/school-structure.ts';
import { parseId } from '../../domain/ids.ts';
import type { Actor } from '../../domain/policy.ts';
import { mayManageSettings } from './grading.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/**
 * Adds a class to a year of the actor's school with its whole-class group. Checks: the
 * administrator; the year is the school's; grade and letter (`checkClass`); the class is not in
 * the year yet (under the year's lock); the class teacher, when chosen, is staff of the school.
 */
export async function addClass(ctx: Ctx, actor: Actor, input: ClassInput & { yearId: unknown; classTeacherId?: unknown }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const yearId = parseId(input.yearId);
	if (yearId === undefined) return refuse('not_found', M.yearNotFound);
	const checked = checkClass(input);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const { grade, letter } = checked.value;
	const name = className(grade, letter);
	const teacherTyped = typeof input.classTeacherId === 'string' && input.classTeacherId !== '' ? input.classTeacherId : undefined;
	const classTeacherId = teacherTyped === undefined ? null : parseId(teacherTyped);
	if (classTeacherId === undefined || (classTeacherId !== null && !(await isStaffOfSchool(ctx.sql, actor.schoolId, classTeacherId))))
		return refuse('invalid', M.classTeacherNotFound);
	return ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		if (!(await lockYearOfSchool(tx, actor.schoolId, yearId))) return refuse('not_found', M.yearNotFound);
		if (await classTaken(tx, yearId, grade, letter)) return refuse('conflict', M.classTaken(name));
		const classId = await insertClass(tx, { yearId, grade, letter, classTeacherId });
		await insertStudyGroup(tx, { classId, subjectId: null, name });
		await writeAudit(tx, { actorId: actor.personId, action: 'class.add', entity: 'class', entityId: classId, newValue: { yearId, grade, letter, classTeacherId } });
		return done(M.classAdded(name));
	});
}

/** Deletes a class added by mistake: only one nobody was ever enrolled in and with no journals (nothing recorded is lost). */
export async function deleteClass(ctx: Ctx, actor: Actor, input: { classId: unknown }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const classId = parseId(input.classId);
	if (classId === undefined) return refuse('not_found', M.classNotFound);
	return ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		const klass = await classForChange(tx, classId);
		if (!klass || klass.schoolId !== actor.schoolId) return refuse('not_found', M.classNotFound);
		const name = className(klass.grade, klass.letter);
		if (klass.inUse) return refuse('conflict', M.classNotEmpty(name));
		await deleteClassRow(tx, classId);
		await writeAudit(tx, { actorId: actor.personId, action: 'class.delete', entity: 'class', entityId: classId, oldValue: { yearId: klass.yearId, grade: klass.grade, letter: klass.letter } });
		return done(M.classDeleted(name));
	});
}
