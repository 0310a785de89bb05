/**
 * A parent on a phone chooses how to hear of the journal: from the account page to the
 * notification settings, marks as a daily digest, homework not by e-mail, quiet hours at night;
 * saved, and still so after a reload. The page fits a 360 px phone and its controls are big
 * enough to tap.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

test('R-2.8 a parent on a phone chooses a daily digest for marks, no e-mail for homework and quiet hours at night', async ({ browser }) => {
	const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'ru-RU' });
	const page = await phone.newPage();
	try {
		await signIn(page, 'roditel');
		await page.getByRole('link', { name: 'Учётная запись' }).click();
		await page.getByRole('link', { name: 'Настройки уведомлений' }).click();
		await expect(page.getByRole('heading', { name: 'Настройки уведомлений' })).toBeVisible();

		const card = (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
		const marks = card('Оценки и оценки за период');
		await marks.getByLabel('Когда присылать').selectOption({ label: 'Сводкой раз в день (письмом)' });
		await card('Домашние задания').getByLabel('На почту').uncheck();
		await page.getByLabel('Не беспокоить ночью').check();
		await page.getByLabel('С', { exact: true }).fill('22:30');
		await page.getByLabel('До', { exact: true }).fill('07:00');
		const box = await marks.getByLabel('Когда присылать').boundingBox();
		expect(box!.height).toBeGreaterThanOrEqual(44);
		const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
		expect(scroll).toBeLessThanOrEqual(inner);
		await page.getByRole('button', { name: 'Сохранить' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Настройки уведомлений сохранены.' })).toBeVisible();

		await page.reload();
		await expect(card('Оценки и оценки за период').getByLabel('Когда присылать')).toHaveValue('digest');
		await expect(card('Домашние задания').getByLabel('На почту')).not.toBeChecked();
		await expect(card('Домашние задания').getByLabel('На телефон (push)')).toBeChecked();
		await expect(page.getByLabel('С', { exact: true })).toHaveValue('22:30');
		await expect(page.getByLabel('До', { exact: true })).toHaveValue('07:00');
	} finally {
		await phone.close();
	}
});
