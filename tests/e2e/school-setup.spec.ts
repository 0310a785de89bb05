/**
 * The first start of a real school, as a person does it at a laptop: an empty server (DEMO=0)
 * prints the setup link; the administrator opens it, creates the school and their account, lands
 * on the school years page and creates the first year from the suggested calendar, then a class,
 * two subjects and their lessons a week; loads a class list of 20 pupils with 30 parents (XLSX) and
 * the staff (CSV), makes the class's journals and gives its mathematics to the new teacher, prints
 * the class's activation codes (the PDF read back); a parent and the teacher activate, the teacher
 * gives a mark and the parent sees it. Then the year is rolled over, and in the next year (the
 * server restarted on a later day) the parent still reads last year's mark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { spawnServer, type ChildServer } from '../helpers/process';

const SHOTS = process.env.SCREENSHOT_DIR;

test.use({ viewport: { width: 1366, height: 768 } });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SURNAMES = ['Аксёнов', 'Белов', 'Волков', 'Галкин', 'Дёмин', 'Ершов', 'Жаров', 'Зуев', 'Ильин', 'Киселёв', 'Лапин', 'Мухин', 'Носов', 'Орлов', 'Попов', 'Рыбин', 'Сомов', 'Титов', 'Уваров', 'Фомин'];

/** A class list as a school keeps it: 20 pupils of 7А, each with a mother, the first ten with a father too (30 parents). */
async function classListXlsx(): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('7А');
	sheet.addRow(['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс', 'Родитель 1: Фамилия', 'Родитель 1: Имя', 'Родитель 1: Отчество', 'Родитель 2: Фамилия', 'Родитель 2: Имя', 'Родитель 2: Отчество']);
	SURNAMES.forEach((surname, i) => {
		const day = String(i + 1).padStart(2, '0');
		sheet.addRow([surname, 'Пётр', 'Ильич', `${day}.03.2013`, '7А', `${surname}а`, 'Мария', 'Петровна', ...(i < 10 ? [surname, 'Илья', 'Сергеевич'] : [])]);
	});
	return Buffer.from(await book.xlsx.writeBuffer());
}

/** The text of a PDF, page after page, as a reader's copy-and-paste would give it. */
async function pdfText(pdf: Buffer): Promise<string> {
	const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
	const pages: string[] = [];
	for (let n = 1; n <= document.numPages; n++) pages.push((await (await document.getPage(n)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' '));
	await document.destroy();
	return pages.join(' ').replace(/\s+/g, ' ');
}

/** The code printed on the slip that starts with these words. */
function codeAfter(text: string, words: string): string {
	const found = new RegExp(`${words}.*?([A-Z0-9]{5}-[A-Z0-9]{5})`).exec(text);
	expect(found, words).not.toBeNull();
	return found![1];
}

/** A new person's browser: activates the code with a login, and is signed in. */
async function activated(browser: Browser, base: string, code: string, login: string): Promise<Page> {
	const page = await (await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 768 } })).newPage();
	await page.goto(`${base}/activate`);
	await page.getByLabel('Код активации').fill(code);
	await page.getByLabel('Придумайте логин').fill(login);
	await page.getByLabel('Новый пароль (не короче 8 символов)').fill(`${login}-пароль-1`);
	await page.getByLabel('Пароль ещё раз').fill(`${login}-пароль-1`);
	await page.getByRole('button', { name: 'Продолжить' }).click();
	await expect(page).toHaveURL(`${base}/`);
	return page;
}

/** A person's browser signed in with the password `activated` gave them. */
async function signedInPage(browser: Browser, base: string, login: string): Promise<Page> {
	const page = await (await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } })).newPage();
	await page.goto(`${base}/login`);
	await page.getByLabel('Логин').fill(login);
	await page.getByLabel('Пароль').fill(`${login}-пароль-1`);
	await page.getByRole('button', { name: /Войти/ }).click();
	await expect(page).toHaveURL(`${base}/`);
	return page;
}

