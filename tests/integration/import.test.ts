/**
 * Importing people from a school's spreadsheet through the real server (X-IMPORT): the
 * administrator uploads a CSV or XLSX to `/admin/import`, reads per row what would be created,
 * updated or refused, and applies the file whole in one transaction. A file with errors changes
 * nothing and lists each bad row; the same file imported twice changes nothing the second time.
 *
 * The world: the year 2026/2027 with 5А and 5Б; today is 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { unflatten } from 'devalue';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, type Account, type Klass } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let admin: Account;
let teacher: Account;
let classes: { a: Klass; b: Klass };

interface PlanRow {
	line: number;
	who: string;
	outcome: 'create' | 'update' | 'same' | 'refuse';
	notes: string[];
}

/** Posts the file to a form action of the import page as the page's script does; the action's status and data. */
async function upload(who: Account, action: 'preview' | 'apply', kind: string, bytes: Uint8Array, name: string) {
	const client = await as(who);
	const form = new FormData();
	form.set('kind', kind);
	form.set('file', new Blob([bytes as BlobPart]), name);
	const response = await fetch(`${school.server.url}/admin/import?/${action}`, {
		method: 'POST',
		body: form,
		headers: { origin: school.server.url, cookie: client.cookieHeader(), accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	const body = await response.json();
	return { status: body.status ?? response.status, type: body.type as string, data: body.data ? (unflatten(JSON.parse(body.data)) as any) : undefined };
}

/** Windows-1251 bytes of a text (Cyrillic and ASCII), as Excel on Windows saves a CSV. */
function cp1251(text: string): Uint8Array {
	const decoder = new TextDecoder('windows-1251');
	const table = new Map<string, number>();
	for (let b = 0x80; b <= 0xff; b++) table.set(decoder.decode(new Uint8Array([b])), b);
	return new Uint8Array([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : (table.get(ch) ?? 0x3f))));
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
	const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		all.set(p, at);
		at += p.length;
	}
	return all;
};

/** People, enrolments, memberships, links, roles and audit rows, to prove an import changed nothing. */
async function snapshot() {
	const [row] = await sql`select (select count(*) from person)::int as people, (select count(*) from enrolment)::int as enrolments,
		(select count(*) from group_member)::int as members, (select count(*) from guardian)::int as guardians,
		(select count(*) from staff_role)::int as roles, (select count(*) from audit_log)::int as audits,
		(select md5(string_agg(concat_ws('|', last_name, first_name, middle_name, birth_date, phone, email, school_key), ',' order by id)) from person) as data`;
	return row;
}

/** An XLSX of 20 students of 5А and 5Б: the first ten with two parents, the others with one (30 parents). */
async function classListXlsx(): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Список');
	sheet.addRow(['Номер', 'Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс', 'Родитель 1: Фамилия', 'Родитель 1: Имя', 'Родитель 1: Отчество', 'Родитель 1: Телефон', 'Родитель 2: Фамилия', 'Родитель 2: Имя', 'Родитель 2: Телефон', 'Примечание']);
	const surnames = ['Волков', 'Зайцев', 'Соколов', 'Лебедев', 'Морозов', 'Новиков', 'Козлов', 'Павлов', 'Семёнов', 'Голубев'];
	for (let i = 0; i < 20; i++) {
		const last = surnames[i % 10] + (i >= 10 ? 'ский' : '');
		const row: ExcelJS.CellValue[] = [`У-${100 + i}`, last, i % 2 ? 'Мария' : 'Иван', 'Андреевич', new Date(Date.UTC(2015, i % 12, 1 + i)), i < 10 ? '5А' : '5б'];
		row.push(`${last}а`, 'Елена', 'Петровна', `+7 900 000-00-${String(i).padStart(2, '0')}`);
		row.push(...(i < 10 ? [last, 'Андрей', `+7 901 000-00-${String(i).padStart(2, '0')}`] : ['', '', '']), 'любая заметка');
		sheet.addRow(row);
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	({ admin, teacher, classes } = await buildWorld(async (make) => {
		await make.year();
		const classes = { a: await make.class({ grade: 5, letter: 'А' }), b: await make.class({ grade: 5, letter: 'Б' }) };
		const admin = await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'teacher' });
		await make.student('Иванов Пётр Сергеевич', { class: classes.a });
		return { admin, teacher, classes };
	}));
	// The factory's student has no date of birth; give him one, as the school's files do.
	await sql`update person set birth_date = '2015-03-12' where last_name = 'Иванов'`;
}, 120_000);

afterAll(async () => {
	await school?.stop();
});

