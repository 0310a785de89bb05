/**
 * The administrator at a laptop sets the school's rights per category of user and loads the
 * teaching load from the school's own table: parents stop seeing forecasts in the diary when the
 * school withholds them and see them again when it grants them back; a load file with
 * other headers is read after mapping its columns, previewed and applied (X-IMPORT).
 */
import { expect, test, type Page } from './fixtures';
import { signIn } from './people';

const SHOTS = process.env.SCREENSHOT_DIR;

test.use({ viewport: { width: 1366, height: 768 } });

/** Ticks or unticks the parents' forecasts on the access page and saves. */
async function parentsSeeForecasts(page: Page, granted: boolean): Promise<void> {
	await page.goto('/admin/access');
	await expect(page.getByRole('heading', { name: 'Права категорий пользователей' })).toBeVisible();
	await page.getByRole('checkbox', { name: 'родитель: Видят в дневнике прогноз отметки за период' }).setChecked(granted);
	await page.getByRole('button', { name: 'Сохранить' }).click();
	await expect(page.getByRole('status')).toHaveText('Права категорий пользователей сохранены.');
}

/** The number of forecasts on the parent's first child's diary. */
async function forecastsInDiary(page: Page): Promise<number> {
	await page.goto('/');
	const first = await page.locator('main a[href^="/diary/"]').first().getAttribute('href');
	await page.goto(first!);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	return page.locator('dt', { hasText: /^Прогноз$/ }).count();
}

test('R-4.1.1 the school withholds forecasts from parents and grants them back', async ({ page, browser }) => {
	await signIn(page, 'admin');
	await page.getByRole('link', { name: 'Права категорий пользователей' }).click();
	await expect(page.getByRole('columnheader', { name: 'родитель' })).toBeVisible();

	const parent = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
	await signIn(parent, 'roditel');
	expect(await forecastsInDiary(parent)).toBeGreaterThan(0);

	await parentsSeeForecasts(page, false);
	await expect(page.getByText('запрещено школой')).toBeVisible();
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/access.png`, fullPage: true });
	expect(await forecastsInDiary(parent)).toBe(0);

	await parentsSeeForecasts(page, true);
	expect(await forecastsInDiary(parent)).toBeGreaterThan(0);
	await parent.context().close();
});

test('X-IMPORT the teaching load from the school’s own table: columns mapped, previewed, applied, and the same file again changes nothing', async ({ page }) => {
	await signIn(page, 'admin');
	const me = (await page.locator('.who .name').textContent())!.trim();
	const table = `Педагог;Кл.;Дисциплина;Ч/нед\r\n${me};7А;Алгебра;\r\n`;
	await page.goto('/admin/import');
	const check = page.getByRole('form', { name: 'Проверить файл' });
	await check.getByLabel('Что в файле').selectOption('load');
	const upload = () => check.getByLabel('Файл', { exact: true }).setInputFiles({ name: 'нагрузка.csv', mimeType: 'text/csv', buffer: Buffer.from(table, 'utf8') });
	await upload();
	await check.getByRole('button', { name: 'Проверить' }).click();
	await expect(page.getByRole('alert')).toContainText('В файле нет обязательных столбцов: «Класс», «Учитель».');

	const mapping = page.getByRole('form', { name: 'Столбцы файла' });
	await mapping.getByLabel('Класс *').selectOption({ label: 'Кл.' });
	await mapping.getByLabel('Учитель *').selectOption({ label: 'Педагог' });
	await expect(mapping.getByLabel('Предмет *')).toHaveValue('2');
	await mapping.getByRole('button', { name: 'Проверить с этими столбцами' }).click();
	const rows = page.getByRole('table', { name: 'Строки файла' });
	await expect(rows.getByRole('row').filter({ hasText: '7А · Алгебра' })).toContainText('назначить учителем журнала');
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/load-import-preview.png`, fullPage: true });
	await page.getByRole('button', { name: 'Загрузить всё' }).click();
	await expect(page.getByRole('status')).toContainText('Загружено: назначено учителей — 1, изменено часов в неделю — 0.');

	// The same table again: the mapping is asked for again, and nothing changes.
	await check.getByLabel('Что в файле').selectOption('load');
	await upload();
	await check.getByRole('button', { name: 'Проверить' }).click();
	await mapping.getByLabel('Класс *').selectOption({ label: 'Кл.' });
	await mapping.getByLabel('Учитель *').selectOption({ label: 'Педагог' });
	await mapping.getByRole('button', { name: 'Проверить с этими столбцами' }).click();
	await expect(rows.getByRole('row').filter({ hasText: '7А · Алгебра' })).toContainText('без изменений');
	await page.getByRole('button', { name: 'Загрузить всё' }).click();
	await expect(page.getByRole('status')).toContainText('Вся нагрузка из файла уже есть в журнале: ничего не изменится.');
});
