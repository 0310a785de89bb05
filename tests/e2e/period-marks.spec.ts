/**
 * Period marks in the browser: the class teacher of 7А opens the Russian
 * journal's «Итоговые отметки», sets a second-quarter mark that differs from the suggestion, is
 * asked for a justification, gives one and sees the mark saved; a first-quarter mark is refused
 * because the quarter is closed (today 27.11.2026, marks due by 23.10.2026).
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

const SUBJECT = 'Русский язык';
const CLASS = '7А';
const Q1_CLOSED = 'Период «1 четверть» закрыт 23.10.2026 (срок выставления отметок): изменения не принимаются.';


test('R-5.1 a second-quarter mark differing from the suggestion asks for a justification, then is saved; R-5.3 the first quarter is closed', async ({ page }) => {
	await signIn(page, 'klruk');
	await page.getByRole('row').filter({ hasText: CLASS }).getByRole('link', { name: SUBJECT }).click();
	await expect(page.getByRole('heading', { name: `${CLASS} · ${SUBJECT}` })).toBeVisible();
	await page.getByRole('link', { name: 'Итоговые отметки' }).click();
	await expect(page.getByRole('heading', { name: `${CLASS} · ${SUBJECT}: итоговые отметки` })).toBeVisible();

	const sheet = page.getByRole('table', { name: 'Итоговые отметки' });
	const row = sheet.locator('tbody tr:not(.departed)').first();
	const name = ((await row.locator('td').nth(1).textContent()) ?? '').trim();
	await row.getByRole('link', { name: `Изменить: ${name}, 2 четверть` }).click();

	const editor = page.getByRole('region', { name: 'Отметка ученика' });
	await expect(editor.getByRole('heading', { name: `${name} · 2 четверть` })).toBeVisible();
	const suggested = ((await editor.locator('dt:text-is("Предложено") + dd b').textContent()) ?? '').trim();
	const chosen = suggested === '5' ? '4' : '5';
	await editor.getByLabel('Отметка', { exact: true }).selectOption(chosen);
	await editor.getByRole('button', { name: 'Сохранить' }).click();
	await expect(page.getByRole('alert')).toHaveText(`Отметка «${chosen}» отличается от предложенной «${suggested}»: напишите обоснование.`);

	await page.getByRole('region', { name: 'Отметка ученика' }).getByLabel(/Обоснование/).fill('Участие в олимпиаде по русскому языку');
	await expect(page.getByLabel('Отметка', { exact: true })).toHaveValue(chosen);
	await page.getByRole('button', { name: 'Сохранить' }).click();
	await expect(page.getByRole('status')).toContainText(`Сохранено: «${chosen}» (2 четверть), ${name}.`);
	const cell = sheet.locator('tbody tr').filter({ hasText: name }).locator('td.pm-cell').nth(1);
	await expect(cell.locator('.mark')).toHaveText(chosen);
	await expect(page.getByRole('region', { name: 'Отметка ученика' })).toContainText('Участие в олимпиаде по русскому языку');
	await page.screenshot({ path: 'test-results/period-marks.png', fullPage: true });

	await sheet.getByRole('link', { name: `Изменить: ${name}, 1 четверть` }).click();
	await expect(page.getByRole('alert')).toHaveText(Q1_CLOSED);
	await expect(page.getByRole('region', { name: 'Отметка ученика' }).getByRole('button', { name: 'Сохранить' })).toHaveCount(0);
});

test('R-2.7 the class page shows the class forecast: a table of expected marks per subject and a stacked bar chart', async ({ page }) => {
	await signIn(page, 'klruk');
	await page.getByRole('link', { name: CLASS, exact: true }).first().click();
	await expect(page.getByRole('heading', { name: `${CLASS} класс` })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Прогноз на «2 четверть»' })).toBeVisible();
	const table = page.getByRole('table', { name: 'Прогноз класса' });
	await expect(table.getByRole('row').filter({ hasText: SUBJECT })).toContainText('%');
	await expect(page.getByLabel('График: ожидаемые отметки класса по предметам')).toBeVisible();
	await page.getByRole('heading', { name: 'Прогноз на «2 четверть»' }).scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'test-results/class-forecast.png', fullPage: true });
});
