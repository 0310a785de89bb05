/**
 * Access through the real server: every endpoint that takes a student id answers a parent the
 * same 404 for every child but their own, and pages answer each role as the policy says.
 *
 * The world: 7А (class teacher Кузнецова, who teaches its Russian) with Пётр Иванов, Смирнова and
 * Козлов; 5Б with Мария Иванова and Орлов. The Ивановы's mother has an account, and so has Пётр.
 * Петрова teaches 7А algebra, Орлова 5Б mathematics; the school has an administrator, a director
 * and a deputy. Пётр has two algebra marks, Смирнова one, Мария one in mathematics.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { Client, startEmptySchool, withoutNonce, type TestSchool } from '../helpers/server';
import { addLesson, addLessons, buildWorld, fillCells, type Account, type Journal, type Klass, type Person } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let w: {
	staff: { admin: Account; director: Account; deputy: Account; teacher: Account; classTeacher: Account; otherTeacher: Account };
	parent: Account;
	petr: Account;
	maria: Person;
	classmates: Person[];
	otherClass: Person[];
	seventh: Klass;
	fifth: Klass;
	algebra: Journal;
	fifthMaths: Journal;
};

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	w = await buildWorld(async (make) => {
		const staff = {
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			director: await make.staff('Соколов Игорь Петрович', ['director'], { login: 'director' }),
			deputy: await make.staff('Зайцева Елена Юрьевна', ['deputy'], { login: 'zavuch' }),
			teacher: await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' }),
			classTeacher: await make.teacher('Кузнецова Ирина Олеговна', { login: 'klruk' }),
			otherTeacher: await make.teacher('Орлова Вера Михайловна', { login: 'orlova' })
		};
		const seventh = await make.class({ grade: 7, letter: 'А', classTeacher: staff.classTeacher });
		const fifth = await make.class({ grade: 5, letter: 'Б' });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh, login: 'uchenik' });
		const classmates = [await make.student('Смирнова Ольга Андреевна', { class: seventh }), await make.student('Козлов Денис Игоревич', { class: seventh })];
		const maria = await make.student('Иванова Мария Сергеевна', { class: fifth });
		const otherClass = [await make.student('Орлов Никита Павлович', { class: fifth })];
		const parent = await make.parent('Иванова Марина Викторовна', { children: [petr, maria], login: 'roditel' });
		const algebra = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [staff.teacher] });
		await make.journal({ group: seventh, subject: await make.subject('Русский язык'), teachers: [staff.classTeacher] });
		const fifthMaths = await make.journal({ group: fifth, subject: await make.subject('Математика'), teachers: [staff.otherTeacher] });
		return { staff, parent, petr, maria, classmates, otherClass, seventh, fifth, algebra, fifthMaths };
	});
	const base = school.server.url;
	const teacher = await signedIn(w.staff.teacher);
	const [monday, wednesday] = await addLessons(teacher, w.algebra, ['2026-11-16', '2026-11-18']);
	await fillCells(base, teacher, w.algebra, [
		{ lesson: monday, student: w.petr, marks: [5] },
		{ lesson: wednesday, student: w.petr, marks: [4] },
		{ lesson: monday, student: w.classmates[0], marks: [3] }
	]);
	const other = await signedIn(w.staff.otherTeacher);
	const tuesday = await addLesson(other, w.fifthMaths, '2026-11-17');
	await fillCells(base, other, w.fifthMaths, [{ lesson: tuesday, student: w.maria, marks: [5] }]);
});
afterAll(async () => school?.stop());

async function signedIn(who: Account): Promise<Client> {
	const client = new Client(school.server.url);
	const response = await client.signIn(who.login, who.password);
	expect(response.status, `sign-in as ${who.login}`).toBe(303);
	return client;
}

const STUDENT_ENDPOINTS = ['/api/students/:id', '/api/students/:id/marks', '/api/students/:id/absences', '/api/students/:id/lessons', '/diary/:id'];

describe('R-3.1, R-3.6 a parent sees only their own children', () => {
	test('a parent of two children reads each one on every student endpoint', async () => {
		const parent = await signedIn(w.parent);
		const me = await (await parent.request('/api/me')).json();
		expect([...me.childIds].sort()).toEqual([w.petr.id, w.maria.id].sort());
		for (const childId of me.childIds) {
			for (const endpoint of STUDENT_ENDPOINTS) {
				const response = await parent.request(endpoint.replace(':id', String(childId)));
				expect(response.status, endpoint).toBe(200);
			}
			const marks = await (await parent.request(`/api/students/${childId}/marks`)).json();
			const [{ count }] = await sql`select count(*)::int as count from mark where student_id = ${childId}`;
			expect(marks.length).toBe(count);
			expect(marks.length).toBe(childId === w.petr.id ? 2 : 1);
		}
	});

	test('every other child id, on every endpoint that takes one, gets the same 404 with no data', async () => {
		const parent = await signedIn(w.parent);
		const me = await (await parent.request('/api/me')).json();
		const students = await sql`select distinct student_id as id from enrolment order by 1`;
		const others = students.map((s) => s.id as number).filter((id) => !me.childIds.includes(id));
		// The children's classmates in both classes.
		expect(others).toEqual([...w.classmates, ...w.otherClass].map((s) => s.id).sort((a, b) => a - b));
		const probes = [...others, w.staff.teacher.id, me.personId, 2_000_000_000, 99_999_999_999, 0, -1, 'abc', '1e3'];
		for (const endpoint of STUDENT_ENDPOINTS) {
			const reference = await parent.request(endpoint.replace(':id', '2000000000'));
			expect(reference.status).toBe(404);
			const referenceBody = withoutNonce(await reference.text());
			for (const probe of probes) {
				const response = await parent.request(endpoint.replace(':id', String(probe)));
				expect(response.status, `${endpoint} ${probe}`).toBe(404);
				expect(withoutNonce(await response.text()), `${endpoint} ${probe}`).toBe(referenceBody);
			}
		}
	});

	test('a student reads their own diary and no classmate’s', async () => {
		const student = await signedIn(w.petr);
		expect((await student.request(`/api/students/${w.petr.id}/marks`)).status).toBe(200);
		for (const classmate of w.classmates) expect((await student.request(`/api/students/${classmate.id}/marks`)).status).toBe(404);
	});

	test('an anonymous caller is asked to sign in, and a page redirects to the sign-in form', async () => {
		const anonymous = new Client(school.server.url);
		expect((await anonymous.request('/api/students/1/marks')).status).toBe(401);
		const page = await anonymous.request('/diary/1');
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toMatch(/^\/login\?next=/);
	});
});

describe('R-4.1.1 pages answer each role as the policy says', () => {
	test('journals: own is open, another class’s is refused to a teacher, read-only to the director, closed to family', async () => {
		// Петрова teaches 7А algebra and nothing in 5Б.
		const own = w.algebra;
		const foreign = w.fifthMaths;
		const teacher = await signedIn(w.staff.teacher);
		expect((await teacher.request(`/journal/${own.id}`)).status).toBe(200);
		// A journal the teacher may not read answers as one that does not exist.
		const refused = await teacher.request(`/journal/${foreign.id}`);
		expect(refused.status).toBe(404);
		expect(await refused.text()).toContain('Журнал не найден');
		const director = await signedIn(w.staff.director);
		const page = await (await director.request(`/journal/${foreign.id}`)).text();
		expect(page).toContain('только просмотр');
		for (const who of [w.parent, w.petr]) {
			const family = await signedIn(who);
			expect((await family.request(`/journal/${own.id}`)).status, who.login).toBe(404);
		}
	});

	test('R-4.2.2 the staff page is the administrator’s (codes, blocking, roles) and the director’s (roles, no codes)', async () => {
		const { admin, director, deputy, teacher, classTeacher } = w.staff;
		for (const [who, status] of [[admin, 200], [director, 200], [deputy, 403], [teacher, 403], [classTeacher, 403], [w.parent, 403], [w.petr, 403]] as const) {
			const client = await signedIn(who);
			const response = await client.request('/admin/staff');
			const html = await response.text();
			expect(response.status, who.login).toBe(status);
			if (who === director) expect(html).not.toContain('сбросить пароль');
			if (who === admin) expect(html).toContain('сбросить пароль');
		}
	});

	test('a class page is open to its class teacher and the administration, closed to family', async () => {
		const { admin, director, deputy, classTeacher } = w.staff;
		for (const [who, status] of [[classTeacher, 200], [admin, 200], [director, 200], [deputy, 200], [w.parent, 404], [w.petr, 404]] as const) {
			const client = await signedIn(who);
			expect((await client.request(`/class/${w.seventh.id}`)).status, who.login).toBe(status);
		}
	});

	test('a parent cannot issue activation codes even for their own child', async () => {
		const parent = await signedIn(w.parent);
		const response = await parent.request(`/class/${w.seventh.id}?/issue`, { form: { personId: String(w.petr.id) } });
		expect(response.status).toBe(404);
		const [{ count }] = await sql`select count(*)::int as count from activation_code`;
		expect(count).toBe(0);
	});
});

describe('R-4.1.1 an id does not tell whether a journal, a class or a person exists', () => {
	const MISSING = 2_000_000_000;

	/** The status and body of a request for an id that exists but is not the actor's, and for one that does not exist. */
	async function both(client: Client, path: (id: number | string) => string, existing: number, init?: Parameters<Client['request']>[1]) {
		const answers = [];
		for (const id of [existing, MISSING, 'abc']) {
			const response = await client.request(path(id), init);
			answers.push({ status: response.status, body: withoutNonce(await response.text()) });
		}
		return answers;
	}

	test('a teacher asking for another class’s journal gets the same 404 as for a journal that does not exist', async () => {
		// Петрова teaches nothing in 5Б: its mathematics is not hers to read.
		const teacher = await signedIn(w.staff.teacher);
		const probes: Array<[(id: number | string) => string, Parameters<Client['request']>[1]?]> = [
			[(id) => `/journal/${id}`],
			[(id) => `/journal/${id}/marks`],
			[(id) => `/api/journals/${id}/period-marks`, { headers: { accept: 'application/json' } }],
			[(id) => `/api/journals/${id}/history?lesson=1&student=1`, { headers: { accept: 'application/json' } }],
			[(id) => `/api/journals/${id}/lessons/1/attachments`, { headers: { accept: 'application/json' } }],
			[(id) => `/api/journals/${id}/lessons`, { json: { date: '2026-11-18' } }],
			[(id) => `/api/journals/${id}/period-marks`, { method: 'PUT', json: { studentId: w.maria.id, periodId: 1, value: '5' } }]
		];
		for (const [path, init] of probes) {
			const [foreign, missing, malformed] = await both(teacher, path, w.fifthMaths.id, init);
			expect(foreign.status, path(w.fifthMaths.id)).toBe(404);
			expect(foreign.body, path(w.fifthMaths.id)).toBe(missing.body);
			expect(malformed.status, path('abc')).toBe(404);
		}
		const [{ count }] = await sql`select count(*)::int as count from lesson where journal_id = ${w.fifthMaths.id}`;
		expect(count).toBe(1);
	});

	test('a parent asking for a journal of their own child’s class gets the same 404 as for a missing one', async () => {
		const parent = await signedIn(w.parent);
		const [own, missing] = await both(parent, (id) => `/api/journals/${id}/period-marks`, w.algebra.id, { headers: { accept: 'application/json' } });
		expect(own.status).toBe(404);
		expect(own.body).toBe(missing.body);
	});

	test('a class the actor may not read answers as one that does not exist: its page and its marks sheet', async () => {
		const teacher = await signedIn(w.staff.teacher);
		for (const path of [(id: number | string) => `/class/${id}`, (id: number | string) => `/class/${id}/marks`]) {
			const [foreign, missing] = await both(teacher, path, w.fifth.id);
			expect(foreign.status, path(w.fifth.id)).toBe(404);
			expect(foreign.body).toBe(missing.body);
		}
		const parent = await signedIn(w.parent);
		const [own, missing] = await both(parent, (id) => `/class/${id}`, w.seventh.id);
		expect(own.status).toBe(404);
		expect(own.body).toBe(missing.body);
	});

	test('a class teacher issuing a code to a student of another class gets the same 404 as for a person who does not exist', async () => {
		// Кузнецова teaches only in 7А: 5Б's students are not hers to see; a colleague is on the staff list she reads (403, not a leak).
		const classTeacher = await signedIn(w.staff.classTeacher);
		const answers = [];
		for (const personId of [w.otherClass[0].id, w.maria.id, MISSING, w.staff.teacher.id]) {
			const response = await classTeacher.request(`/class/${w.seventh.id}?/issue`, { form: { personId: String(personId) } });
			answers.push({ status: response.status, body: withoutNonce(await response.text()) });
		}
		expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 403]);
		expect(new Set(answers.slice(0, 3).map((a) => a.body)).size).toBe(1);
		// She has an account, so the code would reset her password: only the administrator does that.
		expect(answers[3].body).toContain('Пароль сотрудника сбрасывает администратор.');
		const [{ count }] = await sql`select count(*)::int as count from activation_code`;
		expect(count).toBe(0);
	});

	test('a journal the actor reads but may not write still answers 403 with the reason', async () => {
		const director = await signedIn(w.staff.director);
		const refused = await director.api('POST', `/api/journals/${w.algebra.id}/lessons`, { date: '2026-11-18' });
		expect(refused.status).toBe(403);
		expect(refused.json.message).toBe('Администрация школы просматривает журнал, но не заполняет его.');
		// Кузнецова teaches 7А Russian: she reads its algebra, and may not add its lessons.
		const colleague = await signedIn(w.staff.classTeacher);
		expect((await colleague.request(`/journal/${w.algebra.id}`)).status).toBe(200);
	});
});
