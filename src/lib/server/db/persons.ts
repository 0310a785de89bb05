/**
 * People as the administrator keeps them: the school's list of students, parents and staff, one
 * person's card (contacts, enrolments, parents and children), and the rows behind adding and
 * editing a person, linking a parent, enrolling a student and recording a departure (R-4.1.3,
 * No transactions and no audit here: the people commands do both.
 */
import type { Sql, Tx } from './client.ts';
import type { PersonDraft } from '../../domain/people.ts';

type Q = Sql | Tx;

/** A person of the school's list, with what they are to the school this year. */
export interface PersonListItem {
	personId: number;
	fullName: string;
	birthDate: string | null;
	staffRoles: string[];
	/** The class the student is in now (this year's open enrolment), or null. */
	className: string | null;
	isStudent: boolean;
	isParent: boolean;
	hasAccount: boolean;
}

/** Everyone of the school with their roles, current class and whether they are a parent, by name. */
export async function peopleOfSchool(sql: Q, schoolId: number, yearId: number): Promise<PersonListItem[]> {
	const rows = await sql<{ id: number; full_name: string; birth_date: string | null; roles: string[]; class_name: string | null; is_student: boolean; is_parent: boolean; has_account: boolean }[]>`
		select p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name, p.birth_date,
			coalesce((select array_agg(role order by role) from staff_role where person_id = p.id), '{}') as roles,
			(select c.grade || c.letter from enrolment e join class c on c.id = e.class_id
				where e.student_id = p.id and c.year_id = ${yearId} and e.departed_on is null order by e.arrived_on desc limit 1) as class_name,
			exists (select 1 from enrolment e where e.student_id = p.id) as is_student,
			exists (select 1 from guardian g where g.parent_id = p.id) as is_parent,
			exists (select 1 from account a where a.person_id = p.id) as has_account
		from person p where p.school_id = ${schoolId}
		order by p.last_name, p.first_name, p.middle_name nulls first, p.id`;
	return rows.map((r) => ({
		personId: r.id,
		fullName: r.full_name,
		birthDate: r.birth_date,
		staffRoles: r.roles,
		className: r.class_name,
		isStudent: r.is_student,
		isParent: r.is_parent,
		hasAccount: r.has_account
	}));
}

/** A person's stored fields: the checked ones, and where and when they were last checked. */
export interface PersonRecord extends PersonDraft {
	personId: number;
	schoolId: number;
	profileVerifiedOn: string | null;
}

interface PersonRecordRow {
	id: number;
	school_id: number;
	last_name: string;
	first_name: string;
	middle_name: string | null;
	birth_date: string | null;
	email: string | null;
	phone: string | null;
	school_key: string | null;
	profile_verified_on: string | null;
}

function recordOf(r: PersonRecordRow): PersonRecord {
	return {
		personId: r.id,
		schoolId: r.school_id,
		...personFieldsOf(r),
		profileVerifiedOn: r.profile_verified_on
	};
}

/** A person of the school, or undefined (another school's person is not found). */
export async function findPerson(sql: Q, schoolId: number, personId: number): Promise<PersonRecord | undefined> {
	const [row] = await sql<PersonRecordRow[]>`
		select id, school_id, last_name, first_name, middle_name, birth_date, email, phone, school_key, profile_verified_on
		from person where id = ${personId} and school_id = ${schoolId}`;
	return row && recordOf(row);
}

/** A person of the school locked for the caller's transaction, or undefined. */
export async function lockPerson(tx: Tx, schoolId: number, personId: number): Promise<PersonRecord | undefined> {
	const [row] = await tx<PersonRecordRow[]>`
		select id, school_id, last_name, first_name, middle_name, birth_date, email, phone, school_key, profile_verified_on
		from person where id = ${personId} and school_id = ${schoolId} for update`;
	return row && recordOf(row);
}

/** What is written for a person: names, date of birth, contacts, the school's own number (a checked draft). */
export type PersonFields = PersonDraft;

