/**
 * the authorization matrix through the real transports. The unit matrix
 * (tests/unit/policy.test.ts) proves the policy's table; this proves the product obeys it: one
 * table of actions per person, run over HTTP (pages, JSON endpoints, form actions) and the
 * websocket (/collab) of one server. Every case checks two things: the product's answer is the one
 * written out by hand in the tables below, and that hand-written answer is what `decide()` says for
 * the person's actor as the server loads it (`actorOf`, on this test's database).
 *
 * How a policy decision becomes an answer: a page or a read endpoint answers 200, or 404 — the
 * same as for a thing that does not exist — when the actor may not read it. A write answers 404
 * when the actor may not even read its target, 403 when they read it but may not do this, else
 * 200 (201 for a new lesson). The administrator's pages have no id to hide: 403 to everyone else.
 * On the websocket: families are refused at the upgrade (403); a journal the actor may not read is
 * refused (permission denied); one they read but do not write opens read-only (their update is not
 * applied); a writable one acknowledges a mark the actor may set and rejects one they may not.
 *
 * The world, today 27.11.2026 (the 2nd quarter is open):
 *   7А — class teacher Кузнецова, who teaches its Russian; its algebra is Петрова's.
 *        Pupils: Пётр Иванов (has an account), Смирнова, Козлов, Белова (no account).
 *   5Б — its mathematics is taught by Орлова and by Смирнов. Pupils: Никитин, Фёдорова.
 *   Administrator Сидорова, director Соколов, deputy Зайцева; Пётр's mother Иванова;
 *   Смирнов is Смирнова's father and a 5Б maths teacher; Козлова is Козлов's mother and an administrator.
 *   The algebra and the maths journals each have ten lessons (9–20.11.2026): on the websocket each
 *   person types a «4» into their own lesson column (Козлов's cell in algebra, Фёдорова's in maths).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { requestContext } from '../../src/lib/server/context';
import { actorOf } from '../../src/lib/server/queries/people';
import { loadStudentScope, type StudentScope } from '../../src/lib/server/db/people';
import { classTeacherWritesOf } from '../../src/lib/server/db/settings';
import { insertStaffRole } from '../../src/lib/server/db/setup';
import { cellKey } from '../../src/lib/domain/journal-doc';
import {
	accountOfResource,
	accountsResource,
	classResource,
	journalResource,
	liveResource,
	may,
	settingsResource,
	staffResource,
	studentResource,
	type Actor,
	type ClassTeacherWrites,
	type JournalPart
} from '../../src/lib/domain/policy';
import { signedIn, startEmptySchool, type Client, type SignedIn, type TestSchool } from '../helpers/server';
import { openJournal, upgradeStatus } from '../helpers/collab';
import { addLessons, buildWorld, type Account, type Journal, type Klass, type Period, type Person } from '../factories';

/** Everyone in the matrix, in the order of the tables' columns. */
const PEOPLE = ['admin', 'director', 'deputy', 'classTeacher', 'algebraTeacher', 'teacher5B', 'parent', 'pupil', 'parentTeacher5B', 'parentAdmin'] as const;
type Who = (typeof PEOPLE)[number];

/** How each person is named in the test titles. */
const NAMES: Record<Who, string> = {
	admin: 'administrator',
	director: 'director',
	deputy: 'deputy director',
	classTeacher: 'class teacher of 7А (teaches 7А Russian)',
	algebraTeacher: 'teacher of 7А algebra',
	teacher5B: 'teacher of 5Б maths',
	parent: 'parent of a 7А pupil',
	pupil: '7А pupil',
	parentTeacher5B: 'parent of a 7А pupil who teaches 5Б maths',
	parentAdmin: 'parent of a 7А pupil who is an administrator'
};

type JournalKey = 'algebra' | 'maths';
type ClassKey = 'seventh' | 'fifth';
type StudentKey = 'petr' | 'smirnova' | 'nikitin';

interface World {
	schoolId: number;
	people: Record<Who, Account>;
	seventh: Klass;
	fifth: Klass;
	algebra: Journal;
	maths: Journal;
	petr: Account;
	smirnova: Person;
	kozlov: Person;
	belova: Person;
	nikitin: Person;
	fedorova: Person;
	q2: Period;
}

