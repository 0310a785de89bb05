/**
 * Plain inserts of a school's structure: the school, its year with periods, holidays and types of
 * work, classes, groups and their members, subjects, journals with their teachers, people with
 * their accounts, staff roles and guardians. Each function writes one row through the client it
 * is given (a transaction of the caller, who decides what one use case is) and returns the new
 * id; none opens a transaction of its own and none writes an audit row. For building a school
 * from a description (test factories, an import); marks, lessons and period marks are not here:
 * they go through the journal's own commands.
 */
import type { Sql, Tx } from './client.ts';
import type { PeriodPlan } from '../../domain/periods.ts';

type Q = Sql | Tx;

/** A school. */
export interface SchoolDraft {
	name: string;
	shortName: string;
	/** Per-school settings (timezone, bells); none by default. */
	settings?: Record<string, unknown>;
}

/** Inserts a school; returns its id. */
export async function insertSchool(sql: Q, school: SchoolDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into school (name, short_name, settings) values (${school.name}, ${school.shortName}, ${sql.json((school.settings ?? {}) as never)})
		returning id`;
	return row.id;
}

/** A school year, 'YYYY/YYYY' from startsOn to endsOn. */
export interface SchoolYearDraft {
	schoolId: number;
	name: string;
	startsOn: string;
	endsOn: string;
}

/** Inserts a school year; returns its id. */
export async function insertSchoolYear(sql: Q, year: SchoolYearDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into school_year (school_id, name, starts_on, ends_on) values (${year.schoolId}, ${year.name}, ${year.startsOn}, ${year.endsOn})
		returning id`;
	return row.id;
}

/** A quarter, trimester or half-year of a year for a range of grades (R-5.3: marks due by marksDeadline). */
export interface PeriodDraft extends PeriodPlan {
	yearId: number;
}

/** Inserts a period; returns its id. */
export async function insertPeriod(sql: Q, period: PeriodDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into period (year_id, kind, ordinal, name, starts_on, ends_on, marks_deadline, grade_from, grade_to)
		values (${period.yearId}, ${period.kind}, ${period.ordinal}, ${period.name}, ${period.startsOn}, ${period.endsOn},
			${period.marksDeadline}, ${period.gradeFrom}, ${period.gradeTo})
		returning id`;
	return row.id;
}

/** A holiday or a break of a year, both days included. */
export interface HolidayDraft {
	yearId: number;
	name: string;
	startsOn: string;
	endsOn: string;
}

/** Inserts a holiday; returns its id. */
export async function insertHoliday(sql: Q, holiday: HolidayDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into holiday (year_id, name, starts_on, ends_on) values (${holiday.yearId}, ${holiday.name}, ${holiday.startsOn}, ${holiday.endsOn})
		returning id`;
	return row.id;
}

/** A type of work of a school (in one year, or every year when yearId is null) with its weight (X-MARKS). */
export interface WorkTypeDraft {
	schoolId: number;
	yearId: number | null;
	code: string;
	name: string;
	weight: number;
	/** a lesson of this type needs a topic. */
	topicRequired: boolean;
}

/** Inserts a type of work; returns its id. */
export async function insertWorkType(sql: Q, workType: WorkTypeDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into work_type (school_id, year_id, code, name, weight, topic_required)
		values (${workType.schoolId}, ${workType.yearId}, ${workType.code}, ${workType.name}, ${workType.weight}, ${workType.topicRequired})
		returning id`;
	return row.id;
}

/** A person of a school: staff, student or parent alike. */
export interface PersonDraft {
	schoolId: number;
	lastName: string;
	firstName: string;
	middleName?: string | null;
	birthDate?: string | null;
}

/** Inserts a person; returns its id. */
export async function insertPerson(sql: Q, person: PersonDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into person (school_id, last_name, first_name, middle_name, birth_date)
		values (${person.schoolId}, ${person.lastName}, ${person.firstName}, ${person.middleName ?? null}, ${person.birthDate ?? null})
		returning id`;
	return row.id;
}

/** A person's account: a lower-case login and an argon2 hash of the password. */
export interface AccountDraft {
	personId: number;
	login: string;
	passwordHash: string;
}

