/**
 * The school's people as the administrator keeps them (R-4.1.3, R-4.3.6, X-AUDIT): adding a
 * student (enrolled into a class), a parent (of a child) or a member of staff (with a role);
 * editing names, date of birth, contacts and the school's own number; linking and unlinking a
 * parent; enrolling a student from a date (arrival mid-year included) and recording a departure
 * (last day, to which school, why). A departure closes the enrolment and the student's group
 * memberships on the last day: their marks stay in the journals, which show them greyed from then
 * on and refuse new cells after that day. Each command checks the policy, then the input with the
 * domain rules, then writes the rows and an audit row in one transaction. An arrival or a departure
 * is then shown in the open live journals of the class at once, as a move between subgroups is.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { insertEnrolment, insertGroupMember } from '../db/setup.ts';
import { grantStaffRole } from '../db/people.ts';
import {
	classForEnrolment,
	closeEnrolment,
	findPerson,
	insertPersonRecord,
	isStudent,
	linkGuardian,
	lockOpenEnrolments,
	lockPerson,
	lockSchoolPeople,
	schoolKeyTaken,
	unlinkGuardian,
	updatePersonRecord,
	type PersonFields
} from '../db/persons.ts';
import { journalsOfClasses, journalsOfGroups } from '../db/groups.ts';
import { notifyAccessChanged, notifyStudentsChanged } from '../collab-bridge.ts';
import { findAccountByPerson } from '../db/accounts.ts';
import { formatDate } from '../../domain/dates.ts';
import { parseId } from '../../domain/ids.ts';
import { checkArrival, checkDeparture, checkPerson, fullNameOf, PEOPLE_MESSAGES as M, PERSON_KINDS, type PersonInput, type PersonKind } from '../../domain/people.ts';
import { decide, GRANTABLE_ROLES, peopleResource, staffResource, type Actor, type GrantableRole } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** The actor may change the school's people, or the policy's refusal. */
export function mayManagePeople(actor: Actor): Outcome {
	const decision = decide(actor, 'manage', peopleResource(actor.schoolId));
	return decision.allow ? done(undefined) : refuse('forbidden', decision.reason);
}

/** A person added: their id and a sentence to show. */
export interface PersonAdded {
	personId: number;
	message: string;
}

/**
 * Adds a person of one kind. A student is enrolled into the chosen class (its whole-class group)
 * from the arrival date, a day of the class's year; a parent is linked to the chosen child (a
 * student of the school) when one is given; a member of staff gets the chosen role, as the staff
 * list would give it (an administrator only by an administrator). Checks: the policy; the person
 * (`checkPerson`); the school's number not taken (under the school's people lock).
 */
export async function addPerson(
	ctx: Ctx,
	actor: Actor,
	input: PersonInput & { kind: unknown; classId?: unknown; arrivedOn?: unknown; childId?: unknown; role?: unknown }
): Promise<Outcome<PersonAdded>> {
	const allowed = mayManagePeople(actor);
	if (!allowed.ok) return allowed;
	const kind = PERSON_KINDS.find((k) => k === input.kind);
	if (!kind) return refuse('invalid', M.kind);
	const checked = checkPerson(input, ctx.today);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const person = checked.value;
	const name = fullNameOf(person);

	let enrol: { classId: number; groupId: number; on: string } | undefined;
	let childId: number | undefined;
	let role: GrantableRole | undefined;
	if (kind === 'student') {
		const classId = parseId(input.classId);
		if (classId === undefined) return refuse('invalid', M.classNeeded);
		const klass = await classForEnrolment(ctx.sql, actor.schoolId, classId);
		if (!klass) return refuse('invalid', M.classNotFound);
		const arrival = checkArrival({ on: input.arrivedOn }, klass.year);
		if (!arrival.ok) return refuse('invalid', arrival.reason);
		enrol = { classId, groupId: klass.groupId, on: arrival.value };
	} else if (kind === 'parent') {
		const typed = typeof input.childId === 'string' && input.childId !== '' ? input.childId : undefined;
		if (typed !== undefined) {
			childId = parseId(typed);
			if (childId === undefined || !(await studentOfSchool(ctx, actor, childId))) return refuse('invalid', M.studentNotFound);
		}
	} else {
		role = GRANTABLE_ROLES.find((r) => r === input.role);
		if (!role) return refuse('invalid', M.role);
		const decision = decide(actor, 'manage', staffResource(actor.schoolId, role));
		if (!decision.allow) return refuse('forbidden', decision.reason);
	}

	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<PersonAdded & { journalIds: number[] }>> => {
		await lockSchoolPeople(tx, actor.schoolId);
		if (person.schoolKey && (await schoolKeyTaken(tx, actor.schoolId, person.schoolKey, 0))) return refuse('conflict', M.schoolKeyTaken(person.schoolKey));
		const personId = await insertPersonRecord(tx, actor.schoolId, person);
		const extra: Record<string, unknown> = {};
		if (enrol) {
			const enrolmentId = await insertEnrolment(tx, { studentId: personId, classId: enrol.classId, arrivedOn: enrol.on });
			await insertGroupMember(tx, { groupId: enrol.groupId, studentId: personId, fromOn: enrol.on });
			Object.assign(extra, { enrolmentId, classId: enrol.classId, arrivedOn: enrol.on });
		}
		if (childId !== undefined) {
			await linkGuardian(tx, personId, childId, 'родитель');
			extra.childId = childId;
		}
		if (role) {
			await grantStaffRole(tx, personId, role);
			extra.role = role;
		}
		await writeAudit(tx, { actorId: actor.personId, action: 'person.add', entity: 'person', entityId: personId, newValue: { kind, ...person, ...extra } });
		return done({ personId, message: M.added(name), journalIds: enrol ? await journalsOfGroups(tx, [enrol.groupId]) : [] });
	});
	if (!outcome.ok) return outcome;
	// The new pupil appears in the open journals of the class's whole group.
	await notifyStudentsChanged(outcome.value.journalIds);
	return done({ personId: outcome.value.personId, message: outcome.value.message });
}