/** What the policy is asked about, loaded from the database the way the server loads it. */
interface Facts {
	schoolId: number;
	classTeacherWrites: ClassTeacherWrites;
	journal: Record<JournalKey, { schoolId: number; journalId: number; classId: number }>;
	klass: Record<ClassKey, { schoolId: number; classId: number }>;
	student: Record<StudentKey, StudentScope>;
}

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let base: string;
let as: SignedIn;
let w: World;
let f: Facts;
const actors = {} as Record<Who, Actor>;
/** Per journal, the lesson column each person types into on the websocket. */
const columns = {} as Record<JournalKey, Array<{ id: number }>>;

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	base = school.server.url;
	as = signedIn(base);
	w = await buildWorld(async (make) => {
		const { id: schoolId } = await make.school();
		const year = await make.year();
		const admin = await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' });
		const director = await make.staff('Соколов Игорь Петрович', ['director'], { login: 'director' });
		const deputy = await make.staff('Зайцева Елена Юрьевна', ['deputy'], { login: 'zavuch' });
		const classTeacher = await make.teacher('Кузнецова Ирина Олеговна', { login: 'klruk' });
		const algebraTeacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const teacher5B = await make.teacher('Орлова Вера Михайловна', { login: 'orlova' });
		const seventh = await make.class({ grade: 7, letter: 'А', classTeacher });
		const fifth = await make.class({ grade: 5, letter: 'Б' });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh, login: 'uchenik' });
		const smirnova = await make.student('Смирнова Ольга Андреевна', { class: seventh });
		const kozlov = await make.student('Козлов Денис Игоревич', { class: seventh });
		const belova = await make.student('Белова Анна Романовна', { class: seventh });
		const nikitin = await make.student('Никитин Олег Павлович', { class: fifth });
		const fedorova = await make.student('Фёдорова Ксения Ильинична', { class: fifth });
		const parent = await make.parent('Иванова Марина Викторовна', { children: [petr], login: 'roditel' });
		// Two people with two roles each: a family's and a staff one.
		const parentTeacher5B = await make.parent('Смирнов Андрей Олегович', { children: [smirnova], login: 'smirnov' });
		await insertStaffRole(make.tx, parentTeacher5B.id, 'teacher');
		const parentAdmin = await make.parent('Козлова Елена Сергеевна', { children: [kozlov], login: 'kozlova' });
		await insertStaffRole(make.tx, parentAdmin.id, 'admin');
		const algebra = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [algebraTeacher] });
		await make.journal({ group: seventh, subject: await make.subject('Русский язык'), teachers: [classTeacher] });
		const maths = await make.journal({ group: fifth, subject: await make.subject('Математика'), teachers: [teacher5B, parentTeacher5B] });
		return {
			schoolId,
			people: { admin, director, deputy, classTeacher, algebraTeacher, teacher5B, parent, pupil: petr, parentTeacher5B, parentAdmin },
			seventh,
			fifth,
			algebra,
			maths,
			petr,
			smirnova,
			kozlov,
			belova,
			nikitin,
			fedorova,
			q2: year.period('2 четверть')
		};
	});

	// Each person's actor as the server builds it for a request (hooks.server.ts) and an upgrade.
	const ctx = await requestContext();
	for (const who of PEOPLE) actors[who] = (await actorOf(ctx, { personId: w.people[who].id, schoolId: w.schoolId })).actor;
	const schoolId = w.schoolId;
	const scope = async (student: Person) => (await loadStudentScope(sql, student.id)) ?? missing(student.fullName);
	f = {
		schoolId,
		classTeacherWrites: await classTeacherWritesOf(sql, schoolId),
		journal: {
			algebra: { schoolId, journalId: w.algebra.id, classId: w.algebra.classId },
			maths: { schoolId, journalId: w.maths.id, classId: w.maths.classId }
		},
		klass: { seventh: { schoolId, classId: w.seventh.id }, fifth: { schoolId, classId: w.fifth.id } },
		student: { petr: await scope(w.petr), smirnova: await scope(w.smirnova), nikitin: await scope(w.nikitin) }
	};

	// One lesson column per person in each journal, added by the journal's teacher.
	const dates = ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
	columns.algebra = await addLessons(await as(w.people.algebraTeacher), w.algebra, dates);
	columns.maths = await addLessons(await as(w.people.teacher5B), w.maths, dates);
});

