/**
 * The journal on a tablet and on a phone turned on its side, and from the keyboard (X-MARKS):
 * pinned columns narrow so at least five lessons show; Enter on a lesson header opens the lesson;
 * Tab from a header goes down into the cells instead of walking every header.
 */
import { expect, test, type Page } from './fixtures';
import { cell, grid, gridErrors, latestLessons, openJournal, activeStudents } from './journal-page';

test.describe.configure({ mode: 'serial' });

/** How many lesson headers lie (at least three quarters of them) inside the grid's scrolling part. */
async function lessonsInSight(page: Page): Promise<number> {
	return grid(page).evaluate((root) => {
		// The scrolling part: between the pinned names on the left and the pinned columns (if any) on the right.
		const section = (name: string) => [...root.querySelectorAll(`.ag-grid-${name}-cells`)].map((el) => el.getBoundingClientRect()).find((box) => box.width > 0);
		const scrolling = section('scrolling')!;
		const left = Math.max(scrolling.left, section('pinned-left')?.right ?? scrolling.left);
		const right = Math.min(scrolling.right, section('pinned-right')?.left ?? scrolling.right);
		return [...root.querySelectorAll('.lesson-head')].filter((head) => {
			const box = head.getBoundingClientRect();
			const inside = Math.min(box.right, right) - Math.max(box.left, left);
			return box.width > 0 && inside >= box.width * 0.75;
		}).length;
	});
}

for (const [name, viewport] of [
	['a tablet (1024×768)', { width: 1024, height: 768 }],
	['a phone on its side (844×390)', { width: 844, height: 390 }]
] as const) {
	test(`X-MARKS on ${name} at least five lesson columns are in sight`, async ({ browser }) => {
		const { context, page } = await openJournal(browser, 'klruk', { viewport });
		await expect(grid(page).locator('.lesson-head').first()).toBeVisible();
		await expect.poll(() => lessonsInSight(page)).toBeGreaterThanOrEqual(5);
		// The names stay readable and pinned; the period mark column, once loaded, stays pinned right.
		await expect(grid(page).locator('.ag-header-cell[col-id="name"]')).toBeVisible();
		await page.screenshot({ path: `test-results/journal-${viewport.width}x${viewport.height}.png` });
		await context.close();
		expect(gridErrors).toEqual([]);
	});
}

test('X-MARKS Enter on a lesson header opens the lesson; Tab from a header goes into the cells', async ({ browser }) => {
	const { context, page } = await openJournal(browser, 'klruk');
	const [lesson] = await latestLessons(page);
	const [first] = await activeStudents(page);
	const head = grid(page).locator(`.ag-header-cell[col-id="l${lesson}"]`);

	// Up from the first row reaches the lesson's header; Enter opens its details.
	await cell(page, lesson, first).click();
	await page.keyboard.press('ArrowUp');
	await expect(head).toBeFocused();
	await page.keyboard.press('Enter');
	const dialog = page.getByRole('dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog.getByLabel('Дата')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();

	// Tab on a header: down into the cells of that column, not along the headers.
	await cell(page, lesson, first).click();
	await page.keyboard.press('ArrowUp');
	await expect(head).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(cell(page, lesson, first)).toBeFocused();

	// From the names' header, Tab goes to the latest lesson's first cell.
	await grid(page).locator('.ag-header-cell[col-id="name"]').focus();
	await page.keyboard.press('Tab');
	await expect(cell(page, lesson, first)).toBeFocused();
	await context.close();
	expect(gridErrors).toEqual([]);
});
