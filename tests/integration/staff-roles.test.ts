/**
 * Roles and blocked accounts through the real staff page (R-3.2, R-4.1.1, R-4.2.2, X-AUDIT): the
 * director appoints staff to duties, only an administrator makes another; taking a role away or
 * blocking an account ends every session of it at once; a blocked account cannot sign in; a
 * school always keeps an administrator who can sign in.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { Client, signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { openJournal, type JournalClient } from '../helpers/collab';
import { buildWorld, type Account, type Journal, type Klass } from '../factories';

let school: TestSchool;
let as: SignedIn;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let w: {
	admin: Account;
	director: Account;
	teacher: Account;
	deputyTeacher: Account;
	blockMe: Account;
	classTeacher: Account;
	fifth: Klass;
	parent: Account;
	liveTeacher: Account;
	liveDeputy: Account;
	journal: Journal;
};

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	sql = (await database()).sql;
	w = await buildWorld(async (make) => {
		const admin = await make.staff('Админова Ирина Петровна', ['admin'], { login: 'admin1', password: 'admin-pass-1' });
		const director = await make.staff('Директоров Павел Ильич', ['director'], { login: 'director1', password: 'director-pass-1' });
		const teacher = await make.teacher('Учителев Олег Павлович', { login: 'uchitel1', password: 'teacher-pass-1' });
		const deputyTeacher = await make.staff('Завучева Анна Львовна', ['deputy', 'teacher'], { login: 'zavuch1', password: 'zavuch-pass-1' });
		const blockMe = await make.teacher('Блокова Вера Ивановна', { login: 'blok1', password: 'blok-pass-1' });
		const classTeacher = await make.teacher('Классова Нина Олеговна', { login: 'klass1', password: 'klass-pass-1' });
		const fifth = await make.class({ grade: 5, letter: 'А', classTeacher });
		const child = await make.student('Родителев Пётр Ильич', { class: fifth });
		const parent = await make.parent('Родителева Вера Андреевна', { children: [child], login: 'roditel1', password: 'parent-pass-1' });
		const liveTeacher = await make.teacher('Живова Анна Петровна', { login: 'zhivova', password: 'zhivova-pass-1' });
		const liveDeputy = await make.staff('Живов Пётр Ильич', ['deputy', 'teacher'], { login: 'zhivov', password: 'zhivov-pass-1' });
		const journal = await make.journal({ group: fifth, subject: await make.subject('Математика'), teachers: [liveTeacher, liveDeputy] });
		return { admin, director, teacher, deputyTeacher, blockMe, classTeacher, fifth, parent, liveTeacher, liveDeputy, journal };
	});
});

afterAll(async () => {
	await school?.stop();
});

const rolesOf = async (personId: number) => (await sql<{ role: string }[]>`select role from staff_role where person_id = ${personId} order by role`).map((r) => r.role);
const auditOf = async (action: string, entityId: number) => sql<{ actor_id: number; new_value: unknown; old_value: unknown }[]>`
	select actor_id, new_value, old_value from audit_log where action = ${action} and entity_id = ${String(entityId)} order by id`;

/** Posts an action of the staff page as the signed-in person. */
async function post(by: Account, action: string, fields: Record<string, string>): Promise<{ status: number; html: string }> {
	const response = await (await as(by)).request(`/admin/staff?/${action}`, { form: fields });
	return { status: response.status, html: await response.text() };
}

/** A fresh client signed in as the account (its own session). */
async function freshSession(who: Account): Promise<Client> {
	const client = new Client(school.server.url);
	expect((await client.signIn(who.login, who.password)).status).toBe(303);
	return client;
}

/** Whether the client's session still opens a page that needs one. */
async function stillSignedIn(client: Client): Promise<boolean> {
	return (await client.request('/account')).status === 200;
}