/** A person row's fields as they are written. */
export function personFieldsOf(r: Pick<PersonRecordRow, 'last_name' | 'first_name' | 'middle_name' | 'birth_date' | 'email' | 'phone' | 'school_key'>): PersonFields {
	return { lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name, birthDate: r.birth_date, email: r.email, phone: r.phone, schoolKey: r.school_key };
}

/** Inserts a person of the school with their contacts; returns the id. */
export async function insertPersonRecord(tx: Tx, schoolId: number, p: PersonFields): Promise<number> {
	const [row] = await tx<{ id: number }[]>`
		insert into person (school_id, last_name, first_name, middle_name, birth_date, email, phone, school_key)
		values (${schoolId}, ${p.lastName}, ${p.firstName}, ${p.middleName}, ${p.birthDate}, ${p.email}, ${p.phone}, ${p.schoolKey})
		returning id`;
	return row.id;
}

/** Replaces a person's fields. */
export async function updatePersonRecord(tx: Tx, personId: number, p: PersonFields): Promise<void> {
	await tx`
		update person set last_name = ${p.lastName}, first_name = ${p.firstName}, middle_name = ${p.middleName}, birth_date = ${p.birthDate},
			email = ${p.email}, phone = ${p.phone}, school_key = ${p.schoolKey}
		where id = ${personId}`;
}

/** True when another person of the school has this school number. */
export async function schoolKeyTaken(sql: Q, schoolId: number, key: string, exceptId: number): Promise<boolean> {
	const [row] = await sql<{ taken: boolean }[]>`
		select exists (select 1 from person where school_id = ${schoolId} and school_key = ${key} and id <> ${exceptId}) as taken`;
	return row.taken;
}

/** Locks the school's people for one writer at a time (school numbers and imports stay unique). */
export async function lockSchoolPeople(tx: Tx, schoolId: number): Promise<void> {
	await tx`select pg_advisory_xact_lock(${-12}::int, ${schoolId}::int)`;
}

/** An enrolment of a student. */
export interface EnrolmentRecord {
	enrolmentId: number;
	classId: number;
	className: string;
	yearId: number;
	yearName: string;
	arrivedOn: string;
	departedOn: string | null;
	departedTo: string | null;
	departureReason: string | null;
}

/** Every enrolment of the student, latest first. */
export async function enrolmentsOf(sql: Q, studentId: number): Promise<EnrolmentRecord[]> {
	const rows = await sql<{ id: number; class_id: number; class_name: string; year_id: number; year_name: string; arrived_on: string; departed_on: string | null; departed_to: string | null; departure_reason: string | null }[]>`
		select e.id, e.class_id, c.grade || c.letter as class_name, c.year_id, y.name as year_name, e.arrived_on, e.departed_on, e.departed_to, e.departure_reason
		from enrolment e join class c on c.id = e.class_id join school_year y on y.id = c.year_id
		where e.student_id = ${studentId} order by e.arrived_on desc, e.id desc`;
	return rows.map((r) => ({
		enrolmentId: r.id,
		classId: r.class_id,
		className: r.class_name,
		yearId: r.year_id,
		yearName: r.year_name,
		arrivedOn: r.arrived_on,
		departedOn: r.departed_on,
		departedTo: r.departed_to,
		departureReason: r.departure_reason
	}));
}

/** The student's open enrolments (not departed), locked for the caller's transaction. */
export async function lockOpenEnrolments(tx: Tx, studentId: number): Promise<Array<{ enrolmentId: number; classId: number; className: string; arrivedOn: string }>> {
	const rows = await tx<{ id: number; class_id: number; class_name: string; arrived_on: string }[]>`
		select e.id, e.class_id, c.grade || c.letter as class_name, e.arrived_on
		from enrolment e join class c on c.id = e.class_id
		where e.student_id = ${studentId} and e.departed_on is null order by e.arrived_on for update of e`;
	return rows.map((r) => ({ enrolmentId: r.id, classId: r.class_id, className: r.class_name, arrivedOn: r.arrived_on }));
}

