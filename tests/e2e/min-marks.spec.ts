/**
 * in the browser: the administrator asks for more marks in subjects with more lessons a
 * week on «Правила оценивания», row by row; the saved step comes back in its row, and steps out of
 * order are refused with the reason while the saved ones stay.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

const ORDER = 'Ступени идут по возрастанию часов в неделю (в каждой следующей часов больше), а число оценок в них не убывает.';

test('R-5.2 the administrator adds a step «от 4 ч в неделю — не меньше 5 оценок», sees it saved, and a step out of order is refused', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/admin/grading');
	await expect(page.getByRole('heading', { name: 'Правила оценивания' })).toBeVisible();
	const steps = page.getByRole('table', { name: 'Больше оценок при большем числе уроков в неделю' });
	await expect(steps.getByRole('row')).toHaveCount(3);

	await steps.getByLabel('Строка 1: от скольких часов в неделю').fill('4');
	await steps.getByLabel('Строка 1: не меньше скольких оценок').fill('5');
	await page.getByRole('button', { name: 'Сохранить правила' }).click();
	await expect(page.getByRole('status')).toHaveText('Правила оценивания сохранены.');
	await page.reload();
	await expect(steps.getByLabel('Строка 1: от скольких часов в неделю')).toHaveValue('4');
	await expect(steps.getByLabel('Строка 1: не меньше скольких оценок')).toHaveValue('5');
	await page.screenshot({ path: 'test-results/min-marks-by-hours.png', fullPage: true });

	await steps.getByLabel('Строка 2: от скольких часов в неделю').fill('3');
	await steps.getByLabel('Строка 2: не меньше скольких оценок').fill('7');
	await page.getByRole('button', { name: 'Сохранить правила' }).click();
	await expect(page.getByRole('alert')).toHaveText(ORDER);
	await page.reload();
	await expect(steps.getByLabel('Строка 1: от скольких часов в неделю')).toHaveValue('4');
	await expect(steps.getByLabel('Строка 2: от скольких часов в неделю')).toHaveValue('');
});
