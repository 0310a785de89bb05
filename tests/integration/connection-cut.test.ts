/**
 * A transaction whose database connection is cut in the middle of a statement (a restart, an
 * administrator's pg_terminate_backend, a failover) fails with a «connection lost» error, and the
 * process goes on: no uncaught exception, the next statements succeed on a new connection, and
 * nothing of the cut transaction is stored. The database client of the server itself
 * (src/lib/server/db/client.ts) on this test's own PostgreSQL database; PostgreSQL only (the
 * embedded database's connection is inside the process).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import postgres from 'postgres';
import { freshDatabase, onPostgres, type FreshDatabase } from '../helpers/database';
import { closeDatabase, connectionLost, openDatabase, type Database } from '../../src/lib/server/db/client';

let fresh: FreshDatabase;
let db: Database;
let admin: postgres.Sql;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
	if (!onPostgres) return;
	fresh = await freshDatabase('postgres');
	db = await openDatabase({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir });
	admin = postgres(fresh.databaseUrl!, { max: 1, onnotice: () => {} });
	await db.sql`create table kept (n int)`;
	process.on('uncaughtException', onUncaught);
});

afterAll(async () => {
	process.off('uncaughtException', onUncaught);
	if (!onPostgres) return;
	await closeDatabase();
	await admin.end();
	await fresh.drop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!onPostgres)('X-AUDIT a database connection cut inside a transaction', () => {
	test('X-AUDIT the transaction fails as «connection lost», nothing of it is stored, and the process goes on serving', async () => {
		for (let round = 0; round < 5; round++) {
			let pid: number | undefined;
			const transaction = db.sql.begin(async (tx) => {
				await tx`insert into kept values (${round})`;
				[{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
				await tx`select pg_sleep(5)`;
				await tx`insert into kept values (${round + 100})`;
			});
			while (pid === undefined) await pause(20);
			await admin`select pg_terminate_backend(${pid})`;
			const error = await transaction.then(
				() => undefined,
				(e: unknown) => e
			);
			expect(connectionLost(error), `round ${round}: ${String(error)}`).toBe(true);
			// The driver's own writes after the cut run from setImmediate: give them their turn.
			await pause(100);
			expect(await db.sql`select 1 as one`).toEqual([{ one: 1 }]);
		}
		expect(uncaught).toEqual([]);
		expect(await db.sql`select n from kept`).toEqual([]);
		// And a transaction after the cuts commits as usual.
		await db.sql.begin(async (tx) => tx`insert into kept values (7)`);
		expect(await db.sql`select n from kept`).toEqual([{ n: 7 }]);
	});
});