afterAll(async () => {
	await school?.stop();
});

function missing(what: string): never {
	throw new Error(`not in the world: ${what}`);
}

describe('R-4.1.1 the people of the matrix, as the server sees them', () => {
	test('each holds the roles the world gives them; the two with two roles hold a family’s and a staff one', () => {
		const roles = Object.fromEntries(PEOPLE.map((who) => [who, [...actors[who].roles].sort()]));
		expect(roles).toEqual({
			admin: ['admin'],
			director: ['director'],
			deputy: ['deputy'],
			classTeacher: ['class_teacher', 'teacher'],
			algebraTeacher: ['teacher'],
			teacher5B: ['teacher'],
			parent: ['parent'],
			pupil: ['student'],
			parentTeacher5B: ['parent', 'teacher'],
			parentAdmin: ['admin', 'parent']
		});
		expect(actors.classTeacher.classTeacherOf).toEqual([w.seventh.id]);
		expect(actors.parentTeacher5B.journalIds).toEqual([w.maths.id]);
		expect(actors.parentTeacher5B.childIds).toEqual([w.smirnova.id]);
		expect(actors.parentAdmin.childIds).toEqual([w.kozlov.id]);
	});
});

// ——— From a policy decision to the answer a transport gives ———

type Status = 101 | 200 | 201 | 403 | 404;

/** A page or a read endpoint with an id: 200, or the 404 of a thing that does not exist. */
const readAnswer = (readable: boolean): Status => (readable ? 200 : 404);
/** A page without an id (the administrator's): nothing to hide, 403 to whoever may not. */
const pageAnswer = (allowed: boolean): Status => (allowed ? 200 : 403);
/** A write: 404 when its target is not the actor's to read, 403 when it is but this is not theirs to do, else `ok`. */
const writeAnswer = (readable: boolean, allowed: boolean, ok: Status): Status => (!readable ? 404 : allowed ? ok : 403);

function journalRead(actor: Actor, journal: JournalKey): boolean {
	return may(actor, 'read', journalResource(f.journal[journal]));
}

function journalWrite(actor: Actor, journal: JournalKey, part: JournalPart): boolean {
	return may(actor, 'write', journalResource(f.journal[journal], { classTeacherWrites: f.classTeacherWrites, part }));
}

// ——— HTTP reads ———

interface ReadRow {
	action: string;
	target: string;
	expected: Record<Who, Status>;
	policy(actor: Actor): Status;
	path(): string;
}

const journalPage = (journal: JournalKey, target: string, sheet: boolean, expected: Record<Who, Status>): ReadRow => ({
	action: sheet ? 'GET /journal/:id/marks' : 'GET /journal/:id',
	target,
	expected,
	policy: (actor) => readAnswer(journalRead(actor, journal)),
	path: () => `/journal/${f.journal[journal].journalId}${sheet ? '/marks' : ''}`
});

const classPage = (klass: ClassKey, target: string, sheet: boolean, expected: Record<Who, Status>): ReadRow => ({
	action: sheet ? 'GET /class/:id/marks' : 'GET /class/:id',
	target,
	expected,
	policy: (actor) => readAnswer(may(actor, 'read', classResource(f.klass[klass]))),
	path: () => `/class/${f.klass[klass].classId}${sheet ? '/marks' : ''}`
});

const studentRead = (student: StudentKey, target: string, endpoint: 'diary' | 'marks', expected: Record<Who, Status>): ReadRow => ({
	action: endpoint === 'diary' ? 'GET /diary/:studentId' : 'GET /api/students/:id/marks',
	target,
	expected,
	policy: (actor) => readAnswer(may(actor, 'read', studentResource(f.student[student]))),
	path: () => (endpoint === 'diary' ? `/diary/${f.student[student].studentId}` : `/api/students/${f.student[student].studentId}/marks`)
});

const adminPage = (path: string, expected: Record<Who, Status>, policy: (actor: Actor) => boolean): ReadRow => ({
	action: `GET ${path}`,
	target: 'the school',
	expected,
	policy: (actor) => pageAnswer(policy(actor)),
	path: () => path
});

