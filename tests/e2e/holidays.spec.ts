/**
 * Holidays in the browser: the administrator opens «Учебные периоды» from the home page, adds a
 * day of health through the labelled fields and sees it in «Каникулы и праздники»; a holiday
 * that overlaps the winter break is refused with the reason in Russian and the typed values stay.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

test('X-RU the administrator adds a holiday and sees it listed; an overlapping one is refused in Russian', async ({ page }) => {
	await signIn(page, 'admin');
	await page.getByRole('link', { name: 'Учебные периоды' }).click();
	await expect(page.getByRole('heading', { name: 'Каникулы и праздники' })).toBeVisible();

	const add = page.getByRole('form', { name: 'Добавить каникулы или праздник' });
	await add.getByLabel('Название').fill('День здоровья');
	await add.getByLabel('Первый день').fill('2026-12-14');
	await add.getByLabel('Последний день').fill('2026-12-14');
	await add.getByRole('button', { name: 'Добавить' }).click();
	await expect(page.getByRole('status')).toHaveText('Добавлено: «День здоровья», 14.12.2026 — 14.12.2026.');
	const row = page.getByRole('table', { name: 'Каникулы и праздники' }).getByRole('row').filter({ hasText: 'День здоровья' });
	await expect(row).toContainText('14.12.2026 — 14.12.2026');
	await expect(row).toContainText('1 день');

	await add.getByLabel('Название').fill('Новогодние');
	await add.getByLabel('Первый день').fill('2026-12-30');
	await add.getByLabel('Последний день').fill('2027-01-02');
	await add.getByRole('button', { name: 'Добавить' }).click();
	await expect(page.getByRole('alert')).toHaveText('Эти дни пересекаются с «Зимние каникулы» (28.12.2026 — 11.01.2027).');
	await expect(add.getByLabel('Название')).toHaveValue('Новогодние');
	await expect(page.getByRole('table', { name: 'Каникулы и праздники' }).getByRole('row').filter({ hasText: 'Новогодние' })).toHaveCount(0);
});
