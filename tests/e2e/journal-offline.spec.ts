/**
 * X-OFFLINE without a reload: an edit made while the browser is offline, or while the journal
 * server restarts, reaches the server and the other teachers as soon as the connection returns,
 * on the page that stayed open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { spawnServer, type ChildServer } from '../helpers/process';
import { activeStudents, anotherMark, cell, latestLessons, openJournal, status, typeInto } from './journal-page';
import { signIn } from './people';

test.describe.configure({ mode: 'serial' });

test('X-OFFLINE an edit made offline is saved and reaches the other teacher when the network returns, without a reload', async ({ browser }) => {
	const a = await openJournal(browser, 'klruk');
	const b = await openJournal(browser, 'admin');
	const [, lesson] = await latestLessons(a.page);
	const [, , student] = await activeStudents(a.page);
	await expect(status(a.page)).toHaveText(/На связи|Сохранено/);

	await a.context.setOffline(true);
	await expect(status(a.page)).toHaveText(/^Нет связи/, { timeout: 5000 });
	const mark = await anotherMark(cell(a.page, lesson, student));
	await typeInto(a.page, cell(a.page, lesson, student), mark);
	await expect(status(a.page)).toHaveText('Нет связи — 1 изменение ждёт отправки');
	// Long enough for the reconnect attempts to back off to their longest pause.
	await a.page.waitForTimeout(15_000);

	await a.context.setOffline(false);
	await expect(status(a.page)).toHaveText('Сохранено', { timeout: 15_000 });
	await expect(cell(b.page, lesson, student)).toHaveText(mark, { timeout: 5000 });
	await Promise.all([a.context.close(), b.context.close()]);
});

test('X-OFFLINE an edit made while the journal server restarts is saved once it is back, on the page that stayed open', async ({ browser }) => {
	test.setTimeout(240_000);
	// A server of this test's own, so it can be stopped and started again on the same port and data.
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-e2e-restart-'));
	let server: ChildServer | undefined = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: '', DEMO_STUDENTS_PER_CLASS: '10' });
	try {
		const baseURL = server.url;
		const a = await openJournal(browser, 'klruk', { baseURL });
		const b = await openJournal(browser, 'admin', { baseURL });
		const [lesson] = await latestLessons(a.page);
		const [student] = await activeStudents(a.page);
		await expect(status(a.page)).toHaveText(/На связи|Сохранено/);

		await server.stop();
		server = undefined;
		await expect(status(a.page)).toHaveText(/^Нет связи/, { timeout: 10_000 });
		const mark = await anotherMark(cell(a.page, lesson, student));
		await typeInto(a.page, cell(a.page, lesson, student), mark);
		await expect(status(a.page)).toHaveText('Нет связи — 1 изменение ждёт отправки');
		// Down long enough for the reconnect attempts to back off to their longest pause.
		await a.page.waitForTimeout(12_000);

		server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: '', PORT: new URL(baseURL).port });
		await expect(status(a.page)).toHaveText('Сохранено', { timeout: 30_000 });
		await expect(cell(b.page, lesson, student)).toHaveText(mark, { timeout: 30_000 });
		await Promise.all([a.context.close(), b.context.close()]);
	} finally {
		await server?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
});

test('X-LIVE a journal whose session ends elsewhere says so and stops trying, instead of «Нет связи» for ever', async ({ browser }) => {
	const a = await openJournal(browser, 'klruk');
	await expect(status(a.page)).toHaveText(/На связи|Сохранено/);

	// The same teacher, on another device, signs out everywhere: the server closes the socket with 4401.
	const other = await browser.newContext({ locale: 'ru-RU' });
	const page = await other.newPage();
	await signIn(page, 'klruk');
	await page.goto('/account');
	await page.getByRole('button', { name: 'Выйти на всех устройствах' }).click();
	await expect(page).toHaveURL(/\/login/);

	await expect(status(a.page)).toHaveText('Сеанс завершён — войдите снова', { timeout: 10_000 });
	await expect(a.page.getByText('несохранённые изменения останутся в этом браузере')).toBeVisible();
	// It stays so: no reconnect loop turning it back into «Нет связи».
	await a.page.waitForTimeout(3000);
	await expect(status(a.page)).toHaveText('Сеанс завершён — войдите снова');
	await Promise.all([a.context.close(), other.close()]);
});