// Who reads a class's journals, its page and its sheet: the administration, its class teacher and the teachers of the class.
const READS_7A: Record<Who, Status> = { admin: 200, director: 200, deputy: 200, classTeacher: 200, algebraTeacher: 200, teacher5B: 404, parent: 404, pupil: 404, parentTeacher5B: 404, parentAdmin: 200 };
const READS_5B: Record<Who, Status> = { admin: 200, director: 200, deputy: 200, classTeacher: 404, algebraTeacher: 404, teacher5B: 200, parent: 404, pupil: 404, parentTeacher5B: 200, parentAdmin: 200 };
// Students: themselves, their parents, the administration, their class teacher and the teachers of their journals.
const PETR: Record<Who, Status> = { admin: 200, director: 200, deputy: 200, classTeacher: 200, algebraTeacher: 200, teacher5B: 404, parent: 200, pupil: 200, parentTeacher5B: 404, parentAdmin: 200 };
const SMIRNOVA: Record<Who, Status> = { admin: 200, director: 200, deputy: 200, classTeacher: 200, algebraTeacher: 200, teacher5B: 404, parent: 404, pupil: 404, parentTeacher5B: 200, parentAdmin: 200 };
const NIKITIN: Record<Who, Status> = { admin: 200, director: 200, deputy: 200, classTeacher: 404, algebraTeacher: 404, teacher5B: 200, parent: 404, pupil: 404, parentTeacher5B: 200, parentAdmin: 200 };
// The administrator's pages: the two administrators only.
const ADMINS_ONLY: Record<Who, Status> = { admin: 200, director: 403, deputy: 403, classTeacher: 403, algebraTeacher: 403, teacher5B: 403, parent: 403, pupil: 403, parentTeacher5B: 403, parentAdmin: 200 };

const READS: ReadRow[] = [
	journalPage('algebra', '7А algebra', false, READS_7A),
	journalPage('maths', '5Б maths', false, READS_5B),
	journalPage('algebra', '7А algebra', true, READS_7A),
	journalPage('maths', '5Б maths', true, READS_5B),
	classPage('seventh', '7А', false, READS_7A),
	classPage('fifth', '5Б', false, READS_5B),
	classPage('seventh', '7А', true, READS_7A),
	classPage('fifth', '5Б', true, READS_5B),
	studentRead('petr', 'Пётр (7А, the pupil with an account)', 'diary', PETR),
	studentRead('smirnova', 'Смирнова (7А, the 5Б teacher’s daughter)', 'diary', SMIRNOVA),
	studentRead('nikitin', 'Никитин (5Б)', 'diary', NIKITIN),
	studentRead('petr', 'Пётр (7А, the pupil with an account)', 'marks', PETR),
	studentRead('smirnova', 'Смирнова (7А, the 5Б teacher’s daughter)', 'marks', SMIRNOVA),
	studentRead('nikitin', 'Никитин (5Б)', 'marks', NIKITIN),
	adminPage('/admin/grading', ADMINS_ONLY, (actor) => may(actor, 'manage', settingsResource(f.schoolId))),
	adminPage('/admin/periods', ADMINS_ONLY, (actor) => may(actor, 'manage', settingsResource(f.schoolId))),
	// The staff list is the administrator's (accounts) and the director's (roles, R-4.2.2).
	adminPage('/admin/staff', { ...ADMINS_ONLY, director: 200 }, (actor) => may(actor, 'manage', accountsResource(f.schoolId)) || may(actor, 'manage', staffResource(f.schoolId)))
];

const cases = <R extends { action: string; target: string; expected: Record<Who, string | number> }>(rows: R[]) =>
	rows.flatMap((row) => PEOPLE.map((who) => ({ who, row, title: `${NAMES[who]} × ${row.action} × ${row.target} → ${row.expected[who]}` })));

describe('R-4.1.1, R-3.1 HTTP reads answer each person as the policy says', () => {
	for (const { who, row, title } of cases(READS)) {
		test(title, async () => {
			const client = await as(w.people[who]);
			const path = row.path();
			const response = await client.request(path, path.startsWith('/api/') ? { headers: { accept: 'application/json' } } : {});
			await response.arrayBuffer();
			const expected = row.expected[who];
			expect({ decide: row.policy(actors[who]), product: response.status }).toEqual({ decide: expected, product: expected });
		});
	}
});