/** A class of the school with its year's dates and its whole-class group, or undefined. */
export async function classForEnrolment(sql: Q, schoolId: number, classId: number): Promise<{ classId: number; name: string; groupId: number; year: { name: string; startsOn: string; endsOn: string } } | undefined> {
	const [row] = await sql<{ id: number; name: string; group_id: number; year_name: string; starts_on: string; ends_on: string }[]>`
		select c.id, c.grade || c.letter as name, g.id as group_id, y.name as year_name, y.starts_on, y.ends_on
		from class c join school_year y on y.id = c.year_id join study_group g on g.class_id = c.id and g.whole_class
		where c.id = ${classId} and y.school_id = ${schoolId}`;
	return row && { classId: row.id, name: row.name, groupId: row.group_id, year: { name: row.year_name, startsOn: row.starts_on, endsOn: row.ends_on } };
}

/**
 * Closes an enrolment on the student's last day and every membership of the class's groups open
 * then (a membership that would only begin after that day is removed: nothing was recorded in
 * it). Marks and absences stay where they were given.
 */
export async function closeEnrolment(tx: Tx, e: { enrolmentId: number; classId: number; studentId: number; lastDay: string; to: string | null; reason: string }): Promise<void> {
	await tx`update enrolment set departed_on = ${e.lastDay}, departed_to = ${e.to}, departure_reason = ${e.reason} where id = ${e.enrolmentId}`;
	await tx`
		delete from group_member where student_id = ${e.studentId} and from_on > ${e.lastDay}::date
			and group_id in (select id from study_group where class_id = ${e.classId})`;
	await tx`
		update group_member set to_on = ${e.lastDay} where student_id = ${e.studentId} and (to_on is null or to_on > ${e.lastDay}::date)
			and group_id in (select id from study_group where class_id = ${e.classId})`;
}

/** A parent or child link as the person's card shows it. */
export interface Relative {
	personId: number;
	fullName: string;
	relation: string;
}

/** The person's parents (when a student) and children (when a parent). */
export async function relativesOf(sql: Q, personId: number): Promise<{ parents: Relative[]; children: Relative[] }> {
	const rows = await sql<{ id: number; full_name: string; relation: string; side: 'parent' | 'child' }[]>`
		select p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name, g.relation, 'parent' as side
		from guardian g join person p on p.id = g.parent_id where g.student_id = ${personId}
		union all
		select p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name), g.relation, 'child'
		from guardian g join person p on p.id = g.student_id where g.parent_id = ${personId}
		order by 2`;
	const of = (side: string) => rows.filter((r) => r.side === side).map((r) => ({ personId: r.id, fullName: r.full_name, relation: r.relation }));
	return { parents: of('parent'), children: of('child') };
}

/** True when the person was ever enrolled (is a student of the school). */
export async function isStudent(sql: Q, personId: number): Promise<boolean> {
	const [row] = await sql<{ student: boolean }[]>`select exists (select 1 from enrolment where student_id = ${personId}) as student`;
	return row.student;
}

/** Links a parent to a student; true when the link is new. */
export async function linkGuardian(tx: Tx, parentId: number, studentId: number, relation: string): Promise<boolean> {
	const rows = await tx<{ parent_id: number }[]>`
		insert into guardian (parent_id, student_id, relation) values (${parentId}, ${studentId}, ${relation}) on conflict do nothing returning parent_id`;
	return rows.length > 0;
}

/** Removes a parent's link to a student; true when there was one. */
export async function unlinkGuardian(tx: Tx, parentId: number, studentId: number): Promise<boolean> {
	const rows = await tx<{ parent_id: number }[]>`delete from guardian where parent_id = ${parentId} and student_id = ${studentId} returning parent_id`;
	return rows.length > 0;
}
