/**
 * The one database client of the process. PostgreSQL through the `postgres` driver when a
 * DATABASE_URL is given; otherwise embedded PGlite, run in a worker thread (pglite-worker.js)
 * and served on a Unix socket inside DATA_DIR through pglite-socket, reached by the very same
 * driver, so every query, transaction and type conversion takes one code path on both back-ends
 * and PGlite's synchronous work never blocks the event loop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, never>>;
export type Tx = postgres.TransactionSql<Record<string, never>>;

/** Which back-end the process runs on. */
export type Backend = 'pglite' | 'postgres';

export interface Database {
	/** Tagged-template SQL client (postgres driver). */
	sql: Sql;
	/** Which back-end is behind `sql`. */
	backend: Backend;
	/** Closes the client (and the embedded database, flushing it to disk). */
	close(): Promise<void>;
	/**
	 * Embedded only: PGlite's own dump of its data directory (an uncompressed tar), taken in the
	 * database's thread between two statements. Callers that need it consistent with their own
	 * reads call it while they hold the one connection (db/backup.ts does).
	 */
	dumpDataDir?(): Promise<Uint8Array>;
}

export interface OpenOptions {
	/** PostgreSQL URL; embedded PGlite when undefined. */
	databaseUrl?: string;
	/** Data directory of the embedded database. */
	dataDir: string;
}

// One instance per process, even when the SvelteKit bundle and the server entry each carry a
// copy of this module (production) or Vite reloads it (dev).
const KEY = Symbol.for('zhurnal.database');
type Holder = { [KEY]?: Promise<Database> };
const holder = globalThis as Holder;

/** Opens the process's database once; later calls return the same one. */
export function openDatabase(options: OpenOptions): Promise<Database> {
	surviveLostConnections();
	holder[KEY] ??= (options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir)).catch(
		(error) => {
			delete holder[KEY];
			throw error;
		}
	);
	return holder[KEY];
}

/** The database opened earlier in this process. */
export async function database(): Promise<Database> {
	const opened = holder[KEY];
	if (!opened) throw new Error('database() called before openDatabase()');
	return opened;
}

/** Closes the process's database, if open, and forgets it. */
export async function closeDatabase(): Promise<void> {
	const opened = holder[KEY];
	delete holder[KEY];
	if (opened) await (await opened).close();
}

// Dates stay 'YYYY-MM-DD' strings: a school date has no time zone.
const types = {
	date: {
		to: 1082,
		from: [1082],
		serialize: (value: string) => value,
		parse: (value: string) => value
	}
};

function driverOptions() {
	return { types, onnotice: () => {}, transform: { undefined: null } } as const;
}

/** Error codes (the driver's and PostgreSQL's) that mean the connection itself is gone. */
const CONNECTION_LOST = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03']);

/** True when `error` says the database connection was lost (not that a statement was wrong). */
export function connectionLost(error: unknown): boolean {
	return typeof error === 'object' && error !== null && CONNECTION_LOST.has(String((error as { code?: unknown }).code));
}

/**
 * Keeps a transaction whose connection the database cut from taking the process down.
 *
 * postgres.js 3.4.9 answers a failed transaction body by writing ROLLBACK, and when the failure
 * was the connection closing, that write goes to a socket it has already dropped, from a
 * `setImmediate`: an uncaught TypeError that ends the process (and, if caught, leaves the
 * connection unable to reconnect). The transaction itself is already settled by then: the driver
 * rejects `begin()` with CONNECTION_CLOSED when its connection closes. So when the body fails
 * because the connection is lost, the body is left pending instead of failing: the driver then
 * writes nothing on the dead connection, `begin()` still rejects, and PostgreSQL has rolled the
 * transaction back by closing the connection. Every other failure rolls back as before.
 */