// ——— HTTP writes ———

interface WriteRow {
	action: string;
	target: string;
	expected: Record<Who, Status>;
	policy(actor: Actor): Status;
	/** Does the write as the person; `stored` is whether the change reached the tables. */
	run(client: Client, who: Who): Promise<{ status: number; stored: boolean }>;
}

const addLesson = (journal: JournalKey, target: string, expected: Record<Who, Status>): WriteRow => ({
	action: 'POST /api/journals/:id/lessons',
	target,
	expected,
	policy: (actor) => writeAnswer(journalRead(actor, journal), journalWrite(actor, journal, 'lessons_and_marks'), 201),
	async run(client, who) {
		const journalId = f.journal[journal].journalId;
		const count = async () => (await sql`select count(*)::int as n from lesson where journal_id = ${journalId} and teacher_id = ${w.people[who].id}`)[0].n as number;
		const before = await count();
		const { status } = await client.api('POST', `/api/journals/${journalId}/lessons`, { date: '2026-11-25', lessonNo: PEOPLE.indexOf(who), topic: `урок от ${who}` });
		return { status, stored: (await count()) === before + 1 };
	}
});

const setPeriodMark = (journal: JournalKey, student: () => Person, target: string, expected: Record<Who, Status>): WriteRow => ({
	action: 'PUT /api/journals/:id/period-marks',
	target,
	expected,
	policy: (actor) => writeAnswer(journalRead(actor, journal), journalWrite(actor, journal, 'period_marks'), 200),
	async run(client, who) {
		const journalId = f.journal[journal].journalId;
		const studentId = student().id;
		const stored = async () =>
			(await sql`select value, author_id from period_mark where journal_id = ${journalId} and student_id = ${studentId} and kind = 'period' and period_id = ${w.q2.id}`)[0];
		// A value other than the one stored, so an accepted write is a change with this person as its author.
		const value = (await stored())?.value === '4' ? '5' : '4';
		const { status } = await client.api('PUT', `/api/journals/${journalId}/period-marks`, { studentId, periodId: w.q2.id, value, justification: 'по итогам четверти' });
		const after = await stored();
		return { status, stored: after?.value === value && after.author_id === w.people[who].id };
	}
});

// The rules form as the grading page submits it, with the school's defaults: saving changes nothing but the audit.
const DEFAULT_RULES = { scaleMin: '2', scaleMax: '5', thresholds: '5: 4,6; 4: 3,6; 3: 2,6', minMarks: '3', absenceCodes: 'н, б, уп, оп', markFreeGrades: '1' };

