import { describe, expect, test } from 'vitest';
import { accountOfResource, announcementsResource, CLASS_TEACHER_WRITES, conversationResource, decide, journalResource, messageToResource, MESSAGING_REFUSALS, ROLES, seesForecasts, staffResource, WITHHELD, type Action, type Actor, type ClassTeacherWrites, type JournalPart, type Party, type Resource, type ResourceKind, type Role } from '../../src/lib/domain/policy';
import { ACCESS_CATEGORIES, ACCESS_MESSAGES, accessFromChoices, checkAccessForm, choicesOf, DEFAULT_ACCESS, holds, OPTIONAL_RIGHTS, type AccessSettings } from '../../src/lib/domain/access';

// One school (1); the actor's own scope is class 10, journal 100, child / self 500.
// "in" resources lie inside that scope, "out" ones in class 20 / journal 200 / student 600.
const SCHOOL = 1;
function actorWith(role: Role): Actor {
	const base: Actor = {
		personId: 1,
		schoolId: SCHOOL,
		roles: [role],
		journalIds: [],
		teachingClassIds: [],
		classTeacherOf: [],
		childIds: [],
		familyClassIds: []
	};
	switch (role) {
		case 'teacher':
			return { ...base, journalIds: [100], teachingClassIds: [10] };
		case 'class_teacher':
			return { ...base, roles: ['teacher', 'class_teacher'], classTeacherOf: [10] };
		case 'parent':
			return { ...base, childIds: [500], familyClassIds: [10] };
		case 'student':
			return { ...base, personId: 500, familyClassIds: [10] };
		default:
			return base;
	}
}

function resource(kind: ResourceKind, scope: 'in' | 'out'): Resource {
	const classId = scope === 'in' ? 10 : 20;
	const journalId = scope === 'in' ? 100 : 200;
	const studentId = scope === 'in' ? 500 : 600;
	switch (kind) {
		case 'class':
			return { kind, schoolId: SCHOOL, classId };
		case 'journal':
		case 'plan':
			return { kind, schoolId: SCHOOL, journalId, classId };
		case 'lesson_files':
			return { kind, schoolId: SCHOOL, journalId, classId, studentIds: [studentId] };
		case 'student':
			return { kind, schoolId: SCHOOL, studentId, classIds: [classId], journalIds: [journalId] };
		case 'week_ack':
			return { kind, schoolId: SCHOOL, studentId };
		case 'accounts':
		case 'timetable':
		case 'announcements':
			return kind === 'accounts' ? { kind, schoolId: SCHOOL, classIds: [classId] } : { kind, schoolId: SCHOOL, classId };
		default:
			return { kind, schoolId: SCHOOL };
	}
}

const KINDS: ResourceKind[] = ['school', 'settings', 'staff', 'accounts', 'class', 'journal', 'student', 'timetable', 'announcements', 'reports', 'audit', 'messages', 'lesson_files', 'live', 'week_ack', 'backups', 'people', 'plan', 'delivery'];
const ACTIONS: Action[] = ['read', 'write', 'manage'];

