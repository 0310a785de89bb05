/**
 * Many journals and many sockets on one node, on PostgreSQL, with a school of over 1,000
 * journals generated into a throw-away database:
 *   morning.open_p95_ms        MORNING sockets open MORNING different journals, their starts spread
 *                              evenly over MORNING_WINDOW_MS (teachers arriving): connect → the whole
 *                              document received, p95; morning.errors counts sockets that failed;
 *                              morning.client_loop_delay_max_ms is the bench process's own longest stall
 *   sockets.heap_kb_per_socket the server's heap (after GC) with SOCKETS sockets open over the same
 *                              journals, minus its heap before the first socket, per socket
 *                              (the journals' documents included)
 *   sockets.edit_p99_ms        with those sockets open, EDITORS editors (one per journal) type a
 *                              mark a second; keystroke → another client on the same journal
 *   sockets.edit_baseline_p99_ms  the same editors and watchers with no other socket open (same run)
 * Run: tsx bench/sockets.ts [--quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import postgres from 'postgres';
import type * as Y from 'yjs';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { connect } from './collab-load.ts';
import { openRaw, type RawSocket } from './raw-socket.ts';
import { benchDatabase, percentile, record, round1, signIn, sleep, startServer, writableKeys, type BenchServer } from './harness.ts';
import { closeDatabase, openDatabase } from '../src/lib/server/db/client.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { generateDemoSchool } from '../src/lib/server/demo/generate.ts';

const quick = process.argv.includes('--quick');
const MORNING = quick ? 200 : 1000;
const MORNING_WINDOW_MS = quick ? 10_000 : 60_000;
const SOCKETS = quick ? 1000 : 5000;
const EDITORS = quick ? 20 : 100;
const EDIT_MS = quick ? 5000 : 10_000;

interface Client {
	provider: HocuspocusProvider;
	doc: Y.Doc;
}

/** EDITORS editors and as many watchers on the first journals; edits for EDIT_MS; keystroke → watcher latencies. */
async function editing(server: BenchServer, cookie: string, journals: number[]): Promise<{ latencies: number[]; clients: Client[] }> {
	const target = { url: `${server.base.replace('http', 'ws')}/collab`, cookie, origin: server.base };
	const sent = new Map<string, number>();
	const latencies: number[] = [];
	const editors: (Client & { keys: string[] })[] = [];
	const watchers: Client[] = [];
	for (const id of journals.slice(0, EDITORS)) {
		const editor = await connect(target, `journal:${id}`);
		editors.push({ ...editor, keys: writableKeys(editor.doc) });
		const watcher = await connect(target, `journal:${id}`);
		watcher.doc.getMap('cells').observe((event) => {
			const now = performance.now();
			for (const key of event.keysChanged) {
				const value = watcher.doc.getMap('cells').get(key) as { e?: string } | undefined;
				const at = value?.e ? sent.get(value.e) : undefined;
				if (at !== undefined) latencies.push(now - at);
			}
		});
		watchers.push(watcher);
	}
	const deadline = performance.now() + EDIT_MS;
	await Promise.all(
		editors
			.filter((e) => e.keys.length > 0)
			.map(async (editor) => {
				await sleep(Math.random() * 1000);
				while (performance.now() < deadline) {
					const id = crypto.randomUUID();
					sent.set(id, performance.now());
					editor.doc.getMap('cells').set(editor.keys[Math.floor(Math.random() * editor.keys.length)], { m: [2 + Math.floor(Math.random() * 4)], a: null, c: null, e: id });
					await sleep(500 + Math.random() * 1000);
				}
			})
	);
	await sleep(1500);
	return { latencies, clients: [...editors, ...watchers] };
}

