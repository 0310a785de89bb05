// page.journal_js_kb: the JavaScript of the journal page, decompressed, as scripts/page-weight.js
// prints it (a number of kB, or JSON holding journal_js_kb). Without that script the key is null
// with the reason beside it.
// page.diary_js_kb: the same for a pupil's diary (the page a family opens on a phone); goal ≤ 150.
// page.diary_lcp_ms: the diary's Largest Contentful Paint on an emulated slow phone — the built
// server with the demo school, a parent signed in, the diary opened cold (no cache, no service
// worker) in Chromium at 360×740 with «Slow 4G» (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up)
// and the CPU slowed 4×; the median of 3 loads; goal ≤ 2500. Needs a build (`npx vite build`).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const script = path.join(root, 'scripts', 'page-weight.js');
const file = path.join(root, 'bench', 'results.json');

let kb = null;
let diaryKb = null;
let reason;
if (!fs.existsSync(script)) {
	reason = 'scripts/page-weight.js is not in this tree';
} else {
	const run = spawnSync(process.execPath, [script, '--json'], { cwd: root, encoding: 'utf8' });
	const out = run.stdout ?? '';
	try {
		const json = JSON.parse(out);
		const found = typeof json === 'number' ? json : Object.entries(json).find(([key]) => key.includes('journal_js_kb'))?.[1];
		if (typeof found === 'number') kb = found;
		if (typeof json?.['page.diary_js_kb'] === 'number') diaryKb = json['page.diary_js_kb'];
	} catch {
		const numbers = out.match(/\d+(?:\.\d+)?/g);
		if (numbers) kb = Number(numbers.at(-1));
	}
	if (run.status !== 0) reason = `scripts/page-weight.js exited with ${run.status}: ${(run.stderr ?? '').trim().slice(0, 200)}`;
	else if (kb === null) reason = `no figure in the output of scripts/page-weight.js: ${out.trim().slice(0, 200)}`;
}

/** Chromium DevTools' «Slow 4G» (also Lighthouse's mobile throttling): bytes per second and latency. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
const RUNS = 3;

/** Waits until the server answers the sign-in page. */
async function answering(url, child, limitMs = 180_000) {
	const t0 = performance.now();
	while (performance.now() - t0 < limitMs) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			if ((await fetch(url)).status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`no answer from ${url} within ${limitMs} ms`);
}

/** The diary's LCP on a throttled phone, median of RUNS cold loads, in ms. */
async function diaryLcp() {
	const port = 4800 + Math.floor(Math.random() * 400);
	const base = `http://127.0.0.1:${port}`;
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-page-'));
	const server = spawn(process.execPath, ['server/start.js'], {
		cwd: root,
		stdio: 'ignore',
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', TODAY: '2026-11-27', DEMO_CLASSES_PER_GRADE: '1', DEMO_STUDENTS_PER_CLASS: '10' }
	});
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking']
	});
	try {
		await answering(`${base}/login`, server);
		// Sign in once (unthrottled) and find the first child's diary.
		const setup = await browser.newContext({ baseURL: base });
		const page = await setup.newPage();
		await page.goto('/login');
		await page.getByLabel('Логин').fill('roditel');
		await page.getByLabel('Пароль').fill('demo');
		await page.getByRole('button', { name: 'Войти' }).click();
		await page.waitForURL(`${base}/`);
		const diary = await page.locator('main a[href^="/diary/"]').first().getAttribute('href');
		const cookies = await setup.cookies();
		await setup.close();

		const times = [];
		for (let i = 0; i < RUNS; i++) {
			// A fresh context: nothing cached, no service worker yet, as on a first visit.
			const context = await browser.newContext({ baseURL: base, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
			await context.addCookies(cookies);
			const phone = await context.newPage();
			const cdp = await context.newCDPSession(phone);
			await cdp.send('Network.enable');
			await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
			await phone.goto(diary, { waitUntil: 'load' });
			// The last LCP candidate once the page has settled.
			const lcp = await phone.evaluate(
				() =>
					new Promise((resolve) => {
						let last = 0;
						new PerformanceObserver((list) => {
							for (const entry of list.getEntries()) last = entry.startTime;
						}).observe({ type: 'largest-contentful-paint', buffered: true });
						setTimeout(() => resolve(last), 1500);
					})
			);
			times.push(Math.round(lcp));
			await context.close();
		}
		times.sort((a, b) => a - b);
		return times[Math.floor(times.length / 2)];
	} finally {
		await browser.close();
		server.kill('SIGTERM');
		await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

let lcp = null;
let lcpReason;
try {
	lcp = await diaryLcp();
	if (!lcp) lcpReason = 'the browser reported no largest contentful paint';
} catch (error) {
	lcpReason = `the diary could not be measured: ${String(error?.message ?? error).slice(0, 200)}`;
}

const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const results = {
	'page.journal_js_kb': kb,
	...(reason ? { 'page.journal_js_kb_reason': reason } : {}),
	'page.diary_js_kb': diaryKb,
	'page.diary_lcp_ms': lcp,
	...(lcpReason ? { 'page.diary_lcp_ms_reason': lcpReason } : {})
};
if (!reason) delete previous['page.journal_js_kb_reason'];
if (!lcpReason) delete previous['page.diary_lcp_ms_reason'];
console.table(results);
fs.writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2) + '\n');
