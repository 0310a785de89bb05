/** People and their scope: what the policy needs to know about an actor or a student. */
import type { Actor, Role } from '../../domain/policy.ts';
import { accessFromChoices, type AccessChoice } from '../../domain/access.ts';
import type { Sql, Tx } from './client.ts';
import { replacedLessonsOf } from './timetable.ts';

/** A row's id. */
interface IdRow {
	id: number;
}

/** The school year that contains the date, else the latest one begun before it, else the first. */
export async function currentYearId(sql: Sql, schoolId: number, today: string): Promise<number | undefined> {
	const [row] = await sql<IdRow[]>`
		select id from school_year where school_id = ${schoolId}
		order by (${today}::date between starts_on and ends_on) desc, (starts_on <= ${today}::date) desc, starts_on desc
		limit 1`;
	return row?.id;
}

/** The row of loadActor: the person's staff roles, and ids of what they teach, lead or belong to. */
interface ActorRow {
	/** staff_role.role, which its check keeps to the staff roles. */
	staff_roles: Role[];
	journal_ids: number[];
	teaching_class_ids: number[];
	class_teacher_of: number[];
	child_ids: number[];
	family_class_ids: number[];
	is_student: boolean;
	/** The school's stored choices of optional rights, as json. */
	access: AccessChoice[] | string;
}

/**
 * Loads the actor (roles and scope) for a person in the given school year. With `today`, a
 * journal the person substitutes in on that day counts as one they teach (journal_substitute). The
 * lessons a timetable replacement gives them are `replacedLessons` (those lessons, and only those).
 */
export async function loadActor(sql: Sql, personId: number, schoolId: number, yearId: number | undefined, today?: string): Promise<Actor> {
	const year = yearId ?? 0;
	const teaching = sql`(select journal_id, teacher_id from journal_teacher
		union select journal_id, teacher_id from journal_substitute where ${today ?? null}::date between from_on and to_on)`;
	const [row] = await sql<ActorRow[]>`
		select
			coalesce((select array_agg(role order by role) from staff_role where person_id = ${personId}), '{}') as staff_roles,
			coalesce((select array_agg(jt.journal_id order by jt.journal_id)
				from ${teaching} jt join journal j on j.id = jt.journal_id
				join study_group g on g.id = j.group_id join class c on c.id = g.class_id
				where jt.teacher_id = ${personId} and c.year_id = ${year}), '{}') as journal_ids,
			coalesce((select array_agg(distinct g.class_id)
				from ${teaching} jt join journal j on j.id = jt.journal_id
				join study_group g on g.id = j.group_id join class c on c.id = g.class_id
				where jt.teacher_id = ${personId} and c.year_id = ${year}), '{}') as teaching_class_ids,
			coalesce((select array_agg(id order by id) from class where class_teacher_id = ${personId} and year_id = ${year}), '{}') as class_teacher_of,
			coalesce((select array_agg(student_id order by student_id) from guardian where parent_id = ${personId}), '{}') as child_ids,
			coalesce((select array_agg(distinct e.class_id)
				from enrolment e join class c on c.id = e.class_id
				where c.year_id = ${year} and (e.student_id = ${personId}
					or e.student_id in (select student_id from guardian where parent_id = ${personId}))), '{}') as family_class_ids,
			exists (select 1 from enrolment where student_id = ${personId}) as is_student,
			coalesce((select json_agg(json_build_object('category', category, 'right', access_right, 'granted', granted))
				from access_right where school_id = ${schoolId}), '[]') as access`;
	const roles: Role[] = [...row.staff_roles];
	if (row.class_teacher_of.length > 0) roles.push('class_teacher');
	if (row.child_ids.length > 0) roles.push('parent');
	if (row.is_student) roles.push('student');
	// Timetable replacements of single lessons: those lessons of the journal, and only those.
	const replaced = row.staff_roles.length > 0 ? await replacedLessonsOf(sql, personId, year) : {};
	return {
		...(Object.keys(replaced).length > 0 ? { replacedLessons: replaced } : {}),
		personId,
		schoolId,
		roles,
		journalIds: row.journal_ids,
		teachingClassIds: row.teaching_class_ids,
		classTeacherOf: row.class_teacher_of,
		childIds: row.child_ids,
		familyClassIds: row.family_class_ids,
		// the school's rights per category travel with the actor, read once per request.
		access: accessFromChoices(typeof row.access === 'string' ? JSON.parse(row.access) : row.access)
	};
}

/** A student as the policy sees them: every class and journal they were ever in. */
export interface StudentScope {
	studentId: number;
	schoolId: number;
	classIds: number[];
	journalIds: number[];
}