// The expected matrix: for each role and resource kind, the actions allowed in scope / out of scope,
// as letters r, w, m. Written out by hand from REQUIREMENTS.md's role table.
type Row = Record<ResourceKind, [inScope: string, outOfScope: string]>;
const EXPECTED: Record<Role, Row> = {
	admin: {
		school: ['rwm', 'rwm'], settings: ['rwm', 'rwm'], staff: ['rwm', 'rwm'], accounts: ['rwm', 'rwm'], class: ['rwm', 'rwm'],
		journal: ['rwm', 'rwm'], student: ['rwm', 'rwm'], timetable: ['rwm', 'rwm'], announcements: ['rwm', 'rwm'],
		reports: ['rwm', 'rwm'], audit: ['r', 'r'], messages: ['rwm', 'rwm'], lesson_files: ['rwm', 'rwm'], live: ['r', 'r'], week_ack: ['', ''], backups: ['rwm', 'rwm'], people: ['rwm', 'rwm'], plan: ['rwm', 'rwm'], delivery: ['r', 'r']
	},
	director: {
		school: ['r', 'r'], settings: ['r', 'r'], staff: ['rwm', 'rwm'], accounts: ['r', 'r'], class: ['r', 'r'],
		journal: ['r', 'r'], student: ['r', 'r'], timetable: ['r', 'r'], announcements: ['rwm', 'rwm'],
		reports: ['rw', 'rw'], audit: ['r', 'r'], messages: ['rw', 'rw'], lesson_files: ['r', 'r'], live: ['r', 'r'], week_ack: ['', ''], backups: ['', ''], people: ['r', 'r'], plan: ['r', 'r'], delivery: ['r', 'r']
	},
	deputy: {
		school: ['r', 'r'], settings: ['r', 'r'], staff: ['r', 'r'], accounts: ['r', 'r'], class: ['r', 'r'],
		journal: ['r', 'r'], student: ['r', 'r'], timetable: ['rwm', 'rwm'], announcements: ['rwm', 'rwm'],
		reports: ['rw', 'rw'], audit: ['r', 'r'], messages: ['rw', 'rw'], lesson_files: ['r', 'r'], live: ['r', 'r'], week_ack: ['', ''], backups: ['', ''], people: ['r', 'r'], plan: ['r', 'r'], delivery: ['r', 'r']
	},
	class_teacher: {
		school: ['r', 'r'], settings: ['r', 'r'], staff: ['r', 'r'], accounts: ['rwm', ''], class: ['rwm', ''],
		// in a journal they do not teach, by default only absences and comments (see below), so no write of lessons and marks.
		journal: ['r', ''], student: ['rwm', ''], timetable: ['r', 'r'], announcements: ['rwm', 'r'],
		reports: ['', ''], audit: ['', ''], messages: ['rw', 'rw'], lesson_files: ['r', ''], live: ['r', 'r'], week_ack: ['', ''], backups: ['', ''], people: ['', ''], plan: ['r', 'r'], delivery: ['', '']
	},
	teacher: {
		school: ['r', 'r'], settings: ['r', 'r'], staff: ['r', 'r'], accounts: ['', ''], class: ['r', ''],
		journal: ['rw', ''], student: ['r', ''], timetable: ['r', 'r'], announcements: ['r', 'r'],
		reports: ['', ''], audit: ['', ''], messages: ['rw', 'rw'], lesson_files: ['rw', ''], live: ['r', 'r'], week_ack: ['', ''], backups: ['', ''], people: ['', ''], plan: ['rw', 'r'], delivery: ['', '']
	},
	parent: {
		school: ['r', 'r'], settings: ['', ''], staff: ['', ''], accounts: ['', ''], class: ['', ''],
		journal: ['', ''], student: ['r', ''], timetable: ['r', ''], announcements: ['r', ''],
		reports: ['', ''], audit: ['', ''], messages: ['rw', 'rw'], lesson_files: ['r', ''], live: ['', ''], week_ack: ['w', ''], backups: ['', ''], people: ['', ''], plan: ['', ''], delivery: ['', '']
	},
	student: {
		school: ['r', 'r'], settings: ['', ''], staff: ['', ''], accounts: ['', ''], class: ['', ''],
		journal: ['', ''], student: ['r', ''], timetable: ['r', ''], announcements: ['r', ''],
		reports: ['', ''], audit: ['', ''], messages: ['rw', 'rw'], lesson_files: ['r', ''], live: ['', ''], week_ack: ['', ''], backups: ['', ''], people: ['', ''], plan: ['', ''], delivery: ['', '']
	}
};

const cases = ROLES.flatMap((role) =>
	KINDS.flatMap((kind) =>
		(['in', 'out'] as const).flatMap((scope) =>
			ACTIONS.map((action) => ({ role, kind, scope, action, allowed: EXPECTED[role][kind][scope === 'in' ? 0 : 1].includes(action[0]) }))
		)
	)
);

describe('R-4.1.1 access policy: every role × resource × action × scope', () => {
	test.each(cases)('$role may $action $kind ($scope of scope): $allowed', ({ role, kind, scope, action, allowed }) => {
		const decision = decide(actorWith(role), action, resource(kind, scope));
		expect(decision.allow).toBe(allowed);
		if (!decision.allow) expect(decision.reason).toMatch(/[а-яё]/i);
	});
});

