/**
 * The small school a test describes, written into the running server's database in one
 * transaction through the plain inserts of `src/lib/server/db/setup.ts`: a school, its year with
 * periods, holidays and types of work, classes with their whole-class group, subgroups, subjects,
 * journals with their teachers, students enrolled from a date, parents, staff with roles, and
 * accounts with known logins and passwords. What a teacher does afterwards (lessons, marks,
 * period marks) goes through the product's own endpoints and websocket: see `teaching.ts`.
 *
 *     const w = await buildWorld(async (make) => {
 *         const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
 *         const seventh = await make.class({ grade: 7, letter: 'А' });
 *         const petya = await make.student('Иванов Пётр Сергеевич', { class: seventh });
 *         const algebra = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] });
 *         return { teacher, seventh, petya, algebra };
 *     });
 */
import { database, type Tx } from '../../src/lib/server/db/client';
import { hashPassword } from '../../src/lib/server/auth/password';
import * as setup from '../../src/lib/server/db/setup';
import type { StaffRole } from '../../src/lib/server/db/setup';
import type { WorkType } from '../../src/lib/server/db/journal-facts';
import type { PeriodPlan } from '../../src/lib/domain/periods';

/** The password of every account whose test does not name one. */
export const DEFAULT_PASSWORD = 'factory-password';

/** A school. */
export interface School {
	id: number;
	name: string;
	shortName: string;
}

/** A period of a year as it was stored. */
export interface Period extends PeriodPlan {
	id: number;
}

/** A holiday of a year as it was stored. */
export interface Holiday {
	id: number;
	name: string;
	startsOn: string;
	endsOn: string;
}

/** A type of work as it was stored. */
export type { WorkType };

/** A school year with what was made in it. */
export interface Year {
	id: number;
	schoolId: number;
	name: string;
	startsOn: string;
	endsOn: string;
	periods: Period[];
	holidays: Holiday[];
	workTypes: WorkType[];
	/** The period with this name («2 четверть»); throws when there is none. */
	period(name: string): Period;
	/** The type of work with this code; throws when there is none. */
	workType(code: string): WorkType;
}

/** A person; `login` and `password` are set when they have an account. */
export interface Person {
	id: number;
	lastName: string;
	firstName: string;
	middleName: string | null;
	/** «Фамилия Имя Отчество», as pages and the audit history write it. */
	fullName: string;
	/** «Фамилия Имя», as the journal's student list writes it. */
	shortName: string;
	login: string | undefined;
	password: string | undefined;
}

/** A person with an account. */
export interface Account extends Person {
	login: string;
	password: string;
}

/** A group of a class: the whole class, or a subgroup for one subject. */
export interface Group {
	id: number;
	classId: number;
	subjectId: number | null;
	name: string;
}

/** A class with its whole-class group. */
export interface Klass {
	id: number;
	yearId: number;
	grade: number;
	letter: string;
	/** «7А». */
	name: string;
	wholeClass: Group;
	classTeacher: Person | undefined;
}

/** A subject. */
export interface Subject {
	id: number;
	name: string;
	shortName: string;
}

/** A journal: a group × a subject of the class's year. */
export interface Journal {
	id: number;
	group: Group;
	classId: number;
	subject: Subject;
	teachers: Person[];
}

/** A period as a test describes it; the marks deadline is the penultimate day unless given. */
export interface PeriodSpec {
	kind?: Period['kind'];
	ordinal: number;
	name: string;
	startsOn: string;
	endsOn: string;
	marksDeadline?: string;
	grades?: [from: number, to: number];
}

/** A holiday as a test describes it. */
export interface HolidaySpec {
	name: string;
	startsOn: string;
	endsOn: string;
}

/** A type of work as a test describes it. */
export interface WorkTypeSpec {
	code: string;
	name: string;
	weight?: number;
	topicRequired?: boolean;
}

/** An account as a test describes it: the login, and the password when it matters. */
export interface AccountSpec {
	login?: string;
	password?: string;
}

/** A student as a test describes them. */
export interface StudentSpec extends AccountSpec {
	class: Klass;
	from?: string;
	to?: string;
}

