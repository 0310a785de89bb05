/**
 * Activation and password-reset codes through the real forms (R-3.1, R-3.2, R-8.7, X-AUDIT): a
 * code activates only a person without an account; a person with one gets a reset code, from
 * someone entitled to every role they hold; a reset keeps the login, ends the old sessions and
 * is shown on the account page.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { insertGuardian } from '../../src/lib/server/db/setup';
import { Client, signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, type Account, type Klass, type Person } from '../factories';

let school: TestSchool;
let as: SignedIn;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let w: {
	admin: Account;
	classTeacher: Account;
	otherClassTeacher: Account;
	teacher: Account;
	fifth: Klass;
	sixth: Klass;
	child: Person;
	newParent: Person;
	parent: Account;
	twoClassParent: Account;
};

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	sql = (await database()).sql;
	w = await buildWorld(async (make) => {
		const admin = await make.staff('Админова Ирина Петровна', ['admin'], { login: 'admin1', password: 'admin-pass-1' });
		const classTeacher = await make.teacher('Классова Нина Олеговна', { login: 'klass1', password: 'klass-pass-1' });
		const otherClassTeacher = await make.teacher('Шестова Мария Ивановна', { login: 'klass2', password: 'klass-pass-2' });
		const teacher = await make.teacher('Учителев Олег Павлович', { login: 'uchitel1', password: 'old-teacher-pass' });
		const fifth = await make.class({ grade: 5, letter: 'А', classTeacher });
		const sixth = await make.class({ grade: 6, letter: 'А', classTeacher: otherClassTeacher });
		const child = await make.student('Админов Пётр Ильич', { class: fifth });
		const elder = await make.student('Родителев Иван Ильич', { class: sixth });
		const younger = await make.student('Родителева Анна Ильинична', { class: fifth });
		// The administrator is also the parent of a pupil of the fifth class.
		await insertGuardian(make.tx, { parentId: admin.id, studentId: child.id });
		const newParent = await make.parent('Новикова Ольга Сергеевна', { children: [child] });
		const parent = await make.parent('Родителева Вера Андреевна', { children: [younger], login: 'roditel1', password: 'parent-pass-1' });
		const twoClassParent = await make.parent('Родителев Илья Петрович', { children: [younger, elder], login: 'roditel2', password: 'parent-pass-2' });
		return { admin, classTeacher, otherClassTeacher, teacher, fifth, sixth, child, newParent, parent, twoClassParent };
	});
});

afterAll(async () => {
	await school?.stop();
});

const CODE = /<code>([A-Z0-9]{5}-[A-Z0-9]{5})<\/code>/;
const accountOf = async (personId: number) => (await sql`select login, password_hash from account where person_id = ${personId}`)[0];

/** Posts the issue form of a page as the signed-in person; the response and the code shown, if any. */
async function issue(by: Account, page: string, personId: number): Promise<{ status: number; html: string; code: string | undefined }> {
	const response = await (await as(by)).request(`${page}?/issue`, { form: { personId: String(personId) } });
	const html = await response.text();
	return { status: response.status, html, code: CODE.exec(html)?.[1] };
}

/** Uses a code on the activation page with a fresh client. */
async function activate(code: string, login: string, password: string): Promise<{ client: Client; response: Response }> {
	const client = new Client(school.server.url);
	const response = await client.request('/activate', { form: { code, login, password, repeat: password } });
	return { client, response };
}

describe('R-3.1 a code never takes over an existing account', () => {
	test('a class teacher cannot issue a code to a parent of their class who is also the administrator: 403, the account unchanged', async () => {
		const before = await accountOf(w.admin.id);
		const issued = await issue(w.classTeacher, `/class/${w.fifth.id}`, w.admin.id);
		// Whatever the page answered, try to use a code it showed, as the class teacher would.
		if (issued.code) await activate(issued.code, 'hijacker', 'hijacker-pass-1');
		expect.soft(issued.status).toBe(403);
		expect.soft(issued.code).toBeUndefined();
		expect.soft(await accountOf(w.admin.id)).toEqual(before);
		expect.soft((await new Client(school.server.url).signIn('admin1', 'admin-pass-1')).status).toBe(303);
		expect.soft((await new Client(school.server.url).signIn('hijacker', 'hijacker-pass-1')).status).toBe(400);
		const [codes] = await sql`select count(*)::int as n from activation_code where person_id = ${w.admin.id}`;
		expect(codes.n).toBe(0);
	});

	test('a teacher with an account gets no code from a class teacher, and a parent of two classes none from one class teacher', async () => {
		expect((await issue(w.classTeacher, `/class/${w.fifth.id}`, w.teacher.id)).status).toBe(403);
		expect((await issue(w.classTeacher, `/class/${w.fifth.id}`, w.twoClassParent.id)).status).toBe(403);
		expect((await issue(w.otherClassTeacher, `/class/${w.sixth.id}`, w.twoClassParent.id)).status).toBe(403);
	});
});

