/**
 * The printed journal of a group through the real server on both back-ends: the
 * PDF is read back and holds the school, the journal, a pupil's name, a known mark and absence,
 * a lesson's topic and homework, the period and a signature block; a period of more dates than a
 * page holds prints over several grid pages; the journal's teacher, its class teacher and the
 * administration print it; a parent and a teacher of another subject are refused.
 *
 * The world (today 27.11.2026, the 2nd quarter under way): 7А, algebra taught by Петрова, class
 * teacher Кузнецова; 23 algebra lessons in November, the first «Квадратные уравнения» with
 * homework «§12, № 3»; Иванов «5/4» on it, Смирнова «н» on the second, Орлов «3» on the last.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addLesson, buildWorld, fillCells, type Account, type Journal, type Klass, type Person, type Year } from '../factories';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { pdfPages } from '../helpers/pdf';

let school: TestSchool;
let as: SignedIn;
let w: { year: Year; teacher: Account; classTeacher: Account; other: Account; deputy: Account; parent: Account; klass: Klass; algebra: Journal; ivanov: Person; smirnova: Person; orlov: Person };

// The school days (Monday to Saturday) of the quarter up to the 27th, two lessons on Mondays: 23 lessons.
const DAYS = Array.from({ length: 27 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`).filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() !== 0 && d >= '2026-11-05');

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const year = await make.year();
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'print-algebra' });
		const classTeacher = await make.teacher('Кузнецова Ирина Олеговна', { login: 'print-klruk' });
		const other = await make.teacher('Соколов Павел Андреевич', { login: 'print-history' });
		const deputy = await make.staff('Морозова Елена Петровна', ['deputy'], { login: 'print-zavuch' });
		const klass = await make.class({ grade: 7, letter: 'А', classTeacher });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: klass });
		const smirnova = await make.student('Смирнова Ольга Андреевна', { class: klass });
		const orlov = await make.student('Орлов Иван Юрьевич', { class: klass });
		const algebra = await make.journal({ group: klass, subject: await make.subject('Алгебра'), teachers: [teacher] });
		await make.journal({ group: klass, subject: await make.subject('История'), teachers: [other] });
		const parent = await make.parent('Иванова Елена Викторовна', { children: [ivanov], login: 'print-roditel' });
		return { year, teacher, classTeacher, other, deputy, parent, klass, algebra, ivanov, smirnova, orlov };
	});
	const petrova = await as(w.teacher);
	const lessons = [];
	for (const day of DAYS) {
		const monday = new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
		for (const lessonNo of monday ? [1, 2] : [1])
			lessons.push(
				await addLesson(petrova, w.algebra, day === DAYS[0] ? { date: day, lessonNo, topic: 'Квадратные уравнения', homework: '§12, № 3' } : { date: day, lessonNo, topic: `Урок ${day.slice(8)}.${lessonNo}` })
			);
	}
	expect(lessons.length).toBeGreaterThan(22);
	await fillCells(school.server.url, petrova, w.algebra, [
		{ lesson: lessons[0], student: w.ivanov, marks: [5, 4] },
		{ lesson: lessons[1], student: w.smirnova, absence: 'н' },
		{ lesson: lessons.at(-1)!, student: w.orlov, marks: [3] }
	]);
}, 60_000);

afterAll(async () => {
	await school?.stop();
});

const print = (period: string) => `/reports/journal/${w.algebra.id}/print?period=${period}`;

describe('R-2.3 R-6.3 the printed journal of a group for a period', () => {
	test('the PDF holds the school, the journal, the pupils, a known mark and absence, the lessons’ topics and homework, and a signature block', async () => {
		const q2 = w.year.period('2 четверть');
		const response = await (await as(w.teacher)).request(print(String(q2.id)));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		const pages = await pdfPages(new Uint8Array(await response.arrayBuffer()));
		const text = pages.join('\n');
		expect(text).toContain('МБОУ «Школа № 1»');
		expect(text).toContain('Классный журнал: 7А, Алгебра');
		expect(text).toContain('Учитель: Петрова Анна Ивановна');
		expect(text).toContain('Период: 2 четверть (05.11.2026–27.12.2026)');
		expect(text).toContain('Дата печати: 27.11.2026');
		// The grid: more dates than a page holds, so two sheets, each with every pupil.
		expect(text).toContain('Отметки и пропуски (лист 1 из 2)');
		expect(text).toContain('Отметки и пропуски (лист 2 из 2)');
		const grid = pages.filter((p) => p.includes('Отметки и пропуски'));
		expect(grid).toHaveLength(2);
		for (const page of grid) for (const name of ['Иванов Пётр', 'Смирнова Ольга', 'Орлов Иван']) expect(page).toContain(name);
		expect(grid[0]).toMatch(/05\.11 .*Иванов Пётр 5\/4 /);
		expect(grid[0]).toMatch(/Смирнова Ольга {1,2}н /);
		// The period's mark column comes on the last sheet only.
		expect(grid[1]).toContain('2 четверть');
		expect(grid[1]).toMatch(/Орлов Иван .*3/);
		// The lessons' pages after the grid.
		const lessonsPage = pages.findIndex((p) => p.includes('Проведённые уроки'));
		expect(lessonsPage).toBeGreaterThan(pages.indexOf(grid[1]));
		const lessonsText = pages.slice(lessonsPage).join(' ');
		expect(lessonsText).toContain('05.11.2026 Квадратные уравнения §12, № 3');
		expect(lessonsText).toContain('Урок 27.1');
		expect(lessonsText).toContain('Учитель: ____');
		expect(lessonsText).toContain('Заместитель директора: ____');
	});

	test('the whole year prints with every quarter’s and the year’s mark column', async () => {
		const response = await (await as(w.teacher)).request(print('year'));
		expect(response.status).toBe(200);
		const text = (await pdfPages(new Uint8Array(await response.arrayBuffer()))).join('\n');
		expect(text).toContain('Период: Учебный год (01.09.2026–');
		for (const title of ['1 четверть', '2 четверть', '3 четверть', '4 четверть', 'Год']) expect(text).toContain(title);
		expect(text).toContain('Квадратные уравнения');
	});

	test('X-IMPORT the same journal exported as XLSX: every date in one sheet, a lone mark a number, «5/4» and «н» as written, the lessons in another sheet', async () => {
		const q2 = w.year.period('2 четверть');
		const response = await (await as(w.teacher)).request(`${print(String(q2.id))}&format=xlsx`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(decodeURIComponent(response.headers.get('content-disposition') ?? '')).toContain('Журнал 7А Алгебра 2 четверть 27.11.2026.xlsx');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await response.arrayBuffer());
		const marks = workbook.getWorksheet('Отметки')!;
		const rows = marks.getSheetValues().filter(Boolean) as ExcelJS.CellValue[][];
		expect(rows[0][1]).toBe('МБОУ «Школа № 1»');
		const header = rows.find((r) => r[1] === '№')!;
		// Every lesson date of the quarter so far (23 lessons), then the quarter's mark column.
		expect(header.slice(3)).toHaveLength(DAYS.length + DAYS.filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1).length + 1);
		expect(header.at(-1)).toBe('2 четверть');
		const row = (name: string) => rows.find((r) => String(r[2]).startsWith(name))!;
		expect(row('Иванов Пётр')[3]).toBe('5/4');
		expect(row('Смирнова Ольга')[4]).toBe('н');
		const orlov = row('Орлов Иван');
		expect(orlov[header.length - 2]).toBe(3);
		const lessons = (workbook.getWorksheet('Уроки')!.getSheetValues().filter(Boolean) as ExcelJS.CellValue[][]).find((r) => r[3] === 'Квадратные уравнения')!;
		expect(lessons.slice(2, 5)).toEqual(['05.11.2026', 'Квадратные уравнения', '§12, № 3']);
		// Refused to those who may not print it, as the PDF is.
		expect((await (await as(w.parent)).request(`${print('year')}&format=xlsx`)).status).toBe(403);
	});

	test('the class teacher and the deputy print it; the journal page and the report link to it', async () => {
		for (const who of [w.classTeacher, w.deputy]) expect((await (await as(who)).request(print('year'))).status).toBe(200);
		const journalPage = await (await (await as(w.teacher)).request(`/journal/${w.algebra.id}`)).text();
		expect(journalPage).toContain(`href="/reports/journal/${w.algebra.id}/print"`);
		const reportPage = await (await (await as(w.teacher)).request(`/reports/journal/${w.algebra.id}`)).text();
		expect(reportPage).toContain(`/reports/journal/${w.algebra.id}/print?period=`);
	});

	test('a parent and a teacher of another subject of the class are refused, with a Russian reason', async () => {
		const parent = await (await as(w.parent)).request(print('year'));
		expect(parent.status).toBe(403);
		expect(await parent.text()).toContain('Этот отчёт вам недоступен.');
		expect((await (await as(w.other)).request(print('year'))).status).toBe(403);
		// The other teacher reads the journal but may not print it: the page offers no link.
		const page = await (await (await as(w.other)).request(`/journal/${w.algebra.id}`)).text();
		expect(page).not.toContain('/print');
	});
});