// A school of over 1,000 journals: 7 classes a grade, few students (what matters here is journals).
const database = await benchDatabase('sockets');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-sockets-'));
let server: BenchServer | undefined;
const raw: RawSocket[] = [];
try {
	const t0 = performance.now();
	const db = await openDatabase({ databaseUrl: database.url, dataDir });
	await migrate(db.sql);
	const school = await generateDemoSchool(db.sql, { seed: 2026, today: '2026-11-27', classesPerGrade: 7, studentsPerClass: 4 });
	await closeDatabase();
	console.log(`school: ${school.counts.classes} classes in ${Math.round(performance.now() - t0)} ms`);
	const direct = postgres(database.url, { max: 1, onnotice: () => {} });
	// Graded journals first (the editors write marks), then the rest.
	const journals = (
		await direct<{ id: number }[]>`
			select j.id from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
			order by (c.grade = 1), j.id`
	).map((r) => r.id);
	await direct.end();
	if (journals.length < MORNING) throw new Error(`only ${journals.length} journals`);

	server = await startServer({ DATABASE_URL: database.url, DATA_DIR: dataDir, DEMO: '0' }, ['--max-old-space-size=4096']);
	const cookie = await signIn(server.base);
	const url = `${server.base.replace('http', 'ws')}/collab`;
	const headers = { cookie, origin: server.base };

	// Baseline edit latency: only the editors and watchers.
	const alone = await editing(server, cookie, journals);
	for (const client of alone.clients) client.provider.destroy();
	await sleep(2000);
	const heapBefore = await server.heap();

	// The morning: MORNING journals opened by as many sockets, spread over the window.
	const opened: number[] = [];
	let errors = 0;
	// This process's own event-loop delay, to tell a slow server from a busy client.
	const clientDelay = monitorEventLoopDelay({ resolution: 10 });
	clientDelay.enable();
	const start = performance.now();
	await Promise.all(
		journals.slice(0, MORNING).map(async (id, i) => {
			await sleep(start + (i * MORNING_WINDOW_MS) / MORNING - performance.now());
			try {
				const socket = await openRaw(url, headers, `journal:${id}`);
				opened.push(socket.syncedMs);
				raw.push(socket);
			} catch (error) {
				errors++;
				if (errors <= 3) console.error(String(error));
			}
		})
	);
	clientDelay.disable();
	console.log(`morning: ${opened.length} opened, p95 ${round1(percentile(opened, 95))} ms, ${errors} errors`);

	// Up to SOCKETS sockets over the same journals (the editors and watchers come on top below).
	const more = SOCKETS - MORNING - 2 * EDITORS;
	for (let i = 0; i < more; i += 50) {
		await Promise.all(
			Array.from({ length: Math.min(50, more - i) }, async (_, k) => {
				const id = journals[(i + k) % MORNING];
				try {
					raw.push(await openRaw(url, headers, `journal:${id}`));
				} catch (error) {
					errors++;
					if (errors <= 3) console.error(String(error));
				}
			})
		);
	}
	const busy = await editing(server, cookie, journals);
	const heapAfter = await server.heap();
	const sockets = raw.length + busy.clients.length;
	console.log(`sockets: ${sockets} open, heap ${Math.round(heapBefore.heapUsed / 1e6)} → ${Math.round(heapAfter.heapUsed / 1e6)} MB, rss ${Math.round(heapAfter.rss / 1e6)} MB`);
	for (const client of busy.clients) client.provider.destroy();

	const results = {
		'morning.shape': { sockets: MORNING, journals: MORNING, windowMs: MORNING_WINDOW_MS, backend: 'postgres', school: school.counts },
		'morning.open_p50_ms': round1(percentile(opened, 50)),
		'morning.open_p95_ms': round1(percentile(opened, 95)),
		'morning.errors': errors,
		'morning.client_loop_delay_max_ms': round1(clientDelay.max / 1e6),
		'sockets.shape': { sockets, journals: MORNING, editors: EDITORS, editMs: EDIT_MS, backend: 'postgres' },
		'sockets.edit_baseline_p99_ms': round1(percentile(alone.latencies, 99)),
		'sockets.edit_p50_ms': round1(percentile(busy.latencies, 50)),
		'sockets.edit_p99_ms': round1(percentile(busy.latencies, 99)),
		'sockets.heap_kb_per_socket': Math.round((heapAfter.heapUsed - heapBefore.heapUsed) / 1024 / sockets),
		'sockets.rss_mb': Math.round(heapAfter.rss / 1e6)
	};
	console.table(results);
	await record(results);
} finally {
	for (const socket of raw) socket.close();
	await server?.stop();
	await database.drop();
	fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
