/**
 * in the browser: the administrator's home warns that there is no backup yet; on the
 * backups page «Создать сейчас» makes one, which appears in the list with its size and a download
 * link, and the home page's warning is gone.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

test('R-8.2 the administrator makes a backup from the backups page; the home page stops warning', async ({ page }) => {
	await page.setViewportSize({ width: 1366, height: 768 });
	await signIn(page, 'admin');
	await expect(page.getByRole('alert').filter({ hasText: 'Резервных копий ещё нет.' })).toBeVisible();
	await page.screenshot({ path: 'test-results/backups-home-alert.png' });
	await page.getByRole('link', { name: 'Резервные копии' }).first().click();
	await expect(page.getByRole('heading', { name: 'Резервные копии' })).toBeVisible();
	await page.getByRole('button', { name: 'Создать сейчас' }).click();
	await expect(page.getByRole('status')).toContainText('создана', { timeout: 60_000 });
	const rows = page.getByRole('table', { name: 'Резервные копии' }).getByRole('row');
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(1)).toContainText(/\d+(,\d)? (МБ|КБ)/);
	await expect(rows.nth(1).getByRole('link', { name: 'Скачать' })).toHaveAttribute('href', /^\/admin\/backups\/zhurnal-\d{8}-\d{6}\.tar\.gz$/);
	await page.screenshot({ path: 'test-results/backups-page.png', fullPage: true });
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: 'Резервн' })).toHaveCount(0);
});