/** A parent as a test describes them. */
export interface ParentSpec extends AccountSpec {
	children: Person[];
	relation?: string;
}

/** Makes the rows of the world inside its transaction. */
export interface WorldMaker {
	/** The transaction, for a row no factory makes yet. */
	readonly tx: Tx;
	/** A school (the first one made is where everything else goes unless told otherwise). */
	school(spec?: { name?: string; shortName?: string }): Promise<School>;
	/** The school year (2026/2027 with four quarters for grades 1–11 unless told otherwise); the first one made is the default. */
	year(spec?: { name?: string; startsOn?: string; endsOn?: string; periods?: PeriodSpec[]; holidays?: HolidaySpec[]; workTypes?: WorkTypeSpec[] }): Promise<Year>;
	/** A person («Фамилия Имя Отчество»), with an account when a login is given. */
	person(name: string, account: AccountSpec & { login: string }): Promise<Account>;
	person(name: string, account?: AccountSpec): Promise<Person>;
	/** A staff member with these roles and an account (a login is made up when none is given). */
	staff(name: string, roles: StaffRole[], account?: AccountSpec): Promise<Account>;
	/** A subject teacher with an account. */
	teacher(name: string, account?: AccountSpec): Promise<Account>;
	/** A class of the year, with its whole-class group and its class teacher if given. */
	class(spec: { grade: number; letter: string; year?: Year; classTeacher?: Person }): Promise<Klass>;
	/** A student enrolled in the class (and its whole-class group) from a day (the year's first by default), until a day if they left; with an account when a login is given. */
	student(name: string, spec: StudentSpec & { login: string }): Promise<Account>;
	student(name: string, spec: StudentSpec): Promise<Person>;
	/** A parent of the children, with an account when a login is given. */
	parent(name: string, spec: ParentSpec & { login: string }): Promise<Account>;
	parent(name: string, spec: ParentSpec): Promise<Person>;
	/** A subject of the school. */
	subject(name: string, spec?: { shortName?: string; markFree?: boolean }): Promise<Subject>;
	/** A subgroup of the class for a subject with its members from a day (the year's first by default) until they left the class, if they did. */
	subgroup(spec: { class: Klass; subject: Subject; name: string; students: Person[]; from?: string }): Promise<Group>;
	/** A journal of a group (a class means its whole-class group) and a subject, taught by the teachers. */
	journal(spec: { group: Klass | Group; subject: Subject; teachers: Person[]; hoursPerWeek?: number }): Promise<Journal>;
}

/** The four quarters of the school year that starts in September of `year` (the demo school's dates), for grades 1–11 unless told. */
export function quarters(year = 2026, grades: [number, number] = [1, 11]): PeriodSpec[] {
	const next = year + 1;
	return [
		{ ordinal: 1, name: '1 четверть', startsOn: `${year}-09-01`, endsOn: `${year}-10-24`, grades },
		{ ordinal: 2, name: '2 четверть', startsOn: `${year}-11-05`, endsOn: `${year}-12-27`, grades },
		{ ordinal: 3, name: '3 четверть', startsOn: `${next}-01-12`, endsOn: `${next}-03-20`, grades },
		{ ordinal: 4, name: '4 четверть', startsOn: `${next}-03-30`, endsOn: `${next}-05-26`, grades }
	];
}

/** The demo school's types of work and weights (X-MARKS), for tests about topics and weights. */
export const STANDARD_WORK_TYPES: readonly WorkTypeSpec[] = [
	{ code: 'answer', name: 'Ответ на уроке', weight: 1 },
	{ code: 'homework', name: 'Домашняя работа', weight: 1 },
	{ code: 'independent', name: 'Самостоятельная работа', weight: 2 },
	{ code: 'test', name: 'Контрольная работа', weight: 3, topicRequired: true },
	{ code: 'lab', name: 'Лабораторная работа', weight: 2, topicRequired: true },
	{ code: 'practical', name: 'Практическая работа', weight: 2, topicRequired: true }
];

