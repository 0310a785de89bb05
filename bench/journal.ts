/**
 * Live-journal benchmarks, in one run against baselines from the same run:
 *   journal.edit_p50_ms / edit_p99_ms  keystroke → another client, 30 editors on one journal plus
 *                                       200 other open journals with background edits (our server)
 *   journal.bare_p99_ms                 the same load on a bare Hocuspocus server (no extensions)
 *   journal.overhead_ratio              our p99 / bare p99
 *   journal.echo_rtt_p50_ms / p99       raw websocket echo round trip (the floor)
 *   journal.ack_p95_ms                  edit → committed to the tables ("Сохранено")
 * Results are printed and merged into bench/results.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { percentile, runLoad, type LoadShape } from './collab-load.ts';
import { firstGradedJournal, signIn, writableKeys } from './harness.ts';

const root = path.resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const SHAPE: LoadShape = quick
	? { editors: 5, otherJournals: 10, durationMs: 5000, editEveryMs: 1000, backgroundEveryMs: 5000 }
	: { editors: 30, otherJournals: 200, durationMs: 20_000, editEveryMs: 1000, backgroundEveryMs: 5000 };
const basePort = 4600 + Math.floor(Math.random() * 300);

function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout!.on('data', (chunk) => {
			out += chunk;
			if (ready.test(out)) resolve(child);
		});
		child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
	});
}

async function stop(child: ChildProcess): Promise<void> {
	child.removeAllListeners('exit');
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

async function echoRtt(port: number): Promise<number[]> {
	const server = await start(['--import', 'tsx', 'bench/echo.ts', String(port)], {}, /ready/);
	const ws = new WebSocket(`ws://127.0.0.1:${port}`);
	await new Promise((resolve) => ws.once('open', resolve));
	const times: number[] = [];
	for (let i = 0; i < 2000; i++) {
		const t0 = performance.now();
		await new Promise((resolve) => {
			ws.once('message', resolve);
			ws.send('x'.repeat(40));
		});
		times.push(performance.now() - t0);
	}
	ws.close();
	await stop(server);
	return times;
}

async function bare(port: number) {
	const server = await start(['--import', 'tsx', 'bench/bare-hocuspocus.ts', String(port)], {}, /ready/);
	const keys = Array.from({ length: 35 * 60 }, (_, i) => `${1 + (i % 60)}:${1 + Math.floor(i / 60)}`);
	const result = await runLoad(
		{
			url: `ws://127.0.0.1:${port}`,
			mainDocument: 'journal:1',
			otherDocuments: Array.from({ length: SHAPE.otherJournals }, (_, i) => `journal:${i + 2}`),
			keysOf: () => keys,
			acks: false
		},
		SHAPE
	);
	await stop(server);
	return result;
}

async function ours(port: number) {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-journal-'));
	const server = await start(['server/start.js'], { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', TODAY: '2026-11-27' }, /Журнал работает/);
	const base = `http://127.0.0.1:${port}`;
	const cookie = await signIn(base);
	const first = await firstGradedJournal(base, cookie);
	const result = await runLoad(
		{
			url: `ws://127.0.0.1:${port}/collab`,
			cookie,
			origin: base,
			mainDocument: `journal:${first}`,
			otherDocuments: Array.from({ length: SHAPE.otherJournals }, (_, i) => `journal:${first + i + 1}`),
			keysOf: writableKeys,
			acks: true
		},
		SHAPE
	);
	await stop(server);
	fs.rmSync(dataDir, { recursive: true, force: true });
	return result;
}

const round = (value: number) => Math.round(value * 10) / 10;
const echo = await echoRtt(basePort);
const bareResult = await bare(basePort + 1);
const ourResult = process.argv.includes('--baselines-only')
	? { latencies: [], ackLatencies: [], edits: 0, rejected: 0 }
	: await ours(basePort + 2);

const results = {
	'journal.shape': SHAPE,
	'journal.echo_rtt_p50_ms': round(percentile(echo, 50)),
	'journal.echo_rtt_p99_ms': round(percentile(echo, 99)),
	'journal.bare_p50_ms': round(percentile(bareResult.latencies, 50)),
	'journal.bare_p99_ms': round(percentile(bareResult.latencies, 99)),
	'journal.edit_p50_ms': round(percentile(ourResult.latencies, 50)),
	'journal.edit_p99_ms': round(percentile(ourResult.latencies, 99)),
	'journal.overhead_ratio': round(percentile(ourResult.latencies, 99) / percentile(bareResult.latencies, 99)),
	'journal.ack_p95_ms': round(percentile(ourResult.ackLatencies, 95)),
	'journal.edits': ourResult.edits,
	'journal.edits_seen': ourResult.latencies.length,
	'journal.acks': ourResult.ackLatencies.length,
	'journal.rejected': ourResult.rejected
};
console.table(results);
const file = path.join(root, 'bench', 'results.json');
const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
fs.writeFileSync(file, JSON.stringify({ ...previous, ...results, measuredAt: new Date().toISOString() }, null, 2) + '\n');
