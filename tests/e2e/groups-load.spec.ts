/**
 * Groups and the teaching load at a laptop, as the administrator does it: on «Группы и журналы»
 * they move a pupil of 7А from the first English subgroup to the second from a date, then on
 * «Нагрузка» assign a second teacher to a journal and a substitute for a few days. The demo school
 * runs on a server of this test's own, so the changes touch no other test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { spawnServer, type ChildServer } from '../helpers/process';

const SHOTS = process.env.SCREENSHOT_DIR;

test.use({ viewport: { width: 1366, height: 768 } });

test('R-4.3.3 R-4.4.6 the administrator moves a pupil between subgroups from a date and keeps the teaching load', async ({ page }) => {
	test.setTimeout(180_000);
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-e2e-groups-'));
	let server: ChildServer | undefined;
	try {
		server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
		await page.goto(`${server.url}/login`);
		await page.getByLabel('Логин').fill('admin');
		await page.getByLabel('Пароль').fill('demo');
		await page.getByRole('button', { name: 'Войти' }).click();
		await page.getByRole('link', { name: 'Группы и журналы' }).click();
		await expect(page.getByRole('heading', { name: 'Группы и журналы' })).toBeVisible();
		await page.getByRole('form', { name: 'Класс' }).getByLabel('Класс').selectOption({ label: '7А' });
		await page.getByRole('button', { name: 'Показать' }).click();
		await expect(page).toHaveURL(/class=/);

		const groups = page.getByRole('table', { name: 'Группы' });
		const firstGroup = groups.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Английский язык' }) }).filter({ has: page.getByRole('cell', { name: '1 группа', exact: true }) });
		const first = (await firstGroup.getByRole('listitem').first().innerText()).replace(/\s+/g, ' ').trim();
		expect(first).toMatch(/^\S+ \S+ с 01\.09\.2026$/);
		const pupil = first.replace(/ с 01\.09\.2026$/, '');

		const move = page.getByRole('form', { name: 'Перевести ученика' });
		await move.getByLabel('Ученик').selectOption({ label: pupil });
		await move.getByLabel('В группу').selectOption({ label: 'Английский язык: 2 группа' });
		await move.getByLabel('С даты').fill('2026-11-28');
		await move.getByRole('button', { name: 'Перевести' }).click();
		await expect(page.getByRole('status')).toContainText(`с 28.11.2026 в группе «2 группа».`);
		// Today (27.11) the pupil is still in the first group: the move counts from its date.
		await expect(firstGroup.getByRole('listitem').filter({ hasText: pupil })).toHaveCount(1);
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'groups-page.png'), fullPage: true });

		await page.goto(`${server.url}/admin/load`);
		await expect(page.getByRole('heading', { name: /^Нагрузка/ })).toBeVisible();
		await page.getByRole('form', { name: 'Что показать' }).getByLabel('Класс').selectOption({ label: '7А' });
		await page.getByRole('button', { name: 'Показать' }).click();
		await expect(page).toHaveURL(/class=/);
		const table = page.getByRole('table', { name: 'Нагрузка' });
		await expect(table.getByRole('cell', { name: '1А', exact: true })).toHaveCount(0);
		await expect(table.getByRole('cell', { name: '7А', exact: true }).first()).toBeVisible();
		const assign = page.getByRole('form', { name: 'Назначить учителя: 7А, Английский язык (2 группа)' });
		const teacher = (await assign.getByLabel('Учитель').locator('option').nth(1).innerText()).trim();
		await assign.getByLabel('Учитель').selectOption({ index: 1 });
		await assign.getByRole('button', { name: 'Назначить' }).click();
		await expect(page.getByRole('status')).toContainText(teacher);
		const row = page.getByRole('row').filter({ has: page.getByRole('form', { name: 'Назначить учителя: 7А, Английский язык (2 группа)' }) });
		await expect(row.getByRole('form', { name: `Снять ${teacher}: 7А, Английский язык (2 группа)` })).toBeVisible();

		const substitute = page.getByRole('form', { name: 'Замена' });
		await substitute.getByLabel('Журнал').selectOption({ label: '7А, Английский язык (1 группа)' });
		await substitute.getByLabel('Учитель').selectOption({ label: teacher });
		await substitute.getByLabel('С', { exact: true }).fill('2026-12-01');
		await substitute.getByLabel('По', { exact: true }).fill('2026-12-05');
		await substitute.getByRole('button', { name: 'Назначить замену' }).click();
		await expect(page.getByRole('status')).toHaveText(`${teacher} заменяет в журнале с 01.12.2026 по 05.12.2026.`);
		await expect(page.getByRole('form', { name: `Отменить замену ${teacher}: 7А, Английский язык (1 группа)` })).toContainText('замена 01.12.2026–05.12.2026');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'load-page.png'), fullPage: false });
	} finally {
		await server?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
});