describe('R-3.1 nothing of another school is visible to anyone', () => {
	test.each(ROLES.flatMap((role) => KINDS.map((kind) => ({ role, kind }))))('$role sees no $kind of another school', ({ role, kind }) => {
		const foreign = { ...resource(kind, 'in'), schoolId: 2 } as Resource;
		for (const action of ACTIONS) expect(decide(actorWith(role), action, foreign).allow).toBe(false);
	});
});

describe('R-4.3.13, R-4.4.8 parents and students never write to a journal', () => {
	test.each(['parent', 'student'] as const)('a %s is refused a write to their own class journal with a Russian reason', (role) => {
		const decision = decide(actorWith(role), 'write', resource('journal', 'in'));
		expect(decision).toEqual({ allow: false, reason: expect.stringContaining('только просматривают') });
	});
});

// One person's account (a code activates it, or resets its password): the code signs its holder
// in with every role of the person, so only someone entitled to all of those roles issues it.
// The class teacher's own class is 10; the holder's account reaches `classes` this year.
type HolderCase = { who: string; roles: Role[]; classes: number[]; issuers: Role[] };
const HOLDERS: HolderCase[] = [
	{ who: 'a parent of the class teacher\'s class', roles: ['parent'], classes: [10], issuers: ['admin', 'class_teacher'] },
	{ who: 'a student of the class teacher\'s class', roles: ['student'], classes: [10], issuers: ['admin', 'class_teacher'] },
	{ who: 'a parent with children in the class and another', roles: ['parent'], classes: [10, 20], issuers: ['admin'] },
	{ who: 'a parent of another class', roles: ['parent'], classes: [20], issuers: ['admin'] },
	{ who: 'a parent whose account reaches no class this year', roles: ['parent'], classes: [], issuers: ['admin'] },
	{ who: 'a parent of the class who is also the administrator', roles: ['admin', 'parent'], classes: [10], issuers: ['admin'] },
	{ who: 'a parent of the class who is also a teacher', roles: ['teacher', 'parent'], classes: [10], issuers: ['admin'] },
	{ who: 'a parent of the class who is also a class teacher', roles: ['teacher', 'class_teacher', 'parent'], classes: [10], issuers: ['admin'] },
	{ who: 'a director', roles: ['director'], classes: [], issuers: ['admin'] },
	{ who: 'a teacher', roles: ['teacher'], classes: [], issuers: ['admin'] },
	{ who: 'another administrator', roles: ['admin'], classes: [], issuers: ['admin'] },
	{ who: 'a person with no role', roles: [], classes: [], issuers: ['admin'] }
];

describe('R-3.1, R-4.1.5, R-4.3.9 who issues an activation or a password-reset code to whom', () => {
	const holderCases = HOLDERS.flatMap((holder) =>
		[false, true].flatMap((hasAccount) => ROLES.map((issuer) => ({ ...holder, hasAccount, issuer, allowed: holder.issuers.includes(issuer) })))
	);
	test.each(holderCases)('$issuer gives $who (account: $hasAccount) a code: $allowed', ({ roles, classes, hasAccount, issuer, allowed }) => {
		const decision = decide(actorWith(issuer), 'manage', accountOfResource({ schoolId: SCHOOL, roles, hasAccount, classIds: classes }));
		expect(decision.allow).toBe(allowed);
		if (!decision.allow) expect(decision.reason).toMatch(/[а-яё]/i);
	});

	test('a refused reset says who resets the password, a refused activation who issues codes', () => {
		const teacherHolder = (hasAccount: boolean) => accountOfResource({ schoolId: SCHOOL, roles: ['teacher', 'parent'], hasAccount, classIds: [10] });
		expect(decide(actorWith('class_teacher'), 'manage', teacherHolder(true))).toEqual({ allow: false, reason: 'Пароль сотрудника сбрасывает администратор.' });
		expect(decide(actorWith('class_teacher'), 'manage', teacherHolder(false))).toEqual({ allow: false, reason: 'Коды активации сотрудникам выдаёт администратор.' });
	});

	test('an administrator of another school issues nothing', () => {
		const foreign = accountOfResource({ schoolId: 2, roles: ['parent'], hasAccount: true, classIds: [10] });
		expect(decide(actorWith('admin'), 'manage', foreign).allow).toBe(false);
	});
});

