/**
 * What the journal's browser tests share: open the 7А Russian journal as a demo person, find its
 * grid, cells, lesson columns and save status, and type into a cell as a teacher would.
 */
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from './fixtures';
import { signIn } from './people';

export const SUBJECT = 'Русский язык';
export const CLASS = '7А';

// The journal's address on each server the tests use, found once by clicking through.
const journalPaths = new Map<string, string>();

/**
 * What AG Grid reported as errors on the journal pages opened so far (a feature used without its
 * module says so on the console): a test ends with `expect(gridErrors).toEqual([])`.
 */
export const gridErrors: string[] = [];

/** Options of a new browser context for one person. */
export interface PersonOptions {
	viewport?: { width: number; height: number };
	/** Another server than the configured one (a test that restarts its own). */
	baseURL?: string;
}

/** A signed-in page on the 7А Russian journal, its sheet loaded from the live document. */
export async function openJournal(browser: Browser, login: string, options: PersonOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
	const baseURL = options.baseURL ?? test.info().project.use.baseURL!;
	const context = await browser.newContext({ locale: 'ru-RU', ...options, baseURL });
	const page = await context.newPage();
	page.on('console', (message) => {
		if (message.type() === 'error' && /AG Grid/i.test(message.text())) gridErrors.push(message.text());
	});
	await signIn(page, login);
	const known = journalPaths.get(baseURL);
	if (!known) {
		await page.getByRole('row').filter({ hasText: CLASS }).getByRole('link', { name: SUBJECT }).click();
		await expect(page).toHaveURL(/\/journal\/\d+$/);
		journalPaths.set(baseURL, new URL(page.url()).pathname);
	} else await page.goto(known);
	await expect(page.getByRole('heading', { name: `${CLASS} · ${SUBJECT}` })).toBeVisible();
	await expect(grid(page).locator('[role="gridcell"][col-id="name"]').first()).toBeVisible();
	return { context, page };
}

/** The journal's grid. */
export function grid(page: Page): Locator {
	return page.getByRole('region', { name: 'Журнал: ученики и уроки' });
}

/** The save status line. */
export function status(page: Page): Locator {
	return page.getByRole('status', { name: 'Состояние сохранения' });
}

/** One cell of a lesson column. */
export function cell(page: Page, lessonId: string, studentId: string): Locator {
	return grid(page).locator(`[row-id="${studentId}"] [role="gridcell"][col-id="l${lessonId}"]`);
}

/** The latest lessons rendered in the header, newest first (the sheet opens scrolled to the end). */
export async function latestLessons(page: Page): Promise<string[]> {
	const heads = await grid(page).locator('.lesson-head').evaluateAll((els) =>
		els.map((el) => ({ id: (el as HTMLElement).dataset.lessonId!, date: (el as HTMLElement).dataset.date! }))
	);
	return heads.sort((a, b) => (a.date === b.date ? Number(b.id) - Number(a.id) : a.date < b.date ? 1 : -1)).map((h) => h.id);
}

/** Student ids of the rows of students still in the group, top to bottom. */
export async function activeStudents(page: Page): Promise<string[]> {
	const rows = grid(page).locator('[row-id]:not(.row-departed)');
	const ids = await rows.evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('row-id')!, index: Number(el.getAttribute('row-index')) })));
	return [...new Map(ids.map((r) => [r.id, r])).values()].sort((a, b) => a.index - b.index).map((r) => r.id);
}

/** A mark different from what the cell shows now, so the edit is a real change. */
export async function anotherMark(target: Locator, wanted = '3', instead = '4'): Promise<string> {
	return (await target.textContent()) === wanted ? instead : wanted;
}

/**
 * Focuses a cell with a click, then types as a teacher would. Playwright types letters missing
 * from its US keyboard without a keydown, so the editor is opened with F2 before a Cyrillic code.
 */
export async function typeInto(page: Page, target: Locator, text: string, key = 'Enter') {
	await target.click();
	if (!/^[\x20-\x7e]/.test(text)) {
		await page.keyboard.press('F2');
		await page.keyboard.press('Control+a');
	}
	await page.keyboard.type(text);
	await page.keyboard.press(key);
}
