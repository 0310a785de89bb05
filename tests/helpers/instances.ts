/**
 * Several server instances (child processes) on one throw-away PostgreSQL database with Redis
 * between them, and what the tests of their convergence need: every open document compared with
 * the tables, the database taken away and given back (only this test's database: its connections
 * refused and terminated, the shared server never restarted), and a TCP proxy to Redis that the
 * test can pause, to make relaying late without touching the shared Redis.
 */
import net from 'node:net';
import postgres from 'postgres';
import { cellsOfJournal } from '../../src/lib/server/db/cells';
import type { Sql } from '../../src/lib/server/db/client';
import { cellFromDoc, cellKey, DOC_MAPS, type DocLesson, type DocStudent } from '../../src/lib/domain/journal-doc';
import { isEmptyCell, type CellValue } from '../../src/lib/domain/cell';
import { freshDemoDatabase, type FreshDatabase } from './database';
import { reachable, spawnServer, type ChildServer } from './process';
import type { JournalClient } from './collab';

export const pgAdminUrl = new URL(process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
export const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

/** What is missing on this machine for several instances (Redis, PostgreSQL); empty when all is there. */
export async function missingForInstances(): Promise<string[]> {
	return [
		!(await reachable(redisUrl.hostname, Number(redisUrl.port || 6379))) && `Redis on ${redisUrl.host}`,
		!(await reachable(pgAdminUrl.hostname, Number(pgAdminUrl.port || 5432))) && `PostgreSQL on ${pgAdminUrl.host}`
	].filter((what): what is string => typeof what === 'string');
}

/** A database shared by instances, with a client of the test and the admin's hands on it. */
export interface SharedDatabase {
	db: FreshDatabase;
	/** The test's own client of the database (max 2 connections). */
	sql: postgres.Sql;
	name: string;
	env: Record<string, string>;
	/** Starts one more instance on it (the environment may be changed, e.g. REDIS_URL through a proxy). */
	start(extra?: Record<string, string>): Promise<ChildServer>;
	/** The database refuses new connections and every open one is terminated. */
	away(): Promise<void>;
	/** The database takes connections again. */
	back(): Promise<void>;
	/**
	 * Terminates the connections to this database (the instances' and the test's own): all of
	 * them, or with `idle` only those not inside a transaction.
	 */
	cut(options?: { idle?: boolean }): Promise<number>;
	close(): Promise<void>;
}

/** A fresh PostgreSQL database for instances that share it through Redis under a prefix of their own. */
export async function sharedDatabase(): Promise<SharedDatabase> {
	const db = await freshDemoDatabase('postgres');
	const name = new URL(db.databaseUrl!).pathname.slice(1);
	const admin = postgres(pgAdminUrl.toString(), { max: 1, onnotice: () => {} });
	const sql = postgres(db.databaseUrl!, { max: 2, onnotice: () => {} });
	const env = { DATABASE_URL: db.databaseUrl!, DATA_DIR: db.dataDir, REDIS_URL: redisUrl.toString(), REDIS_PREFIX: `zhurnal-test-${process.pid}-${Date.now()}` };
	const servers: ChildServer[] = [];
	const cut = async (options: { idle?: boolean } = {}) => {
		const idle = options.idle ? admin`and state = 'idle'` : admin``;
		const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid() ${idle}`;
		return rows.length;
	};
	return {
		db,
		sql,
		name,
		env,
		async start(extra = {}) {
			const server = await spawnServer({ ...env, ...extra });
			servers.push(server);
			return server;
		},
		async away() {
			await admin.unsafe(`alter database ${name} with allow_connections false`);
			await cut();
		},
		async back() {
			await admin.unsafe(`alter database ${name} with allow_connections true`);
		},
		cut,
		async close() {
			await Promise.all(servers.map((s) => s.stop()));
			await sql.end();
			await admin.unsafe(`alter database ${name} with allow_connections true`).catch(() => undefined);
			await admin.end();
			await db.drop();
		}
	};
}

/** The non-empty cells of a journal as the tables hold them. */
export async function tableCells(sql: postgres.Sql, journalId: number): Promise<Map<string, CellValue>> {
	const cells = await cellsOfJournal(sql as unknown as Sql, journalId);
	return new Map(cells.filter((c) => !isEmptyCell(c.value)).map((c) => [cellKey(c.lessonId, c.studentId), c.value]));
}

/** The non-empty cells a client's document shows. */
export function docCells(client: JournalClient): Map<string, CellValue> {
	const out = new Map<string, CellValue>();
	for (const [key, raw] of client.cells.entries()) {
		const value = cellFromDoc(raw);
		if (value && !isEmptyCell(value)) out.set(key, value);
	}
	return out;
}

const text = (value: CellValue | undefined) => (value ? JSON.stringify([value.marks, value.absence, value.comment]) : 'empty');

/** How a client's document differs from the tables ('' when it shows exactly what they hold). */
function difference(client: JournalClient, tables: Map<string, CellValue>, name: string): string {
	const shown = docCells(client);
	const out: string[] = [];
	for (const key of new Set([...shown.keys(), ...tables.keys()])) {
		const a = text(shown.get(key));
		const b = text(tables.get(key));
		if (a !== b) out.push(`${name} ${key}: document ${a}, tables ${b}`);
	}
	return out.join('; ');
}

/**
 * Waits until every client's document shows exactly what the tables hold for the journal, and
 * fails with the differences when that does not happen within `ms`.
 */
export async function convergeToTables(sql: postgres.Sql, journalId: number, clients: Record<string, JournalClient>, ms = 8000): Promise<void> {
	const deadline = Date.now() + ms;
	let last = '';
	for (;;) {
		const tables = await tableCells(sql, journalId);
		last = Object.entries(clients)
			.map(([name, client]) => difference(client, tables, name))
			.filter(Boolean)
			.join('; ');
		if (!last) return;
		if (Date.now() > deadline) throw new Error(`the documents did not converge to the tables within ${ms} ms: ${last}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Empty cells of lessons in the open period (5–27.11.2026) of students in the group, newest lessons first. */
export function freeCells(client: JournalClient, count: number): string[] {
	const lessons = [...client.doc.getMap(DOC_MAPS.lessons).values()]
		.map((l) => l as DocLesson)
		.filter((l) => l.date >= '2026-11-05' && l.date <= '2026-11-27')
		.sort((x, y) => y.date.localeCompare(x.date) || x.id - y.id);
	const students = [...client.doc.getMap(DOC_MAPS.students).values()].map((s) => s as DocStudent);
	const out: string[] = [];
	for (const lesson of lessons) {
		for (const student of students) {
			if (student.from > lesson.date || (student.to !== null && student.to < lesson.date)) continue;
			const key = cellKey(lesson.id, student.id);
			if (!client.cells.has(key)) out.push(key);
			if (out.length === count) return out;
		}
	}
	throw new Error(`only ${out.length} free cells, ${count} wanted`);
}

/** A TCP proxy to a server (Redis) that the test can pause: while paused nothing is forwarded either way. */
export interface PausableProxy {
	url: string;
	pause(): void;
	resume(): void;
	close(): Promise<void>;
}

/** Starts a proxy on a free port of 127.0.0.1 forwarding to host:port. */
export async function pausableProxy(host: string, port: number): Promise<PausableProxy> {
	const pairs = new Set<{ client: net.Socket; upstream: net.Socket; held: Array<[net.Socket, Buffer]> }>();
	let paused = false;
	const server = net.createServer((client) => {
		const upstream = net.connect({ host, port });
		const pair = { client, upstream, held: [] as Array<[net.Socket, Buffer]> };
		pairs.add(pair);
		// While paused, what either side sends is held back (the connections stay open, like a stalled network).
		const forward = (to: net.Socket) => (chunk: Buffer) => (paused ? pair.held.push([to, chunk]) : to.write(chunk));
		client.on('data', forward(upstream));
		upstream.on('data', forward(client));
		const drop = () => {
			pairs.delete(pair);
			client.destroy();
			upstream.destroy();
		};
		client.on('error', drop).on('close', drop);
		upstream.on('error', drop).on('close', drop);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address() as net.AddressInfo;
	return {
		url: `redis://127.0.0.1:${address.port}`,
		pause() {
			paused = true;
		},
		resume() {
			paused = false;
			for (const pair of pairs) for (const [to, chunk] of pair.held.splice(0)) to.write(chunk);
		},
		async close() {
			for (const { client, upstream } of pairs) (client.destroy(), upstream.destroy());
			await new Promise((resolve) => server.close(resolve));
		}
	};
}
