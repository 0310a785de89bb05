/**
 * Messages as people use them (R-2.9, R-4.3.4, R-2.8, X-LIVE): the class teacher writes to all
 * parents of 7А; a parent on a phone sees the badge appear without a reload, reads and replies;
 * the teacher sees «прочитано» and the reply. A file sent with the message downloads on the phone.
 */
import fs from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { signIn } from './people';

/** The document is no wider than the phone's screen (not `innerWidth`, which a mobile browser widens to an overflowing page). */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
	const screen = page.viewportSize()!.width;
	const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scroll, `${what}: page width ${scroll}px on a ${screen}px screen`).toBeLessThanOrEqual(screen);
}

/** A small real PDF, as a file a teacher picks. */
const LEAFLET = { name: 'Памятка о макулатуре.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') };

/** The unread count of the header's badge (0 when it is not shown). */
async function unread(page: Page): Promise<number> {
	const badge = page.getByTestId('unread-badge');
	return (await badge.count()) ? Number(await badge.textContent()) : 0;
}

test('R-4.3.4, R-2.8 the class teacher writes to all parents of 7А; a parent on a phone sees it live, reads and replies; the teacher sees «прочитано» and the reply', async ({ browser }) => {
	const subject = 'Сбор макулатуры (проверка сообщений)';
	const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	const laptop = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const parent = await phone.newPage();
	const teacher = await laptop.newPage();
	try {
		await signIn(parent, 'roditel');
		const before = await unread(parent);
		// A mark on the window: it survives only if the page is never reloaded.
		await parent.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

		await signIn(teacher, 'klruk');
		await teacher.getByRole('link', { name: 'Сообщения' }).click();
		await teacher.getByText('Написать сообщение').click();
		await teacher.getByLabel('Кому').selectOption({ label: 'Всем родителям 7А' });
		await teacher.getByLabel('Тема').fill(subject);
		await teacher.getByLabel('Сообщение').fill('В пятницу собираем макулатуру. Приносите, пожалуйста, к 8:15.');
		await teacher.getByLabel(/^Файлы/).setInputFiles(LEAFLET);
		await teacher.getByRole('button', { name: 'Отправить' }).click();
		await expect(teacher.getByRole('status')).toContainText('Сообщение отправлено');
		const threads = teacher.getByRole('list', { name: 'Переписки' });
		// Unanswered, the send is one row: how many got it, and how many read it.
		await expect(threads.getByRole('listitem').filter({ hasText: subject }).first()).toContainText(/всем родителям 7А · прочитано 0 из \d+/);

		// The parent's open page shows the badge without a reload.
		await expect(parent.getByTestId('unread-badge')).toHaveText(String(before + 1));
		expect(await parent.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

		await parent.getByRole('link', { name: /^Уведомления/ }).click();
		await parent.getByRole('list', { name: 'Уведомления' }).getByRole('link').filter({ hasText: subject }).first().click();
		await expect(parent.getByRole('heading', { name: subject })).toBeVisible();
		await expect(parent.getByText('В пятницу собираем макулатуру')).toBeVisible();
		// The leaflet goes with the message, and downloads on the phone as it was sent.
		const [download] = await Promise.all([parent.waitForEvent('download'), parent.getByRole('link', { name: /Памятка о макулатуре\.pdf/ }).tap()]);
		expect(download.suggestedFilename()).toBe(LEAFLET.name);
		expect(fs.readFileSync((await download.path())!)).toEqual(LEAFLET.buffer);
		await expect(parent.getByTestId('unread-badge')).toHaveCount(before ? 1 : 0);
		await expectNoSidewaysScroll(parent, 'conversation');
		await parent.getByLabel(/^Ответ/).fill('Спасибо, принесём две пачки.');
		await parent.getByRole('button', { name: 'Ответить' }).click();
		await expect(parent.getByRole('list', { name: 'Сообщения переписки' })).toContainText('Спасибо, принесём две пачки.');
		await parent.getByRole('link', { name: '← Все сообщения' }).click();
		await expectNoSidewaysScroll(parent, 'messages');

		// The teacher's open list follows: one parent has read it, and answered.
		const own = threads.getByRole('link').filter({ hasText: 'Спасибо, принесём две пачки.' });
		await expect(own).toContainText(/прочитано 1 из \d+/);
		await own.click();
		const messages = teacher.getByRole('list', { name: 'Сообщения переписки' });
		await expect(messages).toContainText('Спасибо, принесём две пачки.');
		await expect(messages.getByText('прочитано', { exact: true })).toBeVisible();
		await expect(teacher.getByRole('status')).toContainText(/Отправлено всем родителям 7А: прочитано 1 из \d+/);
	} finally {
		await phone.close();
		await laptop.close();
	}
});