describe('R-4.3.8, R-4.3.11 what a class teacher writes in a journal of their class they do not teach is the school’s setting', () => {
	const PARTS: JournalPart[] = ['absences', 'period_marks', 'lessons_and_marks'];
	// Per setting: the parts the class teacher may write, as letters a(bsences), p(eriod marks), l(essons and marks).
	const ALLOWED: Record<ClassTeacherWrites, string> = { absences: 'a', absences_and_period_marks: 'ap', everything: 'apl' };
	const classTeacher = actorWith('class_teacher');
	const journal = (classId: number, classTeacherWrites: ClassTeacherWrites | undefined, part: JournalPart | undefined) =>
		journalResource({ schoolId: SCHOOL, journalId: 100, classId }, { classTeacherWrites, part });

	const rows = CLASS_TEACHER_WRITES.flatMap((setting) => PARTS.map((part) => ({ setting, part, allowed: ALLOWED[setting].includes(part[0]) })));
	test.each(rows)('setting $setting, writing $part: $allowed', ({ setting, part, allowed }) => {
		const decision = decide(classTeacher, 'write', journal(10, setting, part));
		expect(decision.allow).toBe(allowed);
		if (!decision.allow) expect(decision.reason).toMatch(/классный руководитель/);
	});

	test('the default, when the school never chose, is absences and comments only', () => {
		expect(decide(classTeacher, 'write', journal(10, undefined, 'absences')).allow).toBe(true);
		expect(decide(classTeacher, 'write', journal(10, undefined, undefined))).toEqual({
			allow: false,
			reason: 'В журнале другого учителя классный руководитель отмечает только пропуски и комментарии.'
		});
		expect(decide(classTeacher, 'write', journal(10, undefined, 'period_marks')).allow).toBe(false);
	});

	test('the setting widens nothing for anyone else: another class’s journal, the director, a teacher of the class', () => {
		const director = actorWith('director');
		const colleague: Actor = { ...actorWith('teacher'), journalIds: [300] };
		for (const part of PARTS) {
			expect(decide(classTeacher, 'write', journal(20, 'everything', part)).allow, part).toBe(false);
			expect(decide(director, 'write', journal(10, 'everything', part)).allow, part).toBe(false);
			expect(decide(colleague, 'write', journal(10, 'everything', part)).allow, part).toBe(false);
		}
	});

	test('the journal’s own teacher and the administrator write every part whatever the setting', () => {
		for (const part of PARTS) {
			expect(decide(actorWith('teacher'), 'write', journal(10, 'absences', part)).allow, part).toBe(true);
			expect(decide(actorWith('admin'), 'write', journal(10, 'absences', part)).allow, part).toBe(true);
		}
	});
});

describe('R-4.2.2 roles: the director appoints staff to duties, only an administrator makes another', () => {
	const roles = ['director', 'deputy', 'teacher'] as const;
	test('the director and the administrator give and take away the roles of director, deputy and teacher', () => {
		for (const role of roles) {
			expect(decide(actorWith('director'), 'manage', staffResource(SCHOOL, role)).allow, role).toBe(true);
			expect(decide(actorWith('admin'), 'manage', staffResource(SCHOOL, role)).allow, role).toBe(true);
			expect(decide(actorWith('deputy'), 'manage', staffResource(SCHOOL, role)).allow, role).toBe(false);
			expect(decide(actorWith('teacher'), 'manage', staffResource(SCHOOL, role)).allow, role).toBe(false);
		}
	});

	test('the administrator role is the administrator’s alone, with the reason for anyone else', () => {
		expect(decide(actorWith('admin'), 'manage', staffResource(SCHOOL, 'admin')).allow).toBe(true);
		expect(decide(actorWith('director'), 'manage', staffResource(SCHOOL, 'admin'))).toEqual({ allow: false, reason: 'Роль администратора назначает администратор.' });
	});
});

