/**
 * The access policy: who may do what to which
 * resource, decided from the actor's roles and scope. Pages, endpoints and the websocket all ask
 * `decide()`; nothing here does I/O, so the whole matrix is tested as a table. The optional
 * rights a school grants per category of user (`./access.ts`) come in with the actor.
 */
import { holds, type AccessSettings } from './access.ts';

/** Roles a person holds; a person can hold several (a class teacher also teaches). */
export type Role = 'admin' | 'director' | 'deputy' | 'teacher' | 'class_teacher' | 'parent' | 'student';

/** Every role, in the order the interface lists them. */
export const ROLES: readonly Role[] = [
	'admin',
	'director',
	'deputy',
	'class_teacher',
	'teacher',
	'parent',
	'student'
];

/** Russian names of the roles (X-RU). */
export const ROLE_NAMES: Record<Role, string> = {
	admin: 'администратор',
	director: 'директор',
	deputy: 'заместитель директора',
	class_teacher: 'классный руководитель',
	teacher: 'учитель',
	parent: 'родитель',
	student: 'ученик'
};

/** The roles of school staff (the others are a family's: parent, student). */
export const STAFF_ROLES: readonly Role[] = ['admin', 'director', 'deputy', 'class_teacher', 'teacher'];

/** The staff roles given and taken away as such (a class teacher is whoever leads a class). */
export const GRANTABLE_ROLES = ['admin', 'director', 'deputy', 'teacher'] as const satisfies readonly Role[];
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** Who is asking, with the scope their roles reach. */
export interface Actor {
	/** The person behind the account. */
	personId: number;
	/** The school the person belongs to; nothing of another school is ever visible. */
	schoolId: number;
	/** All roles the person holds. */
	roles: readonly Role[];
	/** Journals the person teaches (the teaching load, and journals they substitute in today). */
	journalIds: readonly number[];
	/** Classes in which the person teaches at least one journal. */
	teachingClassIds: readonly number[];
	/** Classes whose class teacher the person is. */
	classTeacherOf: readonly number[];
	/** A parent's children. */
	childIds: readonly number[];
	/** Classes of the person's own enrolment (student) or of their children (parent). */
	familyClassIds: readonly number[];
	/**
	 * Journals in which the person replaces a teacher on some lessons only (a timetable
	 * replacement): journal id → the ids of exactly those lessons, the only ones they write.
	 */
	replacedLessons?: Readonly<Record<number, readonly number[]>>;
	/** The school's optional rights per category of user, loaded with the actor; the defaults when not given. */
	access?: AccessSettings;
}

/**
 * What a class teacher may write into the journal of a subject they do not teach (R-4.3.8,
 * ), a school setting: absences and comments only (the default), also the period, year,
 * exam and final marks, or everything the journal's teachers write.
 */
export type ClassTeacherWrites = 'absences' | 'absences_and_period_marks' | 'everything';

/** Every class-teacher setting, narrowest first, and the default. */
export const CLASS_TEACHER_WRITES: readonly ClassTeacherWrites[] = ['absences', 'absences_and_period_marks', 'everything'];
export const DEFAULT_CLASS_TEACHER_WRITES: ClassTeacherWrites = 'absences';

/** Russian names of the settings, as the grading page lists them. */
export const CLASS_TEACHER_WRITES_NAMES: Record<ClassTeacherWrites, string> = {
	absences: 'только пропуски и комментарии',
	absences_and_period_marks: 'пропуски, комментарии и отметки за период, год, экзамен и итоговые',
	everything: 'всё, как учитель предмета: уроки, отметки, пропуски, отметки за период'
};

/** True when the value is one of the class-teacher settings. */
export function isClassTeacherWrites(value: unknown): value is ClassTeacherWrites {
	return typeof value === 'string' && (CLASS_TEACHER_WRITES as readonly string[]).includes(value);
}

/**
 * The part of a journal a write changes: its lessons, marks and files (the default), only
 * absences and comments of its cells, or the period, year, exam and final marks.
 */
