/**
 * Access through the real server: every endpoint that takes a student id answers a parent the
 * same 404 for every child but their own, and pages answer each role as the policy says.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { Client, startTestSchool, type TestSchool } from '../helpers/server';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
});
afterAll(async () => school?.stop());

async function signedIn(login: string): Promise<Client> {
	const client = new Client(school.server.url);
	const response = await client.signIn(login);
	expect(response.status, `sign-in as ${login}`).toBe(303);
	return client;
}

const STUDENT_ENDPOINTS = ['/api/students/:id', '/api/students/:id/marks', '/api/students/:id/absences', '/api/students/:id/lessons', '/diary/:id'];

describe('R-3.1, R-3.6 a parent sees only their own children', () => {
	test('the demo parent has two children and reads each one on every student endpoint', async () => {
		const parent = await signedIn('roditel');
		const me = await (await parent.request('/api/me')).json();
		expect(me.childIds.length).toBeGreaterThanOrEqual(2);
		for (const childId of me.childIds) {
			for (const endpoint of STUDENT_ENDPOINTS) {
				const response = await parent.request(endpoint.replace(':id', String(childId)));
				expect(response.status, endpoint).toBe(200);
			}
			const marks = await (await parent.request(`/api/students/${childId}/marks`)).json();
			const [{ count }] = await sql`select count(*)::int as count from mark where student_id = ${childId}`;
			expect(marks.length).toBe(count);
		}
	});

	test('every other child id, on every endpoint that takes one, gets the same 404 with no data', async () => {
		const parent = await signedIn('roditel');
		const me = await (await parent.request('/api/me')).json();
		const students = await sql`select distinct student_id as id from enrolment order by 1`;
		const others = students.map((s) => s.id as number).filter((id) => !me.childIds.includes(id));
		expect(others.length).toBeGreaterThan(50);
		const [{ id: teacherId }] = await sql`select person_id as id from staff_role limit 1`;
		const probes = [...others, teacherId, me.personId, 2_000_000_000, 99_999_999_999, 0, -1, 'abc', '1e3'];
		for (const endpoint of STUDENT_ENDPOINTS) {
			const reference = await parent.request(endpoint.replace(':id', '2000000000'));
			expect(reference.status).toBe(404);
			const referenceBody = await reference.text();
			for (const probe of probes) {
				const response = await parent.request(endpoint.replace(':id', String(probe)));
				expect(response.status, `${endpoint} ${probe}`).toBe(404);
				expect(await response.text(), `${endpoint} ${probe}`).toBe(referenceBody);
			}
		}
	});

	test('a student reads their own diary and no classmate’s', async () => {
		const student = await signedIn('uchenik');
		const me = await (await student.request('/api/me')).json();
		expect((await student.request(`/api/students/${me.personId}/marks`)).status).toBe(200);
		const [{ id: classmate }] = await sql`
			select e2.student_id as id from enrolment e1 join enrolment e2 on e2.class_id = e1.class_id
			where e1.student_id = ${me.personId} and e2.student_id <> ${me.personId} limit 1`;
		expect((await student.request(`/api/students/${classmate}/marks`)).status).toBe(404);
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
		const [uchitel] = await sql`select p.id from account a join person p on p.id = a.person_id where a.login = 'uchitel'`;
		const [own] = await sql`select journal_id as id from journal_teacher where teacher_id = ${uchitel.id} limit 1`;
		const [foreign] = await sql`
			select j.id from journal j join study_group g on g.id = j.group_id
			where g.class_id not in (select g2.class_id from journal_teacher jt join journal j2 on j2.id = jt.journal_id
				join study_group g2 on g2.id = j2.group_id where jt.teacher_id = ${uchitel.id})
			limit 1`;
		const teacher = await signedIn('uchitel');
		expect((await teacher.request(`/journal/${own.id}`)).status).toBe(200);
		const refused = await teacher.request(`/journal/${foreign.id}`);
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('Журнал этого класса вам не назначен');
		const director = await signedIn('director');
		const page = await (await director.request(`/journal/${foreign.id}`)).text();
		expect(page).toContain('только просмотр');
		for (const login of ['roditel', 'uchenik']) {
			const family = await signedIn(login);
			expect((await family.request(`/journal/${own.id}`)).status, login).toBe(403);
		}
	});

	test('the staff page with activation codes is the administrator’s only', async () => {
		for (const [login, status] of [['admin', 200], ['director', 403], ['zavuch', 403], ['uchitel', 403], ['klruk', 403], ['roditel', 403], ['uchenik', 403]] as const) {
			const client = await signedIn(login);
			expect((await client.request('/admin/staff')).status, login).toBe(status);
		}
	});

	test('a class page is open to its class teacher and the administration, closed to family', async () => {
		const [seventh] = await sql`select c.id from class c join account a on a.person_id = c.class_teacher_id where a.login = 'klruk'`;
		for (const [login, status] of [['klruk', 200], ['admin', 200], ['director', 200], ['zavuch', 200], ['roditel', 403], ['uchenik', 403]] as const) {
			const client = await signedIn(login);
			expect((await client.request(`/class/${seventh.id}`)).status, login).toBe(status);
		}
	});

	test('a parent cannot issue activation codes even for their own child', async () => {
		const parent = await signedIn('roditel');
		const me = await (await parent.request('/api/me')).json();
		const [cls] = await sql`select class_id as id from enrolment where student_id = ${me.childIds[0]} limit 1`;
		const response = await parent.request(`/class/${cls.id}?/issue`, { form: { personId: String(me.childIds[0]) } });
		expect(response.status).toBe(403);
		const [{ count }] = await sql`select count(*)::int as count from activation_code`;
		expect(count).toBe(0);
	});
});