const WRITES: WriteRow[] = [
	addLesson('algebra', '7А algebra', { admin: 201, director: 403, deputy: 403, classTeacher: 403, algebraTeacher: 201, teacher5B: 404, parent: 404, pupil: 404, parentTeacher5B: 404, parentAdmin: 201 }),
	addLesson('maths', '5Б maths', { admin: 201, director: 403, deputy: 403, classTeacher: 404, algebraTeacher: 404, teacher5B: 201, parent: 404, pupil: 404, parentTeacher5B: 201, parentAdmin: 201 }),
	// The class teacher's school setting is the default (absences and comments only): no period marks in algebra.
	setPeriodMark('algebra', () => w.petr, '7А algebra, Пётр, 2nd quarter', { admin: 200, director: 403, deputy: 403, classTeacher: 403, algebraTeacher: 200, teacher5B: 404, parent: 404, pupil: 404, parentTeacher5B: 404, parentAdmin: 200 }),
	setPeriodMark('maths', () => w.nikitin, '5Б maths, Никитин, 2nd quarter', { admin: 200, director: 403, deputy: 403, classTeacher: 404, algebraTeacher: 404, teacher5B: 200, parent: 404, pupil: 404, parentTeacher5B: 200, parentAdmin: 200 }),
	{
		action: 'POST /admin/grading?/rules',
		target: 'the school’s grading rules',
		expected: ADMINS_ONLY,
		policy: (actor) => pageAnswer(may(actor, 'manage', settingsResource(f.schoolId))),
		async run(client, who) {
			const count = async () => (await sql`select count(*)::int as n from audit_log where action = 'grading.update' and actor_id = ${w.people[who].id}`)[0].n as number;
			const before = await count();
			const response = await client.request('/admin/grading?/rules', { form: DEFAULT_RULES });
			await response.arrayBuffer();
			return { status: response.status, stored: (await count()) === before + 1 };
		}
	},
	{
		action: 'POST /class/:id?/issue',
		target: '7А, an activation code for Белова (7А, no account)',
		// Codes for a family are issued by the administrator and the class teacher of their class;
		// whoever sees the class but may not issue is told why (403), anyone else does not learn she exists (404).
		expected: { admin: 200, director: 403, deputy: 403, classTeacher: 200, algebraTeacher: 403, teacher5B: 404, parent: 404, pupil: 404, parentTeacher5B: 404, parentAdmin: 200 },
		policy(actor) {
			const classIds = [f.klass.seventh.classId];
			const seen = may(actor, 'read', accountsResource(f.schoolId, classIds)) || may(actor, 'read', classResource(f.klass.seventh));
			return writeAnswer(seen, may(actor, 'manage', accountOfResource({ schoolId: f.schoolId, roles: ['student'], hasAccount: false, classIds })), 200);
		},
		async run(client, who) {
			const count = async () => (await sql`select count(*)::int as n from activation_code where person_id = ${w.belova.id} and created_by = ${w.people[who].id}`)[0].n as number;
			const before = await count();
			const response = await client.request(`/class/${f.klass.seventh.classId}?/issue`, { form: { personId: String(w.belova.id) } });
			await response.arrayBuffer();
			return { status: response.status, stored: (await count()) === before + 1 };
		}
	}
];

describe('R-4.1.1, R-3.1, R-4.3.13 HTTP writes answer each person as the policy says, and only an accepted one reaches the tables', () => {
	for (const { who, row, title } of cases(WRITES)) {
		test(title, async () => {
			const client = await as(w.people[who]);
			const { status, stored } = await row.run(client, who);
			const expected = row.expected[who];
			expect({ decide: row.policy(actors[who]), product: status, stored }).toEqual({ decide: expected, product: expected, stored: expected < 300 });
		});
	}
});

// ——— Websocket ———

const UPGRADE: Record<Who, Status> = { admin: 101, director: 101, deputy: 101, classTeacher: 101, algebraTeacher: 101, teacher5B: 101, parent: 403, pupil: 403, parentTeacher5B: 101, parentAdmin: 101 };

describe('R-4.3.13 the live channel: families are refused at the upgrade, staff connect, whatever else they are', () => {
	for (const who of PEOPLE) {
		test(`${NAMES[who]} × upgrade to /collab × the school → ${UPGRADE[who]}`, async () => {
			const status = await upgradeStatus(base, { cookie: (await as(w.people[who])).cookieHeader(), origin: base });
			const expected = UPGRADE[who];
			expect({ decide: may(actors[who], 'read', liveResource(f.schoolId)) ? 101 : 403, product: status }).toEqual({ decide: expected, product: expected });
		});
	}
});

/** What happens when a person opens a journal's live document and types a «4» into a cell. */
type Live =
	| 'no socket: 403 at the upgrade'
	| 'refused'
	| 'read-only: the mark is not applied'
	| 'writable: the mark is rejected'
	| 'writable: the mark is acknowledged and stored';

/** The policy's answer for the live journal: the live channel, then reading, then writing any cell, then writing marks. */
function livePolicy(actor: Actor, journal: JournalKey): Live {
	if (!may(actor, 'read', liveResource(f.schoolId))) return 'no socket: 403 at the upgrade';
	if (!journalRead(actor, journal)) return 'refused';
	if (!journalWrite(actor, journal, 'absences')) return 'read-only: the mark is not applied';
	return journalWrite(actor, journal, 'lessons_and_marks') ? 'writable: the mark is acknowledged and stored' : 'writable: the mark is rejected';
}