async function studentOfSchool(ctx: Ctx, actor: Actor, personId: number): Promise<boolean> {
	return (await findPerson(ctx.sql, actor.schoolId, personId)) !== undefined && (await isStudent(ctx.sql, personId));
}

/** Changes a person's names, date of birth, contacts and school number; the audit keeps old and new. */
export async function updatePerson(ctx: Ctx, actor: Actor, input: PersonInput & { personId: unknown }): Promise<Outcome<string>> {
	const allowed = mayManagePeople(actor);
	if (!allowed.ok) return allowed;
	const personId = parseId(input.personId);
	if (personId === undefined) return refuse('not_found', M.personNotFound);
	const checked = checkPerson(input, ctx.today);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const next = checked.value;
	return ctx.sql.begin(async (tx): Promise<Outcome<string>> => {
		await lockSchoolPeople(tx, actor.schoolId);
		const old = await lockPerson(tx, actor.schoolId, personId);
		if (!old) return refuse('not_found', M.personNotFound);
		if (next.schoolKey && (await schoolKeyTaken(tx, actor.schoolId, next.schoolKey, personId))) return refuse('conflict', M.schoolKeyTaken(next.schoolKey));
		const { lastName, firstName, middleName, birthDate, email, phone, schoolKey } = old;
		const before: PersonFields = { lastName, firstName, middleName, birthDate, email, phone, schoolKey };
		if (JSON.stringify(before) !== JSON.stringify(next)) {
			await updatePersonRecord(tx, personId, next);
			await writeAudit(tx, { actorId: actor.personId, action: 'person.update', entity: 'person', entityId: personId, oldValue: before, newValue: next });
		}
		return done(M.saved(fullNameOf(next)));
	});
}

/**
 * Links (linked = true) or unlinks a parent and a student of the school. The child must be a
 * student; the parent any person of the school but the child. The parent's open live channels
 * re-check what they may read.
 */
export async function setParentLink(ctx: Ctx, actor: Actor, input: { parentId: unknown; studentId: unknown; linked: boolean }): Promise<Outcome<string>> {
	const allowed = mayManagePeople(actor);
	if (!allowed.ok) return allowed;
	const parentId = parseId(input.parentId);
	const studentId = parseId(input.studentId);
	if (parentId === undefined) return refuse('invalid', M.parentNotFound);
	if (studentId === undefined) return refuse('invalid', M.studentNotFound);
	if (parentId === studentId) return refuse('invalid', M.selfParent);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<{ message: string; changed: boolean }>> => {
		const parent = await lockPerson(tx, actor.schoolId, parentId);
		if (!parent) return refuse('not_found', M.parentNotFound);
		const child = await lockPerson(tx, actor.schoolId, studentId);
		if (!child || !(await isStudent(tx, studentId))) return refuse('not_found', M.studentNotFound);
		const [parentName, childName] = [fullNameOf(parent), fullNameOf(child)];
		if (input.linked) {
			const changed = await linkGuardian(tx, parentId, studentId, 'родитель');
			if (!changed) return done({ message: M.alreadyLinked(parentName, childName), changed });
			await writeAudit(tx, { actorId: actor.personId, action: 'guardian.link', entity: 'guardian', entityId: `${parentId}:${studentId}`, newValue: { parentId, studentId } });
			return done({ message: M.linked(parentName, childName), changed });
		}
		const changed = await unlinkGuardian(tx, parentId, studentId);
		if (changed) await writeAudit(tx, { actorId: actor.personId, action: 'guardian.unlink', entity: 'guardian', entityId: `${parentId}:${studentId}`, oldValue: { parentId, studentId } });
		return done({ message: M.unlinked(parentName, childName), changed });
	});
	if (!outcome.ok) return outcome;
	if (outcome.value.changed) {
		const account = await findAccountByPerson(ctx.sql, parentId);
		if (account) await notifyAccessChanged({ accountId: account.accountId });
	}
	return done(outcome.value.message);
}

