/**
 * What the benchmarks share: our server in a child process (bench/serve.ts), sign-in, a
 * throw-away PostgreSQL database, and percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';

export const root = path.resolve(import.meta.dirname, '..');

/** The PostgreSQL server the benchmarks may create databases on. */
export const PG_ADMIN_URL = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A running server under measurement. */
export interface BenchServer {
	child: ChildProcess;
	base: string;
	/** The server's heap after a full collection, and its resident size, in bytes. */
	heap(): Promise<{ heapUsed: number; rss: number }>;
	stop(): Promise<void>;
}

/** Starts our server (built app, production entry) with the given environment. */
export function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<BenchServer> {
	const port = 5000 + Math.floor(Math.random() * 2000);
	return new Promise((resolve, reject) => {
		// BENCH_CPU_PROF=<dir>: the server writes a CPU profile there when it stops (node --cpu-prof).
		const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
		const child = spawn(process.execPath, ['--expose-gc', ...profile, ...nodeArgs, '--import', 'tsx', 'bench/serve.ts'], {
			cwd: root,
			env: { ...process.env, HOST: '127.0.0.1', TODAY: '2026-11-27', ...env, PORT: String(port) },
			stdio: ['ignore', 'pipe', 'inherit', 'ipc']
		});
		let out = '';
		const exited = (code: number | null) => reject(new Error(`server exited with ${code}: ${out}`));
		child.once('exit', exited);
		child.stdout!.on('data', (chunk) => {
			out += chunk;
			if (!/Журнал работает/.test(out)) return;
			child.off('exit', exited);
			out = '';
			resolve({
				child,
				base: `http://127.0.0.1:${port}`,
				heap: () =>
					new Promise((answer) => {
						child.once('message', (message) => answer(message as { heapUsed: number; rss: number }));
						child.send('heap');
					}),
				stop: async () => {
					if (child.exitCode !== null) return;
					const gone = new Promise((done) => child.once('exit', done));
					child.kill('SIGTERM');
					await gone;
				}
			});
		});
	});
}

/** The session cookie of a demo login (password demo). */
export async function signIn(base: string, login = 'admin'): Promise<string> {
	const response = await fetch(`${base}/login`, {
		method: 'POST',
		headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: `login=${login}&password=demo`,
		redirect: 'manual'
	});
	const cookie = response.headers.getSetCookie().find((line) => line.startsWith('session='));
	if (!cookie) throw new Error(`sign-in failed: ${response.status}`);
	return cookie.split(';')[0];
}

/** A PostgreSQL database for one benchmark, optionally copied from a template. */
export async function benchDatabase(label: string, template?: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
	const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
	const name = `zhurnal_bench_${label}_${process.pid}`;
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
	await admin.end();
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		name,
		drop: async () => {
			const again = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
			await again.unsafe(`drop database if exists ${name} with (force)`);
			await again.end();
		}
	};
}

/** The p-th percentile (0–100) of the values. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const round1 = (value: number) => Math.round(value * 10) / 10;

/** Merges results into bench/results.json. */
export async function record(results: Record<string, unknown>): Promise<void> {
	const fs = await import('node:fs');
	const file = path.join(root, 'bench', 'results.json');
	const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	fs.writeFileSync(file, JSON.stringify({ ...previous, ...results, measuredAt: new Date().toISOString() }, null, 2) + '\n');
}

/** Cells our server accepts: lessons of the current quarter (open), students still in the group. */
export function writableKeys(doc: import('yjs').Doc): string[] {
	const lessons = [...(doc.getMap('lessons').values() as Iterable<{ id: number; date: string }>)].filter((l) => l.date >= '2026-11-05' && l.date <= '2026-11-27');
	const students = [...(doc.getMap('students').values() as Iterable<{ id: number; from: string; to: string | null }>)].filter((s) => s.to === null);
	return lessons.flatMap((l) => students.filter((s) => s.from <= l.date).map((s) => `${l.id}:${s.id}`));
}

/**
 * The demo's first journals are grade 1's, which take no marks (mark-free): the first one after
 * them. The classes are made in grade order, so every later journal takes marks.
 */
export async function firstGradedJournal(base: string, cookie: string): Promise<number> {
	for (let id = 1; id < 400; id++) {
		const response = await fetch(`${base}/api/journals/${id}/period-marks?column=`, { headers: { cookie, accept: 'application/json' } });
		const body = (await response.json().catch(() => null)) as { values?: string[] } | null;
		if (response.ok && body?.values?.includes('5')) return id;
	}
	throw new Error('no graded journal among the first 400');
}
