/**
 * The live journal in the browser (R-4.4.1, R-4.4.5, X-LIVE, X-OFFLINE, X-MARKS, X-AUDIT): two
 * teachers in two browser contexts, a read-only director, keyboard editing, paste, undo, offline
 * edits kept across a reload, lesson columns and the history of a cell.
 */
import { expect, test, type Locator, type Page } from './fixtures';
import { activeStudents, cell, grid, gridErrors, latestLessons, openJournal, status, typeInto } from './journal-page';

test.describe.configure({ mode: 'serial' });

function summary(page: Page, studentId: string, colId: string): Locator {
	return grid(page).locator(`[row-id="${studentId}"] [role="gridcell"][col-id="${colId}"]`);
}

test('X-LIVE R-4.4.1 two teachers see each other’s marks within a second, presence shows who is where, the director only reads', async ({ browser }) => {
	const a = await openJournal(browser, 'klruk');
	const b = await openJournal(browser, 'admin');
	const [lesson] = await latestLessons(a.page);
	const [first, second] = await activeStudents(a.page);

	// Presence: each sees the other, and where the other one's cursor is.
	await cell(a.page, lesson, first).click();
	await expect(b.page.getByRole('list', { name: 'Сейчас в журнале' })).toContainText('Воронова Ольга');
	await expect(a.page.getByRole('list', { name: 'Сейчас в журнале' })).toContainText('Медведева');
	await expect(cell(b.page, lesson, first)).toHaveClass(/peer-here/);

	// Type 5 and Enter: the mark is in, the cursor moved down, the other teacher sees it at once.
	await a.page.keyboard.type('5');
	await a.page.keyboard.press('Enter');
	await expect(cell(a.page, lesson, first)).toHaveText('5');
	await expect(cell(a.page, lesson, second)).toHaveClass(/ag-cell-focus/);
	await expect(cell(b.page, lesson, first)).toHaveText('5', { timeout: 1000 });
	await expect(status(a.page)).toHaveText('Сохранено');

	// The other way round, with two marks and an absence code in one cell.
	await typeInto(b.page, cell(b.page, lesson, second), '4/3 оп');
	await expect(cell(a.page, lesson, second)).toHaveText('4/3 оп', { timeout: 1000 });
	await expect(status(b.page)).toHaveText('Сохранено');

	// The director opens the same journal read-only: typing opens no editor and changes nothing.
	const d = await openJournal(browser, 'director');
	await expect(d.page.getByText('только просмотр')).toBeVisible();
	await expect(d.page.getByRole('button', { name: '+ Добавить урок' })).toHaveCount(0);
	await expect(cell(d.page, lesson, first)).toHaveText('5');
	await cell(d.page, lesson, first).dblclick();
	await d.page.keyboard.type('2');
	await d.page.keyboard.press('Enter');
	await expect(grid(d.page).locator('.ag-cell-inline-editing')).toHaveCount(0);
	await expect(cell(d.page, lesson, first)).toHaveText('5');
	await expect(cell(a.page, lesson, first)).toHaveText('5');

	await a.page.screenshot({ path: 'test-results/journal-grid.png' });
	await Promise.all([a.context.close(), b.context.close(), d.context.close()]);
});

