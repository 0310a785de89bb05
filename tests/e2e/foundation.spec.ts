import { expect, test, type Page } from './fixtures';

async function signIn(page: Page, login: string, password = 'demo') {
	await page.goto('/login');
	await page.getByLabel('Логин').fill(login);
	await page.getByLabel('Пароль').fill(password);
	await page.getByRole('button', { name: 'Войти' }).click();
}

test('R-3.2 a wrong password gets a Russian message and no session', async ({ page }) => {
	await signIn(page, 'uchitel', 'не-тот-пароль');
	await expect(page.getByRole('alert')).toHaveText('Неверный логин или пароль.');
	await expect(page).toHaveURL(/\/login/);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login\?next=/);
});

test('R-4.4 the demo subject teacher signs in and sees their journals', async ({ page }) => {
	await signIn(page, 'uchitel');
	await expect(page.getByRole('heading', { name: 'Мои журналы' })).toBeVisible();
	const journals = page.getByRole('table', { name: 'Мои журналы' });
	const rows = journals.getByRole('row');
	expect(await rows.count()).toBeGreaterThan(3);
	await journals.getByRole('link').first().click();
	// The journal page itself (not the home page's «Мои журналы», which a loose name also matches).
	await expect(page).toHaveURL(/\/journal\/\d+$/);
	await expect(page.getByRole('region', { name: 'Журнал: ученики и уроки' }).locator('[row-id]').first()).toBeVisible();
	await expect(page.getByText('вы можете вносить изменения')).toBeVisible();
	await page.screenshot({ path: 'test-results/teacher-journal.png', fullPage: false });
});

test('R-3.6 the demo parent sees only their own children', async ({ page, request }) => {
	await signIn(page, 'roditel');
	// One card per child, each headed by a link to the child's diary.
	const children = page.getByLabel('Мои дети').getByRole('region');
	await expect(children).toHaveCount(2);
	await expect(page.getByRole('heading', { name: 'Мои журналы' })).toHaveCount(0);
	await expect(page.getByRole('list', { name: 'Классы школы' })).toHaveCount(0);
	const names = await children.getByRole('heading', { level: 3 }).getByRole('link').allTextContents();
	expect(names).toHaveLength(2);
	await children.first().getByRole('heading', { level: 3 }).getByRole('link').click();
	await expect(page.getByRole('heading', { level: 1, name: names[0], exact: false })).toBeVisible();
	await expect(page.getByLabel('Оценки по предметам')).toBeVisible();
	await page.screenshot({ path: 'test-results/parent-diary.png', fullPage: false });

	// Another child's diary, by typing its address: the same "not found" as a made-up id.
	const ownIds = (await (await page.request.get('/api/me')).json()).childIds as number[];
	const other = ownIds.includes(ownIds[0] + 1) ? Math.max(...ownIds) + 1 : ownIds[0] + 1;
	const response = await page.goto(`/diary/${other}`);
	expect(response?.status()).toBe(404);
	await expect(page.getByText('Ученик не найден.')).toBeVisible();
	void request;
});

test('R-3.2 a login typed while the page is still loading its scripts is kept (slow school network)', async ({ page }) => {
	// Hold the page's scripts back, type, then let them load: hydration must not empty the field.
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto('/login', { waitUntil: 'commit' });
	await page.getByLabel('Логин').fill('uchitel');
	await page.getByLabel('Пароль').fill('demo');
	const hydrated = page.waitForResponse((response) => response.url().includes('/_app/immutable/'));
	release();
	await hydrated;
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Логин')).toHaveValue('uchitel');
	await page.getByRole('button', { name: 'Войти' }).click();
	await expect(page.getByRole('heading', { name: 'Мои журналы' })).toBeVisible();
});
