/**
 * The timetable grid by the keyboard (R-4.5.2): the deputy moves through 10А's week with the
 * arrows, Enter opens the form to add a lesson in the chosen cell with its day and number filled
 * in, and Delete removes the cell's lesson only after «OK» in the confirmation. 10А is used by no
 * other browser test.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

test('R-4.5.2 the deputy edits the timetable grid by the keyboard: arrows, Enter for the cell’s form, Delete with a confirmation', async ({ page }) => {
	await signIn(page, 'zavuch');
	await page.goto('/timetable');
	await page.getByRole('form', { name: 'Чьё расписание показать' }).getByLabel('Класс').selectOption({ label: '10А' });
	await page.getByRole('button', { name: 'Показать класс' }).click();
	await expect(page).toHaveURL(/class=/);
	const grid = page.getByRole('grid', { name: 'Расписание на неделю' });
	const cell = (name: string) => grid.getByRole('gridcell', { name, exact: true });

	// One tab stop: Monday's first lesson; the arrows move from there.
	await cell('Пн, 1-й урок').focus();
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowDown');
	await expect(cell('Ср, 2-й урок')).toBeFocused();
	await expect(cell('Ср, 2-й урок')).toHaveAttribute('tabindex', '0');
	await expect(cell('Пн, 1-й урок')).toHaveAttribute('tabindex', '-1');
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ArrowLeft');
	await expect(cell('Вт, 1-й урок')).toBeFocused();

	// Enter: the form to add a lesson, with Tuesday and the 1st lesson filled in.
	await page.keyboard.press('Enter');
	const add = page.getByRole('region', { name: 'Добавить урок в расписание' });
	await expect(add.getByRole('combobox', { name: /^Журнал/ })).toBeFocused();
	await expect(add.getByRole('combobox', { name: /^День/ })).toHaveValue('2');
	await expect(add.getByRole('spinbutton', { name: 'Урок' })).toHaveValue('1');

	// Delete on Tuesday's first lesson: «Отмена» keeps it, «OK» removes it.
	const tuesday = cell('Вт, 1-й урок');
	const subject = (await tuesday.getByRole('link').first().textContent())!.trim();
	const asked: string[] = [];
	page.once('dialog', (dialog) => {
		asked.push(dialog.message());
		void dialog.dismiss();
	});
	await tuesday.focus();
	await page.keyboard.press('Delete');
	await expect.poll(() => asked.length).toBe(1);
	expect(asked[0]).toContain(`Убрать из расписания: 10А, ${subject}`);
	expect(asked[0]).toContain('Вт, 1-й урок?');
	await expect(tuesday.getByRole('link', { name: subject })).toBeVisible();

	page.once('dialog', (dialog) => void dialog.accept());
	await tuesday.focus();
	await page.keyboard.press('Delete');
	await expect(page.getByRole('status')).toContainText(`Урок убран из расписания: 10А, ${subject}`);
	await expect(cell('Вт, 1-й урок').getByRole('link', { name: subject })).toHaveCount(0);
});
