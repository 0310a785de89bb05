/**
 * The first start of a real school, as a person does it at a laptop: an empty server (DEMO=0)
 * prints the setup link; the administrator opens it, creates the school and their account, lands
 * on the school years page and creates the first year from the suggested calendar, then a class,
 * two subjects and their lessons a week.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { spawnServer, type ChildServer } from '../helpers/process';

const SHOTS = process.env.SCREENSHOT_DIR;

test.use({ viewport: { width: 1366, height: 768 } });

test('a new school is set up from the printed link, then its first year, a class and the curriculum are created', async ({ page }) => {
	test.setTimeout(180_000);
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-e2e-setup-'));
	let server: ChildServer | undefined;
	try {
		server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: '', DEMO: '0' });
		const printed = /Откройте ссылку[^\n]*\n\s*(http:\/\/\S+)/.exec(server.output());
		expect(printed, server.output()).not.toBeNull();
		const link = server.url + new URL(printed![1]).pathname;

		await page.goto(link);
		await expect(page.getByRole('heading', { name: 'Первая настройка журнала' })).toBeVisible();
		await page.getByLabel('Полное название').fill('МБОУ «Лицей № 3»');
		await page.getByLabel('Краткое название').fill('Лицей № 3');
		await page.getByLabel('Часовой пояс').selectOption({ label: 'Екатеринбург (МСК+2)' });
		await page.getByLabel('шесть дней').check();
		await expect(page.getByLabel('Урок 1: начало')).toHaveValue('08:30');
		await page.getByLabel('Урок 7: начало').fill('');
		await page.getByLabel('Урок 7: конец').fill('');
		await page.getByLabel('Фамилия').fill('Сидорова');
		await page.getByLabel('Имя', { exact: true }).fill('Нина');
		await page.getByLabel('Логин').fill('sidorova');
		await page.getByLabel('Пароль (не короче 8 символов)').fill('первый-пароль');
		await page.getByLabel('Пароль ещё раз').fill('другой-пароль');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'setup-form.png'), fullPage: true });
		await page.getByRole('button', { name: 'Создать школу' }).click();
		await expect(page.getByRole('alert')).toHaveText('Пароли не совпадают.');
		// What was typed stays, except the passwords.
		await expect(page.getByLabel('Полное название')).toHaveValue('МБОУ «Лицей № 3»');
		await expect(page.getByLabel('шесть дней')).toBeChecked();
		await page.getByLabel('Пароль (не короче 8 символов)').fill('первый-пароль');
		await page.getByLabel('Пароль ещё раз').fill('первый-пароль');
		await page.getByRole('button', { name: 'Создать школу' }).click();

		await expect(page).toHaveURL(/\/admin\/year$/);
		await expect(page.getByRole('heading', { name: 'Учебные годы' })).toBeVisible();
		await expect(page.getByText('Сидорова Нина')).toBeVisible();
		await expect(page.getByLabel('Первый день года')).toHaveValue('2026-09-01');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'year-form.png'), fullPage: true });
		await page.getByRole('button', { name: 'Создать учебный год' }).click();
		await expect(page.getByRole('status')).toContainText('Учебный год 2026/2027 создан.');
		await expect(page.getByRole('table', { name: 'Учебные годы' })).toContainText('01.09.2026 — 31.05.2027');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'year-created.png'), fullPage: true });

		// Then its classes, subjects and curriculum.
		await page.getByRole('status').getByRole('link', { name: 'классы' }).click();
		await expect(page.getByRole('heading', { name: 'Классы 2026/2027' })).toBeVisible();
		await page.getByLabel('Параллель').selectOption('7');
		await page.getByLabel('Буква').fill('а');
		await page.getByRole('button', { name: 'Добавить', exact: true }).click();
		await expect(page.getByRole('status')).toHaveText('Класс 7А добавлен.');
		await expect(page.getByRole('table', { name: 'Классы' })).toContainText('7А');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'classes.png'), fullPage: true });

		await page.goto(server.url + '/');
		await page.getByRole('link', { name: 'Предметы и учебный план' }).click();
		for (const subject of ['Математика', 'Русский язык']) {
			await page.getByRole('form', { name: 'Добавить предмет' }).getByLabel('Название').fill(subject);
			await page.getByRole('button', { name: 'Добавить предмет' }).click();
			await expect(page.getByRole('status')).toHaveText(`Предмет «${subject}» добавлен.`);
		}
		await page.getByLabel('Математика, 5 класс').fill('5');
		await page.getByLabel('Русский язык, 5 класс').fill('4,5');
		await page.getByRole('button', { name: 'Сохранить учебный план' }).click();
		await expect(page.getByRole('status')).toHaveText('Учебный план на 2026/2027 сохранён.');
		await expect(page.getByLabel('Русский язык, 5 класс')).toHaveValue('4,5');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'subjects.png'), fullPage: true });

		// The link is spent.
		await page.goto(link);
		await expect(page.getByText('Ссылка для первой настройки недействительна')).toBeVisible();
		await page.goto(server.url + '/');
		await expect(page.getByRole('heading', { name: 'МБОУ «Лицей № 3»' })).toBeVisible();
	} finally {
		await server?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
});
