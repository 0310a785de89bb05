/**
 * The database client as the server uses it: a long query does not stop the process from
 * answering (the embedded PGlite works in its own thread), and the embedded database still
 * refuses a busy or damaged data directory with a clear error and flushes on close.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/lib/server/db/client.ts';
import { freshDatabase, onPostgres, type FreshDatabase } from '../helpers/database.ts';

const fresh: FreshDatabase[] = [];

async function fresher(backend?: 'pglite' | 'postgres'): Promise<FreshDatabase> {
	const target = await freshDatabase(backend);
	fresh.push(target);
	return target;
}

afterEach(async () => {
	await closeDatabase();
	for (const target of fresh.splice(0)) await target.drop();
});

/** Runs `work` while a 20 ms timer ticks; returns how long it took and the longest gap between ticks. */
async function whileTicking(work: () => Promise<unknown>): Promise<{ workMs: number; longestGapMs: number }> {
	let last = performance.now();
	let longestGapMs = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		longestGapMs = Math.max(longestGapMs, now - last);
		last = now;
	}, 20);
	const t0 = performance.now();
	try {
		await work();
	} finally {
		clearInterval(timer);
	}
	const workMs = performance.now() - t0;
	longestGapMs = Math.max(longestGapMs, performance.now() - last);
	return { workMs, longestGapMs };
}

test('X-LIVE: while the database works through a long query, the process keeps answering (timers, sockets)', async () => {
	const db = await openDatabase(await fresher());
	// Long enough to matter on any machine: grow the query until it takes over a second.
	let rows = 2_000_000;
	let measured = await whileTicking(() => db.sql`select count(*) from generate_series(1, ${rows}::int)`);
	while (measured.workMs < 1000 && rows < 64_000_000) {
		rows *= 2;
		measured = await whileTicking(() => db.sql`select count(*) from generate_series(1, ${rows}::int)`);
	}
	expect(measured.workMs).toBeGreaterThan(1000);
	// On the event loop the query would hold every timer for its whole length; generous bound
	// for a busy machine.
	expect(measured.longestGapMs).toBeLessThan(measured.workMs / 2);
});

describe.skipIf(onPostgres)('the embedded database', () => {
	test('a data directory held by another live process is refused with a clear message', async () => {
		const target = await fresher('pglite');
		fs.writeFileSync(path.join(target.dataDir, 'zhurnal.lock'), String(process.ppid));
		await expect(openDatabase(target)).rejects.toThrow(`Каталог данных ${target.dataDir} уже занят процессом ${process.ppid}`);
	});

	test('a damaged data directory fails the start with the database error and leaves the directory unlocked', async () => {
		const target = await fresher('pglite');
		fs.mkdirSync(path.join(target.dataDir, 'pgdata'));
		fs.writeFileSync(path.join(target.dataDir, 'pgdata', 'PG_VERSION'), 'garbage\n');
		await expect(openDatabase(target)).rejects.toThrow('PGlite failed to initialize properly');
		expect(fs.existsSync(path.join(target.dataDir, 'zhurnal.lock'))).toBe(false);
	});

	test('close writes everything to disk and frees the directory for the next start', async () => {
		const target = await fresher('pglite');
		const first = await openDatabase(target);
		await first.sql`create table kept (note text)`;
		await first.sql`insert into kept values ('до закрытия')`;
		await closeDatabase();
		expect(fs.readdirSync(target.dataDir)).not.toContain('zhurnal.lock');
		const second = await openDatabase(target);
		expect(await second.sql`select note from kept`).toEqual([{ note: 'до закрытия' }]);
	});
});