export type JournalPart = 'lessons_and_marks' | 'absences' | 'period_marks';

/** What is being acted upon, with just the facts the policy needs. */
export type Resource =
	| { kind: 'school'; schoolId: number }
	| { kind: 'settings'; schoolId: number }
	/** The staff list; with `role`, granting or taking away that role. */
	| { kind: 'staff'; schoolId: number; role?: Role }
	/**
	 * Accounts of people in the given classes (or of staff, without classes). With `holder`, the
	 * account of one person: `classIds` are then every class their account reaches this year.
	 */
	| { kind: 'accounts'; schoolId: number; classIds?: readonly number[]; holder?: AccountHolder }
	| { kind: 'class'; schoolId: number; classId: number }
	| {
			kind: 'journal';
			schoolId: number;
			journalId: number;
			classId: number;
			/** What the school lets a class teacher write in a journal they do not teach; the default when not given. */
			classTeacherWrites?: ClassTeacherWrites;
			/** The part of the journal a write changes; lessons and marks when not given. */
			part?: JournalPart;
			/** The one lesson a write changes (a cell, a lesson's topic); not given for the journal as a whole. */
			lessonId?: number;
	  }
	/**
	 * A journal's thematic plan: its topics hold nothing of the pupils, so every member
	 * of staff reads it (to copy from a colleague's); its teachers and the administrator change it.
	 */
	| { kind: 'plan'; schoolId: number; journalId: number; classId: number }
	/** Files attached to a journal's lessons: the journal's, and its students' (every student ever in the group). */
	| { kind: 'lesson_files'; schoolId: number; journalId: number; classId: number; studentIds: readonly number[] }
	/** The live channel of journals (/collab). */
	| { kind: 'live'; schoolId: number }
	| { kind: 'student'; schoolId: number; studentId: number; classIds: readonly number[]; journalIds: readonly number[] }
	/** A parent's «ознакомлен» under a week of their child's diary. */
	| { kind: 'week_ack'; schoolId: number; studentId: number }
	| { kind: 'timetable'; schoolId: number; classId?: number }
	/** Announcements: the school's (no class), a class's (`classId`), or a group's (`classId` with the group's `journalIds`). */
	| { kind: 'announcements'; schoolId: number; classId?: number; journalIds?: readonly number[] }
	/** Reports: the school's (no scope), of a class (`classId`), or of a journal (`journalId` with its `classId`); write: send journal control's reminders; manage: make the year's archive. */
	| { kind: 'reports'; schoolId: number; journalId?: number; classId?: number }
	/** The school's people: adding and editing students, parents and staff, enrolments and departures, imports. */
	| { kind: 'people'; schoolId: number }
	| { kind: 'audit'; schoolId: number }
	/** How the school's notifications are delivered (e-mail, push): counts and failures, no contents. */
	| { kind: 'delivery'; schoolId: number }
	| { kind: 'backups'; schoolId: number }
	/**
	 * Messages: one's own mailbox (no scope); writing to one person (`recipient`, their facts); or
	 * an existing conversation (`participantIds`, its two people), read or answered.
	 */
	| { kind: 'messages'; schoolId: number; recipient?: Party; participantIds?: readonly number[]; blocked?: boolean };

/**
 * A person as the messaging policy sees them: their roles and the classes they teach, lead or
 * belong to; as a recipient, whom of the senders in question they have blocked.
 */
export type Party = Pick<Actor, 'personId' | 'roles' | 'teachingClassIds' | 'classTeacherOf' | 'familyClassIds' | 'access'> & { blocks?: readonly number[] };

/** The person a code is for: every role they hold, and whether they already have an account. */
export interface AccountHolder {
	roles: readonly Role[];
	hasAccount: boolean;
}

/** The kinds of resource, for tables and tests. */
export type ResourceKind = Resource['kind'];

/** read: see it; write: change its contents; manage: administer it (codes, roles, settings). */
export type Action = 'read' | 'write' | 'manage';