function guardTransactions(sql: Sql): Sql {
	const begin = sql.begin.bind(sql) as (...args: unknown[]) => Promise<unknown>;
	const guarded = (...args: unknown[]) => {
		const body = args.pop() as (tx: Tx) => unknown;
		return begin(...args, async (tx: Tx) => {
			try {
				const result = body(tx);
				return await (Array.isArray(result) ? Promise.all(result) : result);
			} catch (error) {
				if (connectionLost(error)) return new Promise(() => {});
				throw error;
			}
		});
	};
	Object.defineProperty(sql, 'begin', { value: guarded, configurable: true, writable: true });
	return sql;
}

const GUARDED = Symbol.for('zhurnal.database.lost-connections');

/**
 * A promise of the driver's own that nobody awaits can be rejected when the database cuts a
 * connection: postgres.js 3.4.9 fetches the array types of every new connection from a handler
 * without a catch, so a cut during that fetch is an unhandled rejection, which ends a Node process.
 * Such a rejection is logged instead; the connection is opened again for the next query. Any other
 * unhandled rejection is left to the other listeners (a test runner) or, when there are none,
 * ends the process as it would have without this one.
 */
function surviveLostConnections(): void {
	const flags = globalThis as { [GUARDED]?: boolean };
	if (flags[GUARDED]) return;
	flags[GUARDED] = true;
	process.on('unhandledRejection', (reason) => {
		if (connectionLost(reason)) {
			console.error('[db] a database connection was lost:', (reason as Error).message);
			return;
		}
		if (process.listenerCount('unhandledRejection') === 1) throw reason;
	});
}

async function openPostgres(url: string): Promise<Database> {
	// A server that does not answer fails a connection attempt after 10 s (the driver's default is
	// 30 s), and a connection the server dropped is opened again after at most 2 s (the driver's
	// default backoff grows to 20 s after repeated failures), so a caller that tries again (the live
	// journal's reads) gets an answer within a bounded wait once the database is back.
	const sql = guardTransactions(postgres(url, { ...driverOptions(), max: 10, connect_timeout: 10, backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 2) }) as unknown as Sql);
	await sql`select 1`;
	return { sql, backend: 'postgres', close: () => sql.end({ timeout: 5 }) };
}

async function openPglite(dataDir: string): Promise<Database> {
	fs.mkdirSync(dataDir, { recursive: true });
	const releaseLock = lockDataDir(dataDir);
	const socketPath = socketPathFor(dataDir);
	let worker: Worker | undefined;
	try {
		worker = await startPgliteWorker(path.join(dataDir, 'pgdata'), socketPath);
		const thread = worker;
		// pglite-socket serves one connection (PGlite is a single session); the driver queues behind it.
		const sql = guardTransactions(
			postgres({
				...driverOptions(),
				path: socketPath,
				max: 1,
				ssl: false,
				username: 'postgres',
				database: 'postgres'
			}) as unknown as Sql
		);
		await sql`select 1`;
		let closing: Promise<void> | undefined;
		return {
			sql,
			backend: 'pglite',
			dumpDataDir: () => dumpPgliteWorker(thread),
			close: () =>
				(closing ??= (async () => {
					try {
						await sql.end({ timeout: 5 });
						await stopPgliteWorker(thread);
					} finally {
						fs.rmSync(socketPath, { force: true });
						releaseLock();
					}
				})())
		};
	} catch (error) {
		if (worker) await stopPgliteWorker(worker).catch(() => {});
		fs.rmSync(socketPath, { force: true });
		releaseLock();
		throw error;
	}
}

/**
 * Starts PGlite and its socket server in a worker thread (pglite-worker.js), so the database's
 * synchronous work runs beside the event loop instead of on it. Resolves once the socket
 * listens; rejects with the database's own error when it cannot open (e.g. a damaged directory).
 */