describe('X-IMPORT a file with errors changes nothing and lists each bad row', () => {
	test('an unknown class, a person twice, a bad date and a row in another encoding are each refused; applying refuses the whole file', async () => {
		const head = 'Фамилия;Имя;Отчество;Дата рождения;Класс;Родитель 1: Фамилия;Родитель 1: Имя\r\n';
		const good = 'Смирнова;Анна;Олеговна;05.09.2015;5А;Смирнова;Ольга\r\n';
		const unknownClass = 'Кузнецов;Олег;;01.02.2015;9В;;\r\n';
		const twice = 'Смирнова;Анна;Олеговна;05.09.2015;5Б;;\r\n';
		const badDate = 'Попов;Илья;;31.02.2015;5А;;\r\n';
		const otherEncoding = cp1251('Фёдоров;Глеб;;03.03.2015;5А;;\r\n');
		const file = concat(utf8(head + good + unknownClass + twice + badDate), otherEncoding);
		const before = await snapshot();

		const preview = await upload(admin, 'preview', 'students', file, 'класс.csv');
		expect(preview.status).toBe(200);
		const rows: PlanRow[] = preview.data.preview.plan.rows;
		expect(rows.map((r) => [r.line, r.outcome, r.outcome === 'refuse' ? r.notes[0] : ''])).toEqual([
			[2, 'create', ''],
			[3, 'refuse', 'Класса «9В» в этом учебном году нет.'],
			[4, 'refuse', 'Этот человек уже есть в строке 2 файла.'],
			[5, 'refuse', 'Дата рождения — в виде ДД.ММ.ГГГГ, например 05.09.2015.'],
			[6, 'refuse', 'Текст строки искажён: похоже, она сохранена в другой кодировке. Сохраните файл в UTF-8 или Windows-1251.']
		]);
		expect(rows[0].notes).toEqual(['новый человек', 'зачислить в 5А с 01.09.2026', 'родитель Смирнова Ольга: новый']);
		expect(await snapshot()).toEqual(before);

		const applied = await upload(admin, 'apply', 'students', file, 'класс.csv');
		expect(applied.status).toBe(400);
		expect(applied.data.message).toBe('Файл не загружен: строк с ошибками — 4. Исправьте их и загрузите файл снова.');
		expect(applied.data.preview.plan.refused).toBe(4);
		expect(await snapshot()).toEqual(before);
	});

	test('a file that is not a table, a file without the required columns, and a teacher are refused', async () => {
		const before = await snapshot();
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
		expect((await upload(admin, 'preview', 'students', png, 'фото.png')).data.message).toBe('Файл не читается как CSV или XLSX: сохраните таблицу в одном из этих форматов.');
		expect((await upload(admin, 'apply', 'students', utf8('ФИО,Класс\r\nИванов Иван,5А\r\n'), 'x.csv')).data.message).toBe(
			'В файле нет обязательных столбцов: «Фамилия», «Имя». Возьмите заголовки из шаблона.'
		);
		expect((await upload(teacher, 'apply', 'staff', utf8('Фамилия,Имя,Роли\r\nОрлов,Денис,администратор\r\n'), 'x.csv')).status).toBe(403);
		expect(await snapshot()).toEqual(before);
	});
});

