/**
 * The family diary on a phone (R-2.4, R-2.7, R-4.3.5, R-8.2, X-RU): at 360×740 and 390×844 no
 * family page scrolls sideways; a parent switches child, pages weeks, opens a mark's details and
 * an average's arithmetic by tap; every family page passes axe with no serious or critical
 * violation.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { signIn } from './people';

const PHONES = [
	{ name: '360×740', width: 360, height: 740 },
	{ name: '390×844', width: 390, height: 844 }
];

/**
 * The document is no wider than the phone's screen: nothing to scroll sideways. Measured against the
 * screen, not `innerWidth`: a mobile browser widens its layout to a page that overflows (and zooms
 * out), so `innerWidth` grows with the very overflow this looks for.
 */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
	const screen = page.viewportSize()!.width;
	const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scroll, `${what}: page width ${scroll}px on a ${screen}px screen`).toBeLessThanOrEqual(screen);
}

/** Every diary link of the home page (a parent's children, a pupil's own). */
async function diaryLinks(page: Page): Promise<string[]> {
	return page.locator('main a[href^="/diary/"]').evaluateAll((links) => [...new Set(links.map((a) => (a as HTMLAnchorElement).pathname))]);
}

async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
}

for (const phone of PHONES) {
	test.describe(`R-8.2 family pages on a ${phone.name} phone`, () => {
		test.use({ viewport: { width: phone.width, height: phone.height }, isMobile: true, hasTouch: true });

		test(`R-4.3.5, X-RU nothing scrolls sideways for a parent or a pupil, header included (${phone.name})`, async ({ page, browser }) => {
			await signIn(page, 'roditel');
			await expectNoSidewaysScroll(page, 'parent home');
			await expect(page.getByRole('button', { name: 'Выйти' })).toBeInViewport();
			const [first] = await diaryLinks(page);
			await page.goto(first);
			await expectNoSidewaysScroll(page, 'parent diary');
			await page.goto(`${first}/timetable`);
			await expectNoSidewaysScroll(page, 'parent timetable');
			for (const other of ['/messages', '/notifications', '/announcements', '/account']) {
				await page.goto(other);
				await expectNoSidewaysScroll(page, `parent ${other}`);
			}

			const pupil = await browser.newPage({ viewport: { width: phone.width, height: phone.height }, isMobile: true, hasTouch: true });
			await signIn(pupil, 'uchenik');
			await expectNoSidewaysScroll(pupil, 'pupil home');
			const [own] = await diaryLinks(pupil);
			await pupil.goto(own);
			await expectNoSidewaysScroll(pupil, 'pupil diary');
			await pupil.close();
		});

		test(`R-2.4, R-4.3.5 a parent switches child, pages weeks, opens a mark's details by tap and confirms the week (${phone.name})`, async ({ page }) => {
			await signIn(page, 'roditel');
			const children = await diaryLinks(page);
			expect(children.length, 'the demo parent has two children').toBeGreaterThanOrEqual(2);
			await page.goto(children[0]);
			const firstName = await page.getByRole('heading', { level: 1 }).textContent();

			// Another child from the diary itself.
			const switcher = page.getByRole('navigation', { name: 'Дети' });
			await switcher.getByRole('link').nth(1).tap();
			await expect(page).toHaveURL(new RegExp(`${children[1]}$`));
			await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(firstName!);
			await page.goto(children[0]);

			// This week is today's (27.11.2026, a Friday); the previous one is a tap away, and back.
			const title = page.locator('.week-title');
			await expect(title).toHaveText('23 ноября — 28 ноября');
			await expect(page.getByRole('region', { name: /пятница, 27 ноября/ }).getByText('сегодня')).toBeVisible();
			await page.getByRole('link', { name: 'Предыдущая неделя' }).tap();
			await expect(title).toHaveText('16 ноября — 21 ноября');
			await page.getByRole('link', { name: 'Эта неделя' }).tap();
			await expect(title).toHaveText('23 ноября — 28 ноября');
			await expectNoSidewaysScroll(page, 'diary after paging');

			// A mark's date, type of work and weight: by tap, since a phone has no hover.
			const subjects = page.getByLabel('Оценки по предметам');
			const mark = subjects.locator('.mark-chip').first();
			await expect(mark).toBeVisible();
			await expect(subjects.getByRole('note')).toHaveCount(0);
			await mark.tap();
			await expect(mark).toHaveAttribute('aria-expanded', 'true');
			await expect(subjects.getByRole('note')).toContainText(/вес \d/);
			// The average's arithmetic, also by tap.
			const average = subjects.getByRole('button', { name: /Средний балл/ }).first();
			await average.tap();
			await expect(subjects.getByRole('note')).toContainText('Средний взвешенный: (');
			await expectNoSidewaysScroll(page, 'diary with details open');

			// the parent confirms having seen the week, once.
			const confirm = page.getByRole('button', { name: 'Ознакомлен(а) с неделей' });
			if (await confirm.count()) {
				await confirm.tap();
				await expect(page.getByText(/Вы подтвердили, что ознакомлены с неделей/)).toBeVisible();
				await expect(page.getByRole('button', { name: 'Ознакомлен(а) с неделей' })).toHaveCount(0);
			} else {
				// The other phone size ran first and confirmed it already.
				await expect(page.getByText(/Вы подтвердили, что ознакомлены с неделей/)).toBeVisible();
			}
		});

		test(`every family page has no serious or critical accessibility violation (axe, ${phone.name})`, async ({ page }) => {
			// The markup is the same at both widths; one phone is enough for axe, which is slow.
			test.skip(phone.width !== PHONES[0].width, 'checked at the narrowest phone');
			await signIn(page, 'roditel');
			expect(await seriousViolations(page), 'parent home').toEqual([]);
			const [first] = await diaryLinks(page);
			await page.goto(first);
			expect(await seriousViolations(page), 'diary').toEqual([]);
			await page.goto('/account');
			expect(await seriousViolations(page), 'account').toEqual([]);
		});
	});
}