describe('R-3.1, R-3.2, R-8.7 password reset codes', () => {
	test('the administrator resets a teacher: the login stays, the password changes, old sessions end, the account page says so', async () => {
		const laptop = await as(w.teacher);
		const phone = new Client(school.server.url);
		expect((await phone.signIn('uchitel1', 'old-teacher-pass')).status).toBe(303);

		const issued = await issue(w.admin, '/admin/staff', w.teacher.id);
		expect(issued.status).toBe(200);
		expect(issued.html).toContain('Код сброса пароля');
		expect(issued.code).toBeDefined();

		const used = await activate(issued.code!, 'someone.else', 'new-teacher-pass');
		expect(used.response.status).toBe(303);
		expect((await accountOf(w.teacher.id)).login).toBe('uchitel1');
		expect((await new Client(school.server.url).signIn('uchitel1', 'old-teacher-pass')).status).toBe(400);
		expect((await new Client(school.server.url).signIn('someone.else', 'new-teacher-pass')).status).toBe(400);
		expect((await new Client(school.server.url).signIn('uchitel1', 'new-teacher-pass')).status).toBe(303);
		expect((await laptop.request('/api/me')).status).toBe(401);
		expect((await phone.request('/api/me')).status).toBe(401);

		const page = await (await used.client.request('/account')).text();
		expect(page).toMatch(/Пароль изменён по коду сброса \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
		expect(page).toContain('uchitel1');

		// X-AUDIT: the issue says it was a reset code; the use says it reset.
		const audit = await sql`select action, entity, new_value from audit_log where actor_id in (${w.admin.id}, ${w.teacher.id}) order by id`;
		expect(audit.map((a) => [a.action, a.entity, a.new_value?.purpose])).toEqual([
			['issue', 'activation_code', 'reset'],
			['reset_password', 'account', 'reset']
		]);
	});

	test('the same code cannot be used twice, and an activation code of a person who has an account since is refused', async () => {
		const issued = await issue(w.classTeacher, `/class/${w.fifth.id}`, w.newParent.id);
		expect(issued.status).toBe(200);
		expect(issued.html).toContain('Код активации');
		const first = await activate(issued.code!, 'novikova', 'parent-pass-new');
		expect(first.response.status).toBe(303);
		expect((await accountOf(w.newParent.id)).login).toBe('novikova');
		const second = await activate(issued.code!, 'novikova2', 'parent-pass-new2');
		expect(second.response.status).toBe(400);

		// A stale activation code (issued before the account existed) never replaces the account.
		const stale = await issue(w.classTeacher, `/class/${w.fifth.id}`, w.newParent.id);
		await sql`update activation_code set purpose = 'activate' where person_id = ${w.newParent.id} and used_at is null`;
		const refused = await activate(stale.code!, 'takeover', 'takeover-pass-1');
		expect(refused.response.status).toBe(400);
		expect((await accountOf(w.newParent.id)).login).toBe('novikova');
	});

	test('the class teacher resets a parent of their class only; revoking and using the code are audited', async () => {
		const issued = await issue(w.classTeacher, `/class/${w.fifth.id}`, w.parent.id);
		expect(issued.status).toBe(200);
		expect(issued.html).toContain('Код сброса пароля');
		const revoke = await (await as(w.classTeacher)).request(`/class/${w.fifth.id}?/revoke`, { form: { personId: String(w.parent.id) } });
		expect(revoke.status).toBe(200);
		expect((await activate(issued.code!, '', 'parent-pass-new1')).response.status).toBe(400);

		const again = await issue(w.classTeacher, `/class/${w.fifth.id}`, w.parent.id);
		const used = await activate(again.code!, '', 'parent-pass-new1');
		expect(used.response.status).toBe(303);
		expect((await accountOf(w.parent.id)).login).toBe('roditel1');
		const audit = await sql`select action from audit_log where new_value ->> 'personId' = ${String(w.parent.id)} order by id`;
		expect(audit.map((a) => a.action)).toEqual(['issue', 'revoke', 'issue', 'reset_password']);
	});
});