describe('X-IMPORT a class list with parents', () => {
	test('an XLSX of 20 students and 30 parents creates them with class membership and parent links, in one audited change', async () => {
		const file = await classListXlsx();
		const preview = await upload(admin, 'preview', 'students', file, 'список.xlsx');
		expect(preview.data.preview.plan).toMatchObject({ created: 20, updated: 0, unchanged: 0, refused: 0 });
		expect(preview.data.preview.ignoredColumns).toEqual(['Примечание']);
		const before = await snapshot();

		const applied = await upload(admin, 'apply', 'students', file, 'список.xlsx');
		expect(applied.status).toBe(200);
		expect(applied.data.applied.message).toBe('Загружено: новых людей — 50, обновлено — 0.');
		const after = await snapshot();
		expect(after.people - before.people).toBe(50);
		expect(after.enrolments - before.enrolments).toBe(20);
		expect(after.members - before.members).toBe(20);
		expect(after.guardians - before.guardians).toBe(30);
		expect(after.audits - before.audits).toBe(1);
		const [counts] = await sql`select
			(select count(*)::int from enrolment e join person p on p.id = e.student_id where e.class_id = ${classes.a.id} and p.school_key like 'У-%') as in_a,
			(select count(*)::int from group_member m join person p on p.id = m.student_id where m.group_id = ${classes.b.wholeClass.id} and m.from_on = '2026-09-01') as in_b`;
		expect(counts).toEqual({ in_a: 10, in_b: 10 });
		const [volkov] = await sql`select p.birth_date, (select string_agg(pp.first_name, ',' order by pp.first_name) from guardian g join person pp on pp.id = g.parent_id where g.student_id = p.id) as parents
			from person p where p.school_key = 'У-100'`;
		expect(volkov).toEqual({ birth_date: '2015-01-01', parents: 'Андрей,Елена' });
		const [audit] = await sql`select action, actor_id, jsonb_array_length(new_value -> 'created') as created from audit_log where entity = 'import'`;
		expect(audit).toEqual({ action: 'import.apply', actor_id: admin.id, created: 50 });
	});

	test('the same file imported twice changes nothing', async () => {
		const file = await classListXlsx();
		const before = await snapshot();
		const preview = await upload(admin, 'preview', 'students', file, 'список.xlsx');
		expect(preview.data.preview.plan).toMatchObject({ created: 0, updated: 0, unchanged: 20, refused: 0 });
		const applied = await upload(admin, 'apply', 'students', file, 'список.xlsx');
		expect(applied.data.applied.message).toBe('Всё в файле уже есть в журнале: ничего не изменится.');
		expect(await snapshot()).toEqual(before);
	});

	test('a Windows-1251 CSV with «,» matches a known student by name and date of birth and adds only what is new', async () => {
		const file = cp1251('Фамилия,Имя,Отчество,Дата рождения,Класс,Родитель 1: Фамилия,Родитель 1: Имя,Родитель 1: Телефон\r\nИванов,Пётр,Сергеевич,12.03.2015,5А,Иванова,Мария,+7 902 111-22-33\r\n');
		const before = await snapshot();
		const preview = await upload(admin, 'preview', 'students', file, 'иванов.csv');
		const [row] = preview.data.preview.plan.rows as PlanRow[];
		expect(row).toMatchObject({ who: 'Иванов Пётр Сергеевич, 5А', outcome: 'update', notes: ['родитель Иванова Мария: новый'] });
		expect((await upload(admin, 'apply', 'students', file, 'иванов.csv')).status).toBe(200);
		expect((await snapshot()).people - before.people).toBe(1);
		const again = await snapshot();
		expect((await upload(admin, 'apply', 'students', file, 'иванов.csv')).data.applied.message).toBe('Всё в файле уже есть в журнале: ничего не изменится.');
		expect(await snapshot()).toEqual(again);
	});
});

describe('X-IMPORT staff', () => {
	test('a staff CSV gives roles; imported twice it changes nothing; the templates download and read back', async () => {
		const file = utf8('\uFEFFНомер;Фамилия;Имя;Отчество;Телефон;Роли\r\nТ-1;Орлов;Денис;Игоревич;+7 903 000-00-01;учитель\r\nТ-2;Белова;Ирина;;;"заместитель директора, учитель"\r\n');
		const applied = await upload(admin, 'apply', 'staff', file, 'сотрудники.csv');
		expect(applied.data.applied.message).toBe('Загружено: новых людей — 2, обновлено — 0.');
		expect(await sql`select p.school_key, string_agg(r.role, ',' order by r.role) as roles from person p join staff_role r on r.person_id = p.id where p.school_key like 'Т-%' group by p.school_key order by 1`).toEqual([
			{ school_key: 'Т-1', roles: 'teacher' },
			{ school_key: 'Т-2', roles: 'deputy,teacher' }
		]);
		const before = await snapshot();
		expect((await upload(admin, 'apply', 'staff', file, 'сотрудники.csv')).data.applied.message).toBe('Всё в файле уже есть в журнале: ничего не изменится.');
		expect(await snapshot()).toEqual(before);

		const client = await as(admin);
		const xlsx = await client.request('/admin/import/template?kind=students&format=xlsx');
		expect(xlsx.status).toBe(200);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await xlsx.arrayBuffer());
		expect(workbook.worksheets[0].getRow(1).getCell(2).value).toBe('Фамилия');
		const csv = await client.request('/admin/import/template?kind=staff&format=csv');
		// UTF-8 with a BOM, so that Excel opens the Cyrillic right.
		const bytes = new Uint8Array(await csv.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(bytes).split('\r\n')[0]).toBe('Номер;Фамилия;Имя;Отчество;Дата рождения;Телефон;Почта;Роли');
		expect((await (await as(teacher)).request('/admin/import/template?kind=staff&format=csv')).status).toBe(403);
	});
});