/** The answer, with a reason a person can read when it is no. */
export type Decision = { allow: true } | { allow: false; reason: string };

const ALLOW: Decision = { allow: true };
const deny = (reason: string): Decision => ({ allow: false, reason });

// families read, never write (no requirement ids in what people read).
const READ_ONLY_FAMILY = 'Родители и ученики только просматривают журнал.';
const NOT_YOURS = 'Нет доступа к этим данным.';

/** Decides whether the actor may perform the action on the resource. */
export function decide(actor: Actor, action: Action, resource: Resource): Decision {
	if (resource.schoolId !== actor.schoolId) return deny(NOT_YOURS);
	const has = (role: Role) => actor.roles.includes(role);
	const staff = has('admin') || has('director') || has('deputy') || has('teacher') || has('class_teacher');
	const leadership = has('admin') || has('director') || has('deputy');

	switch (resource.kind) {
		case 'school':
			if (action === 'read') return ALLOW;
			return has('admin') ? ALLOW : deny('Настройки школы меняет администратор.');
		case 'settings':
			if (action === 'read') return staff ? ALLOW : deny(NOT_YOURS);
			return has('admin') ? ALLOW : deny('Настройки школы меняет администратор.');
		case 'staff':
			if (action === 'read') return staff ? ALLOW : deny(NOT_YOURS);
			// the director appoints staff to duties; the administrator keeps the accounts, and
			// only an administrator makes (or unmakes) another one.
			if (resource.role === 'admin') return has('admin') ? ALLOW : deny('Роль администратора назначает администратор.');
			return has('director') || has('admin') ? ALLOW : deny('Роли сотрудникам назначает директор.');
		case 'accounts': {
			// administrators and class teachers (for their class) issue codes.
			if (has('admin')) return ALLOW;
			if (action === 'read' && (has('director') || has('deputy'))) return ALLOW;
			// R-4.1.1: the school may keep codes of its class teachers' classes to the administrator.
			if (!holds(actor, 'issue_class_codes')) return deny(WITHHELD.classCodes);
			const holder = resource.holder;
			if (!holder) {
				const ownClass = resource.classIds?.some((id) => actor.classTeacherOf.includes(id)) ?? false;
				return ownClass ? ALLOW : deny('Коды активации выдают администратор и классный руководитель своего класса.');
			}
			// A code signs its holder in with every role of the person, so only someone entitled to
			// all of them issues it: staff are the administrator's; a family account is the class
			// teacher's only when every class it reaches is theirs.
			if (holder.roles.some((role) => STAFF_ROLES.includes(role)))
				return deny(holder.hasAccount ? 'Пароль сотрудника сбрасывает администратор.' : 'Коды активации сотрудникам выдаёт администратор.');
			const classIds = resource.classIds ?? [];
			if (classIds.length > 0 && classIds.every((id) => actor.classTeacherOf.includes(id))) return ALLOW;
			return deny(
				holder.hasAccount
					? 'Пароль сбрасывает администратор или классный руководитель всех классов, к которым относится учётная запись.'
					: 'Коды активации выдают администратор и классный руководитель всех классов, к которым относится учётная запись.'
			);
		}
		case 'class': {
			const ownClass = actor.classTeacherOf.includes(resource.classId);
			if (action === 'read') {
				if (leadership || ownClass || actor.teachingClassIds.includes(resource.classId)) return ALLOW;
				return deny(NOT_YOURS);
			}
			// Subgroups and transfers: administrator; the class teacher for their class.
			if (has('admin') || ownClass) return ALLOW;
			return deny('Состав класса меняют администратор и классный руководитель.');
		}
		case 'journal': {
			const teaches = actor.journalIds.includes(resource.journalId);
			const ownClass = actor.classTeacherOf.includes(resource.classId);
			// a substitute of single lessons reads the journal and writes those lessons only.
			const replaced = actor.replacedLessons?.[resource.journalId];
			if (!staff) return deny(action === 'read' ? NOT_YOURS : READ_ONLY_FAMILY);
			if (action === 'read') {
				if (leadership || teaches || ownClass || replaced) return ALLOW;
				// journals of other subjects in the classes one teaches, as far as the school allows.
				if (actor.teachingClassIds.includes(resource.classId)) return holds(actor, 'read_class_journals') ? ALLOW : deny(WITHHELD.classJournals);
				return deny('Журнал этого класса вам не назначен.');
			}
			if (action === 'write') {
				if (has('admin') || teaches) return ALLOW;
				if (replaced && resource.lessonId !== undefined && resource.part !== 'period_marks' && replaced.includes(resource.lessonId)) return ALLOW;
				if (replaced && !ownClass) return deny('Вы заменяете учителя только на отдельных уроках этого журнала: остальное в нём только для просмотра.');
				if (ownClass) return classTeacherWrite(resource.classTeacherWrites ?? DEFAULT_CLASS_TEACHER_WRITES, resource.part ?? 'lessons_and_marks');
				if (has('director') || has('deputy')) return deny('Администрация школы просматривает журнал, но не заполняет его.');
				return deny('Этот журнал ведут другие учителя: у вас доступ только на чтение.');
			}
			return has('admin') ? ALLOW : deny('Настройки журнала меняет администратор.');
		}
		case 'plan': {
			if (!staff) return deny(action === 'read' ? NOT_YOURS : READ_ONLY_FAMILY);
			if (action === 'read' || has('admin')) return ALLOW;
			if (action === 'write' && actor.journalIds.includes(resource.journalId)) return ALLOW;
			return deny('Тематический план ведут учителя этого журнала: у вас доступ только на чтение.');
		}
		case 'lesson_files': {
			// materials are for the students of the group and their parents too.
			const journal = decide(actor, action, { kind: 'journal', schoolId: resource.schoolId, journalId: resource.journalId, classId: resource.classId });
			if (journal.allow || action !== 'read') return journal;
			const family = resource.studentIds.includes(actor.personId) || resource.studentIds.some((id) => actor.childIds.includes(id));
			return family ? ALLOW : deny(NOT_YOURS);
		}
		case 'live':
			// parents and students never open a journal's live document; it is only connected to (read).
			if (action !== 'read') return deny(NOT_YOURS);
			return staff ? ALLOW : deny(READ_ONLY_FAMILY);
		case 'week_ack':
			// only the pupil's own parent confirms having seen the week; nobody else reads or signs it here.
			if (action === 'write' && actor.childIds.includes(resource.studentId)) return ALLOW;
			return deny('Ознакомление с неделей подтверждает родитель ученика.');
		case 'student': {
			const self = actor.personId === resource.studentId;
			const child = actor.childIds.includes(resource.studentId);
			const ownClass = resource.classIds.some((id) => actor.classTeacherOf.includes(id));
			const teaches = resource.journalIds.some((id) => actor.journalIds.includes(id));
			if (action === 'read') {
				if (self || child || leadership || ownClass || teaches) return ALLOW;
				return deny(NOT_YOURS);
			}
			// Profile data and codes are kept by the class teacher and the administrator.
			if (has('admin') || ownClass) return ALLOW;
			if (self || child) return deny(READ_ONLY_FAMILY);
			return deny(NOT_YOURS);
		}
		case 'timetable':
			if (action === 'read') {
				if (staff) return ALLOW;
				if (resource.classId !== undefined && actor.familyClassIds.includes(resource.classId)) return ALLOW;
				return deny(NOT_YOURS);
			}
			// administrators and deputies change the timetable.
			return has('admin') || has('deputy') ? ALLOW : deny('Расписание меняют администратор и заместитель директора.');
		case 'announcements':
			if (action === 'read') {
				if (staff || resource.classId === undefined) return ALLOW;
				return actor.familyClassIds.includes(resource.classId) ? ALLOW : deny(NOT_YOURS);
			}
			// the administration school-wide and anywhere; a class teacher for their
			// class; a teacher for a group they teach.
			if (leadership) return ALLOW;
			if (resource.classId === undefined) return deny('Объявления для всей школы публикует администрация.');
			if (actor.classTeacherOf.includes(resource.classId)) return ALLOW;
			if (resource.journalIds === undefined) return deny('Объявление для класса публикуют его классный руководитель и администрация.');
			return resource.journalIds.some((id) => actor.journalIds.includes(id))
				? ALLOW
				: deny('Объявление для группы публикуют её учитель, классный руководитель и администрация.');
		case 'reports':
			// the administration sees every report; a teacher those of their journals,
			// a class teacher those of their class (its journals included).
			if (action === 'read' && leadership) return ALLOW;
			// the administration sends teachers reminders of what journal control found.
			if (action === 'write' && leadership) return ALLOW;
			// the year's archive of every journal and report is made by the administrator.
			if (action === 'manage') return has('admin') ? ALLOW : deny('Архив учебного года собирает администратор.');
			if (action === 'read' && resource.journalId !== undefined && actor.journalIds.includes(resource.journalId)) return ALLOW;
			if (action === 'read' && resource.classId !== undefined && actor.classTeacherOf.includes(resource.classId)) return ALLOW;
			return deny(resource.journalId === undefined && resource.classId === undefined ? 'Отчёты по школе доступны администрации.' : 'Этот отчёт вам недоступен.');
		case 'people':
			// the administrator enters people and records arrivals and departures; the administration reads the list.
			if (has('admin')) return ALLOW;
			if (action === 'read' && leadership) return ALLOW;
			return deny('Людей школы заводит и меняет администратор.');
		case 'audit':
			if (action === 'read' && leadership) return holds(actor, 'read_audit') ? ALLOW : deny(WITHHELD.audit);
			return deny('Журнал изменений доступен администрации.');
		case 'delivery':
			// whether e-mail and push reach families is the administration's concern; addresses and errors are not for others.
			if (action === 'read' && leadership) return ALLOW;
			return deny('Состояние доставки уведомлений доступно администрации.');
		case 'backups':
			// backups hold everything of the school; only the administrator sees, makes and downloads them.
			return has('admin') ? ALLOW : deny('Резервные копии доступны администратору.');
		case 'messages':
			// everyone writes and reads their own mail; whom to is checked per message.
			if (action === 'manage') return has('admin') ? ALLOW : deny(NOT_YOURS);
			if (resource.participantIds) {
				if (!resource.participantIds.includes(actor.personId)) return deny(NOT_YOURS);
				// The other one blocked the actor: no more answers, except from the administration.
				if (action === 'write' && resource.blocked && !actor.roles.some((role) => ADMINISTRATION.includes(role))) return deny(MESSAGING_REFUSALS.blocked);
				return ALLOW;
			}
			if (action === 'write' && resource.recipient) return mayWriteTo(actor, resource.recipient);
			return ALLOW;
	}
}