/**
 * Enrols a student of the school into a class from a date (an arrival, mid-year included): the
 * date is a day of the class's year and the student is in no class now (a move is a departure
 * first). The student joins the class's whole-class group from that day.
 */
export async function enrolStudent(ctx: Ctx, actor: Actor, input: { studentId: unknown; classId: unknown; arrivedOn: unknown }): Promise<Outcome<string>> {
	const allowed = mayManagePeople(actor);
	if (!allowed.ok) return allowed;
	const studentId = parseId(input.studentId);
	if (studentId === undefined) return refuse('not_found', M.personNotFound);
	const classId = parseId(input.classId);
	if (classId === undefined) return refuse('invalid', M.classNeeded);
	const klass = await classForEnrolment(ctx.sql, actor.schoolId, classId);
	if (!klass) return refuse('invalid', M.classNotFound);
	const arrival = checkArrival({ on: input.arrivedOn }, klass.year);
	if (!arrival.ok) return refuse('invalid', arrival.reason);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<{ message: string; journalIds: number[] }>> => {
		const person = await lockPerson(tx, actor.schoolId, studentId);
		if (!person) return refuse('not_found', M.personNotFound);
		const open = await lockOpenEnrolments(tx, studentId);
		if (open.length > 0) return refuse('conflict', M.alreadyEnrolled(open[0].className));
		const enrolmentId = await insertEnrolment(tx, { studentId, classId, arrivedOn: arrival.value });
		await insertGroupMember(tx, { groupId: klass.groupId, studentId, fromOn: arrival.value });
		await writeAudit(tx, { actorId: actor.personId, action: 'enrolment.arrive', entity: 'enrolment', entityId: enrolmentId, newValue: { studentId, classId, arrivedOn: arrival.value } });
		return done({ message: M.enrolled(fullNameOf(person), klass.name, formatDate(arrival.value)), journalIds: await journalsOfGroups(tx, [klass.groupId]) });
	});
	if (!outcome.ok) return outcome;
	// Open journals of the class show the pupil from the day of arrival, at once.
	await notifyStudentsChanged(outcome.value.journalIds);
	return done(outcome.value.message);
}

/**
 * Records a student's departure from the school: the last day they are in the class
 * (not before their arrival), the school they go to and the reason. Their enrolment and every
 * membership of the class's groups end on that day; marks, absences and period marks stay.
 */
export async function recordDeparture(ctx: Ctx, actor: Actor, input: { studentId: unknown; lastDay: unknown; to: unknown; reason: unknown }): Promise<Outcome<string>> {
	const allowed = mayManagePeople(actor);
	if (!allowed.ok) return allowed;
	const studentId = parseId(input.studentId);
	if (studentId === undefined) return refuse('not_found', M.personNotFound);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<{ message: string; journalIds: number[] }>> => {
		const person = await lockPerson(tx, actor.schoolId, studentId);
		if (!person) return refuse('not_found', M.personNotFound);
		const open = await lockOpenEnrolments(tx, studentId);
		if (open.length === 0) return refuse('conflict', M.notEnrolled);
		const latest = open[open.length - 1];
		const checked = checkDeparture(input, latest.arrivedOn);
		if (!checked.ok) return refuse('invalid', checked.reason);
		const { lastDay, to, reason } = checked.value;
		for (const e of open) await closeEnrolment(tx, { enrolmentId: e.enrolmentId, classId: e.classId, studentId, lastDay, to, reason });
		await writeAudit(tx, { actorId: actor.personId, action: 'enrolment.depart', entity: 'enrolment', entityId: latest.enrolmentId, newValue: { studentId, classId: latest.classId, lastDay, to, reason } });
		return done({ message: M.departed(fullNameOf(person), formatDate(lastDay)), journalIds: await journalsOfClasses(tx, open.map((e) => e.classId)) });
	});
	if (!outcome.ok) return outcome;
	// Open journals of the class (subgroups too) show the pupil as departed after the last day, at once.
	await notifyStudentsChanged(outcome.value.journalIds);
	return done(outcome.value.message);
}

export type { PersonKind };