describe('R-4.2.2 the director appoints staff to duties', () => {
	test('the director sees the staff page with role actions, without codes or blocking', async () => {
		const page = await (await as(w.director)).request('/admin/staff');
		const html = await page.text();
		expect(page.status).toBe(200);
		expect(html).toContain('Учителев Олег Павлович');
		expect(html).toContain('+ заместитель директора');
		expect(html).not.toContain('сбросить пароль');
		expect(html).not.toContain('заблокировать');
		// The administrator role is not the director's to give.
		expect(html).not.toContain('+ администратор');
	});

	test('the director makes a teacher a deputy: stored, audited, and the teacher keeps working', async () => {
		const session = await freshSession(w.teacher);
		const answer = await post(w.director, 'grant', { personId: String(w.teacher.id), role: 'deputy' });
		expect(answer.status).toBe(200);
		expect(answer.html).toContain('роль «заместитель директора» назначена');
		expect(await rolesOf(w.teacher.id)).toEqual(['deputy', 'teacher']);
		expect(await auditOf('role.grant', w.teacher.id)).toEqual([expect.objectContaining({ actor_id: w.director.id, new_value: { personId: w.teacher.id, role: 'deputy' } })]);
		// A role given takes effect on the next request; nothing had to end.
		expect(await stillSignedIn(session)).toBe(true);
	});

	test('the director cannot make anyone an administrator: 403, nothing stored', async () => {
		const answer = await post(w.director, 'grant', { personId: String(w.teacher.id), role: 'admin' });
		expect(answer.status).toBe(403);
		expect(answer.html).toContain('Роль администратора назначает администратор.');
		expect(await rolesOf(w.teacher.id)).not.toContain('admin');
	});

	test('a teacher cannot change roles, not even their own: 403', async () => {
		const answer = await post(w.teacher, 'grant', { personId: String(w.teacher.id), role: 'director' });
		expect(answer.status).toBe(403);
		expect(await rolesOf(w.teacher.id)).not.toContain('director');
	});

	test('an unknown role, a missing person and a family member are refused with a message, nothing stored', async () => {
		const unknown = await post(w.admin, 'grant', { personId: String(w.teacher.id), role: 'superuser' });
		expect(unknown.status).toBe(400);
		expect(unknown.html).toContain('Выберите роль');
		const missing = await post(w.admin, 'grant', { personId: '999999', role: 'teacher' });
		expect(missing.status).toBe(400);
		expect(missing.html).toContain('Сотрудник не найден.');
		const family = await post(w.admin, 'grant', { personId: String(w.parent.id), role: 'teacher' });
		expect(family.status).toBe(400);
		expect(await rolesOf(w.parent.id)).toEqual([]);
	});
});

describe('R-3.2 taking a role away ends the sessions of that account at once', () => {
	test('the administrator takes «учитель» away from a deputy who teaches: every session of theirs ends, audited', async () => {
		const first = await freshSession(w.deputyTeacher);
		const second = await freshSession(w.deputyTeacher);
		const answer = await post(w.admin, 'take', { personId: String(w.deputyTeacher.id), role: 'teacher' });
		expect(answer.status).toBe(200);
		expect(answer.html).toContain('вход на всех устройствах завершён');
		expect(await rolesOf(w.deputyTeacher.id)).toEqual(['deputy']);
		expect(await stillSignedIn(first)).toBe(false);
		expect(await stillSignedIn(second)).toBe(false);
		const [row] = await auditOf('role.revoke', w.deputyTeacher.id);
		expect(row).toMatchObject({ actor_id: w.admin.id, old_value: { personId: w.deputyTeacher.id, role: 'teacher' }, new_value: { endedSessions: 2 } });
	});

	test('the last role of a person is never taken away: blocking is how access is closed', async () => {
		const answer = await post(w.admin, 'take', { personId: String(w.deputyTeacher.id), role: 'deputy' });
		expect(answer.status).toBe(400);
		expect(answer.html).toContain('должна остаться хотя бы одна роль');
		expect(await rolesOf(w.deputyTeacher.id)).toEqual(['deputy']);
	});

	test('the last administrator who can sign in keeps the role, even taking it away from themselves', async () => {
		await post(w.admin, 'grant', { personId: String(w.admin.id), role: 'teacher' });
		const answer = await post(w.admin, 'take', { personId: String(w.admin.id), role: 'admin' });
		expect(answer.status).toBe(400);
		expect(answer.html).toContain('должен остаться хотя бы один администратор');
		expect(await rolesOf(w.admin.id)).toContain('admin');
		// Taking away a role of one's own keeps the session it is done in.
		const own = await post(w.admin, 'take', { personId: String(w.admin.id), role: 'teacher' });
		expect(own.status).toBe(200);
		expect(await stillSignedIn(await as(w.admin))).toBe(true);
	});
});

