/** Reads of the administrator's people pages: the school's list of people and one person's card. */
import type { Ctx } from '../context.ts';
import { classesOfYear } from '../db/school.ts';
import { enrolmentsOf, findPerson, peopleOfSchool, relativesOf } from '../db/persons.ts';
import { staffRolesOf } from '../db/people.ts';
import { findAccountByPerson } from '../db/accounts.ts';
import { PERSON_KINDS, type PersonKind } from '../../domain/people.ts';
import { parseId } from '../../domain/ids.ts';
import { decide, GRANTABLE_ROLES, may, peopleResource, ROLE_NAMES, staffResource, type Actor, type Role } from '../../domain/policy.ts';
import { done, refuse } from '../commands/outcome.ts';
import { PEOPLE_MESSAGES } from '../../domain/people.ts';

/** The actor may read the school's people, or the policy's refusal. */
function mayRead(actor: Actor) {
	const decision = decide(actor, 'read', peopleResource(actor.schoolId));
	return decision.allow ? done(undefined) : refuse('forbidden', decision.reason);
}

/** The school's people of one kind (or everyone), with the classes and roles the add form offers. */
export async function peoplePage(ctx: Ctx, actor: Actor, ask: { kind: string | null; q: string | null; yearId: number | undefined }) {
	const allowed = mayRead(actor);
	if (!allowed.ok) return allowed;
	const kind = PERSON_KINDS.find((k) => k === ask.kind);
	const q = (ask.q ?? '').trim().toLocaleLowerCase('ru-RU');
	const yearId = ask.yearId ?? 0;
	const everyone = await peopleOfSchool(ctx.sql, actor.schoolId, yearId);
	const people = everyone
		.filter((p) => !kind || (kind === 'student' ? p.isStudent : kind === 'parent' ? p.isParent : p.staffRoles.length > 0))
		.filter((p) => !q || p.fullName.toLocaleLowerCase('ru-RU').includes(q))
		.map((p) => ({ ...p, roleNames: p.staffRoles.map((r) => ROLE_NAMES[r as Role]) }));
	const classes = ask.yearId ? await classesOfYear(ctx.sql, ask.yearId) : [];
	return done({
		kind: kind ?? null,
		q: ask.q ?? '',
		people,
		total: everyone.length,
		classes: classes.map((c) => ({ classId: c.classId, name: c.name })),
		students: everyone.filter((p) => p.isStudent).map((p) => ({ personId: p.personId, fullName: p.fullName, className: p.className })),
		roles: GRANTABLE_ROLES.filter((role) => may(actor, 'manage', staffResource(actor.schoolId, role))).map((role) => ({ role, name: ROLE_NAMES[role] })),
		canManage: may(actor, 'manage', peopleResource(actor.schoolId))
	});
}

/** One person's card: fields, roles, account, enrolments with departures, parents and children, and what the forms offer. */
export async function personPage(ctx: Ctx, actor: Actor, ask: { personId: string; yearId: number | undefined }) {
	const allowed = mayRead(actor);
	if (!allowed.ok) return allowed;
	const personId = parseId(ask.personId);
	const person = personId === undefined ? undefined : await findPerson(ctx.sql, actor.schoolId, personId);
	if (!person) return refuse('not_found', PEOPLE_MESSAGES.personNotFound);
	const [roles, account, enrolments, relatives, everyone, classes] = await Promise.all([
		staffRolesOf(ctx.sql, person.personId),
		findAccountByPerson(ctx.sql, person.personId),
		enrolmentsOf(ctx.sql, person.personId),
		relativesOf(ctx.sql, person.personId),
		peopleOfSchool(ctx.sql, actor.schoolId, ask.yearId ?? 0),
		ask.yearId ? classesOfYear(ctx.sql, ask.yearId) : Promise.resolve([])
	]);
	const linked = new Set([...relatives.parents, ...relatives.children].map((r) => r.personId));
	const kinds: PersonKind[] = [];
	if (enrolments.length > 0) kinds.push('student');
	if (relatives.children.length > 0) kinds.push('parent');
	if ((roles?.roles.length ?? 0) > 0) kinds.push('staff');
	return done({
		person,
		kinds,
		roleNames: (roles?.roles ?? []).map((r) => ROLE_NAMES[r as Role]),
		account: account ? { login: account.login, blocked: account.disabled } : null,
		enrolments,
		enrolledNow: enrolments.some((e) => e.departedOn === null),
		parents: relatives.parents,
		children: relatives.children,
		classes: classes.map((c) => ({ classId: c.classId, name: c.name })),
		// Whom the card may link: students as children, anyone else as a parent.
		students: everyone.filter((p) => p.isStudent && p.personId !== person.personId && !linked.has(p.personId)).map((p) => ({ personId: p.personId, fullName: p.fullName, className: p.className })),
		adults: everyone.filter((p) => !p.isStudent && p.personId !== person.personId && !linked.has(p.personId)).map((p) => ({ personId: p.personId, fullName: p.fullName })),
		canManage: may(actor, 'manage', peopleResource(actor.schoolId))
	});
}
