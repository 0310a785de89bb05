/** Housekeeping: expired sessions and login events older than 90 days are pruned, the rest kept. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { LOGIN_EVENT_DAYS, pruneAuthRecords } from '../../src/lib/server/maintenance';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, type Account } from '../factories';

let school: TestSchool;
let as: SignedIn;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let teacher: Account;

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	sql = (await database()).sql;
	teacher = await buildWorld((make) => make.teacher('Петрова Анна Ивановна', { login: 'uchitel' }));
});

afterAll(async () => {
	await school?.stop();
});

describe('R-3.2 expired sessions and old login events are pruned', () => {
	test('one run deletes an expired session and an event older than the retention, and keeps the live session and recent events', async () => {
		const live = await as(teacher);
		const [account] = await sql`select id from account where person_id = ${teacher.id}`;
		const expired = 'e'.repeat(64);
		await sql`insert into session (id, account_id, created_at, expires_at) values (${expired}, ${account.id}, now() - interval '40 days', now() - interval '1 minute')`;
		const [old] = await sql`insert into login_event (at, kind, login, account_id, ip, success)
			values (now() - make_interval(days => ${LOGIN_EVENT_DAYS + 1}), 'login', 'uchitel', ${account.id}, '10.0.0.1', false) returning id`;
		const [recent] = await sql`insert into login_event (at, kind, login, account_id, ip, success)
			values (now() - make_interval(days => ${LOGIN_EVENT_DAYS - 1}), 'login', 'uchitel', ${account.id}, '10.0.0.1', true) returning id`;

		const pruned = await pruneAuthRecords(sql);

		expect(pruned).toEqual({ sessions: 1, loginEvents: 1 });
		expect(await sql`select id from session where id = ${expired}`).toHaveLength(0);
		expect(await sql`select id from login_event where id = ${old.id}`).toHaveLength(0);
		expect(await sql`select id from login_event where id = ${recent.id}`).toHaveLength(1);
		// The session signed in above is live and stays; so does the sign-in's own event.
		expect((await live.request('/api/me')).status).toBe(200);
		const [{ n }] = await sql`select count(*)::int as n from login_event where account_id = ${account.id} and at > now() - interval '1 hour'`;
		expect(n).toBeGreaterThan(0);
	});
});
