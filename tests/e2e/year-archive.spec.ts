/**
 * Printing in the browser at laptop size: a teacher prints their journal from the
 * journal page and from its report; the administrator sets the homework deadline on the grading
 * page, then starts the year's archive from the reports, watches its progress bar and downloads
 * the finished ZIP from the list.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

test.use({ viewport: { width: 1366, height: 768 } });

test('R-2.3 a teacher prints the journal of a group from the journal page and from its report', async ({ page }) => {
	await signIn(page, 'uchitel');
	await page.goto('/reports');
	await page.getByRole('list').getByRole('link').first().click();
	await expect(page.getByRole('heading', { name: /^Отчёт учителя: / })).toBeVisible();
	const fromReport = page.waitForEvent('download');
	await page.getByRole('link', { name: 'печать за выбранный период (PDF)' }).click();
	expect((await fromReport).suggestedFilename()).toMatch(/^Журнал .*\.pdf$/);
	await page.screenshot({ path: 'test-results/print-report-links.png' });

	const journalId = /\/reports\/journal\/(\d+)/.exec(page.url())![1];
	await page.goto(`/journal/${journalId}`);
	const link = page.getByRole('link', { name: 'Печать журнала (PDF)' });
	await expect(link).toBeVisible();
	await page.screenshot({ path: 'test-results/print-journal-link.png' });
	const fromJournal = page.waitForEvent('download');
	await link.click();
	expect((await fromJournal).suggestedFilename()).toMatch(/^Журнал .*\.pdf$/);
});

test('R-4.4.3 the administrator sets the homework deadline on the grading page; a wrong number is refused in Russian', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/admin/grading');
	const form = page.getByRole('form', { name: 'Срок внесения домашнего задания' });
	const days = form.getByLabel(/Домашнее задание вносится не позже чем через/);
	await days.fill('20');
	// The browser's own check stops 20 (max 14); the server's refusal is shown for what gets past it.
	await days.evaluate((input: HTMLInputElement) => input.removeAttribute('max'));
	await form.getByRole('button', { name: 'Сохранить срок' }).click();
	await expect(page.getByRole('alert')).toHaveText(/целое число дней от 0 до 14/);
	await page.getByRole('form', { name: 'Срок внесения домашнего задания' }).getByLabel(/Домашнее задание вносится/).fill('2');
	await page.getByRole('form', { name: 'Срок внесения домашнего задания' }).getByRole('button', { name: 'Сохранить срок' }).click();
	await expect(page.getByRole('status')).toHaveText('Сохранено: срок внесения домашнего задания.');
	await expect(page.getByRole('form', { name: 'Срок внесения домашнего задания' }).getByLabel(/Домашнее задание вносится/)).toHaveValue('2');
	await page.getByRole('form', { name: 'Срок внесения домашнего задания' }).scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'test-results/grading-homework.png' });
});

test('R-6.3 the administrator makes the year’s archive with a progress bar and downloads it', async ({ page }) => {
	test.setTimeout(240_000);
	await signIn(page, 'admin');
	await page.goto('/reports');
	await page.getByRole('link', { name: /^Архив учебного года/ }).click();
	await expect(page.getByRole('heading', { name: 'Архив учебного года', level: 1 })).toBeVisible();
	await expect(page.getByText('Архивов пока нет.')).toBeVisible();
	await page.getByRole('button', { name: 'Собрать архив' }).click();
	const bar = page.getByRole('progressbar', { name: 'Готовность архива' });
	await expect(bar).toBeVisible();
	await expect(page.getByRole('button', { name: 'Архив собирается…' })).toBeDisabled();
	await expect(page.getByText(/Собирается архив 2026\/2027: \d+ из \d+ файл/)).toBeVisible();
	await page.screenshot({ path: 'test-results/archive-progress.png' });
	await expect(page.getByText(/^Архив 2026\/2027 собран: \d+ файл/)).toBeVisible({ timeout: 200_000 });
	const row = page.getByRole('table', { name: 'Готовые архивы' }).getByRole('row').filter({ hasText: /^archive-2026-2027-/ });
	await expect(row).toHaveCount(1);
	await page.screenshot({ path: 'test-results/archive-done.png' });
	const download = page.waitForEvent('download');
	await row.getByRole('link', { name: 'Скачать' }).click();
	expect((await download).suggestedFilename()).toMatch(/^archive-2026-2027-\d{8}-\d{6}\.zip$/);
});