test('R-4.1.5 R-2.4 a new school is set up from the printed link: its year, a class and the curriculum, a class list and the staff from files, the load, the class’s codes on paper; a parent and a teacher activate, a mark reaches the parent, and after the rollover the parent still reads last year’s mark', async ({ page, browser }) => {
	test.setTimeout(420_000);
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-e2e-setup-'));
	let server: ChildServer | undefined;
	try {
		server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: '', DEMO: '0' });
		const printed = /Откройте ссылку[^\n]*\n\s*(http:\/\/\S+)/.exec(server.output());
		expect(printed, server.output()).not.toBeNull();
		const link = server.url + new URL(printed![1]).pathname;

		await page.goto(link);
		await expect(page.getByRole('heading', { name: 'Первая настройка журнала' })).toBeVisible();
		await page.getByLabel('Полное название').fill('МБОУ «Лицей № 3»');
		await page.getByLabel('Краткое название').fill('Лицей № 3');
		await page.getByLabel('Часовой пояс').selectOption({ label: 'Екатеринбург (МСК+2)' });
		await page.getByLabel('шесть дней').check();
		await expect(page.getByLabel('Урок 1: начало')).toHaveValue('08:30');
		await page.getByLabel('Урок 7: начало').fill('');
		await page.getByLabel('Урок 7: конец').fill('');
		await page.getByLabel('Фамилия').fill('Сидорова');
		await page.getByLabel('Имя', { exact: true }).fill('Нина');
		await page.getByLabel('Логин').fill('sidorova');
		await page.getByLabel('Пароль (не короче 8 символов)').fill('первый-пароль');
		await page.getByLabel('Пароль ещё раз').fill('другой-пароль');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'setup-form.png'), fullPage: true });
		await page.getByRole('button', { name: 'Создать школу' }).click();
		await expect(page.getByRole('alert')).toHaveText('Пароли не совпадают.');
		// What was typed stays, except the passwords.
		await expect(page.getByLabel('Полное название')).toHaveValue('МБОУ «Лицей № 3»');
		await expect(page.getByLabel('шесть дней')).toBeChecked();
		await page.getByLabel('Пароль (не короче 8 символов)').fill('первый-пароль');
		await page.getByLabel('Пароль ещё раз').fill('первый-пароль');
		await page.getByRole('button', { name: 'Создать школу' }).click();

		await expect(page).toHaveURL(/\/admin\/year$/);
		await expect(page.getByRole('heading', { name: 'Учебные годы' })).toBeVisible();
		await expect(page.getByText('Сидорова Нина')).toBeVisible();
		await expect(page.getByLabel('Первый день года')).toHaveValue('2026-09-01');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'year-form.png'), fullPage: true });
		await page.getByRole('button', { name: 'Создать учебный год' }).click();
		await expect(page.getByRole('status')).toContainText('Учебный год 2026/2027 создан.');
		await expect(page.getByRole('table', { name: 'Учебные годы' })).toContainText('01.09.2026 — 31.05.2027');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'year-created.png'), fullPage: true });

		// Then its classes, subjects and curriculum.
		await page.getByRole('status').getByRole('link', { name: 'классы' }).click();
		await expect(page.getByRole('heading', { name: 'Классы 2026/2027' })).toBeVisible();
		await page.getByLabel('Параллель').selectOption('7');
		await page.getByLabel('Буква').fill('а');
		await page.getByRole('button', { name: 'Добавить', exact: true }).click();
		await expect(page.getByRole('status')).toHaveText('Класс 7А добавлен.');
		await expect(page.getByRole('table', { name: 'Классы' })).toContainText('7А');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'classes.png'), fullPage: true });

		await page.goto(server.url + '/');
		await page.getByRole('link', { name: 'Предметы и учебный план' }).click();
		for (const subject of ['Математика', 'Русский язык']) {
			await page.getByRole('form', { name: 'Добавить предмет' }).getByLabel('Название').fill(subject);
			await page.getByRole('button', { name: 'Добавить предмет' }).click();
			await expect(page.getByRole('status')).toHaveText(`Предмет «${subject}» добавлен.`);
		}
		await page.getByLabel('Математика, 5 класс').fill('5');
		await page.getByLabel('Русский язык, 5 класс').fill('4,5');
		await page.getByLabel('Математика, 7 класс').fill('5');
		await page.getByRole('button', { name: 'Сохранить учебный план' }).click();
		await expect(page.getByRole('status')).toHaveText('Учебный план на 2026/2027 сохранён.');
		await expect(page.getByLabel('Русский язык, 5 класс')).toHaveValue('4,5');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'subjects.png'), fullPage: true });

		// The link is spent.
		await page.goto(link);
		await expect(page.getByText('Ссылка для первой настройки недействительна')).toBeVisible();
		await page.goto(server.url + '/');
		await expect(page.getByRole('heading', { name: 'МБОУ «Лицей № 3»' })).toBeVisible();
		// A class list of 20 pupils with 30 parents from an XLSX, and the staff from a CSV.
		await page.goto(server.url + '/admin/import');
		const check = page.getByRole('form', { name: 'Проверить файл' });
		await check.getByLabel('Что в файле').selectOption('students');
		await check.getByLabel('Файл', { exact: true }).setInputFiles({ name: 'класс-7а.xlsx', mimeType: XLSX_TYPE, buffer: await classListXlsx() });
		await check.getByRole('button', { name: 'Проверить' }).click();
		await expect(page.getByRole('table', { name: 'Строки файла' }).getByRole('row')).toHaveCount(21);
		await page.getByRole('button', { name: 'Загрузить всё' }).click();
		await expect(page.getByRole('status')).toContainText('Загружено: новых людей — 50, обновлено — 0.');
		await check.getByLabel('Что в файле').selectOption('staff');
		const staffCsv = 'Фамилия;Имя;Отчество;Дата рождения;Роли\r\nСчётова;Анна;Ивановна;01.02.1980;учитель\r\n';
		await check.getByLabel('Файл', { exact: true }).setInputFiles({ name: 'сотрудники.csv', mimeType: 'text/csv', buffer: Buffer.from(staffCsv, 'utf8') });
		await check.getByRole('button', { name: 'Проверить' }).click();
		await page.getByRole('button', { name: 'Загрузить всё' }).click();
		await expect(page.getByRole('status')).toContainText('Загружено: новых людей — 1, обновлено — 0.');

		// The class's journals from the curriculum, and the teacher on its mathematics.
		await page.goto(server.url + '/admin/groups');
		await page.getByRole('form', { name: 'Класс' }).getByLabel('Класс').selectOption({ label: '7А' });
		await page.getByRole('button', { name: 'Показать' }).click();
		await page.getByRole('button', { name: 'Создать журналы по учебному плану' }).click();
		await expect(page.getByRole('status')).toBeVisible();
		await page.goto(server.url + '/admin/load');
		await page.getByRole('form', { name: 'Что показать' }).getByLabel('Класс').selectOption({ label: '7А' });
		await page.getByRole('button', { name: 'Показать' }).click();
		const assign = page.getByRole('form', { name: 'Назначить учителя: 7А, Математика' });
		const teacherOption = await assign.getByLabel('Учитель').locator('option', { hasText: 'Счётова' }).getAttribute('value');
		await assign.getByLabel('Учитель').selectOption(teacherOption!);
		await assign.getByRole('button', { name: 'Назначить' }).click();
		await expect(page.getByRole('status')).toContainText('Счётова');

		// The class's codes on paper: the PDF's text read back.
		await page.goto(server.url + '/');
		await page.getByRole('link', { name: '7А', exact: true }).click();
		await expect(page.getByRole('heading', { name: '7А класс' })).toBeVisible();
		// The slips open in a new tab; the test keeps the PDF the server sent.
		let slips: { type: string | undefined; body: Buffer } | undefined;
		await page.context().route('**/codes-pdf', async (route) => {
			const response = await route.fetch();
			slips = { type: response.headers()['content-type'], body: await response.body() };
			await route.fulfill({ response });
		});
		const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Коды активации для всех не активированных (PDF, 50)' }).click()]);
		await expect.poll(() => slips?.type).toBe('application/pdf');
		await tab.close();
		const slipText = await pdfText(slips!.body);
		expect(slipText).toContain('Аксёнов Пётр Ильич');
		expect(slipText).toContain('разрежьте по пунктиру');
		expect(slipText.match(/[A-Z0-9]{5}-[A-Z0-9]{5}/g)).toHaveLength(50);
		const parentCode = codeAfter(slipText, 'Аксёнова Мария Петровна');
		await page.reload();
		await expect(page.getByRole('button', { name: /Отозвать все неиспользованные коды класса \(50\)/ })).toBeVisible();
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'class-codes.png'), fullPage: false });

		// The teacher's own code from the staff page.
		await page.goto(server.url + '/admin/staff');
		await page.getByRole('row').filter({ hasText: 'Счётова' }).getByRole('button', { name: 'выдать' }).click();
		const teacherCode = (await page.locator('.slip code').innerText()).trim();

		// The parent and the teacher activate; the teacher gives a mark; the parent sees it.
		const parent = await activated(browser, server.url, parentCode, 'aksenova');
		const teacher = await activated(browser, server.url, teacherCode, 'schetova');
		await teacher.getByRole('row').filter({ hasText: '7А' }).getByRole('link', { name: 'Математика' }).click();
		await expect(teacher.getByRole('heading', { name: '7А · Математика' })).toBeVisible();
		await teacher.getByRole('button', { name: '+ Добавить урок' }).click();
		const lesson = teacher.getByRole('form', { name: 'Новый урок' });
		await lesson.getByLabel('Тема').fill('Линейные уравнения');
		await lesson.getByRole('button', { name: 'Добавить' }).click();
		await expect(lesson).toHaveCount(0);
		const head = teacher.getByRole('region', { name: 'Журнал: ученики и уроки' }).getByRole('button', { name: /Тема: Линейные уравнения/ });
		const lessonId = await head.getAttribute('data-lesson-id');
		const petr = teacher.getByRole('region', { name: 'Журнал: ученики и уроки' }).locator('[row-index="0"] [role="gridcell"][col-id="l' + lessonId + '"]');
		await petr.click();
		await teacher.keyboard.type('5');
		await teacher.keyboard.press('Enter');
		await expect(teacher.getByRole('status', { name: 'Состояние сохранения' })).toHaveText('Сохранено');
		await parent.goto(server.url + '/');
		await parent.getByRole('link', { name: /Аксёнов Пётр/ }).first().click();
		const marks = parent.getByLabel('Оценки по предметам');
		await expect(marks).toContainText('Математика');
		await expect(marks).toContainText('5');

		// The year ends: the next year, then the rollover; a year later the parent still reads the mark.
		await page.goto(server.url + '/admin/year');
		await page.getByRole('button', { name: 'Создать учебный год' }).click();
		await expect(page.getByRole('status')).toContainText('Учебный год 2027/2028 создан.');
		await expect(page.getByText('Переход: 7А → 8А')).toBeVisible();
		await page.getByRole('button', { name: 'Перевести классы и закрыть год' }).click();
		await expect(page.getByRole('status')).toContainText('Классы переведены в 2027/2028');
		await expect(page.getByRole('table', { name: 'Учебные годы' })).toContainText('(закрыт, только чтение)');
		if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'year-rollover.png'), fullPage: true });
		await parent.context().close();
		await teacher.context().close();
		await server.stop();
		server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: '', DEMO: '0', TODAY: '2027-09-15' });
		const nextYear = await signedInPage(browser, server.url, 'aksenova');
		await nextYear.getByRole('link', { name: /Аксёнов Пётр/ }).first().click();
		const years = nextYear.getByRole('navigation', { name: 'Учебные годы' });
		await expect(years).toContainText('2027/2028 · 8А');
		await years.getByRole('link', { name: '2026/2027 · 7А' }).click();
		await expect(nextYear.getByText('2026/2027 учебный год: дневник и оценки, как они были к его концу.')).toBeVisible();
		await nextYear.getByRole('navigation', { name: 'Периоды' }).getByRole('link', { name: 'Год' }).click();
		await expect(nextYear.getByLabel('Оценки по предметам')).toContainText('Математика');
		await expect(nextYear.getByLabel('Оценки по предметам')).toContainText('5');
	} finally {
		await server?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
});
