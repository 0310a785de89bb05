import { expect, test, type Page } from './fixtures';

// The demo teacher's «Вероятность и статистика» of 7А: no other spec touches its plan. The plan is
// only saved here, never laid onto the lessons, so the shared demo journal keeps its topics.
async function signIn(page: Page, login: string) {
	await page.goto('/login');
	await page.getByLabel('Логин').fill(login);
	await page.getByLabel('Пароль').fill('demo');
	await page.getByRole('button', { name: 'Войти' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

test('R-4.4.4 the teacher types a thematic plan in the grid; the deputy reads it', async ({ page, browser }) => {
	await signIn(page, 'uchitel');
	await page.getByRole('table', { name: 'Мои журналы' }).getByRole('link', { name: 'Вероятность и статистика' }).first().click();
	await page.getByRole('link', { name: 'Тематический план' }).click();
	await expect(page.getByRole('heading', { name: /Тематический план: 7А · Вероятность и статистика/ })).toBeVisible();
	const planUrl = page.url();

	await page.getByRole('button', { name: 'Добавить тему' }).click();
	await page.getByLabel('Тема 1', { exact: true }).fill('Представление данных');
	await page.getByLabel('Часы 1', { exact: true }).fill('2');
	await page.getByRole('button', { name: 'Добавить тему' }).click();
	await page.getByLabel('Тема 2', { exact: true }).fill('Описательная статистика');
	await page.getByLabel('Домашнее задание 2', { exact: true }).fill('№ 12');
	await page.getByRole('button', { name: 'Сохранить план' }).click();
	await expect(page.getByRole('status')).toHaveText('План сохранён: 2 темы, 3 часа.');
	await expect(page.getByRole('region', { name: 'Часы и прохождение программы' })).toContainText('В плане 3 часа');
	await page.screenshot({ path: 'test-results/thematic-plan.png', fullPage: false });

	await page.reload();
	await expect(page.getByLabel('Тема 2', { exact: true })).toHaveValue('Описательная статистика');

	const deputy = await (await browser.newContext()).newPage();
	await signIn(deputy, 'zavuch');
	await deputy.goto(planUrl);
	await expect(deputy.getByRole('form', { name: 'Темы плана' })).toContainText('Описательная статистика');
	await expect(deputy.getByRole('button', { name: 'Сохранить план' })).toHaveCount(0);
	await expect(deputy.getByRole('button', { name: 'Разложить план по урокам' })).toHaveCount(0);
});