function startPgliteWorker(pgdata: string, socketPath: string): Promise<Worker> {
	const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: { pgdata, socketPath } });
	return new Promise((resolve, reject) => {
		const settle = () => {
			worker.off('message', onMessage);
			worker.off('error', failed);
			worker.off('exit', exited);
		};
		const failed = (error: Error) => {
			settle();
			void worker.terminate();
			reject(error);
		};
		const exited = (code: number) => failed(new Error(`Встроенная база данных остановилась при запуске (код ${code})`));
		const onMessage = (message: WorkerMessage) => {
			if (message.type === 'ready') {
				settle();
				watchPgliteWorker(worker);
				resolve(worker);
			} else if (message.type === 'error') {
				failed(Object.assign(new Error(message.message), { stack: message.stack ?? message.message }));
			}
		};
		worker.on('message', onMessage);
		worker.on('error', failed);
		worker.on('exit', exited);
	});
}

type WorkerMessage = { type: 'ready' | 'closed' } | { type: 'error'; message: string; stack?: string };

/** A worker that dies while the server runs takes the database with it: say so loudly. */
function watchPgliteWorker(worker: Worker): void {
	worker.on('error', (error) => console.error('Встроенная база данных: ошибка в её потоке:', error));
	worker.on('exit', (code) => {
		gone.add(worker);
		if (!stopping.has(worker)) console.error(`Встроенная база данных остановилась (код ${code}); запросы к ней не пройдут.`);
	});
}

let dumps = 0;

/** Asks the database's thread for PGlite's dump of the data directory. */
function dumpPgliteWorker(worker: Worker): Promise<Uint8Array> {
	const id = ++dumps;
	return new Promise((resolve, reject) => {
		const exited = (code: number) => {
			worker.off('message', onMessage);
			reject(new Error(`Встроенная база данных остановилась во время копирования (код ${code})`));
		};
		const onMessage = (message: { type: string; id?: number; bytes?: ArrayBuffer; message?: string }) => {
			if (message.type !== 'dump' || message.id !== id) return;
			worker.off('message', onMessage);
			worker.off('exit', exited);
			if (message.bytes) resolve(new Uint8Array(message.bytes));
			else reject(new Error(message.message ?? 'dump failed'));
		};
		worker.on('message', onMessage);
		worker.once('exit', exited);
		worker.postMessage({ type: 'dump', id });
	});
}

const stopping = new WeakSet<Worker>();
const gone = new WeakSet<Worker>();

/** Closes PGlite inside the worker (flushing it to disk), then ends the thread. */
async function stopPgliteWorker(worker: Worker): Promise<void> {
	stopping.add(worker);
	if (gone.has(worker)) return;
	try {
		await new Promise<void>((resolve, reject) => {
			const exited = (code: number) => reject(new Error(`Встроенная база данных остановилась до закрытия (код ${code})`));
			worker.once('exit', exited);
			worker.on('message', (message: WorkerMessage & { message?: string }) => {
				if (message.type !== 'closed') return;
				worker.off('exit', exited);
				if (message.message) reject(new Error(message.message));
				else resolve();
			});
			worker.postMessage({ type: 'close' });
		});
	} finally {
		await worker.terminate();
	}
}

// Unix socket paths are limited to ~107 bytes; long DATA_DIRs get a socket in the temp folder.
function socketPathFor(dataDir: string): string {
	const inside = path.join(dataDir, '.s.PGSQL.5432');
	if (Buffer.byteLength(inside) < 100) return inside;
	return path.join(os.tmpdir(), `zhurnal-${process.pid}-${Date.now()}.sock`);
}

/**
 * PGlite has no lock of its own and two processes on one directory corrupt it: take a lock
 * file holding our pid; a lock left by a dead process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
	const lockPath = path.join(dataDir, 'zhurnal.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
			return () => fs.rmSync(lockPath, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const owner = Number(fs.readFileSync(lockPath, 'utf8'));
			if (owner && owner !== process.pid && isAlive(owner)) {
				throw new Error(
					`Каталог данных ${dataDir} уже занят процессом ${owner}. Остановите его или укажите другой DATA_DIR.`
				);
			}
			fs.rmSync(lockPath, { force: true });
		}
	}
	throw new Error(`Не удалось занять каталог данных ${dataDir}`);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
