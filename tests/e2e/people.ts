/** What every browser test does first: sign in as a demo person, as they would. */
import { expect, type Page } from '@playwright/test';

/** Signs in through the login form with the demo password and waits for the home page. */
export async function signIn(page: Page, login: string): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Логин').fill(login);
	await page.getByLabel('Пароль').fill('demo');
	await page.getByRole('button', { name: 'Войти' }).click();
	await expect(page.getByRole('link', { name: 'Главная' })).toBeVisible();
}