/** Refusals of rights the school withheld from a category of user. */
export const WITHHELD = {
	audit: 'Школа не открыла журнал изменений вашей категории пользователей: его просматривает администратор.',
	classJournals: 'Школа открывает учителям только журналы их предметов: журнал другого предмета вам недоступен.',
	classCodes: 'Коды активации в школе выдаёт администратор.',
	toTeachers: 'Школа не разрешает первыми писать учителям-предметникам: напишите классному руководителю или администрации.',
	toFamilies: 'Школа разрешает первыми писать ученикам и родителям только классному руководителю и администрации.'
} as const;

/**
 * Whether the actor sees forecasts of period marks in a diary: staff always; parents and
 * pupils as far as the school allows.
 */
export function seesForecasts(actor: Pick<Actor, 'roles' | 'access'>): boolean {
	return actor.roles.some((role) => STAFF_ROLES.includes(role)) || holds(actor, 'see_forecasts');
}

/** The roles of the school's administration: they write to anyone, and anyone writes to them. */
const ADMINISTRATION: readonly Role[] = ['admin', 'director', 'deputy'];

/** Refusals of the messaging policy (X-RU). */
export const MESSAGING_REFUSALS = {
	self: 'Нельзя написать самому себе.',
	staffToFamily: 'Учителя пишут ученикам и родителям только тех классов, в которых ведут уроки или классное руководство.',
	familyToStaff: 'Родители и ученики пишут учителям и классному руководителю своего класса и администрации школы.',
	familyToFamily: 'Ученики и родители не переписываются друг с другом в журнале: напишите учителю или классному руководителю.',
	blocked: 'Получатель не принимает ваши сообщения.'
} as const;

