/**
 * The journal sheet from the keyboard (X-MARKS): arrow keys commit a typed mark and move, as in a
 * spreadsheet; an absence code typed on the Latin layout is read by key position; a lesson header
 * opens from the keyboard.
 */
import { expect, test } from './fixtures';
import { activeStudents, anotherMark, cell, grid, gridErrors, latestLessons, openJournal, status } from './journal-page';
import { signIn } from './people';

test.describe.configure({ mode: 'serial' });

test('X-MARKS arrow keys commit the typed mark and move, as in a spreadsheet', async ({ browser }) => {
	const { context, page } = await openJournal(browser, 'klruk');
	const [lesson, previous] = await latestLessons(page);
	const [s1, s2, s3] = await activeStudents(page);
	const editing = grid(page).locator('.ag-cell-inline-editing');

	// Down: the mark stays in the cell and the cursor goes one row down.
	const down = await anotherMark(cell(page, previous, s1));
	await cell(page, previous, s1).click();
	await page.keyboard.type(down);
	await expect(editing).toHaveCount(1);
	await page.keyboard.press('ArrowDown');
	await expect(editing).toHaveCount(0);
	await expect(cell(page, previous, s1)).toHaveText(down);
	await expect(cell(page, previous, s2)).toHaveClass(/ag-cell-focus/);

	// Right: into the next lesson, same student.
	const right = await anotherMark(cell(page, previous, s2), '5', '4');
	await page.keyboard.type(right);
	await page.keyboard.press('ArrowRight');
	await expect(editing).toHaveCount(0);
	await expect(cell(page, previous, s2)).toHaveText(right);
	await expect(cell(page, lesson, s2)).toHaveClass(/ag-cell-focus/);

	// Up, then Left back to the first lesson.
	const up = await anotherMark(cell(page, lesson, s2), '2', '3');
	await page.keyboard.type(up);
	await page.keyboard.press('ArrowUp');
	await expect(cell(page, lesson, s2)).toHaveText(up);
	await expect(cell(page, lesson, s1)).toHaveClass(/ag-cell-focus/);
	const left = await anotherMark(cell(page, lesson, s1), '4', '5');
	await page.keyboard.type(left);
	await page.keyboard.press('ArrowLeft');
	await expect(cell(page, lesson, s1)).toHaveText(left);
	await expect(cell(page, previous, s1)).toHaveClass(/ag-cell-focus/);

	// Correcting a cell opened with F2: Left and Right move within the text, Down commits and moves.
	await page.keyboard.press('F2');
	await page.keyboard.press('Control+a');
	const fixed = await anotherMark(cell(page, previous, s1), '5', '4');
	await page.keyboard.type(`${fixed}/`);
	await page.keyboard.press('ArrowLeft');
	await expect(editing).toHaveCount(1);
	await page.keyboard.press('End');
	await page.keyboard.press('Backspace');
	await page.keyboard.press('ArrowDown');
	await expect(editing).toHaveCount(0);
	await expect(cell(page, previous, s1)).toHaveText(fixed);
	await expect(cell(page, previous, s2)).toHaveClass(/ag-cell-focus/);

	// Without an editor the arrows only move; nothing is written.
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	await expect(cell(page, previous, s3)).toHaveClass(/ag-cell-focus/);
	await expect(status(page)).toHaveText('Сохранено');

	// The other teacher sees all four marks.
	const check = await openJournal(browser, 'admin');
	await expect(cell(check.page, previous, s1)).toHaveText(fixed);
	await expect(cell(check.page, previous, s2)).toHaveText(right);
	await expect(cell(check.page, lesson, s2)).toHaveText(up);
	await expect(cell(check.page, lesson, s1)).toHaveText(left);
	await Promise.all([context.close(), check.context.close()]);
	expect(gridErrors).toEqual([]);
});

test('X-MARKS an absence code typed on the Latin layout is read by key position: `y` is «н», `,` is «б»', async ({ browser }) => {
	const { context, page } = await openJournal(browser, 'klruk');
	const [, , lesson] = await latestLessons(page);
	const [, , , s4, s5] = await activeStudents(page);
	await cell(page, lesson, s4).click();
	await page.keyboard.press('Delete');
	await cell(page, lesson, s5).click();
	await page.keyboard.press('Delete');
	await expect(status(page)).toHaveText(/На связи|Сохранено/);

	await cell(page, lesson, s4).click();
	await page.keyboard.type('y');
	await page.keyboard.press('Enter');
	await expect(cell(page, lesson, s4)).toHaveText('н');
	await page.keyboard.type(',');
	await page.keyboard.press('Enter');
	await expect(cell(page, lesson, s5)).toHaveText('б');
	await expect(page.getByRole('alert')).toHaveCount(0);
	await expect(status(page)).toHaveText('Сохранено');

	const check = await openJournal(browser, 'admin');
	await expect(cell(check.page, lesson, s4)).toHaveText('н');
	await expect(cell(check.page, lesson, s5)).toHaveText('б');
	await Promise.all([context.close(), check.context.close()]);
	expect(gridErrors).toEqual([]);
});

test('X-MARKS marks with a plus or a minus: refused until the administrator turns them on, then «5-» is saved and shown as «5−»', async ({ browser }) => {
	const { context, page } = await openJournal(browser, 'klruk');
	const [, , , lesson] = await latestLessons(page);
	const [, , , , , s6] = await activeStudents(page);
	await cell(page, lesson, s6).click();
	await page.keyboard.press('Delete');
	await page.keyboard.type('5-');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert')).toContainText('оценки с плюсом и минусом в школе не ставятся');
	await page.keyboard.press('Escape');

	const admin = await browser.newContext({ locale: 'ru-RU', baseURL: test.info().project.use.baseURL! });
	const settings = await admin.newPage();
	await signIn(settings, 'admin');
	const save = async (on: boolean) => {
		await settings.goto('/admin/grading');
		await settings.getByLabel('Оценки с плюсом и минусом («5−», «4+»)').setChecked(on);
		await settings.getByRole('button', { name: 'Сохранить правила' }).click();
		await expect(settings.getByRole('status')).toHaveText('Правила оценивания сохранены.');
	};
	await save(true);
	try {
		// The open journal hears the new rules; no reload.
		await cell(page, lesson, s6).click();
		await page.keyboard.type('5-');
		await page.keyboard.press('Enter');
		await expect(cell(page, lesson, s6)).toHaveText('5−');
		await expect(status(page)).toHaveText('Сохранено');
		const check = await openJournal(browser, 'admin');
		await expect(cell(check.page, lesson, s6)).toHaveText('5−');
		await check.context.close();
	} finally {
		await save(false);
		await admin.close();
	}
	// Off again: the mark set meanwhile stays as it was.
	await expect(cell(page, lesson, s6)).toHaveText('5−');
	await context.close();
	expect(gridErrors).toEqual([]);
});
