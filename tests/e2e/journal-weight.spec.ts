/**
 * The weight of the live journal page: the JavaScript the browser loads until the sheet shows,
 * decompressed, stays under a bound (all of AG Grid Community, registered whole, weighed 1344 KB;
 * only the modules the sheet uses, about 1000 KB), and scripts/page-weight.js, which the benchmarks
 * call, counts the same files the browser fetched.
 */
import { expect, test } from './fixtures';
import { grid, openJournal } from './journal-page';
import { pageWeight } from '../../scripts/page-weight.js';

const BOUND_KB = 1050;

test('X-LIVE the journal page loads at most 1050 KB of JavaScript, as scripts/page-weight.js counts it', async ({ browser }) => {
	const { context, page } = await openJournal(browser, 'klruk');
	const scripts = new Map<string, number>();
	page.on('response', async (response) => {
		const url = new URL(response.url());
		if (!url.pathname.startsWith('/_app/') || !url.pathname.endsWith('.js')) return;
		const body = await response.body().catch(() => undefined);
		if (body) scripts.set(url.pathname, body.length);
	});
	// A fresh load of the page, nothing from the cache.
	await context.clearCookies({ name: '__never__' });
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	await page.reload();
	await expect(grid(page).locator('[role="gridcell"][col-id="name"]').first()).toBeVisible();
	await expect.poll(() => scripts.size).toBeGreaterThan(3);
	await page.waitForLoadState('networkidle');
	const loadedKb = Math.round([...scripts.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024);
	const counted: { kb: number; files: Array<{ file: string }> } = pageWeight();
	expect(loadedKb).toBeLessThanOrEqual(BOUND_KB);
	expect([...scripts.keys()].map((p) => p.slice(1)).sort()).toEqual(counted.files.map((f) => f.file).sort());
	expect(Math.abs(counted.kb - loadedKb)).toBeLessThanOrEqual(1);
	await context.close();
});