// the administration writes to anyone and anyone to it; staff write to each other;
// a teacher and the families of the classes they teach or lead write to each other (a person with
// several roles may write where any of them may); families never write to families.
function mayWriteTo(from: Party, to: Party): Decision {
	if (from.personId === to.personId) return deny(MESSAGING_REFUSALS.self);
	const isAdministration = (p: Party) => p.roles.some((role) => ADMINISTRATION.includes(role));
	// A blocked sender stays blocked, unless they speak for the school.
	if (to.blocks?.includes(from.personId) && !isAdministration(from)) return deny(MESSAGING_REFUSALS.blocked);
	const isStaff = (p: Party) => p.roles.some((role) => STAFF_ROLES.includes(role));
	const isFamily = (p: Party) => p.roles.includes('parent') || p.roles.includes('student');
	const leads = (teacher: Party, family: Party) => family.familyClassIds.some((id) => teacher.classTeacherOf.includes(id));
	const teaches = (teacher: Party, family: Party) => family.familyClassIds.some((id) => teacher.teachingClassIds.includes(id));
	if (isAdministration(from) || isAdministration(to)) return ALLOW;
	if (isStaff(from) && isStaff(to)) return ALLOW;
	// the class teacher and the class's families always reach each other; subject teachers
	// and families as far as the school allows whoever writes first.
	if (isStaff(from) && isFamily(to) && leads(from, to)) return ALLOW;
	if (isFamily(from) && isStaff(to) && leads(to, from)) return ALLOW;
	if (isStaff(from) && isFamily(to) && teaches(from, to)) return holds(from, 'write_to_families') ? ALLOW : deny(WITHHELD.toFamilies);
	if (isFamily(from) && isStaff(to) && teaches(to, from)) return holds(from, 'write_to_teachers') ? ALLOW : deny(WITHHELD.toTeachers);
	if (isStaff(from)) return deny(MESSAGING_REFUSALS.staffToFamily);
	if (isStaff(to)) return deny(MESSAGING_REFUSALS.familyToStaff);
	return deny(MESSAGING_REFUSALS.familyToFamily);
}

