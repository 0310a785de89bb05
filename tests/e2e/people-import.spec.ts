/**
 * The school's people at a laptop, as the administrator keeps them: adds a student to 7А, opens
 * the student's card, records a departure; then loads a class list from a CSV file, reads the
 * preview row by row and applies it, and sees the new students in the list.
 */
import { expect, test } from './fixtures';
import { signIn } from './people';

const SHOTS = process.env.SCREENSHOT_DIR;

test.use({ viewport: { width: 1366, height: 768 } });

test('R-4.1.3 R-4.3.6 the administrator adds a student, records the departure, and X-IMPORT loads a class list from a CSV', async ({ page }) => {
	await signIn(page, 'admin');
	await page.getByRole('link', { name: 'Ученики, родители, сотрудники' }).click();
	await expect(page.getByRole('heading', { name: 'Ученики, родители, сотрудники' })).toBeVisible();

	await page.getByText('Добавить ученика, родителя или сотрудника').click();
	const add = page.getByRole('form', { name: 'Добавить человека' });
	await add.getByLabel('ученика').check();
	await add.getByLabel('Фамилия').fill('Ёлкина');
	await add.getByLabel('Имя', { exact: true }).fill('Вера');
	await add.getByLabel('Дата рождения').fill('05.09.2013');
	await add.getByRole('combobox', { name: /^Класс/ }).selectOption({ label: '7А' });
	await add.getByLabel('В классе с').fill('2026-11-16');
	await add.getByRole('button', { name: 'Добавить' }).click();
	await expect(page.getByRole('status')).toContainText('Ёлкина Вера — добавлен(а).');
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/people-list.png` });

	await page.getByRole('status').getByRole('link', { name: 'Открыть карточку' }).click();
	await expect(page.getByRole('heading', { name: 'Ёлкина Вера' })).toBeVisible();
	const depart = page.getByRole('form', { name: 'Выбытие' });
	await depart.getByLabel('Последний день в школе').fill('2026-11-20');
	await depart.getByLabel('В какую школу').fill('Гимназия № 2');
	await depart.getByLabel('Причина').fill('переезд');
	await depart.getByRole('button', { name: 'Оформить выбытие' }).click();
	await expect(page.getByRole('status')).toContainText('последний день в школе — 20.11.2026');
	await expect(page.getByRole('table', { name: 'Зачисления' })).toContainText('Гимназия № 2');
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/person-card.png`, fullPage: true });

	await page.goto('/admin/people');
	await page.getByRole('link', { name: 'Загрузить из файла…' }).click();
	const csv = 'Фамилия;Имя;Отчество;Дата рождения;Класс;Родитель 1: Фамилия;Родитель 1: Имя;Родитель 1: Телефон\r\n' +
		'Жукова;Алина;Игоревна;14.02.2013;7А;Жукова;Ольга;+7 900 555-11-22\r\n' +
		'Жуков;Максим;Игоревич;03.06.2015;5а;Жукова;Ольга;+7 900 555-11-22\r\n' +
		'Орлов;Кирилл;;31.02.2014;6А;;;\r\n';
	const check = page.getByRole('form', { name: 'Проверить файл' });
	await check.getByLabel('Файл', { exact: true }).setInputFiles({ name: 'класс.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
	await check.getByRole('button', { name: 'Проверить' }).click();
	const rows = page.getByRole('table', { name: 'Строки файла' });
	await expect(rows.getByRole('row').filter({ hasText: 'Орлов' })).toContainText('Дата рождения — в виде ДД.ММ.ГГГГ');
	await expect(page.getByText('Исправьте строки с ошибками')).toBeVisible();
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/import-refused.png`, fullPage: true });

	await check.getByLabel('Файл', { exact: true }).setInputFiles({ name: 'класс.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.split('\r\n').slice(0, 3).join('\r\n'), 'utf8') });
	await check.getByRole('button', { name: 'Проверить' }).click();
	await expect(rows.getByRole('row').filter({ hasText: 'Жуков Максим' })).toContainText('зачислить в 5А с 01.09.2026');
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/import-preview.png`, fullPage: true });
	await page.getByRole('button', { name: 'Загрузить всё' }).click();
	await expect(page.getByRole('status')).toContainText('Загружено: новых людей — 3, обновлено — 0.');

	// One mother of both children: the file named her twice, the school has her once.
	await page.goto(`/admin/people?kind=parent&q=${encodeURIComponent('Жукова Ольга')}`);
	const mothers = page.getByRole('table', { name: 'Люди школы' }).getByRole('row').filter({ hasText: 'Жукова Ольга' });
	await expect(mothers).toHaveCount(1);
});