test('X-MARKS the sheet behaves like a spreadsheet: illegal marks refused, Tab, Delete, paste a column, undo own edits', async ({ browser }) => {
	const { context, page } = await openJournal(browser, 'klruk');
	const [lesson, previous] = await latestLessons(page);
	const [s1, s2, s3, s4] = await activeStudents(page);

	// A mark the scale does not have: the reason in Russian, and the cell stays as it was.
	const before = (await cell(page, lesson, s3).textContent()) ?? '';
	await typeInto(page, cell(page, lesson, s3), '7');
	await expect(page.getByRole('alert').filter({ hasText: 'такой оценки нет' })).toBeVisible();
	await expect(cell(page, lesson, s3)).toHaveText(before);

	// Tab moves right: from the previous lesson to the latest one, same student.
	await typeInto(page, cell(page, previous, s4), '3', 'Tab');
	await expect(cell(page, previous, s4)).toHaveText('3');
	await expect(cell(page, lesson, s4)).toHaveClass(/ag-cell-focus/);
	await expect(grid(page).locator('.ag-cell-inline-editing')).toHaveCount(0);

	// Delete clears, and the computed columns follow.
	await typeInto(page, cell(page, lesson, s4), '5');
	const count = Number(await summary(page, s4, 'count').textContent());
	await cell(page, lesson, s4).click();
	await page.keyboard.press('Delete');
	await expect(cell(page, lesson, s4)).toHaveText('');
	await expect(summary(page, s4, 'count')).toHaveText(String(count - 1));

	// Paste a column copied from a spreadsheet: down from the focused cell.
	await cell(page, lesson, s1).click();
	await page.evaluate(() => {
		const data = new DataTransfer();
		data.setData('text/plain', '2\r\n3\r\n4/5\r\n');
		document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
	});
	await expect(cell(page, lesson, s1)).toHaveText('2');
	await expect(cell(page, lesson, s2)).toHaveText('3');
	await expect(cell(page, lesson, s3)).toHaveText('4/5');
	await expect(status(page)).toHaveText('Сохранено');

	// Undo takes back the whole paste, then the deletion: only this teacher's own steps.
	await page.keyboard.press('Control+z');
	await expect(cell(page, lesson, s3)).toHaveText(before);
	await expect(cell(page, lesson, s1)).not.toHaveText('2');
	await page.keyboard.press('Control+z');
	await expect(cell(page, lesson, s4)).toHaveText('5');
	await expect(status(page)).toHaveText('Сохранено');
	await context.close();
});

test('X-OFFLINE an edit made without a connection waits in the browser, survives a reload, and is saved when the connection returns', async ({ browser }) => {
	const { context, page } = await openJournal(browser, 'klruk');
	const [, , lesson] = await latestLessons(page);
	const [student, other] = await activeStudents(page);
	let blocked = false;
	// Playwright sees every /collab socket: while "blocked" the server is unreachable.
	await context.routeWebSocket(/\/collab/, (ws) => {
		if (blocked) ws.close();
		else ws.connectToServer();
	});
	await page.reload();
	await expect(status(page)).toHaveText(/На связи|Сохранено/);

	await context.setOffline(true);
	blocked = true;
	await expect(status(page)).toHaveText(/^Нет связи/, { timeout: 5000 });
	const mark = (await cell(page, lesson, student).textContent()) === '4' ? '3' : '4';
	const absence = (await cell(page, lesson, other).textContent()) === 'н' ? 'б' : 'н';
	await typeInto(page, cell(page, lesson, student), mark);
	await expect(status(page)).toHaveText('Нет связи — 1 изменение ждёт отправки');
	await typeInto(page, cell(page, lesson, other), absence);
	await expect(status(page)).toHaveText('Нет связи — 2 изменения ждут отправки');
	await expect(cell(page, lesson, student)).toHaveText(mark);

	// Reload with the network back but the journal server still unreachable: the edits are kept.
	await context.setOffline(false);
	await page.reload();
	await expect(status(page)).toHaveText('Нет связи — 2 изменения ждут отправки');
	await expect(cell(page, lesson, student)).toHaveText(mark);
	await expect(cell(page, lesson, other)).toHaveText(absence);

	// The server is back: both edits go, pass the checks, and are committed.
	blocked = false;
	await expect(status(page)).toHaveText('Сохранено', { timeout: 30_000 });
	const check = await openJournal(browser, 'admin');
	await expect(cell(check.page, lesson, student)).toHaveText(mark);
	await expect(cell(check.page, lesson, other)).toHaveText(absence);
	await Promise.all([context.close(), check.context.close()]);
});