/** The policy's resource of writing to one person. */
export function messageToResource(schoolId: number, recipient: Party): Resource {
	return { kind: 'messages', schoolId, recipient };
}

/** The policy's resource of an existing conversation of two people; `blocked` when the other one blocked the actor. */
export function conversationResource(schoolId: number, participantIds: readonly number[], blocked = false): Resource {
	return { kind: 'messages', schoolId, participantIds, blocked };
}

// the class teacher reconciles absences in every journal of the class; marks
// of another teacher's subject only as far as the school allows.
function classTeacherWrite(setting: ClassTeacherWrites, part: JournalPart): Decision {
	if (part === 'absences' || setting === 'everything') return ALLOW;
	if (part === 'period_marks' && setting === 'absences_and_period_marks') return ALLOW;
	return deny(
		setting === 'absences'
			? 'В журнале другого учителя классный руководитель отмечает только пропуски и комментарии.'
			: 'В журнале другого учителя классный руководитель отмечает пропуски и ставит отметки за период, но не отметки за уроки.'
	);
}

/** The policy's resource of announcements: the school's, a class's, or a group's (its journals). */
export function announcementsResource(schoolId: number, scope: { classId?: number; journalIds?: readonly number[] } = {}): Resource {
	return { kind: 'announcements', schoolId, ...scope };
}