describe('R-3.2, R-4.1.1 a blocked account cannot sign in and loses its sessions', () => {
	test('the administrator blocks a teacher: sessions end, the password no longer signs in; unblocking lets them back', async () => {
		const session = await freshSession(w.blockMe);
		const blocked = await post(w.admin, 'block', { personId: String(w.blockMe.id) });
		expect(blocked.status).toBe(200);
		expect(blocked.html).toContain('учётная запись заблокирована');
		expect(await stillSignedIn(session)).toBe(false);
		const again = await new Client(school.server.url).signIn(w.blockMe.login, w.blockMe.password);
		expect(again.status).not.toBe(303);
		const list = await (await as(w.admin)).request('/admin/staff');
		expect(await list.text()).toContain('заблокирована');

		const unblocked = await post(w.admin, 'unblock', { personId: String(w.blockMe.id) });
		expect(unblocked.status).toBe(200);
		expect((await new Client(school.server.url).signIn(w.blockMe.login, w.blockMe.password)).status).toBe(303);
		const rows = await sql<{ action: string; actor_id: number }[]>`
			select action, actor_id from audit_log where action in ('account.block', 'account.unblock') and new_value->>'personId' = ${String(w.blockMe.id)} order by id`;
		expect(rows).toEqual([
			{ action: 'account.block', actor_id: w.admin.id },
			{ action: 'account.unblock', actor_id: w.admin.id }
		]);
	});

	test('nobody blocks their own account', async () => {
		const answer = await post(w.admin, 'block', { personId: String(w.admin.id) });
		expect(answer.status).toBe(400);
		expect(answer.html).toContain('Свою учётную запись заблокировать нельзя.');
		expect(await stillSignedIn(await as(w.admin))).toBe(true);
	});

	test('the director and a teacher cannot block a member of staff: 403, the account works', async () => {
		expect((await post(w.director, 'block', { personId: String(w.teacher.id) })).status).toBe(403);
		expect((await post(w.teacher, 'block', { personId: String(w.blockMe.id) })).status).toBe(403);
		expect((await new Client(school.server.url).signIn(w.blockMe.login, w.blockMe.password)).status).toBe(303);
	});

	test('the class teacher blocks a parent of their class (whose account reaches only it)', async () => {
		const session = await freshSession(w.parent);
		const response = await (await as(w.classTeacher)).request(`/class/${w.fifth.id}?/block`, { form: { personId: String(w.parent.id) } });
		expect(response.status).toBe(200);
		expect(await stillSignedIn(session)).toBe(false);
		expect((await new Client(school.server.url).signIn(w.parent.login, w.parent.password)).status).not.toBe(303);
	});
});

describe('X-LIVE, R-3.2 an open live journal follows the account at once', () => {
	/** The journal opened by a fresh session of the account, and the close code of its socket. */
	async function liveJournalOf(who: Account): Promise<{ client: JournalClient; closed: Promise<number> }> {
		const session = await freshSession(who);
		const client = await openJournal(school.server.url, session.cookieHeader(), w.journal.id);
		expect(client.refused).toBeFalsy();
		const closed = new Promise<number>((resolve) => client.provider.on('close', ({ event }: { event: { code: number } }) => resolve(event.code)));
		return { client, closed };
	}

	test('blocking a teacher closes their open journal socket: session ended (4401)', async () => {
		const { client, closed } = await liveJournalOf(w.liveTeacher);
		expect((await post(w.admin, 'block', { personId: String(w.liveTeacher.id) })).status).toBe(200);
		expect(await closed).toBe(4401);
		client.destroy();
	});

	test('taking a role away closes the open journal socket of that account (its sessions ended)', async () => {
		const { client, closed } = await liveJournalOf(w.liveDeputy);
		expect((await post(w.admin, 'take', { personId: String(w.liveDeputy.id), role: 'deputy' })).status).toBe(200);
		expect(await closed).toBe(4401);
		client.destroy();
	});
});