describe('R-4.1.7 a substitute of single lessons writes exactly those lessons of the journal', () => {
	// A teacher of journal 100 replaces a colleague in journal 200 (class 20) on lessons 7 and 8 only.
	const substitute: Actor = { ...actorWith('teacher'), replacedLessons: { 200: [7, 8] } };
	const other = (lessonId?: number, part?: JournalPart) => journalResource({ schoolId: SCHOOL, journalId: 200, classId: 20 }, { lessonId, part });

	test('reads the journal, writes marks and absences of the replaced lessons', () => {
		expect(decide(substitute, 'read', other()).allow).toBe(true);
		for (const part of ['lessons_and_marks', 'absences'] as const) {
			expect(decide(substitute, 'write', other(7, part)).allow, part).toBe(true);
			expect(decide(substitute, 'write', other(8, part)).allow, part).toBe(true);
		}
	});

	test('another lesson, the journal as a whole (a new lesson) and its period marks stay read-only, with the reason', () => {
		const reason = 'Вы заменяете учителя только на отдельных уроках этого журнала: остальное в нём только для просмотра.';
		expect(decide(substitute, 'write', other(9))).toEqual({ allow: false, reason });
		expect(decide(substitute, 'write', other())).toEqual({ allow: false, reason });
		expect(decide(substitute, 'write', other(7, 'period_marks'))).toEqual({ allow: false, reason });
		expect(decide(substitute, 'manage', other(7)).allow).toBe(false);
	});

	test('the replaced lessons of one journal open nothing in another', () => {
		expect(decide(substitute, 'write', journalResource({ schoolId: SCHOOL, journalId: 300, classId: 20 }, { lessonId: 7 })).allow).toBe(false);
	});
});

// Messaging (R-2.9, R-4.3.4): each role (the actor of class 10's scope) × each kind of recipient,
// both ways. A teacher or class teacher of class 10 and the families of class 10 write to each
// other; those of class 20 are outside the actor's scope.
const nobody = { teachingClassIds: [], classTeacherOf: [], familyClassIds: [] };
const RECIPIENTS: Record<string, Party> = {
	administrator: { personId: 2, roles: ['admin'], ...nobody },
	director: { personId: 3, roles: ['director'], ...nobody },
	deputy: { personId: 4, roles: ['deputy'], ...nobody },
	'a teacher of class 10': { personId: 5, roles: ['teacher'], ...nobody, teachingClassIds: [10] },
	'a teacher of class 20': { personId: 6, roles: ['teacher'], ...nobody, teachingClassIds: [20] },
	'the class teacher of 10': { personId: 7, roles: ['teacher', 'class_teacher'], ...nobody, classTeacherOf: [10] },
	'the class teacher of 20': { personId: 8, roles: ['teacher', 'class_teacher'], ...nobody, classTeacherOf: [20] },
	'a parent in class 10': { personId: 9, roles: ['parent'], ...nobody, familyClassIds: [10] },
	'a parent in class 20': { personId: 10, roles: ['parent'], ...nobody, familyClassIds: [20] },
	'a pupil of class 10': { personId: 11, roles: ['student'], ...nobody, familyClassIds: [10] },
	'a pupil of class 20': { personId: 12, roles: ['student'], ...nobody, familyClassIds: [20] }
};
const STAFF_RECIPIENTS = Object.keys(RECIPIENTS).filter((name) => !/parent|pupil/.test(name));
const OWN_CLASS_TEACHERS = ['administrator', 'director', 'deputy', 'a teacher of class 10', 'the class teacher of 10'];
const MAY_WRITE_TO: Record<Role, string[]> = {
	admin: Object.keys(RECIPIENTS),
	director: Object.keys(RECIPIENTS),
	deputy: Object.keys(RECIPIENTS),
	class_teacher: [...STAFF_RECIPIENTS, 'a parent in class 10', 'a pupil of class 10'],
	teacher: [...STAFF_RECIPIENTS, 'a parent in class 10', 'a pupil of class 10'],
	parent: OWN_CLASS_TEACHERS,
	student: OWN_CLASS_TEACHERS
};

