// `npm test`: the type check (`npm run check`) and the layer lint (`npm run lint`), then every
// test — unit; then, side by side, integration on embedded PGlite, and integration on PostgreSQL
// followed by the browser tests in Chromium. A failed check or lint fails the run, but the tests still run, so one run
// shows everything. Builds the app before the tests (the integration and browser tests run the
// built server). On a machine without PostgreSQL or Chromium those parts are skipped with a
// warning; under CI=true a missing one is a failure.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const ci = process.env.CI === 'true';
const results = [];

// Each runner also writes a JSON report, so the summary counts tests, not runs.
const reports = path.join(root, 'test-results', 'counts');
fs.mkdirSync(reports, { recursive: true });

// `args` is one command's arguments to node, or a list of commands run in turn while they succeed.
function run(name, args, env = {}, report) {
	console.log(`\n━━ ${name}`);
	const t0 = Date.now();
	if (report) fs.rmSync(report.file, { force: true });
	const commands = Array.isArray(args[0]) ? args : [args];
	const ok = commands.every((command) => spawnSync(process.execPath, command, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0);
	const counts = report && fs.existsSync(report.file) ? report.count(JSON.parse(fs.readFileSync(report.file, 'utf8'))) : undefined;
	results.push({ name, ok, counts, seconds: Math.round((Date.now() - t0) / 1000) });
	return ok;
}

/**
 * As `run`, for a part that runs beside another: its output goes to a log, printed whole when it
 * ends, so two parts running at once do not interleave their lines.
 */
function runBeside(name, args, env = {}, report) {
	const t0 = Date.now();
	if (report) fs.rmSync(report.file, { force: true });
	const log = path.join(reports, `${name.replace(/[^\p{L}\p{N}]+/gu, '-')}.log`);
	const out = fs.openSync(log, 'w');
	const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
	return new Promise((resolve) => {
		child.once('close', (code) => {
			fs.closeSync(out);
			console.log(`\n━━ ${name}`);
			if (fs.existsSync(log)) process.stdout.write(fs.readFileSync(log));
			else console.log(`(вывод этой части пропал: нет файла ${log})`);
			const counts = report && fs.existsSync(report.file) ? report.count(JSON.parse(fs.readFileSync(report.file, 'utf8'))) : undefined;
			resolve({ name, ok: code === 0, counts, seconds: Math.round((Date.now() - t0) / 1000) });
		});
	});
}

function vitestReport(label) {
	const file = path.join(reports, `${label}.json`);
	return {
		file,
		args: ['--reporter=default', '--reporter=json', `--outputFile.json=${file}`],
		count: (json) => ({ passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests })
	};
}

const playwrightReport = {
	file: path.join(reports, 'e2e.json'),
	count: (json) => ({ passed: json.stats.expected, failed: json.stats.unexpected + json.stats.flaky, skipped: json.stats.skipped })
};

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

// As `npm run check` and `npm run lint`.
run('проверка типов (svelte-check)', [
	[bin('@sveltejs/kit', 'svelte-kit.js'), 'sync'],
	[bin('svelte-check', 'bin/svelte-check'), '--tsconfig', './tsconfig.json']
]);
run('проверка слоёв (eslint)', [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', 'src', 'server', 'scripts']);
run('сборка', [bin('vite', 'bin/vite.js'), 'build', '--logLevel', 'warn']) || process.exit(1);
const unit = vitestReport('unit');
run('модульные тесты', [vitest, 'run', '--project', 'unit', ...unit.args], {}, unit);
// Two lines of work side by side, each mostly one core of the two: the integration tests on
// PGlite (the server under test and its database in one process); and the integration tests on
// PostgreSQL, then the browser tests. Each part's output is printed whole when it ends.
const onPglite = vitestReport('integration-pglite');
const pgliteLine = runBeside('интеграционные тесты · PGlite', [vitest, 'run', '--project', 'integration', ...onPglite.args], { ZHURNAL_TEST_BACKEND: 'pglite', DATABASE_URL: '' }, onPglite);
const postgresLine = (async () => {
	const done = [];
	if (await reachable(pgAdmin)) {
		const onPostgres = vitestReport('integration-postgres');
		done.push(await runBeside('интеграционные тесты · PostgreSQL', [vitest, 'run', '--project', 'integration', ...onPostgres.args], { ZHURNAL_TEST_BACKEND: 'postgres', PG_ADMIN_URL: pgAdmin, DATABASE_URL: '' }, onPostgres));
	} else {
		skip('интеграционные тесты · PostgreSQL', `нет сервера PostgreSQL по адресу ${pgAdmin} (PG_ADMIN_URL)`);
	}
	if (fs.existsSync(chromium)) {
		done.push(await runBeside('браузерные тесты · Chromium', [bin('@playwright/test', 'cli.js'), 'test', '--reporter=list,json'], { CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport.file }, playwrightReport));
	} else {
		skip('браузерные тесты · Chromium', `нет браузера ${chromium} (CHROMIUM_PATH; apt-get install chromium)`);
	}
	return done;
})();
console.log('\n━━ идут одновременно: интеграционные тесты на PGlite — и интеграционные на PostgreSQL, за ними браузерные; вывод каждой части — когда она закончится');
const [pglite, rest] = await Promise.all([pgliteLine, postgresLine]);
results.push(pglite, ...rest);

console.log('\n━━ итог');
const total = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) {
	const c = r.counts;
	if (c) for (const key of Object.keys(total)) total[key] += c[key];
	// A part that failed without a report (crashed, or a missing browser under CI) counts as one failure.
	if (!r.ok && (!c || c.failed === 0)) total.failed += 1;
	const detail = c ? `: ${c.passed} прошло, ${c.failed} упало${c.skipped ? `, ${c.skipped} пропущено` : ''}` : '';
	console.log(`${r.ok ? (r.skipped ? '!' : '✓') : '✗'} ${r.name}${detail} (${r.seconds} с)`);
}
const partsFailed = results.some((r) => !r.ok);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(partsFailed ? 1 : 0);