test('X-AUDIT the history of a cell shows who changed it, when, old → new', async ({ browser }) => {
	const { context, page } = await openJournal(browser, 'klruk');
	const [lesson] = await latestLessons(page);
	const [student] = await activeStudents(page);
	await typeInto(page, cell(page, lesson, student), '3');
	await expect(status(page)).toHaveText('Сохранено');
	await cell(page, lesson, student).click({ modifiers: ['Alt'] });
	const history = page.getByRole('list', { name: 'История изменений' });
	await expect(history).toBeVisible();
	await expect(history.getByRole('listitem').first()).toContainText('→');
	await expect(history).toContainText('Воронова');
	await expect(history.getByRole('listitem').first()).toContainText('→ 3');

	// A comment on the focused cell: kept beside the marks, marked in the corner of the cell.
	await page.getByRole('form', { name: 'Комментарий к клетке' }).getByLabel('Комментарий').fill('Ответ у доски');
	await page.getByRole('button', { name: 'Сохранить комментарий' }).click();
	await expect(cell(page, lesson, student)).toHaveClass(/cell-comment/);
	await expect(cell(page, lesson, student)).toHaveText('3');
	await expect(status(page)).toHaveText('Сохранено');
	await page.getByRole('button', { name: 'История клетки' }).click();
	await expect(history.getByRole('listitem').first()).toContainText('«Ответ у доски»');
	await page.screenshot({ path: 'test-results/journal-history.png' });
	await context.close();
});

test('R-4.4.5 a teacher adds a lesson column with a topic, a test needs one, and deletes an empty lesson', async ({ browser }) => {
	const { context, page } = await openJournal(browser, 'klruk');
	await page.getByRole('button', { name: '+ Добавить урок' }).click();
	const form = page.getByRole('form', { name: 'Новый урок' });
	await form.getByLabel('Вид работы').selectOption({ label: 'Контрольная работа (вес 3)' });
	await form.getByRole('button', { name: 'Добавить' }).click();
	await expect(form.getByRole('alert')).toContainText('тема урока обязательна');

	const topic = 'Контрольный диктант по теме «Причастие»';
	await form.getByLabel('Тема').fill(topic);
	await form.getByLabel('Домашнее задание').fill('Упражнение 215');
	await form.getByRole('button', { name: 'Добавить' }).click();
	await expect(form).toHaveCount(0);
	const head = grid(page).getByRole('button', { name: new RegExp(`Тема: ${topic}`) });
	await expect(head).toBeVisible();
	await expect(head).toContainText('27.11');
	await expect(head).toContainText('к/р ×3');

	// The new column takes marks at once.
	const lessonId = (await head.getAttribute('data-lesson-id'))!;
	const [student] = await activeStudents(page);
	await typeInto(page, cell(page, lessonId, student), '5');
	await expect(status(page)).toHaveText('Сохранено');

	// Its details: a click on the header; change the homework, then delete the lesson once emptied.
	await head.click();
	const dialog = page.getByRole('dialog');
	await expect(dialog.getByLabel('Тема')).toHaveValue(topic);
	await page.screenshot({ path: 'test-results/journal-lesson-dialog.png' });
	await dialog.getByLabel('Домашнее задание').fill('Упражнение 216');
	await dialog.getByRole('button', { name: 'Сохранить' }).click();
	await expect(dialog).toBeHidden();
	await expect(head).toHaveAttribute('title', /Упражнение 216/);

	await cell(page, lessonId, student).click();
	await page.keyboard.press('Delete');
	await expect(status(page)).toHaveText('Сохранено');
	await head.click();
	await dialog.getByRole('button', { name: 'Удалить урок' }).click();
	await dialog.getByRole('button', { name: 'Да, удалить' }).click();
	await expect(head).toHaveCount(0);
	await context.close();
	// Every feature the sheet used had its AG Grid module registered.
	expect(gridErrors).toEqual([]);
});