describe('R-2.9, R-4.3.4 who writes to whom: each role × each kind of recipient, both directions', () => {
	const rows = ROLES.flatMap((role) => Object.keys(RECIPIENTS).map((to) => ({ role, to, allowed: MAY_WRITE_TO[role].includes(to) })));
	test.each(rows)('$role writes to $to: $allowed', ({ role, to, allowed }) => {
		const decision = decide(actorWith(role), 'write', messageToResource(SCHOOL, RECIPIENTS[to]));
		expect(decision.allow).toBe(allowed);
		if (!decision.allow) expect(decision.reason).toMatch(/[а-яё]/i);
	});
	test.each(rows)('$to writes to a $role: $allowed', ({ role, to, allowed }) => {
		const sender: Actor = { ...RECIPIENTS[to], schoolId: SCHOOL, journalIds: [], childIds: [] };
		const decision = decide(sender, 'write', messageToResource(SCHOOL, actorWith(role)));
		expect(decision.allow).toBe(allowed);
		if (!decision.allow) expect(decision.reason).toMatch(/[а-яё]/i);
	});

	test('pupils never write to pupils, nor parents to parents, and the refusal says whom to write instead', () => {
		expect(decide(actorWith('student'), 'write', messageToResource(SCHOOL, RECIPIENTS['a pupil of class 10']))).toEqual({ allow: false, reason: MESSAGING_REFUSALS.familyToFamily });
		expect(decide(actorWith('parent'), 'write', messageToResource(SCHOOL, RECIPIENTS['a parent in class 10']))).toEqual({ allow: false, reason: MESSAGING_REFUSALS.familyToFamily });
	});

	test('nobody writes to themselves; nobody writes into another school', () => {
		const admin = actorWith('admin');
		expect(decide(admin, 'write', messageToResource(SCHOOL, admin))).toEqual({ allow: false, reason: MESSAGING_REFUSALS.self });
		expect(decide(admin, 'write', messageToResource(2, RECIPIENTS.director)).allow).toBe(false);
	});

	test('a blocked sender is refused, in a new message and in an answer, unless they speak for the school', () => {
		const blocking = (sender: Actor): Party => ({ ...RECIPIENTS['a parent in class 10'], blocks: [sender.personId] });
		const teacher = actorWith('teacher');
		expect(decide(teacher, 'write', messageToResource(SCHOOL, blocking(teacher)))).toEqual({ allow: false, reason: MESSAGING_REFUSALS.blocked });
		expect(decide(teacher, 'write', conversationResource(SCHOOL, [teacher.personId, 9], true))).toEqual({ allow: false, reason: MESSAGING_REFUSALS.blocked });
		expect(decide(teacher, 'read', conversationResource(SCHOOL, [teacher.personId, 9], true)).allow).toBe(true);
		const director = actorWith('director');
		expect(decide(director, 'write', messageToResource(SCHOOL, blocking(director))).allow).toBe(true);
		expect(decide(director, 'write', conversationResource(SCHOOL, [director.personId, 9], true)).allow).toBe(true);
	});

	test('a conversation is read and answered by its two people only', () => {
		for (const role of ROLES) {
			const actor = actorWith(role);
			for (const action of ['read', 'write'] as const) {
				expect(decide(actor, action, conversationResource(SCHOOL, [actor.personId, 99])).allow).toBe(true);
				expect(decide(actor, action, conversationResource(SCHOOL, [98, 99])).allow).toBe(false);
			}
		}
	});
});

describe('R-4.4.7, R-4.5.6 who publishes an announcement for the school, a class, a group', () => {
	const group = (journalIds: number[]) => announcementsResource(SCHOOL, { classId: 10, journalIds });
	const rows: Array<{ role: Role; school: boolean; klass: boolean; ownGroup: boolean; otherGroup: boolean }> = [
		{ role: 'admin', school: true, klass: true, ownGroup: true, otherGroup: true },
		{ role: 'director', school: true, klass: true, ownGroup: true, otherGroup: true },
		{ role: 'deputy', school: true, klass: true, ownGroup: true, otherGroup: true },
		{ role: 'class_teacher', school: false, klass: true, ownGroup: true, otherGroup: true },
		{ role: 'teacher', school: false, klass: false, ownGroup: true, otherGroup: false },
		{ role: 'parent', school: false, klass: false, ownGroup: false, otherGroup: false },
		{ role: 'student', school: false, klass: false, ownGroup: false, otherGroup: false }
	];
	test.each(rows)('$role: school $school, class $klass, a group they teach $ownGroup, another group $otherGroup', ({ role, school, klass, ownGroup, otherGroup }) => {
		const actor = actorWith(role);
		expect(decide(actor, 'write', announcementsResource(SCHOOL)).allow).toBe(school);
		expect(decide(actor, 'write', announcementsResource(SCHOOL, { classId: 10 })).allow).toBe(klass);
		expect(decide(actor, 'write', group([100])).allow).toBe(ownGroup);
		expect(decide(actor, 'write', group([300])).allow).toBe(otherGroup);
	});
});

