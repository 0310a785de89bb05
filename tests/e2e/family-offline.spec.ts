/**
 * The family diary offline on a phone (R-8.2, X-OFFLINE): the installed app keeps the diary and the
 * home page a parent opened last; without a network, or with the school's server down, a reload
 * shows them with «нет связи» and the time the data is from; after signing out nothing of the
 * family is left on the phone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from './fixtures';
import { signIn } from './people';
import { spawnServer } from '../helpers/process';

/** What the kept pages' cache holds (addresses), read from the page as the service worker wrote it. */
async function keptPages(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		if (!(await caches.has('zhurnal-family-pages'))) return [];
		const cache = await caches.open('zhurnal-family-pages');
		return (await cache.keys()).map((request) => new URL(request.url).pathname + new URL(request.url).search);
	});
}

/** Waits until the page is controlled by the app's service worker (installed and claimed). */
async function serviceWorkerInCharge(page: Page): Promise<void> {
	await page.waitForFunction(async () => {
		await navigator.serviceWorker.ready;
		return navigator.serviceWorker.controller !== null;
	});
}

/** The «нет связи» note over a family page. */
function offlineNote(page: Page) {
	return page.getByRole('status').filter({ hasText: 'Нет связи' });
}

const OFFLINE_NOTE = /Нет связи с сервером\. Показаны данные от \d\d\.\d\d\.\d{4}, \d\d:\d\d\./;

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test('R-8.2, X-OFFLINE the diary and the home page opened last stay readable offline, with the time of their data', async ({ page, context }) => {
	await signIn(page, 'roditel');
	await serviceWorkerInCharge(page);
	// The web app can be installed: its manifest is linked and served.
	const manifest = await page.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href)).json());
	expect(manifest).toMatchObject({ short_name: 'Журнал', display: 'standalone', lang: 'ru' });

	await page.reload();
	const diary = await page.locator('main a[href^="/diary/"]').first().getAttribute('href');
	await page.goto(diary!);
	const name = (await page.getByRole('heading', { level: 1 }).textContent())!;
	await expect(offlineNote(page)).toHaveCount(0);
	await expect.poll(() => keptPages(page)).toEqual(expect.arrayContaining(['/', diary]));

	// No network: a reload shows the diary as it was, and says so.
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	await expect(offlineNote(page)).toHaveText(OFFLINE_NOTE);
	await expect(page.getByLabel('Оценки по предметам').locator('.mark-chip').first()).toBeVisible();
	await page.screenshot({ path: '/tmp/diary2-offline.png' });
	// The home page too, with its children's cards.
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Мои дети' })).toBeVisible();
	await expect(offlineNote(page)).toHaveText(OFFLINE_NOTE);

	// Back online: the note goes by itself.
	await context.setOffline(false);
	await expect(offlineNote(page)).toHaveCount(0);

	// The network is up but the school's server does not answer (every connection refused).
	await context.route('**/*', (route) => route.abort('connectionrefused'));
	await page.goto(diary!);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	await expect(offlineNote(page)).toHaveText(OFFLINE_NOTE);
	await context.unroute('**/*');
});

test('R-8.2, X-OFFLINE after the school’s server is stopped, a reload shows the last diary with the time of its data', async ({ browser }) => {
	// A server of this test's own (the shared one stays up for the other tests), stopped halfway;
	// it makes its demo school first.
	test.setTimeout(180_000);
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-e2e-offline-'));
	const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', DEMO_STUDENTS_PER_CLASS: '10' });
	try {
		const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
		const page = await context.newPage();
		await signIn(page, 'roditel');
		await serviceWorkerInCharge(page);
		await page.reload();
		const diary = await page.locator('main a[href^="/diary/"]').first().getAttribute('href');
		await page.goto(diary!);
		const name = (await page.getByRole('heading', { level: 1 }).textContent())!;
		await expect.poll(() => keptPages(page)).toEqual(expect.arrayContaining([diary]));

		await server.stop();
		await page.reload();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
		await expect(offlineNote(page)).toHaveText(OFFLINE_NOTE);
		await expect(page.getByRole('heading', { name: 'Неделя' })).toBeVisible();
		await context.close();
	} finally {
		await server.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
});

test('R-8.2, X-OFFLINE after signing out nothing of the family is kept on the phone', async ({ page, context }) => {
	await signIn(page, 'roditel');
	await serviceWorkerInCharge(page);
	await page.reload();
	const diary = await page.locator('main a[href^="/diary/"]').first().getAttribute('href');
	await page.goto(diary!);
	await expect.poll(() => keptPages(page)).toEqual(expect.arrayContaining(['/', diary]));

	await page.getByRole('button', { name: 'Выйти' }).tap();
	await expect(page.getByLabel('Логин')).toBeVisible();
	await expect.poll(() => keptPages(page)).toEqual([]);

	// The next person on this phone, offline, finds no diary to open.
	await context.setOffline(true);
	await expect(page.goto(diary!)).rejects.toThrow();
	await context.setOffline(false);
	await page.goto('/login');
	await expect(page.getByText('Мои дети')).toHaveCount(0);
});

test('R-8.2 a page the server no longer serves to this person is dropped from the phone', async ({ page, browser }) => {
	await signIn(page, 'roditel');
	await serviceWorkerInCharge(page);
	await page.reload();
	await expect.poll(() => keptPages(page)).toEqual(['/']);
	// The session ends on the server: the parent signs out everywhere from another device. (Clearing the
	// phone's cookies would not do: a request still in flight brings the session cookie back.)
	const elsewhere = await browser.newContext({ viewport: { width: 1366, height: 768 }, isMobile: false, hasTouch: false });
	try {
		const other = await elsewhere.newPage();
		await signIn(other, 'roditel');
		await other.goto('/account');
		await other.getByRole('button', { name: 'Выйти на всех устройствах' }).click();
		await expect(other.getByLabel('Логин')).toBeVisible();
	} finally {
		await elsewhere.close();
	}
	// On the phone the home page now sends the parent to sign in, and the kept copy goes.
	await page.goto('/');
	await expect(page.getByLabel('Логин')).toBeVisible();
	await expect.poll(() => keptPages(page)).toEqual([]);
});