/** Inserts an account; returns its id. */
export async function insertAccount(sql: Q, account: AccountDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into account (person_id, login, password_hash) values (${account.personId}, ${account.login}, ${account.passwordHash})
		returning id`;
	return row.id;
}

/** A staff role a person holds (class teachers are the class's, parents and students follow from their rows). */
export type StaffRole = 'admin' | 'director' | 'deputy' | 'teacher';

/** Grants a staff role to a person. */
export async function insertStaffRole(sql: Q, personId: number, role: StaffRole): Promise<void> {
	await sql`insert into staff_role (person_id, role) values (${personId}, ${role})`;
}

/** A class of a year: grade and letter, with its class teacher if it has one. */
export interface ClassDraft {
	yearId: number;
	grade: number;
	letter: string;
	classTeacherId?: number | null;
}

/** Inserts a class; returns its id. */
export async function insertClass(sql: Q, klass: ClassDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into class (year_id, grade, letter, class_teacher_id) values (${klass.yearId}, ${klass.grade}, ${klass.letter}, ${klass.classTeacherId ?? null})
		returning id`;
	return row.id;
}

/** A student's arrival in a class, and departure if they left. */
export interface EnrolmentDraft {
	studentId: number;
	classId: number;
	arrivedOn: string;
	departedOn?: string | null;
	note?: string | null;
}

/** Inserts an enrolment; returns its id. */
export async function insertEnrolment(sql: Q, enrolment: EnrolmentDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into enrolment (student_id, class_id, arrived_on, departed_on, note)
		values (${enrolment.studentId}, ${enrolment.classId}, ${enrolment.arrivedOn}, ${enrolment.departedOn ?? null}, ${enrolment.note ?? null})
		returning id`;
	return row.id;
}

/** Links a parent (or another legal guardian) to a student. */
export async function insertGuardian(sql: Q, guardian: { parentId: number; studentId: number; relation?: string }): Promise<void> {
	await sql`
		insert into guardian (parent_id, student_id, relation) values (${guardian.parentId}, ${guardian.studentId}, ${guardian.relation ?? 'родитель'})`;
}

/** A subject of a school. */
export interface SubjectDraft {
	schoolId: number;
	name: string;
	shortName: string;
	/** Graded зачёт/незачёт or not at all. */
	markFree?: boolean;
}

/** Inserts a subject; returns its id. */
export async function insertSubject(sql: Q, subject: SubjectDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into subject (school_id, name, short_name, mark_free) values (${subject.schoolId}, ${subject.name}, ${subject.shortName}, ${subject.markFree ?? false})
		returning id`;
	return row.id;
}

/** A group of a class: the whole class (subjectId null) or a subgroup for one subject. */
export interface StudyGroupDraft {
	classId: number;
	subjectId: number | null;
	name: string;
}

/** Inserts a study group; returns its id. */
export async function insertStudyGroup(sql: Q, group: StudyGroupDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into study_group (class_id, subject_id, name, whole_class) values (${group.classId}, ${group.subjectId}, ${group.name}, ${group.subjectId === null})
		returning id`;
	return row.id;
}

/** A student's membership of a group from a day, and until a day if it ended. */
export interface GroupMemberDraft {
	groupId: number;
	studentId: number;
	fromOn: string;
	toOn?: string | null;
}

/** Inserts a group membership; returns its id. */
export async function insertGroupMember(sql: Q, member: GroupMemberDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into group_member (group_id, student_id, from_on, to_on) values (${member.groupId}, ${member.studentId}, ${member.fromOn}, ${member.toOn ?? null})
		returning id`;
	return row.id;
}

/** A journal: one group × one subject, with its lessons a week. */
export interface JournalDraft {
	groupId: number;
	subjectId: number;
	hoursPerWeek?: number;
}

/** Inserts a journal; returns its id. */
export async function insertJournal(sql: Q, journal: JournalDraft): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into journal (group_id, subject_id, hours_per_week) values (${journal.groupId}, ${journal.subjectId}, ${journal.hoursPerWeek ?? 1})
		returning id`;
	return row.id;
}

/** Adds a teacher to a journal's teaching load. */
export async function insertJournalTeacher(sql: Q, journalId: number, teacherId: number): Promise<void> {
	await sql`insert into journal_teacher (journal_id, teacher_id) values (${journalId}, ${teacherId})`;
}