/** The row of loadStudentScope. */
interface StudentScopeRow {
	id: number;
	school_id: number;
	class_ids: number[];
	journal_ids: number[];
}

/** The student's scope, or undefined when the id is not a student's. */
export async function loadStudentScope(sql: Sql, studentId: number): Promise<StudentScope | undefined> {
	const [row] = await sql<StudentScopeRow[]>`
		select p.id, p.school_id,
			coalesce((select array_agg(distinct class_id) from enrolment where student_id = p.id), '{}') as class_ids,
			coalesce((select array_agg(distinct j.id) from group_member m join journal j on j.group_id = m.group_id
				where m.student_id = p.id), '{}') as journal_ids
		from person p
		where p.id = ${studentId} and exists (select 1 from enrolment where student_id = p.id)`;
	if (!row) return undefined;
	return { studentId: row.id, schoolId: row.school_id, classIds: row.class_ids, journalIds: row.journal_ids };
}

/** The row of personAccountScope. */
interface AccountScopeRow {
	school_id: number;
	full_name: string;
	class_ids: number[];
}

/** A person's school and the classes their account belongs to (own enrolment or children's). */
export async function personAccountScope(sql: Sql, personId: number): Promise<{ schoolId: number; fullName: string; classIds: number[] } | undefined> {
	const [row] = await sql<AccountScopeRow[]>`
		select p.school_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name,
			coalesce((select array_agg(distinct e.class_id) from enrolment e
				where e.student_id = p.id or e.student_id in (select student_id from guardian where parent_id = p.id)), '{}') as class_ids
		from person p where p.id = ${personId}`;
	return row && { schoolId: row.school_id, fullName: row.full_name, classIds: row.class_ids };
}

/** A row of staffOfSchool. */
interface StaffRow {
	id: number;
	full_name: string;
	roles: string[];
	has_account: boolean;
	blocked: boolean;
}

/** A member of staff: their staff roles (as stored) and the state of their account. */
export interface StaffMember {
	personId: number;
	fullName: string;
	roles: string[];
	hasAccount: boolean;
	blocked: boolean;
}

/** Staff of a school with their roles and whether they have an account, and whether it is blocked. */
export async function staffOfSchool(sql: Sql, schoolId: number): Promise<StaffMember[]> {
	const rows = await sql<StaffRow[]>`
		select p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name,
			array_agg(r.role order by r.role) as roles, a.id is not null as has_account, coalesce(a.disabled_at is not null, false) as blocked
		from person p join staff_role r on r.person_id = p.id left join account a on a.person_id = p.id
		where p.school_id = ${schoolId}
		group by p.id, a.id order by p.last_name, p.first_name`;
	return rows.map((row) => ({ personId: row.id, fullName: row.full_name, roles: row.roles, hasAccount: row.has_account, blocked: row.blocked }));
}

/** One person's staff roles as stored (none for a family member), with their school and account. */
export async function staffRolesOf(sql: Sql | Tx, personId: number): Promise<{ schoolId: number; fullName: string; roles: string[]; accountId: number | null } | undefined> {
	const [row] = await sql<{ school_id: number; full_name: string; roles: string[]; account_id: number | null }[]>`
		select p.school_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name,
			coalesce((select array_agg(role order by role) from staff_role where person_id = p.id), '{}') as roles,
			(select id from account where person_id = p.id) as account_id
		from person p where p.id = ${personId}`;
	return row && { schoolId: row.school_id, fullName: row.full_name, roles: row.roles, accountId: row.account_id };
}

/** Gives a person a staff role; true when they did not hold it. */
export async function grantStaffRole(tx: Tx, personId: number, role: string): Promise<boolean> {
	const rows = await tx<{ person_id: number }[]>`
		insert into staff_role (person_id, role) values (${personId}, ${role}) on conflict do nothing returning person_id`;
	return rows.length > 0;
}

/** Takes a staff role away; true when they held it. */
export async function revokeStaffRole(tx: Tx, personId: number, role: string): Promise<boolean> {
	const rows = await tx<{ person_id: number }[]>`delete from staff_role where person_id = ${personId} and role = ${role} returning person_id`;
	return rows.length > 0;
}

/**
 * Administrators of a school who can still sign in (an account, not blocked), by person id. Locks
 * their role and account rows until the transaction ends, so two administrators taking away each other's
 * role (or blocking each other) one after the other see each other's change.
 */
export async function workingAdmins(tx: Tx, schoolId: number): Promise<number[]> {
	const rows = await tx<{ person_id: number }[]>`
		select r.person_id from staff_role r join person p on p.id = r.person_id join account a on a.person_id = p.id
		where p.school_id = ${schoolId} and r.role = 'admin' and a.disabled_at is null
		for update of r, a`;
	return rows.map((row) => row.person_id);
}