/** The school's backups. */
export function backupsResource(schoolId: number): Resource {
	return { kind: 'backups', schoolId };
}

/** True when the actor may perform the action on the resource. */
export function may(actor: Actor, action: Action, resource: Resource): boolean {
	return decide(actor, action, resource).allow;
}

/** The policy's resource of a journal; for a write, what the school lets a class teacher write and the part of the journal written. */
export function journalResource(
	journal: { schoolId: number; journalId: number; classId: number },
	write: { classTeacherWrites?: ClassTeacherWrites; part?: JournalPart; lessonId?: number } = {}
): Resource {
	return { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId, ...write };
}

/** The policy's resource of a journal's thematic plan. */
export function planResource(journal: { schoolId: number; journalId: number; classId: number }): Resource {
	return { kind: 'plan', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId };
}

/** The policy's resource of a journal's lesson files, with every student ever in its group. */
export function lessonFilesResource(journal: { schoolId: number; journalId: number; classId: number }, studentIds: readonly number[]): Resource {
	return { kind: 'lesson_files', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId, studentIds };
}

/** The policy's resource of a class. */
export function classResource(klass: { schoolId: number; classId: number }): Resource {
	return { kind: 'class', schoolId: klass.schoolId, classId: klass.classId };
}

/** The policy's resource of a student, with their classes and journals. */
export function studentResource(student: { schoolId: number; studentId: number; classIds: readonly number[]; journalIds: readonly number[] }): Resource {
	return { kind: 'student', schoolId: student.schoolId, studentId: student.studentId, classIds: student.classIds, journalIds: student.journalIds };
}

/** The policy's resource of a school's settings (grading rules, periods, holidays). */
export function settingsResource(schoolId: number): Resource {
	return { kind: 'settings', schoolId };
}

/** The policy's resource of the school's audit log (X-AUDIT). */
export function auditResource(schoolId: number): Resource {
	return { kind: 'audit', schoolId };
}

/** The policy's resource of the school's notification delivery state. */
export function deliveryResource(schoolId: number): Resource {
	return { kind: 'delivery', schoolId };
}

/** The policy's resource of accounts (activation codes) of people in the given classes, or of staff without classes. */
export function accountsResource(schoolId: number, classIds?: readonly number[]): Resource {
	return classIds ? { kind: 'accounts', schoolId, classIds } : { kind: 'accounts', schoolId };
}

/** The policy's resource of one person's account: their roles, whether it exists, and every class it reaches this year. */
export function accountOfResource(person: { schoolId: number; roles: readonly Role[]; hasAccount: boolean; classIds: readonly number[] }): Resource {
	return { kind: 'accounts', schoolId: person.schoolId, classIds: person.classIds, holder: { roles: person.roles, hasAccount: person.hasAccount } };
}

/** The policy's resource of a school's reports and figures (the leadership's overview); with a scope, of a class's or a journal's reports. */
export function reportsResource(schoolId: number, scope: { journalId?: number; classId?: number } = {}): Resource {
	return { kind: 'reports', schoolId, ...scope };
}

/** The policy's resource of a school's people (their records, enrolments, imports). */
export function peopleResource(schoolId: number): Resource {
	return { kind: 'people', schoolId };
}

/** The policy's resource of a school's live channel of journals (/collab). */
export function liveResource(schoolId: number): Resource {
	return { kind: 'live', schoolId };
}

/** The policy's resource of a school's staff list; with a role, of granting or taking it away. */
export function staffResource(schoolId: number, role?: Role): Resource {
	return role ? { kind: 'staff', schoolId, role } : { kind: 'staff', schoolId };
}

/** The policy's resource of a parent's «ознакомлен» under a week of a pupil's diary. */
export function weekAckResource(student: { schoolId: number; studentId: number }): Resource {
	return { kind: 'week_ack', schoolId: student.schoolId, studentId: student.studentId };
}
