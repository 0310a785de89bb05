// `npm test`: every test, in order — unit; integration on embedded PGlite; integration on
// PostgreSQL; browser tests in Chromium. Builds the app first (the integration and browser
// tests run the built server). On a machine without PostgreSQL or Chromium those parts are
// skipped with a warning; under CI=true a missing one is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const ci = process.env.CI === 'true';
const results = [];

function run(name, args, env = {}) {
	console.log(`\n━━ ${name}`);
	const t0 = Date.now();
	const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	const ok = result.status === 0;
	results.push({ name, ok, seconds: Math.round((Date.now() - t0) / 1000) });
	return ok;
}

function skip(name, why) {
	if (ci) {
		console.error(`\n✗ ${name}: ${why} (CI=true: a missing part is a failure)`);
		results.push({ name, ok: false, seconds: 0 });
	} else {
		console.warn(`\n! ${name} пропущены: ${why}`);
		results.push({ name, ok: true, skipped: true, seconds: 0 });
	}
}

function reachable(url) {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = net.connect({ host: hostname, port: Number(port || 5432) });
		socket.setTimeout(1500);
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => (socket.destroy(), resolve(false)));
	});
}

const vitest = bin('vitest', 'vitest.mjs');
const pgAdmin = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

run('сборка', [bin('vite', 'bin/vite.js'), 'build', '--logLevel', 'warn']) || process.exit(1);
run('модульные тесты', [vitest, 'run', '--project', 'unit']);
run('интеграционные тесты · PGlite', [vitest, 'run', '--project', 'integration'], { ZHURNAL_TEST_BACKEND: 'pglite', DATABASE_URL: '' });
if (await reachable(pgAdmin)) {
	run('интеграционные тесты · PostgreSQL', [vitest, 'run', '--project', 'integration'], { ZHURNAL_TEST_BACKEND: 'postgres', PG_ADMIN_URL: pgAdmin, DATABASE_URL: '' });
} else {
	skip('интеграционные тесты · PostgreSQL', `нет сервера PostgreSQL по адресу ${pgAdmin} (PG_ADMIN_URL)`);
}
if (fs.existsSync(chromium)) {
	run('браузерные тесты · Chromium', [bin('@playwright/test', 'cli.js'), 'test'], { CHROMIUM_PATH: chromium });
} else {
	skip('браузерные тесты · Chromium', `нет браузера ${chromium} (CHROMIUM_PATH; apt-get install chromium)`);
}

console.log('\n━━ итог');
for (const r of results) console.log(`${r.ok ? (r.skipped ? '!' : '✓') : '✗'} ${r.name} (${r.seconds} с)`);
const failed = results.filter((r) => !r.ok).length;
const passed = results.filter((r) => r.ok && !r.skipped).length;
const skipped = results.filter((r) => r.skipped).length;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
