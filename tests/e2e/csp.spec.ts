/**
 * X-AUDIT: every kind of page works under the Content-Security-Policy — its scripts start, the
 * journal grid (AG Grid's injected theme) fills over the live websocket, the charts draw — and none
 * reports a violation (the guard in ./fixtures fails the test on the first one).
 */
import { expect, test, type Page } from './fixtures';
import { signIn } from './people';

/** Opens a page, checks the answer's policy, and waits until it has settled. */
async function visit(page: Page, path: string): Promise<void> {
	const response = await page.goto(path);
	expect(response?.status(), path).toBe(200);
	expect(response?.headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
	await page.waitForLoadState('networkidle');
}

/** The first link on the page whose address matches, as the person would click it. */
async function hrefOf(page: Page, pattern: RegExp): Promise<string> {
	const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	const href = hrefs.find((h) => pattern.test(h));
	expect(href, String(pattern)).toBeTruthy();
	return href!;
}

test('X-AUDIT sign-in and activation pages run under the policy', async ({ page }) => {
	await visit(page, '/login');
	await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
	await visit(page, '/activate');
});

test('X-AUDIT a teacher’s home, live journal and marks sheet run under the policy', async ({ page }) => {
	await signIn(page, 'uchitel');
	await page.waitForLoadState('networkidle');
	const journal = await hrefOf(page, /^\/journal\/\d+$/);
	await visit(page, journal);
	await expect(page.getByRole('region', { name: 'Журнал: ученики и уроки' }).locator('[row-id]').first()).toBeVisible();
	await expect(page.getByText('вы можете вносить изменения')).toBeVisible();
	await visit(page, `${journal}/marks`);
	await visit(page, '/account');
});

test('X-AUDIT the class teacher’s class page with its chart and the class marks sheet run under the policy', async ({ page }) => {
	await signIn(page, 'klruk');
	await page.waitForLoadState('networkidle');
	const klass = await hrefOf(page, /^\/class\/\d+$/);
	await visit(page, klass);
	await expect(page.locator('canvas').first()).toBeVisible();
	await visit(page, `${klass}/marks`);
});

test('X-AUDIT a parent’s diary with its chart runs under the policy', async ({ page }) => {
	await signIn(page, 'roditel');
	await page.waitForLoadState('networkidle');
	await visit(page, await hrefOf(page, /^\/diary\/\d+$/));
	const subjects = page.getByLabel('Оценки по предметам');
	await expect(subjects).toBeVisible();
	// The chart of a subject opens by tap; Chart.js then draws under the policy.
	await subjects.getByRole('button', { name: 'График' }).first().click();
	await expect(subjects.locator('canvas').first()).toBeVisible();
});

test('X-AUDIT the administrator’s pages run under the policy', async ({ page }) => {
	await signIn(page, 'admin');
	for (const path of ['/admin/staff', '/admin/grading', '/admin/periods']) await visit(page, path);
});
