/**
 * Two instances with Redis between them (X-LIVE): when relaying through Redis is late (here: one
 * instance's Redis connections stalled by a proxy the test pauses — the shared Redis is never
 * paused), that instance's connections are told so (`{"type":"relay","late":true}`, shown as
 * «Изменения коллег могут приходить с задержкой») and told again when it is on time; then what
 * was missed arrives and every document equals the tables. Postgres back-end only.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';
import { onPostgres } from '../helpers/database';
import type { ChildServer } from '../helpers/process';
import { convergeToTables, freeCells, missingForInstances, pausableProxy, redisUrl, sharedDatabase, type PausableProxy, type SharedDatabase } from '../helpers/instances';

const missing = onPostgres ? await missingForInstances() : ['the postgres back-end'];
const underCi = process.env.CI === 'true' && onPostgres;

let shared: SharedDatabase;
let proxy: PausableProxy;
let a: ChildServer;
let b: ChildServer;
const clients: JournalClient[] = [];

beforeAll(async () => {
	if (missing.length > 0) {
		if (underCi) throw new Error(`Several instances need ${missing.join(' and ')}; under CI=true this is a failure, not a skip.`);
		return;
	}
	shared = await sharedDatabase();
	proxy = await pausableProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
	a = await shared.start({ REDIS_URL: proxy.url });
	b = await shared.start();
}, 180_000);

afterAll(async () => {
	for (const client of clients) client.destroy();
	proxy?.resume();
	await shared?.close();
	await proxy?.close();
});

const relay = (client: JournalClient) => client.messages.filter((m) => m.type === 'relay').map((m) => (m as { late: boolean }).late);

describe.skipIf(missing.length > 0 && !underCi)('two instances: relaying through Redis is late', () => {
	test('X-LIVE an instance whose relay is late tells its connections, and catches up once it is on time', async () => {
		const cookie = await sessionCookie(a.url, 'uchitel');
		const me = await (await fetch(`${a.url}/api/me`, { headers: { cookie } })).json();
		const journalId: number = me.journalIds[0];
		const onA = await openJournal(a.url, cookie, journalId);
		const onB = await openJournal(b.url, cookie, journalId);
		clients.push(onA, onB);
		const [cell] = freeCells(onA, 1);
		expect(relay(onA)).toEqual([]);

		proxy.pause();
		await onA.until(() => relay(onA).at(-1) === true, 'the late relay told on A', 8000);
		const id = onB.setCell(cell, { m: [4], a: null, c: null });
		await onB.until(() => onB.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'ack on B');
		expect(onA.cells.has(cell)).toBe(false);
		expect(relay(onB)).toEqual([]);

		proxy.resume();
		await onA.until(() => relay(onA).at(-1) === false, 'the relay on time again on A', 8000);
		await convergeToTables(shared.sql, journalId, { A: onA, B: onB });
		expect(onA.cells.has(cell)).toBe(true);
	});
});