interface LiveRow {
	journal: JournalKey;
	target: string;
	/** The student whose cell each person types into, in their own lesson column. */
	student(): Person;
	expected: Record<Who, Live>;
}

const LIVE: LiveRow[] = [
	{
		journal: 'algebra',
		target: '7А algebra',
		student: () => w.kozlov,
		expected: {
			admin: 'writable: the mark is acknowledged and stored',
			director: 'read-only: the mark is not applied',
			deputy: 'read-only: the mark is not applied',
			// Absences and comments only, by the school's default setting: her connection is writable, a mark is not hers to set.
			classTeacher: 'writable: the mark is rejected',
			algebraTeacher: 'writable: the mark is acknowledged and stored',
			teacher5B: 'refused',
			parent: 'no socket: 403 at the upgrade',
			pupil: 'no socket: 403 at the upgrade',
			parentTeacher5B: 'refused',
			parentAdmin: 'writable: the mark is acknowledged and stored'
		}
	},
	{
		journal: 'maths',
		target: '5Б maths',
		student: () => w.fedorova,
		expected: {
			admin: 'writable: the mark is acknowledged and stored',
			director: 'read-only: the mark is not applied',
			deputy: 'read-only: the mark is not applied',
			classTeacher: 'refused',
			algebraTeacher: 'refused',
			teacher5B: 'writable: the mark is acknowledged and stored',
			parent: 'no socket: 403 at the upgrade',
			pupil: 'no socket: 403 at the upgrade',
			parentTeacher5B: 'writable: the mark is acknowledged and stored',
			parentAdmin: 'writable: the mark is acknowledged and stored'
		}
	}
];

/** The marks the tables hold for a cell. */
async function marksIn(lessonId: number, studentId: number): Promise<number[]> {
	const rows = await sql`select value from mark where lesson_id = ${lessonId} and student_id = ${studentId} order by position`;
	return rows.map((r) => r.value as number);
}

/** Opens the journal as the person's browser would, types a «4» into their cell and says what happened, from the server's answers and the mark table. */
async function tryLive(who: Who, row: LiveRow): Promise<string> {
	const cookie = (await as(w.people[who])).cookieHeader();
	const upgrade = await upgradeStatus(base, { cookie, origin: base });
	if (upgrade !== 101) return upgrade === 403 ? 'no socket: 403 at the upgrade' : `no socket: ${upgrade} at the upgrade`;
	const live = await openJournal(base, cookie, f.journal[row.journal].journalId);
	try {
		if (live.refused !== undefined) return 'refused';
		const mode = live.readOnly ? 'read-only' : 'writable';
		const lesson = columns[row.journal][PEOPLE.indexOf(who)];
		const student = row.student();
		const seen = live.syncStatuses.length;
		const id = live.setCell(cellKey(lesson.id, student.id), { m: [4], a: null, c: null });
		// The server's answer to this edit: an ack or a reject for its id, or a sync status "not applied" (read-only).
		const answer = await live.until(() => {
			for (const m of live.messages) {
				if (m.type === 'ack' && m.ids.includes(id)) return 'acknowledged';
				if (m.type === 'reject' && m.id === id) return 'rejected';
			}
			return live.syncStatuses.slice(seen).includes(false) ? 'not applied' : undefined;
		}, `the answer to ${who}'s mark`);
		const stored = await marksIn(lesson.id, student.id);
		if (answer === 'acknowledged') return stored.join() === '4' ? `${mode}: the mark is acknowledged and stored` : `${mode}: the mark is acknowledged but the table holds [${stored}]`;
		return stored.length === 0 ? `${mode}: the mark is ${answer}` : `${mode}: the mark is ${answer} but the table holds [${stored}]`;
	} finally {
		await live.close();
	}
}

describe('R-4.1.1, R-4.3.13 the live journal: refused, read-only or writable as the policy says, and a mark reaches the table only when acknowledged', () => {
	for (const row of LIVE) {
		for (const who of PEOPLE) {
			test(`${NAMES[who]} × open the live journal and type a mark × ${row.target} → ${row.expected[who]}`, async () => {
				const expected = row.expected[who];
				expect({ decide: livePolicy(actors[who], row.journal), product: await tryLive(who, row) }).toEqual({ decide: expected, product: expected });
			});
		}
	}
});
