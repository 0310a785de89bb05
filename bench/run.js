// `npm run bench`: start-up of the school, measured as a person meets it — from `npm start` to the
// first answered page — against a bare Node HTTP server started the same way in the same run
// (the floor: process start and a listening socket). Results also go to bench/results.json.
//   start.cold_ms   empty DATA_DIR: database created, migrations, default demo school generated
//   start.warm_ms   same DATA_DIR again
//   start.*_ratio   the above divided by the bare server's time
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = 4300 + Math.floor(Math.random() * 500);

async function firstAnswer(url, child, limitMs) {
	const t0 = performance.now();
	while (performance.now() - t0 < limitMs) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			const response = await fetch(url);
			if (response.status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	throw new Error(`no answer from ${url} within ${limitMs} ms`);
}

async function timeStart(args, env, url) {
	const t0 = performance.now();
	const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	await firstAnswer(url, child, 600_000);
	const ms = performance.now() - t0;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
	return { ms, output };
}

const bare = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-'));
const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '' };
const url = `http://127.0.0.1:${port}/login`;

// Build once outside the measurement.
await timeStart(['-e', bare], {}, url);
const { spawnSync } = await import('node:child_process');
spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });

const baseline = [];
for (let i = 0; i < 3; i++) baseline.push((await timeStart(['-e', bare], {}, url)).ms);
const baseMs = baseline.sort((a, b) => a - b)[1];
const cold = await timeStart(['server/start.js'], env, url);
const warm = [];
for (let i = 0; i < 3; i++) warm.push((await timeStart(['server/start.js'], env, url)).ms);
const warmMs = warm.sort((a, b) => a - b)[1];
fs.rmSync(dataDir, { recursive: true, force: true });

const demoLine = cold.output.split('\n').find((line) => line.startsWith('Создана демонстрационная школа')) ?? '';
const results = {
	measuredAt: new Date().toISOString(),
	node: process.version,
	'start.baseline_bare_node_ms': Math.round(baseMs),
	'start.cold_ms': Math.round(cold.ms),
	'start.warm_ms': Math.round(warmMs),
	'start.cold_ratio': +(cold.ms / baseMs).toFixed(1),
	'start.warm_ratio': +(warmMs / baseMs).toFixed(1),
	'demo.summary': demoLine
};
console.table(results);
fs.writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
