/**
 * Journal control in the browser at laptop size: a teacher held a test eight
 * days ago and has not marked it; the deputy sees it on journal control and sends the reminders in
 * one action; the teacher finds the reminder on their home page, opens the journal from it and
 * marks the test; the finding leaves the control page and the reminder reads «исправлено».
 */
import { expect, test, type Page } from './fixtures';
import { signIn } from './people';
import { activeStudents, cell, grid, status, typeInto } from './journal-page';

test.use({ viewport: { width: 1366, height: 768 } });

const TOPIC = 'Контрольная работа для проверки журнала';
const DAY = '2026-11-19';

/** The row of the unmarked works table that is this test's work. */
const workRow = (page: Page) =>
	page.getByRole('table', { name: /^Контрольные, лабораторные и практические работы/ }).getByRole('row').filter({ hasText: '19.11.2026' });

test('R-4.5.5 the deputy reminds a teacher of a test unmarked for 8 days; the teacher marks it and the finding disappears', async ({ browser }) => {
	// Two people and a column of marks typed one by one: longer than one page's test.
	test.setTimeout(180_000);
	// The teacher held a test on 19.11 (the school's today is 27.11) and entered no marks.
	const teacher = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 768 } });
	const t = await teacher.newPage();
	await signIn(t, 'uchitel');
	const row = t.getByRole('table', { name: 'Мои журналы' }).getByRole('row').last();
	const className = (await row.getByRole('cell').first().textContent())!.trim();
	const subject = (await row.getByRole('link').first().textContent())!.trim();
	await row.getByRole('link', { name: subject, exact: true }).click();
	await expect(grid(t).locator('[role="gridcell"][col-id="name"]').first()).toBeVisible();
	const journalPath = new URL(t.url()).pathname;
	await t.getByRole('button', { name: '+ Добавить урок' }).click();
	const form = t.getByRole('form', { name: 'Новый урок' });
	await form.getByLabel('Дата').fill(DAY);
	await form.getByLabel('Вид работы').selectOption({ label: 'Контрольная работа (вес 3)' });
	await form.getByLabel('Тема').fill(TOPIC);
	await form.getByRole('button', { name: 'Добавить' }).click();
	await expect(form).toHaveCount(0);

	// The deputy sees it on journal control and sends the reminders.
	const deputy = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 768 } });
	const d = await deputy.newPage();
	await signIn(d, 'zavuch');
	await d.goto('/reports');
	await d.getByRole('link', { name: 'Контроль ведения журналов' }).click();
	const work = workRow(d).filter({ hasText: `${className}${subject}` });
	await expect(work).toHaveCount(1);
	await expect(work).toContainText('Контрольная работа');
	await d.getByRole('button', { name: 'Отправить напоминания учителям' }).click();
	await expect(d.getByText(/^Напоминания отправлены: \d+/)).toBeVisible();
	await d.screenshot({ path: 'test-results/journal-control-sent.png', fullPage: true });

	// The teacher sees the reminder on the home page and opens the journal from it.
	await t.goto('/');
	const notices = t.getByRole('region', { name: 'Замечания по ведению журналов' });
	const finding = notices.getByRole('listitem').filter({ hasText: `${className}, ${subject}, 19.11.2026: Контрольная работа — нет отметки` });
	await expect(finding).toHaveCount(1);
	await t.screenshot({ path: 'test-results/journal-control-teacher.png', fullPage: true });
	await finding.getByRole('link', { name: 'открыть журнал' }).click();
	await expect(t).toHaveURL(new RegExp(`${journalPath}$`));

	// The teacher marks every pupil's test.
	const head = grid(t).getByRole('button', { name: new RegExp(`Тема: ${TOPIC}`) });
	await expect(head).toBeVisible();
	const lessonId = (await head.getAttribute('data-lesson-id'))!;
	for (const student of await activeStudents(t)) {
		await typeInto(t, cell(t, lessonId, student), '4');
		await expect(status(t)).toHaveText('Сохранено');
	}

	// The finding has left journal control; the reminder reads «исправлено» for the deputy and the teacher.
	await d.reload();
	await expect(d.getByRole('heading', { name: 'Контроль ведения журналов', level: 1 })).toBeVisible();
	await expect(workRow(d).filter({ hasText: `${className}${subject}` })).toHaveCount(0);
	const sent = d.getByRole('list', { name: 'Отправленные напоминания' }).getByRole('listitem').filter({ hasText: `${className}, ${subject}, 19.11.2026` }).first();
	await expect(sent.locator('summary')).toHaveText(/· исправлено$/);
	await t.goto('/');
	await expect(finding).toContainText(/—\s*исправлено/);
	await teacher.close();
	await deputy.close();
});