// categories of access: the school grants or withholds optional rights per category of
// user. Everything above is the default; here every optional right is withheld, then one at a time.
const WITHHOLD_ALL: AccessSettings = accessFromChoices(
	OPTIONAL_RIGHTS.flatMap((spec) => spec.categories.map((category) => ({ category, right: spec.right, granted: false })))
);
const restricted = (role: Role, access: AccessSettings = WITHHOLD_ALL): Actor => ({ ...actorWith(role), access });

describe('R-4.1.1 categories of access: the matrix with every optional right withheld', () => {
	// What changes against EXPECTED: the leadership's audit log, the class teacher's codes. The safety
	// core (journals, marks, families' read-only access) is the same.
	const WITHHELD_EXPECTED: Record<Role, Row> = {
		...EXPECTED,
		director: { ...EXPECTED.director, audit: ['', ''] },
		deputy: { ...EXPECTED.deputy, audit: ['', ''] },
		class_teacher: { ...EXPECTED.class_teacher, accounts: ['', ''] }
	};
	const withheldCases = ROLES.flatMap((role) =>
		KINDS.flatMap((kind) =>
			(['in', 'out'] as const).flatMap((scope) =>
				ACTIONS.map((action) => ({ role, kind, scope, action, allowed: WITHHELD_EXPECTED[role][kind][scope === 'in' ? 0 : 1].includes(action[0]) }))
			)
		)
	);
	test.each(withheldCases)('$role may $action $kind ($scope of scope): $allowed', ({ role, kind, scope, action, allowed }) => {
		const decision = decide(restricted(role), action, resource(kind, scope));
		expect(decision.allow).toBe(allowed);
		if (!decision.allow) expect(decision.reason).toMatch(/[а-яё]/i);
	});

	test('the administrator holds every right whatever the school chose', () => {
		for (const spec of OPTIONAL_RIGHTS) expect(holds(restricted('admin'), spec.right), spec.right).toBe(true);
		expect(decide(restricted('admin'), 'read', resource('audit', 'in')).allow).toBe(true);
	});

	test('a withheld right is refused with its own Russian reason', () => {
		expect(decide(restricted('director'), 'read', resource('audit', 'in'))).toEqual({ allow: false, reason: WITHHELD.audit });
		expect(decide(restricted('class_teacher'), 'manage', resource('accounts', 'in'))).toEqual({ allow: false, reason: WITHHELD.classCodes });
	});
});

describe('R-4.1.1 a teacher reads the journals of other subjects in the classes they teach as far as the school allows', () => {
	// The teacher teaches journal 100 of class 10; journal 300 is another subject of class 10.
	const otherSubject = journalResource({ schoolId: SCHOOL, journalId: 300, classId: 10 });
	test('by default yes; withheld, no, with the reason; their own journal and the class teacher’s class stay open', () => {
		expect(decide(actorWith('teacher'), 'read', otherSubject).allow).toBe(true);
		expect(decide(restricted('teacher'), 'read', otherSubject)).toEqual({ allow: false, reason: WITHHELD.classJournals });
		expect(decide(restricted('teacher'), 'write', resource('journal', 'in')).allow).toBe(true);
		expect(decide(restricted('class_teacher'), 'read', otherSubject).allow).toBe(true);
		expect(decide(restricted('director'), 'read', otherSubject).allow).toBe(true);
	});
});

