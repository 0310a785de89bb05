/**
 * in the browser: with today 27.11.2026 the first quarter (marks due by 23.10.2026) is
 * closed, so a class teacher's edit of a first-quarter lesson in the live journal is refused
 * with the reason in Russian and the cell keeps its value.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

const SUBJECT = 'Русский язык';
const CLASS = '7А';


test('R-5.3 an edit of a first-quarter lesson is refused: «Период «1 четверть» закрыт…», and the cell keeps its value', async ({ page }) => {
	await signIn(page, 'klruk');
	await page.getByRole('row').filter({ hasText: CLASS }).getByRole('link', { name: SUBJECT }).click();
	await expect(page.getByRole('heading', { name: `${CLASS} · ${SUBJECT}` })).toBeVisible();
	const grid = page.getByRole('region', { name: 'Журнал: ученики и уроки' });
	const firstRow = grid.locator('[row-id]:not(.row-departed)').first();
	await expect(firstRow.locator('[role="gridcell"][col-id^="l"]').first()).toBeVisible();

	// The sheet opens at the latest lessons; Home then → walks to the first lesson of the year, as a teacher would.
	await firstRow.locator('[role="gridcell"][col-id^="l"]').first().click();
	await page.keyboard.press('Home');
	await page.keyboard.press('ArrowRight');
	const focused = grid.locator('.ag-cell-focus[role="gridcell"][col-id^="l"]');
	await expect(focused).toHaveCount(1);
	const colId = (await focused.getAttribute('col-id'))!;
	const date = await grid.locator(`.lesson-head[data-lesson-id="${colId.slice(1)}"]`).getAttribute('data-date');
	expect(date! <= '2026-10-24').toBe(true);

	const before = ((await focused.textContent()) ?? '').trim();
	await page.keyboard.type(before === '5' ? '4' : '5');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert').filter({ hasText: 'Период «1 четверть» закрыт 23.10.2026 (срок выставления отметок): изменения не принимаются.' })).toBeVisible();
	const cell = firstRow.locator(`[role="gridcell"][col-id="${colId}"]`);
	await expect(cell).toHaveText(before);
});
