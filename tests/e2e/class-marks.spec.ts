/**
 * The class sheet of period marks in the browser: the class teacher of 7А
 * opens «Итоговые отметки класса», sets a second-quarter Алгебра mark (another teacher's subject)
 * that differs from the suggestion, is asked for a justification, gives one and sees the mark
 * saved; in the first quarter the column is closed and the mark is refused (today 27.11.2026,
 * marks due by 23.10.2026).
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

const CLASS = '7А';
const SUBJECT = 'Алгебра';
const Q1_CLOSED = 'Период «1 четверть» закрыт 23.10.2026 (срок выставления отметок): изменения не принимаются.';

test('R-5.1 the class teacher sets a differing quarter mark in another teacher’s subject with a justification; R-5.3 the first quarter refuses', async ({ page }) => {
	await signIn(page, 'klruk');
	await page.getByRole('link', { name: CLASS, exact: true }).first().click();
	await expect(page.getByRole('heading', { name: `${CLASS} класс` })).toBeVisible();
	await page.getByRole('link', { name: 'Итоговые отметки класса' }).click();
	await expect(page.getByRole('heading', { name: `${CLASS} класс: итоговые отметки · 2 четверть` })).toBeVisible();

	const sheet = page.getByRole('table', { name: 'Итоговые отметки класса' });
	const row = sheet.locator('tbody tr:not(.departed)').first();
	const name = ((await row.locator('td').nth(1).textContent()) ?? '').trim();
	const edit = `Изменить: ${name}, ${SUBJECT}`;
	await row.getByRole('link', { name: edit }).click();

	const editor = page.getByRole('region', { name: 'Отметка ученика' });
	await expect(editor.getByRole('heading', { name: `${name} · ${SUBJECT} · 2 четверть` })).toBeVisible();
	const suggested = ((await editor.locator('dt:text-is("Предложено") + dd b').textContent()) ?? '').trim();
	const chosen = suggested === '5' ? '4' : '5';
	await editor.getByLabel('Отметка', { exact: true }).selectOption(chosen);
	await editor.getByRole('button', { name: 'Сохранить' }).click();
	await expect(page.getByRole('alert')).toHaveText(`Отметка «${chosen}» отличается от предложенной «${suggested}»: напишите обоснование.`);

	// The refusal keeps the chosen mark; the teacher explains and saves again.
	await expect(page.getByLabel('Отметка', { exact: true })).toHaveValue(chosen);
	await page.getByRole('region', { name: 'Отметка ученика' }).getByLabel(/Обоснование/).fill('Победа в школьной олимпиаде по математике');
	await page.getByRole('button', { name: 'Сохранить' }).click();
	await expect(page.getByRole('status')).toContainText(`Сохранено: «${chosen}» (2 четверть)`);
	const cell = sheet.locator('td.pm-cell').filter({ has: page.getByRole('link', { name: edit }) });
	await expect(cell.locator('.mark')).toHaveText(chosen);
	await expect(cell.getByLabel('с обоснованием')).toBeVisible();
	await page.screenshot({ path: 'test-results/class-marks.png', fullPage: true });

	await page.getByRole('navigation', { name: 'Период' }).getByRole('link', { name: '1 четверть' }).click();
	await expect(page.getByRole('heading', { name: `${CLASS} класс: итоговые отметки · 1 четверть` })).toBeVisible();
	await expect(sheet.getByRole('columnheader').filter({ hasText: SUBJECT })).toContainText('закрыт');
	await sheet.getByRole('link', { name: edit }).click();
	await expect(page.getByRole('alert')).toHaveText(Q1_CLOSED);
	await expect(page.getByRole('region', { name: 'Отметка ученика' }).getByRole('button', { name: 'Сохранить' })).toHaveCount(0);
});
