/**
 * The first start without the demo, through the real server process: on an empty database with
 * DEMO=0 the server prints a one-time setup link; the link's page creates the school and its first
 * administrator (who then signs in with the password they chose), after which the link — and any
 * other — is refused in Russian, and a restart prints no new one. Runs on the back-end of the run.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../helpers/database';
import { spawnServer, type ChildServer } from '../helpers/process';
import { Client, startEmptySchool } from '../helpers/server';
import { database } from '../../src/lib/server/db/client';

let db: FreshDatabase;
let server: ChildServer;
let setupPath: string;

const env = () => ({ DEMO: '0', DATA_DIR: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) });

/** The setup form as a person fills it in. */
function setupForm(overrides: Record<string, string> = {}): URLSearchParams {
	const form = new URLSearchParams({
		name: 'МБОУ «Средняя общеобразовательная школа № 5»',
		shortName: 'СОШ № 5',
		timeZone: 'Asia/Yekaterinburg',
		weekDays: '6',
		lastName: 'Сидорова',
		firstName: 'Нина',
		middleName: 'Павловна',
		login: 'sidorova',
		password: 'первый-пароль',
		repeat: 'первый-пароль',
		...overrides
	});
	for (const [start, end] of [['08:30', '09:15'], ['09:25', '10:10'], ['', '']]) {
		form.append('bellStart', start);
		form.append('bellEnd', end);
	}
	return form;
}

beforeAll(async () => {
	db = await freshDatabase();
	server = await spawnServer(env());
	const match = /Откройте ссылку[^\n]*\n\s*(http:\/\/\S+)/.exec(server.output());
	expect(match, server.output()).not.toBeNull();
	setupPath = new URL(match![1]).pathname;
}, 120_000);

afterAll(async () => {
	await server?.stop();
	await db?.drop();
});

describe('the first start without the demo', () => {
	test('the server prints a one-time link with a random token, and no password', () => {
		expect(setupPath).toMatch(/^\/setup\/[a-z2-7]{32}$/);
		expect(server.output()).not.toMatch(/пароль/i);
		expect(server.output()).not.toContain('Демо-входы');
	});

	test('the link opens the setup form; nobody can sign in yet', async () => {
		const visitor = new Client(server.url);
		const page = await visitor.request(setupPath);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Первая настройка журнала');
		expect(html).toContain('Часовой пояс');
		for (const [login, password] of [['admin', 'admin'], ['admin', 'demo'], ['sidorova', 'первый-пароль']])
			expect((await visitor.signIn(login, password)).status, `${login}/${password}`).toBe(400);
	});

	test('a wrong token is refused in Russian, on the page and on the form', async () => {
		const visitor = new Client(server.url);
		const wrong = `/setup/${'a'.repeat(32)}`;
		const page = await visitor.request(wrong);
		expect(page.status).toBe(404);
		expect(await page.text()).toContain('Ссылка для первой настройки недействительна');
		const post = await visitor.request(wrong, { form: setupForm({ login: 'vzlom' }) });
		expect(post.status).toBe(404);
		expect((await visitor.signIn('vzlom', 'первый-пароль')).status).toBe(400);
		expect((await visitor.request('/setup/garbage')).status).toBe(404);
	});

	test('a form with a mistake is refused with the reason and spends nothing', async () => {
		const visitor = new Client(server.url);
		const response = await visitor.request(setupPath, { form: setupForm({ repeat: 'другой-пароль' }) });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Пароли не совпадают.');
		const bells = setupForm();
		bells.set('bellEnd', '08:00');
		const badBells = await visitor.request(setupPath, { form: bells });
		expect(badBells.status).toBe(400);
		expect(await badBells.text()).toContain('Урок 1: конец должен быть позже начала.');
		expect((await visitor.request(setupPath)).status).toBe(200);
	});

	test('R-4.1.3 the form creates the school and the administrator, who is signed in and can sign in again with the chosen password', async () => {
		const visitor = new Client(server.url);
		const response = await visitor.request(setupPath, { form: setupForm() });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/admin/year');
		const me = await visitor.api('GET', '/api/me');
		expect(me.status).toBe(200);
		expect(me.json.roles).toEqual(['admin']);

		const admin = new Client(server.url);
		expect((await admin.signIn('sidorova', 'первый-пароль')).status).toBe(303);
		const home = await admin.request('/');
		expect(home.status).toBe(200);
		const homeHtml = await home.text();
		expect(homeHtml).toContain('Учебный год ещё не создан');
		expect(homeHtml).toContain('<a href="/admin/year">Создать учебный год</a>');
		expect((await new Client(server.url).signIn('sidorova', 'не-тот-пароль')).status).toBe(400);
	});

	test('after use the link is dead: the page and the form are refused in Russian and create nobody', async () => {
		const visitor = new Client(server.url);
		const page = await visitor.request(setupPath);
		expect(page.status).toBe(404);
		expect(await page.text()).toContain('Ссылка для первой настройки недействительна');
		const again = await visitor.request(setupPath, { form: setupForm({ login: 'vtoroy' }) });
		expect(again.status).toBe(404);
		expect((await visitor.signIn('vtoroy', 'первый-пароль')).status).toBe(400);
	});

	test('a restart of a set-up school prints no link and keeps the administrator', async () => {
		await server.stop();
		server = await spawnServer(env());
		expect(server.output()).not.toContain('/setup/');
		expect((await new Client(server.url).signIn('sidorova', 'первый-пароль')).status).toBe(303);
	}, 120_000);
});

describe('two people opening the setup link at once', () => {
	test('only one of them creates a school; the other is refused and nothing of theirs is stored', async () => {
		const school = await startEmptySchool();
		try {
			expect(school.server.setupUrl).toMatch(/\/setup\/[a-z2-7]{32}$/);
			const path = new URL(school.server.setupUrl!).pathname;
			const [a, b] = await Promise.all([
				new Client(school.server.url).request(path, { form: setupForm({ login: 'pervy' }) }),
				new Client(school.server.url).request(path, { form: setupForm({ login: 'vtoroy' }) })
			]);
			expect([a.status, b.status].sort()).toEqual([303, 404]);
			const { sql } = await database();
			const [row] = await sql`select (select count(*) from school)::int as schools, (select count(*) from account)::int as accounts,
				(select count(*) from setup_token where used_at is null)::int as unused`;
			expect(row).toEqual({ schools: 1, accounts: 1, unused: 0 });
			const [audit] = await sql`select action, new_value->>'name' as name from audit_log where entity = 'school'`;
			expect(audit).toEqual({ action: 'school.setup', name: 'МБОУ «Средняя общеобразовательная школа № 5»' });
		} finally {
			await school.stop();
		}
	}, 60_000);
});