const hashes = new Map<string, Promise<string>>();
// argon2 is slow on purpose: one hash per distinct password is enough for a test.
const hashOf = (password: string) => {
	let hash = hashes.get(password);
	if (!hash) hashes.set(password, (hash = hashPassword(password)));
	return hash;
};

/** The day before a date, 'YYYY-MM-DD'. */
function dayBefore(date: string): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function splitName(name: string): { lastName: string; firstName: string; middleName: string | null } {
	const [lastName, firstName, ...rest] = name.trim().split(/\s+/);
	if (!lastName || !firstName) throw new Error(`a person needs at least a last and a first name: «${name}»`);
	return { lastName, firstName, middleName: rest.length ? rest.join(' ') : null };
}

/**
 * Builds the world the callback describes in one transaction of the running server's database
 * (start the server first, with `startEmptySchool()`), and returns what the callback returns.
 */
export async function buildWorld<T>(describe: (make: WorldMaker) => Promise<T>): Promise<T> {
	const { sql } = await database();
	return (await sql.begin((tx) => describe(worldMaker(tx)))) as T;
}

function worldMaker(tx: Tx): WorldMaker {
	let school: School | undefined;
	let year: Year | undefined;
	let logins = 0;
	// The year of each class made, for the default day of enrolment and membership.
	const classYears = new Map<number, Year>();
	// The day each student who left did so: their memberships of subgroups end then too.
	const departures = new Map<number, string>();
	const defaultSchool = async () => (school ??= await make.school());
	const defaultYear = async () => (year ??= await make.year());

	// person, student and parent are overloaded (an account when a login is given): the literal is cast once.
	const make = {
		tx,
		async school(spec = {}) {
			const name = spec.name ?? 'МБОУ «Школа № 1»';
			const shortName = spec.shortName ?? 'Школа № 1';
			const made = { id: await setup.insertSchool(tx, { name, shortName }), name, shortName };
			school ??= made;
			return made;
		},
		async year(spec = {}) {
			const schoolId = (await defaultSchool()).id;
			const name = spec.name ?? '2026/2027';
			const first = Number(name.slice(0, 4));
			const startsOn = spec.startsOn ?? `${first}-09-01`;
			const endsOn = spec.endsOn ?? `${first + 1}-05-31`;
			const id = await setup.insertSchoolYear(tx, { schoolId, name, startsOn, endsOn });
			const periods: Period[] = [];
			for (const p of spec.periods ?? quarters(first)) {
				const row = {
					kind: p.kind ?? 'quarter',
					ordinal: p.ordinal,
					name: p.name,
					startsOn: p.startsOn,
					endsOn: p.endsOn,
					marksDeadline: p.marksDeadline ?? dayBefore(p.endsOn),
					gradeFrom: p.grades?.[0] ?? 1,
					gradeTo: p.grades?.[1] ?? 11
				};
				periods.push({ id: await setup.insertPeriod(tx, { yearId: id, ...row }), ...row });
			}
			const holidays: Holiday[] = [];
			for (const h of spec.holidays ?? []) holidays.push({ id: await setup.insertHoliday(tx, { yearId: id, ...h }), ...h });
			const workTypes: WorkType[] = [];
			for (const w of spec.workTypes ?? []) {
				const row = { code: w.code, name: w.name, weight: w.weight ?? 1, topicRequired: w.topicRequired ?? false };
				workTypes.push({ id: await setup.insertWorkType(tx, { schoolId, yearId: id, ...row }), ...row });
			}
			const made: Year = {
				id,
				schoolId,
				name,
				startsOn,
				endsOn,
				periods,
				holidays,
				workTypes,
				period: (periodName) => periods.find((p) => p.name === periodName) ?? missing(`period «${periodName}»`),
				workType: (code) => workTypes.find((w) => w.code === code) ?? missing(`type of work «${code}»`)
			};
			year ??= made;
			return made;
		},
		async person(name: string, account?: AccountSpec): Promise<Person> {
			const parts = splitName(name);
			const id = await setup.insertPerson(tx, { schoolId: (await defaultSchool()).id, ...parts });
			const person: Person = {
				id,
				...parts,
				fullName: [parts.lastName, parts.firstName, parts.middleName].filter(Boolean).join(' '),
				shortName: `${parts.lastName} ${parts.firstName}`,
				login: undefined,
				password: undefined
			};
			if (account?.login !== undefined || account?.password !== undefined) {
				person.login = account.login ?? `person-${++logins}`;
				person.password = account.password ?? DEFAULT_PASSWORD;
				await setup.insertAccount(tx, { personId: id, login: person.login, passwordHash: await hashOf(person.password) });
			}
			return person;
		},
		async staff(name, roles, account = {}) {
			const person = (await make.person(name, { login: account.login ?? `staff-${++logins}`, password: account.password })) as Account;
			for (const role of roles) await setup.insertStaffRole(tx, person.id, role);
			return person;
		},
		teacher(name, account) {
			return make.staff(name, ['teacher'], account);
		},
		async class(spec) {
			const of = spec.year ?? (await defaultYear());
			const id = await setup.insertClass(tx, { yearId: of.id, grade: spec.grade, letter: spec.letter, classTeacherId: spec.classTeacher?.id });
			const wholeClass: Group = { id: 0, classId: id, subjectId: null, name: 'Весь класс' };
			wholeClass.id = await setup.insertStudyGroup(tx, { classId: id, subjectId: null, name: wholeClass.name });
			const made: Klass = { id, yearId: of.id, grade: spec.grade, letter: spec.letter, name: `${spec.grade}${spec.letter}`, wholeClass, classTeacher: spec.classTeacher };
			classYears.set(id, of);
			return made;
		},
		async student(name: string, spec: StudentSpec): Promise<Person> {
			const account = spec.login !== undefined || spec.password !== undefined ? { login: spec.login, password: spec.password } : undefined;
			const person = await make.person(name, account);
			const from = spec.from ?? classYears.get(spec.class.id)!.startsOn;
			await setup.insertEnrolment(tx, { studentId: person.id, classId: spec.class.id, arrivedOn: from, departedOn: spec.to });
			await setup.insertGroupMember(tx, { groupId: spec.class.wholeClass.id, studentId: person.id, fromOn: from, toOn: spec.to });
			if (spec.to) departures.set(person.id, spec.to);
			return person;
		},
		async parent(name: string, spec: ParentSpec): Promise<Person> {
			const account = spec.login !== undefined || spec.password !== undefined ? { login: spec.login, password: spec.password } : undefined;
			const person = await make.person(name, account);
			for (const child of spec.children) await setup.insertGuardian(tx, { parentId: person.id, studentId: child.id, relation: spec.relation });
			return person;
		},
		async subject(name, spec = {}) {
			const shortName = spec.shortName ?? name;
			return { id: await setup.insertSubject(tx, { schoolId: (await defaultSchool()).id, name, shortName, markFree: spec.markFree }), name, shortName };
		},
		async subgroup(spec) {
			const group: Group = { id: 0, classId: spec.class.id, subjectId: spec.subject.id, name: spec.name };
			group.id = await setup.insertStudyGroup(tx, { classId: spec.class.id, subjectId: spec.subject.id, name: spec.name });
			const from = spec.from ?? classYears.get(spec.class.id)!.startsOn;
			for (const student of spec.students) await setup.insertGroupMember(tx, { groupId: group.id, studentId: student.id, fromOn: from, toOn: departures.get(student.id) });
			return group;
		},
		async journal(spec) {
			const group = 'wholeClass' in spec.group ? spec.group.wholeClass : spec.group;
			const id = await setup.insertJournal(tx, { groupId: group.id, subjectId: spec.subject.id, hoursPerWeek: spec.hoursPerWeek });
			for (const teacher of spec.teachers) await setup.insertJournalTeacher(tx, id, teacher.id);
			return { id, group, classId: group.classId, subject: spec.subject, teachers: spec.teachers };
		}
	} as WorldMaker;
	return make;
}

function missing(what: string): never {
	throw new Error(`the world has no ${what}`);
}