describe('R-4.1.1, R-2.9 who writes first to whom when the school withholds the optional messaging rights', () => {
	// The class teacher and the class's families always reach each other, so do the
	// administration and everyone; subject teachers and families no longer write first.
	const MAY_WRITE_TO_WITHHELD: Record<Role, string[]> = {
		...MAY_WRITE_TO,
		teacher: STAFF_RECIPIENTS,
		parent: ['administrator', 'director', 'deputy', 'the class teacher of 10'],
		student: ['administrator', 'director', 'deputy', 'the class teacher of 10']
	};
	const rows = ROLES.flatMap((role) => Object.keys(RECIPIENTS).map((to) => ({ role, to, allowed: MAY_WRITE_TO_WITHHELD[role].includes(to) })));
	test.each(rows)('$role writes to $to: $allowed', ({ role, to, allowed }) => {
		const decision = decide(restricted(role), 'write', messageToResource(SCHOOL, RECIPIENTS[to]));
		expect(decision.allow).toBe(allowed);
		if (!decision.allow) expect(decision.reason).toMatch(/[а-яё]/i);
	});
	test.each(rows)('$to writes to a $role: $allowed', ({ role, to, allowed }) => {
		const sender: Actor = { ...RECIPIENTS[to], schoolId: SCHOOL, journalIds: [], childIds: [], access: WITHHOLD_ALL };
		expect(decide(sender, 'write', messageToResource(SCHOOL, actorWith(role))).allow).toBe(allowed);
	});

	test('the refusals say whom to write instead; an answer in a conversation stays possible', () => {
		expect(decide(restricted('parent'), 'write', messageToResource(SCHOOL, RECIPIENTS['a teacher of class 10']))).toEqual({ allow: false, reason: WITHHELD.toTeachers });
		expect(decide(restricted('teacher'), 'write', messageToResource(SCHOOL, RECIPIENTS['a parent in class 10']))).toEqual({ allow: false, reason: WITHHELD.toFamilies });
		expect(decide(restricted('parent'), 'write', conversationResource(SCHOOL, [1, 5])).allow).toBe(true);
	});

	test('one category’s choice leaves the others alone: withheld from parents, pupils still write', () => {
		const parentsOnly = accessFromChoices([{ category: 'parent', right: 'write_to_teachers', granted: false }]);
		const teacher10 = RECIPIENTS['a teacher of class 10'];
		expect(decide(restricted('parent', parentsOnly), 'write', messageToResource(SCHOOL, teacher10)).allow).toBe(false);
		expect(decide(restricted('student', parentsOnly), 'write', messageToResource(SCHOOL, teacher10)).allow).toBe(true);
	});
});

describe('R-4.1.1, R-2.7 forecasts in the diary: staff always, families as the school allows', () => {
	test.each(ROLES.map((role) => ({ role, byDefault: true, withheld: !['parent', 'student'].includes(role) })))(
		'$role: by default $byDefault, withheld $withheld',
		({ role, byDefault, withheld }) => {
			expect(seesForecasts(actorWith(role))).toBe(byDefault);
			expect(seesForecasts(restricted(role))).toBe(withheld);
		}
	);
	test('a parent who also teaches sees them: any of a person’s categories gives the right', () => {
		expect(seesForecasts({ roles: ['teacher', 'parent'], access: WITHHOLD_ALL })).toBe(true);
		const studentsOnly = accessFromChoices([{ category: 'parent', right: 'see_forecasts', granted: false }]);
		expect(holds({ roles: ['parent', 'student'], access: studentsOnly }, 'see_forecasts')).toBe(true);
	});
});

describe('R-4.1.1 the access page’s form: ticked boxes grant, the rest withhold', () => {
	test('every default cell ticked gives the defaults; nothing ticked withholds everything', () => {
		const ticked = choicesOf(DEFAULT_ACCESS).filter((c) => c.granted).map((c) => `${c.category}:${c.right}`);
		expect(checkAccessForm(ticked)).toEqual({ ok: true, value: DEFAULT_ACCESS });
		expect(checkAccessForm([])).toEqual({ ok: true, value: WITHHOLD_ALL });
		for (const category of ACCESS_CATEGORIES) expect(WITHHOLD_ALL[category]).toEqual([]);
	});
	test.each(['director:see_forecasts', 'admin:read_audit', 'parent:marks', 'teacher', 42])('%s is refused with a Russian reason', (value) => {
		expect(checkAccessForm([value])).toEqual({ ok: false, reason: ACCESS_MESSAGES.unknown });
	});
	test('stored choices of cells that mean nothing are ignored', () => {
		expect(accessFromChoices([{ category: 'director', right: 'see_forecasts', granted: true }, { category: 'janitor', right: 'read_audit', granted: true }])).toEqual(DEFAULT_ACCESS);
	});
});
