/**
 * The timetable's change reaching everyone live (R-4.1.7, R-4.5.2, X-LIVE): the 7А biology teacher
 * has the journal open, a parent of a 7А pupil has the child's timetable open on a phone; the
 * deputy moves today's biology lesson to the 8th lesson on the timetable page. Both pages show the
 * move without a reload. Biology of 7А is used by no other browser test.
 */
import { expect, test, type Page } from './fixtures';
import { signIn } from './people';

const DATE = '27.11.2026';

async function personPage(browser: import('@playwright/test').Browser, login: string, viewport: { width: number; height: number }): Promise<Page> {
	const context = await browser.newContext({ locale: 'ru-RU', viewport, baseURL: test.info().project.use.baseURL! });
	const page = await context.newPage();
	await signIn(page, login);
	return page;
}

test('R-4.1.7 X-LIVE the deputy moves a 7А lesson; the teacher’s open journal and the parent’s open timetable on a phone show it without a reload', async ({ browser }) => {
	test.setTimeout(120_000);
	// The teacher's journal, scrolled to today as it opens.
	const teacher = await personPage(browser, 'teacher13', { width: 1366, height: 768 });
	await teacher.getByRole('row').filter({ hasText: '7А' }).getByRole('link', { name: 'Биология' }).click();
	await expect(teacher.getByRole('heading', { name: '7А · Биология' })).toBeVisible();
	const friday = teacher.locator(`.lesson-head[data-date="2026-11-27"]`);
	await expect(friday).toHaveAttribute('aria-label', new RegExp(`${DATE}, 4-й урок`));

	// The parent's phone: the 7А child's timetable of this week.
	const parent = await personPage(browser, 'roditel', { width: 360, height: 740 });
	await parent.locator('a[href^="/diary/"]').first().click();
	await parent.getByRole('navigation', { name: 'Дети' }).getByRole('link', { name: /7А/ }).click();
	await parent.getByRole('navigation', { name: 'Разделы дневника' }).getByRole('link', { name: 'Расписание' }).click();
	const day = parent.getByRole('region', { name: `Пятница, ${DATE}` });
	await expect(day.getByRole('listitem').filter({ hasText: 'Биология' })).toContainText('4');
	await expect(day.getByRole('listitem').filter({ hasText: 'Биология' })).not.toContainText('перенос');

	// The deputy moves it on the timetable page.
	const deputy = await personPage(browser, 'zavuch', { width: 1366, height: 768 });
	await deputy.goto('/timetable');
	await deputy.getByRole('form', { name: 'Чьё расписание показать' }).getByLabel('Класс').selectOption({ label: '7А' });
	await deputy.getByRole('button', { name: 'Показать класс' }).click();
	await expect(deputy.getByRole('grid', { name: 'Расписание на неделю' })).toContainText('Биология');
	const change = deputy.getByRole('region', { name: 'Изменить расписание на дату' });
	await change.getByLabel('Что').selectOption({ label: 'перенос' });
	await change.getByLabel('Журнал').selectOption({ label: '7А, Биология' });
	await change.getByLabel('Дата', { exact: true }).fill('2026-11-27');
	await change.getByLabel('Урок №').fill('4');
	await change.getByLabel('Новый №').fill('8');
	await change.getByLabel('Причина').fill('Экскурсия в музей');
	await change.getByRole('button', { name: 'Сохранить' }).click();
	await expect(deputy.getByRole('status')).toContainText('Сохранено: перенос, 7А, Биология, 27.11.2026.');
	await expect(deputy.getByRole('table', { name: 'Изменения' })).toContainText('27.11, 4-й урок → 27.11, 8-й урок');

	// Neither page was reloaded.
	await expect(friday).toHaveAttribute('aria-label', new RegExp(`${DATE}, 8-й урок`));
	const moved = day.getByRole('listitem').filter({ hasText: 'Биология' });
	await expect(moved).toContainText('перенос');
	await expect(moved).toContainText('перенесён с 27.11, 4-го урока · Экскурсия в музей');
	await expect(moved.locator('.no')).toHaveText('8');
	// Nothing sticks out of the phone's screen.
	expect(await parent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await parent.screenshot({ path: test.info().outputPath('parent-timetable.png'), fullPage: true });
	await deputy.screenshot({ path: test.info().outputPath('deputy-timetable.png'), fullPage: true });
	await teacher.screenshot({ path: test.info().outputPath('teacher-journal.png') });
});
