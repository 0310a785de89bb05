/**
 * Reports in the browser at laptop size: the deputy goes from the home page
 * to the school's report, picks the first quarter, reads the school's line and downloads the PDF;
 * a teacher opens the report of their journal with its chart of marks.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

test.use({ viewport: { width: 1366, height: 768 } });

test('R-7.1 the deputy opens the school report for the first quarter and downloads it as PDF', async ({ page }) => {
	await signIn(page, 'zavuch');
	await page.getByRole('link', { name: /^Отчёты/ }).click();
	await expect(page.getByRole('heading', { name: 'Отчёты', level: 1 })).toBeVisible();
	await page.getByRole('link', { name: /Итоги успеваемости/ }).click();
	await expect(page.getByRole('heading', { name: 'Итоги успеваемости', level: 1 })).toBeVisible();
	await page.getByRole('combobox', { name: /^Период/ }).selectOption({ label: '1 четверть (1–9 кл.)' });
	await page.getByRole('button', { name: 'Показать' }).click();
	await expect(page).toHaveURL(/period=\d+/);
	const table = page.getByRole('table', { name: 'Успеваемость и качество по классам' });
	const school = table.getByRole('row').filter({ hasText: /^Школа/ });
	await expect(school).toHaveCount(1);
	// The first quarter's marks are set: the school's СОУ is a figure, not «нет данных».
	await expect(school.locator('td').last()).toHaveText(/^\d+,\d$/);
	await page.screenshot({ path: 'test-results/reports-school.png', fullPage: true });

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Скачать PDF' }).click();
	expect((await download).suggestedFilename()).toMatch(/^Итоги успеваемости .*\.pdf$/);
});

test('R-4.5.4 a teacher opens the report of their journal with the chart of its marks', async ({ page }) => {
	await signIn(page, 'uchitel');
	await page.goto('/reports');
	await page.getByRole('list').getByRole('link').first().click();
	await expect(page.getByRole('heading', { name: /^Отчёт учителя: / })).toBeVisible();
	await expect(page.getByRole('table', { name: 'Отметки', exact: true })).toBeVisible();
	await expect(page.locator('canvas')).toBeVisible();
	await page.screenshot({ path: 'test-results/reports-journal.png', fullPage: true });
});

test('R-4.5.5 the deputy opens journal control and asks for pupils without marks for 30 days', async ({ page }) => {
	await signIn(page, 'zavuch');
	await page.goto('/reports');
	await page.getByRole('link', { name: 'Контроль ведения журналов' }).click();
	await expect(page.getByRole('heading', { name: 'Контроль ведения журналов', level: 1 })).toBeVisible();
	await expect(page.getByRole('table', { name: 'Темы и домашние задания по учителям' })).toBeVisible();
	await page.getByLabel('Дней без отметок').fill('30');
	await page.getByRole('button', { name: 'Показать' }).click();
	await expect(page.getByRole('heading', { name: /^Ученики без отметок 30 дней/ })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Скачать XLSX' })).toHaveAttribute('href', /days=30/);
	await page.screenshot({ path: 'test-results/reports-control.png', fullPage: true });
});

test('R-4.3.1 the class teacher opens the summary sheet of their class', async ({ page }) => {
	await signIn(page, 'klruk');
	await page.goto('/reports');
	await page.getByRole('link', { name: '7А', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Сводная ведомость класса 7А', level: 1 })).toBeVisible();
	const sheet = page.getByRole('table', { name: /^Сводная ведомость/ });
	await expect(sheet.getByRole('columnheader', { name: 'Пропуски, всего' })).toBeVisible();
	await page.screenshot({ path: 'test-results/reports-class.png', fullPage: true });
});
