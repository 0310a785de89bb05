/**
 * Where sign-in leads and how guessing is limited, through the real server (R-3.1, R-3.2,
 * the address behind a proxy, limits by address and by login, parallel attempts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { Client, startTestSchool, type TestSchool } from '../helpers/server';

const WRONG = 'Неверный логин или пароль.';
const TOO_MANY = /Слишком много неудачных попыток\. Повторите через \d+ с\./;

/** A client whose requests reach the server through a proxy that saw them come from `address`. */
class Behind extends Client {
	constructor(base: string, readonly address: string) {
		super(base);
	}
	override request(pathname: string, init: Parameters<Client['request']>[1] = {}): Promise<Response> {
		return super.request(pathname, { ...init, headers: { 'x-forwarded-for': this.address, ...init.headers } });
	}
}

/** Signs in (a client that has no session yet) and says how it was answered: 'in', 'wrong' (400 with the one message) or 'wait' (429 with the Russian message). */
async function attempt(client: Client, login: string, password: string): Promise<'in' | 'wrong' | 'wait' | string> {
	const response = await client.signIn(login, password);
	if (response.status === 303) return 'in';
	const html = await response.text();
	if (response.status === 400 && html.includes(WRONG)) return 'wrong';
	if (response.status === 429 && TOO_MANY.test(html)) return 'wait';
	return `${response.status}`;
}

describe('R-3.2 behind a proxy: ADDRESS_HEADER=x-forwarded-for, XFF_DEPTH=1', () => {
	let school: TestSchool;
	beforeAll(async () => {
		school = await startTestSchool({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });
	});
	afterAll(async () => school?.stop());
	// A new client each time, as a guesser without cookies would be: a signed-in one is not asked again.
	const from = (address: string) => new Behind(school.server.url, address);

	test.each([
		['/account', '/account'],
		['/account?tab=sessions', '/account?tab=sessions'],
		['/%09/evil.example', '/'],
		['/%0A/evil.example', '/'],
		['/%0D/evil.example', '/'],
		['/.//evil.example', '/'],
		['//evil.example', '/'],
		['/%5Cevil.example', '/'],
		['https://evil.example/', '/']
	])('R-3.2 signing in at /login?next=%s leads to %s', async (next, location) => {
		const client = from('203.0.113.10');
		const response = await client.request(`/login?next=${next}`, { form: { login: 'uchitel', password: 'demo' } });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(location);
		// Someone already signed in who opens such a link is sent to the same place.
		const again = await client.request(`/login?next=${next}`);
		expect(again.status).toBe(303);
		expect(again.headers.get('location')).toBe(location);
	});

	test('R-8.7 clients with different X-Forwarded-For have separate address limits; an entry added on the left changes nothing', async () => {
		for (let i = 0; i < 15; i++) expect(await attempt(from('198.51.100.1'), `nobody-a${i}`, 'guess')).toBe('wrong');
		expect(await attempt(from('198.51.100.1'), 'nobody-a15', 'guess')).toBe('wait');
		expect(await attempt(from('10.9.9.9, 198.51.100.1'), 'nobody-a16', 'guess'), 'the proxy appended the real address').toBe('wait');
		expect(await attempt(from('198.51.100.2'), 'nobody-b0', 'guess')).toBe('wrong');
		expect(await attempt(from('198.51.100.2'), 'uchenik', 'demo')).toBe('in');
	});

	test('R-3.2 signing in to one valid account does not reset the address limit for guesses at others', async () => {
		const guesser = () => from('198.51.100.3');
		for (let i = 0; i < 15; i++) {
			expect(await attempt(guesser(), `nobody-s${i}`, 'guess')).toBe('wrong');
			if (i % 3 === 1) expect(await attempt(guesser(), 'uchenik', 'demo')).toBe('in');
		}
		expect(await attempt(guesser(), 'nobody-s15', 'guess')).toBe('wait');
	});

	test('R-3.2 a success forgives only the same login’s typos from the same address', async () => {
		const pupil = () => from('198.51.100.4');
		for (let round = 0; round < 8; round++) {
			expect(await attempt(pupil(), 'klruk', 'typo')).toBe('wrong');
			expect(await attempt(pupil(), 'klruk', 'typo')).toBe('wrong');
			expect(await attempt(pupil(), 'klruk', 'demo')).toBe('in');
		}
		expect(await attempt(pupil(), 'nobody-t0', 'guess')).toBe('wrong');
		expect(await attempt(pupil(), 'klruk', 'typo')).toBe('wrong');
	});

	test('R-3.2 twenty wrong passwords from another address hold that address, not the owner signing in with the right one', async () => {
		const attacker = () => from('198.51.100.5');
		const answers: string[] = [];
		for (let i = 0; i < 3; i++) answers.push(await attempt(attacker(), 'zavuch', `guess-${i}`));
		expect(answers).toEqual(['wrong', 'wrong', 'wrong']);
		expect(await attempt(attacker(), 'zavuch', 'demo'), 'the attacker cannot try the right password either').toBe('wait');
		for (let i = 3; i < 20; i++) answers.push(await attempt(attacker(), 'zavuch', `guess-${i}`));
		// The first waits are short (1 s, 2 s, …), so one or two more may be checked while these run.
		expect(answers.filter((a) => a === 'wrong').length).toBeLessThanOrEqual(5);
		expect(answers.filter((a) => a !== 'wrong' && a !== 'wait')).toEqual([]);
		expect(await attempt(from('198.51.100.6'), 'zavuch', 'demo')).toBe('in');
	});

	test('R-3.2 guesses from many addresses slow the account only at addresses its owner has not signed in from', async () => {
		expect(await attempt(from('198.51.100.7'), 'director', 'demo')).toBe('in');
		// Fourteen guesses from fourteen addresses within the last minute. They are written here
		// directly: through the server, a guess after the tenth already has to wait a second.
		const { sql } = await database();
		await sql`insert into login_event (kind, login, ip, success) select 'login', 'director', '192.0.2.' || g, false from generate_series(1, 14) g`;
		expect(await attempt(from('192.0.2.100'), 'director', 'guess')).toBe('wait');
		expect(await attempt(from('192.0.2.101'), 'director', 'demo'), 'a new address waits, even with the right password').toBe('wait');
		expect(await attempt(from('198.51.100.7'), 'director', 'demo'), 'the owner’s own address does not').toBe('in');
	});

	test('R-3.2 of twenty simultaneous wrong passwords only three are checked, the rest are told to wait', async () => {
		const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(from('198.51.100.8'), 'admin', `guess-${i}`)));
		expect(answers.filter((a) => a === 'wrong')).toHaveLength(3);
		expect(answers.filter((a) => a === 'wait')).toHaveLength(17);
	});
});

describe('R-3.2 without ADDRESS_HEADER', () => {
	let school: TestSchool;
	beforeAll(async () => {
		school = await startTestSchool();
	});
	afterAll(async () => school?.stop());

	test('R-8.7 X-Forwarded-For is ignored: every client counts by the connection’s address', async () => {
		for (let i = 0; i < 15; i++) expect(await attempt(new Behind(school.server.url, '198.51.100.1'), `nobody-a${i}`, 'guess')).toBe('wrong');
		expect(await attempt(new Behind(school.server.url, '198.51.100.2'), 'nobody-b0', 'guess')).toBe('wait');
	});
});
