/**
 * Web push of notifications with VAPID, against a local HTTP server acting as the push
 * service (web-push sends to the endpoint of the browser's subscription): the server makes its
 * VAPID keys on the first start and keeps them; a parent's browser subscribes; a mark then reaches
 * the push service as one POST, signed (`Authorization: vapid t=…, k=<the public key>`) and
 * encrypted for that browser — the test decrypts it with the browser's keys and reads the
 * notification's own words. A push service answering 503 gets the push again after a wait, once
 * accepted; a kind the parent turned off for push is not sent; a subscription the service calls
 * gone (410) is forgotten.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ece from 'http_ece';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { until } from '../helpers/wait';
import { addLessons, buildWorld, fillCells, type Account, type Journal } from '../factories';

/** A request the push service received. */
interface Received {
	path: string;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	status: number;
}

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let service: http.Server;
let serviceUrl: string;
const received: Received[] = [];
/** What the push service answers next (then 201). */
const answers: number[] = [];
let w: { teacher: Account; algebra: Journal; ivanov: Account; mother: Account };

/** A browser's push keys, as the browser keeps them, and its subscription as `toJSON()` gives it. */
function browser(path: string) {
	const ecdh = crypto.createECDH('prime256v1');
	ecdh.generateKeys();
	const auth = crypto.randomBytes(16);
	return {
		ecdh,
		auth,
		subscription: { endpoint: `${serviceUrl}${path}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } }
	};
}

beforeAll(async () => {
	service = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const status = answers.shift() ?? 201;
			received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), status });
			res.writeHead(status).end();
		});
	});
	await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
	serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
	// The local push service is the only allowed host (named as itself); `*.0.0.2` lets the
	// private-address refusal be seen: a pattern never licenses an address inside the network.
	school = await startEmptySchool({ PUSH_HOSTS: '127.0.0.1, *.0.0.2', PUSH_INSECURE_ENDPOINTS: '1', PUSH_POLL_MS: '100', PUSH_RETRY_MS: '200', NOTIFY_SETTLE_MS: '300', PUSH_SUBJECT: 'mailto:journal@school.example' });
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		await make.year();
		const klass = await make.class({ grade: 7, letter: 'А' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'anna-w' });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: klass, login: 'petya-w' });
		return {
			teacher,
			algebra: await make.journal({ group: klass, subject: await make.subject('Алгебра'), teachers: [teacher] }),
			ivanov,
			mother: await make.parent('Иванова Мария Петровна', { children: [ivanov], login: 'mama-w' })
		};
	});
}, 60_000);

afterAll(async () => {
	await school?.stop();
	await new Promise<void>((resolve) => (service ? service.close(() => resolve()) : resolve()));
});

const pushRow = (personId: number) =>
	sql<{ id: string; push_state: string; push_attempts: number; push_error: string | null }[]>`
		select id::text, push_state, push_attempts, push_error from notification where person_id = ${personId} order by id desc limit 1`;

describe('R-2.8 web push with VAPID', () => {
	let mothersPhone: ReturnType<typeof browser>;
	let vapidPublic: string;

	test('R-2.8: the VAPID keys were made on the first start, kept in the database, and the settings page offers the public one', async () => {
		const [row] = await sql<{ value: string }[]>`select value from app_secret where name = 'vapid'`;
		const keys = JSON.parse(row.value) as { publicKey: string; privateKey: string };
		expect(Buffer.from(keys.publicKey, 'base64url')).toHaveLength(65);
		vapidPublic = keys.publicKey;
		const page = await (await as(w.mother)).pageData<{ pushKey: string; devices: number }>('/account/notifications');
		expect(page).toMatchObject({ pushKey: vapidPublic, devices: 0 });
	});

	test('R-2.8: a broken subscription is refused in Russian; the mother’s phone subscribes', async () => {
		const mother = await as(w.mother);
		const bad = await mother.api('POST', '/api/me/push', { endpoint: `${serviceUrl}/push/x`, keys: { p256dh: 'abc', auth: 'def' } });
		expect(bad.status).toBe(400);
		expect(bad.json.message).toContain('неполную подписку');
		mothersPhone = browser('/push/mother-phone');
		const ok = await mother.api('POST', '/api/me/push', mothersPhone.subscription);
		expect(ok.status).toBe(201);
		expect((await mother.pageData<{ devices: number }>('/account/notifications')).devices).toBe(1);
	});

	test('R-2.8: an endpoint off the allowed push services, or leading into the private network, is refused in Russian and nothing is written', async () => {
		const mother = await as(w.mother);
		const keys = browser('/x').subscription.keys;
		const before = await sql`select count(*)::int as n from push_subscription`;
		const audits = await sql`select count(*)::int as n from audit_log where action = 'push.subscribe'`;
		const foreign = await mother.api('POST', '/api/me/push', { endpoint: 'https://collector.example.com/push/1', keys });
		expect(foreign.status).toBe(400);
		expect(foreign.json.message).toContain('служба push-уведомлений не поддерживается');
		const internal = await mother.api('POST', '/api/me/push', { endpoint: 'http://localhost:6379/push/1', keys });
		expect(internal.status).toBe(400);
		expect(internal.json.message).toContain('не поддерживается');
		const privateNet = await mother.api('POST', '/api/me/push', { endpoint: `http://127.0.0.2:${new URL(serviceUrl).port}/push/1`, keys });
		expect(privateNet.status).toBe(400);
		expect(privateNet.json.message).toContain('внутреннюю сеть');
		expect(await sql`select count(*)::int as n from push_subscription`).toEqual(before);
		expect(await sql`select count(*)::int as n from audit_log where action = 'push.subscribe'`).toEqual(audits);
	});

	test('R-2.8: a mark reaches the push service once, signed with the VAPID key and encrypted for the phone: it reads the notification’s own words', async () => {
		const teacher = await as(w.teacher);
		const [lesson] = await addLessons(teacher, w.algebra, ['2026-11-23']);
		await fillCells(school.server.url, teacher, w.algebra, [{ lesson, student: w.ivanov, marks: [5] }]);
		await until(async () => (await pushRow(w.mother.id))[0]?.push_state === 'sent', { what: 'the push sent', timeout: 15_000 });
		const posts = received.filter((r) => r.path === '/push/mother-phone');
		expect(posts).toHaveLength(1);
		const [post] = posts;
		expect(post.headers.authorization).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=/);
		expect(post.headers.authorization).toContain(`k=${vapidPublic}`);
		expect(post.headers['content-encoding']).toBe('aes128gcm');
		const [row] = await pushRow(w.mother.id);
		expect(post.headers.topic).toBe(`n${row.id}`);
		const clear = ece.decrypt(post.body, { version: 'aes128gcm', privateKey: mothersPhone.ecdh, authSecret: mothersPhone.auth.toString('base64url') });
		expect(JSON.parse(clear.toString('utf8'))).toEqual({ id: row.id, title: 'Пётр · Оценка по предмету «Алгебра»: 5', body: '23.11: 5', link: `/diary/${w.ivanov.id}?week=2026-11-23` });
	});

	test('R-2.8: the push service answering 503 gets the push again after a wait, and it is taken once', async () => {
		received.length = 0;
		answers.push(503);
		const teacher = await as(w.teacher);
		const [lesson] = await addLessons(teacher, w.algebra, ['2026-11-24']);
		await fillCells(school.server.url, teacher, w.algebra, [{ lesson, student: w.ivanov, marks: [4] }]);
		await until(async () => (await pushRow(w.mother.id))[0]?.push_state === 'sent', { what: 'the push sent after a retry', timeout: 15_000 });
		expect(received.filter((r) => r.path === '/push/mother-phone').map((r) => r.status)).toEqual([503, 201]);
		const [row] = await pushRow(w.mother.id);
		expect(row.push_attempts).toBe(2);
		expect(await sql`select 1 from push_delivery where notification_id = ${row.id}`).toHaveLength(1);
	});

	test('R-2.8: marks turned off for push are not pushed; a subscription the service calls gone is forgotten', async () => {
		const mother = await as(w.mother);
		const saved = await mother.request('/account/notifications?/save', { form: { 'mark.timing': 'now', 'mark.email': 'on', 'homework.timing': 'now', 'homework.push': 'on' } });
		expect(saved.status).toBe(200);
		received.length = 0;
		const teacher = await as(w.teacher);
		const [lesson] = await addLessons(teacher, w.algebra, ['2026-11-25']);
		await fillCells(school.server.url, teacher, w.algebra, [{ lesson, student: w.ivanov, marks: [3] }]);
		await until(async () => (await pushRow(w.mother.id))[0]?.push_state === 'skipped', { what: 'the push skipped', timeout: 15_000 });
		expect(received).toHaveLength(0);

		answers.push(410);
		await addLessons(teacher, w.algebra, [{ date: '2026-11-26', homework: 'Параграф 12' }]);
		await until(async () => (await pushRow(w.mother.id))[0]?.push_state === 'failed', { what: 'the push failed: the phone is gone', timeout: 15_000 });
		expect(received.map((r) => r.status)).toEqual([410]);
		expect(await sql`select 1 from push_subscription where person_id = ${w.mother.id}`).toHaveLength(0);
	});
});
