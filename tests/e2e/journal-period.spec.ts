/**
 * The period column of the live journal (R-4.3.11, R-5.1, X-LIVE): the class teacher of 7А types a
 * second-quarter mark differing from the suggestion into the «2 четверть» column next to «Итог»,
 * is asked for a justification, gives it, and the cell shows the mark — and so does the
 * director's open copy of the journal, without a reload. The column can show the year instead.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

const SUBJECT = 'Русский язык';
const CLASS = '7А';

test('R-4.3.11, R-5.1, X-LIVE a period mark differing from the suggestion is set in the journal grid after a justification and shows live', async ({ page, browser }) => {
	await signIn(page, 'klruk');
	await page.getByRole('row').filter({ hasText: CLASS }).getByRole('link', { name: SUBJECT }).click();
	await expect(page.getByRole('heading', { name: `${CLASS} · ${SUBJECT}` })).toBeVisible();
	const grid = page.getByRole('region', { name: 'Журнал: ученики и уроки' });
	await expect(grid.locator('.ag-header-cell[col-id="period"]')).toContainText('2 четверть');

	// The director watches the same journal (read-only) in another browser.
	const other = await browser.newContext({ locale: 'ru-RU' });
	const watcher = await other.newPage();
	await signIn(watcher, 'director');
	await watcher.goto(page.url());
	const watched = watcher.getByRole('region', { name: 'Журнал: ученики и уроки' });
	await expect(watched.locator('.ag-header-cell[col-id="period"]')).toContainText('2 четверть');

	// The second student still in the group (the marks-sheet test works on the first one).
	const rows = grid.locator('[row-id]:not(.row-departed)');
	await expect(rows.first()).toBeVisible();
	const ids = await rows.evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('row-id')!, index: Number(el.getAttribute('row-index')) })));
	const studentId = [...new Map(ids.map((r) => [r.id, r])).values()].sort((a, b) => a.index - b.index)[1].id;
	const suggestedCell = grid.locator(`[row-id="${studentId}"] [role="gridcell"][col-id="suggested"]`);
	const suggested = ((await suggestedCell.textContent()) ?? '').trim();
	const periodCell = grid.locator(`[row-id="${studentId}"] [role="gridcell"][col-id="period"]`);
	// The server's suggestion is shown beside the empty cell.
	await expect(periodCell.locator('.period-suggested')).toBeVisible();
	const serverSuggested = ((await periodCell.locator('.period-suggested').textContent()) ?? '').replace(/[()\s]/g, '');
	expect(serverSuggested).toBe(suggested);
	const chosen = serverSuggested === '5' ? '4' : '5';

	await periodCell.dblclick();
	await page.keyboard.press('Control+A');
	await page.keyboard.type(chosen);
	await page.keyboard.press('Enter');

	const dialog = page.getByRole('dialog', { name: 'Обоснование отметки' });
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText(`Отметка отличается от предложенной «${serverSuggested}»: укажите обоснование`);
	await dialog.getByLabel('Обоснование').fill('Победитель районной олимпиады по русскому языку');
	await dialog.getByRole('button', { name: 'Сохранить' }).click();
	await expect(dialog).toBeHidden();
	await expect(periodCell.locator('.period-mark')).toHaveText(chosen);
	await page.screenshot({ path: 'test-results/journal-period.png', fullPage: true });
	// X-LIVE: the director's copy shows it without a reload.
	await expect(watched.locator(`[row-id="${studentId}"] [role="gridcell"][col-id="period"] .period-mark`)).toHaveText(chosen, { timeout: 3000 });
	await other.close();

	// After a reload the mark is still there (it is stored, not only shown).
	await page.reload();
	await expect(grid.locator(`[row-id="${studentId}"] [role="gridcell"][col-id="period"] .period-mark`)).toHaveText(chosen);
});

test('R-4.3.11 the mark column shows the year on request, with the year suggestion from the quarters', async ({ page }) => {
	await signIn(page, 'klruk');
	await page.getByRole('row').filter({ hasText: CLASS }).getByRole('link', { name: SUBJECT }).click();
	const grid = page.getByRole('region', { name: 'Журнал: ученики и уроки' });
	await expect(grid.locator('.ag-header-cell[col-id="period"]')).toContainText('2 четверть');
	await page.getByLabel('Итоговый столбец:').selectOption({ label: 'Год' });
	await expect(grid.locator('.ag-header-cell[col-id="period"]')).toContainText('Год');
	// Each student in the group gets a year suggestion (a mark or н/а) with its rule.
	const suggested = grid.locator('[row-id]:not(.row-departed) [role="gridcell"][col-id="suggested"]').first();
	await expect(suggested).toHaveText(/^(\d|н\/а)$/);
});
