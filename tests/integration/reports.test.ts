/**
 * Reports through the real server on the demo school:
 * each figure on screen is checked against the same figure counted here with SQL of the test's
 * own; an undefined figure reads «нет данных»; the XLSX and the PDF are read back and agree with
 * the screen; someone without rights is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { database } from '../../src/lib/server/db/client';
import { formatReportCell, roundedFigure, NO_DATA, type ReportCell, type ReportTable } from '../../src/lib/domain/reports';
import type { ReportPage } from '../../src/lib/server/queries/reports';
import { teacherJournal } from '../helpers/school';
import { demoLogins, startTestSchool, type DemoLogin, type TestSchool } from '../helpers/server';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: DemoLogin;
let journalId: number;
let classId: number;
let q1: { id: number; starts_on: string; ends_on: string };
let q2: { id: number; starts_on: string; ends_on: string };

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	as = demoLogins(school.server.url);
	journalId = await teacherJournal(sql, 'uchitel', { grades: [5, 9] });
	[{ class_id: classId }] = await sql`select g.class_id from journal j join study_group g on g.id = j.group_id where j.id = ${journalId}`;
	const [{ grade }] = await sql`select grade from class where id = ${classId}`;
	[q1, q2] = (await sql`
		select id, starts_on::text, ends_on::text from period
		where kind = 'quarter' and ordinal in (1, 2) and grade_from <= ${grade} and grade_to >= ${grade} order by ordinal`) as unknown as Array<typeof q1>;
});

afterAll(async () => {
	await school?.stop();
});

const page = async (login: string, path: string) => (await as(login)).pageData<ReportPage>(path);
const table = (data: ReportPage, title: RegExp): ReportTable => {
	const found = data.report.tables.find((t) => title.test(t.title));
	expect(found, `table ${title}`).toBeDefined();
	return found!;
};
const row = (t: ReportTable, first: string): ReportCell[] => {
	const found = t.rows.find((r) => r[0] === first);
	expect(found, `row ${first}`).toBeDefined();
	return found!;
};
const col = (t: ReportTable, title: string) => t.columns.findIndex((c) => c.title === title);
const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);

describe('R-4.5.4 the subject teacher’s report of a journal for a period', () => {
	test('marks given, mean, 5/4/3/2, успеваемость, качество and СОУ equal what SQL counts in the journal’s first quarter', async () => {
		const data = await page('uchitel', `/reports/journal/${journalId}?period=${q1.id}`);
		expect(data.periodId).toBe(q1.id);
		const [m] = await sql`
			select count(*)::int as n,
				count(*) filter (where m.value = 5)::int as n5, count(*) filter (where m.value = 4)::int as n4,
				count(*) filter (where m.value = 3)::int as n3, count(*) filter (where m.value <= 2)::int as n2,
				round(avg(m.value)::numeric, 2)::float8 as mean,
				sum(case m.value when 5 then 100 when 4 then 64 when 3 then 36 else 16 end)::int as sou
			from mark m join lesson l on l.id = m.lesson_id
			where l.journal_id = ${journalId} and l.date between ${q1.starts_on}::date and ${q1.ends_on}::date`;
		expect(m.n).toBeGreaterThan(10);
		const marks = table(data, /^Отметки$/);
		const lessons = row(marks, 'За уроки');
		expect(lessons.slice(1, 8)).toEqual([m.n, expect.any(Number), m.n5, m.n4, m.n3, m.n2, 0]);
		expect(roundedFigure(lessons[2], 'mean')).toBe(m.mean);
		expect(roundedFigure(lessons[col(marks, 'Успеваемость, %')], 'percent')).toBe(pct(m.n5 + m.n4 + m.n3, m.n));
		expect(roundedFigure(lessons[col(marks, 'Качество, %')], 'percent')).toBe(pct(m.n5 + m.n4, m.n));
		expect(roundedFigure(lessons[col(marks, 'СОУ, %')], 'percent')).toBe(Math.round((10 * m.sou) / m.n) / 10);

		const [p] = await sql`
			select count(*)::int as n, count(*) filter (where value in ('5', '4'))::int as good, count(*) filter (where value in ('5', '4', '3'))::int as passed
			from period_mark where journal_id = ${journalId} and kind = 'period' and period_id = ${q1.id}`;
		const periodRow = row(marks, 'За период');
		expect(periodRow[1]).toBe(p.n);
		expect(roundedFigure(periodRow[col(marks, 'Качество, %')], 'percent')).toBe(pct(p.good, p.n));
		expect(roundedFigure(periodRow[col(marks, 'Успеваемость, %')], 'percent')).toBe(pct(p.passed, p.n));
	});

	test('lessons without a topic or homework are listed, as many as SQL finds', async () => {
		// Make sure there is one such lesson: clear the homework of the journal's first lesson in the quarter.
		const [first] = await sql`select id from lesson where journal_id = ${journalId} and date between ${q1.starts_on}::date and ${q1.ends_on}::date order by date, id limit 1`;
		await sql`update lesson set homework = '  ' where id = ${first.id}`;
		const [c] = await sql`
			select count(*)::int as total,
				count(*) filter (where coalesce(btrim(topic), '') = '' or coalesce(btrim(homework), '') = '')::int as gaps
			from lesson where journal_id = ${journalId} and date between ${q1.starts_on}::date and ${q1.ends_on}::date`;
		const data = await page('uchitel', `/reports/journal/${journalId}?period=${q1.id}`);
		const gaps = table(data, /^Уроки без темы/);
		expect(c.gaps).toBeGreaterThan(0);
		expect(gaps.title).toBe(`Уроки без темы или домашнего задания: ${c.gaps} из ${c.total}`);
		expect(gaps.rows).toHaveLength(c.gaps);
		expect(gaps.rows.some((r) => r[3] === 'нет')).toBe(true);
	});

	test('R-5.2 the pupils short of marks in the current quarter are those SQL counts below the journal’s minimum; the period marks not yet set read «нет данных»', async () => {
		const data = await page('uchitel', `/reports/journal/${journalId}?period=${q2.id}`);
		const short = table(data, /^Не хватает отметок/);
		const min = Number(/не меньше (\d+)/.exec(short.title)![1]);
		const counted = await sql`
			select concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name, count(m.id)::int as marks
			from journal j join group_member gm on gm.group_id = j.group_id join person p on p.id = gm.student_id
			left join lesson l on l.journal_id = j.id and l.date between ${q2.starts_on}::date and ${q2.ends_on}::date
			left join mark m on m.lesson_id = l.id and m.student_id = gm.student_id
			where j.id = ${journalId} and gm.from_on <= '2026-11-27' and (gm.to_on is null or gm.to_on >= '2026-11-27')
			group by p.id, p.last_name, p.first_name, p.middle_name`;
		const expected = counted.filter((r) => r.marks < min).map((r) => [r.name, r.marks]);
		expect(short.rows.map((r) => [r[0], r[1]]).sort()).toEqual(expected.sort());
		// No period mark is set for the quarter under way: the figures are undefined, never 0.
		const [{ n }] = await sql`select count(*)::int as n from period_mark where journal_id = ${journalId} and period_id = ${q2.id}`;
		expect(n).toBe(0);
		const periodRow = row(table(data, /^Отметки$/), 'За период');
		expect(periodRow.slice(1, 3)).toEqual([0, null]);
		expect(periodRow.slice(-3)).toEqual([null, null, null]);
		const html = await (await (await as('uchitel')).request(`/reports/journal/${journalId}?period=${q2.id}`)).text();
		expect(html).toContain(NO_DATA);
	});
});

describe('R-4.3.1 the class teacher’s summary sheet', () => {
	test('period marks and absences by code of each pupil equal what SQL finds', async () => {
		const [{ id: ownClass }] = await sql`select c.id from class c join account a on a.person_id = c.class_teacher_id where a.login = 'klruk'`;
		const data = await page('klruk', `/reports/class/${ownClass}?period=${q1.id}`);
		const sheet = table(data, /^Сводная ведомость/);
		const absences = await sql`
			select concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name, a.code, count(*)::int as n
			from absence a join lesson l on l.id = a.lesson_id join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id
			join person p on p.id = a.student_id
			where g.class_id = ${ownClass} and l.date between ${q1.starts_on}::date and ${q1.ends_on}::date
			group by p.id, p.last_name, p.first_name, p.middle_name, a.code`;
		expect(absences.length).toBeGreaterThan(0);
		for (const a of absences) {
			const pupil = sheet.rows.find((r) => r[0] === a.name);
			if (!pupil) continue; // departed pupils are not on the sheet
			expect(pupil[col(sheet, `Пропуски «${a.code}»`)]).toBe(a.n);
		}
		const [mark] = await sql`
			select concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name, s.name as subject, pm.value
			from period_mark pm join journal j on j.id = pm.journal_id join study_group g on g.id = j.group_id join subject s on s.id = j.subject_id
			join person p on p.id = pm.student_id
			where g.class_id = ${ownClass} and g.whole_class and pm.period_id = ${q1.id} order by pm.id limit 1`;
		expect(row(sheet, mark.name)[col(sheet, `${mark.subject}: отм.`)]).toBe(mark.value);
	});
});

describe('R-7.1 the administration’s report by class, parallel and school', () => {
	test('excellent and failing pupils, СОУ and absences of the school equal what SQL counts', async () => {
		const data = await page('zavuch', `/reports/school?period=${q1.id}`);
		const results = table(data, /^Успеваемость и качество/);
		const [p] = await sql`
			with pupil as (
				select pm.student_id, bool_and(pm.value = '5') as excellent, bool_or(pm.value in ('1', '2', 'н/а')) as failing
				from period_mark pm where pm.kind = 'period' and pm.period_id = ${q1.id} and pm.value in ('1','2','3','4','5','н/а')
				group by pm.student_id)
			select count(*)::int as attested, count(*) filter (where excellent)::int as excellent, count(*) filter (where failing)::int as failing from pupil`;
		const total = row(results, 'Школа');
		expect(total[col(results, 'Аттестовано')]).toBe(p.attested);
		expect(total[col(results, 'Отличники')]).toBe(p.excellent);
		expect(total[col(results, 'Неуспевающие')]).toBe(p.failing);
		expect(roundedFigure(total[col(results, 'Успеваемость, %')], 'percent')).toBe(pct(p.attested - p.failing, p.attested));
		const [s] = await sql`
			select count(*)::int as n, sum(case value when '5' then 100 when '4' then 64 when '3' then 36 when 'н/а' then 7 else 16 end)::int as sou
			from period_mark where kind = 'period' and period_id = ${q1.id} and value in ('1','2','3','4','5','н/а')`;
		expect(roundedFigure(total[col(results, 'СОУ, %')], 'percent')).toBe(Math.round((10 * s.sou) / s.n) / 10);

		const attendance = table(data, /^Пропуски уроков/);
		const [{ n: absent }] = await sql`
			select count(*)::int as n from absence a join lesson l on l.id = a.lesson_id join journal j on j.id = l.journal_id
			join study_group g on g.id = j.group_id join class c on c.id = g.class_id
			join period p on p.id = ${q1.id} and c.grade between p.grade_from and p.grade_to
			where l.date between ${q1.starts_on}::date and ${q1.ends_on}::date`;
		expect(row(attendance, 'Школа').at(-1)).toBe(absent);
	});

	test('a period with no marks set yet: успеваемость, качество and СОУ read «нет данных»', async () => {
		const data = await page('director', `/reports/school?period=${q2.id}`);
		const total = row(table(data, /^Успеваемость и качество/), 'Школа');
		expect(total.slice(-3)).toEqual([null, null, null]);
		expect(formatReportCell(total.at(-1)!, 'percent')).toBe(NO_DATA);
	});
});

describe('R-4.5.4 reports are for those entitled to them', () => {
	test('a teacher is refused the school’s report and another class’s; a parent a journal’s', async () => {
		expect((await (await as('uchitel')).request('/reports/school')).status).toBe(403);
		const [{ id: otherClass }] = await sql`
			select c.id from class c where c.class_teacher_id is distinct from (select person_id from account where login = 'uchitel') order by c.id limit 1`;
		expect((await (await as('uchitel')).request(`/reports/class/${otherClass}`)).status).toBe(403);
		expect((await (await as('uchitel')).request(`/reports/class/${otherClass}/file?format=xlsx`)).status).toBe(403);
		expect((await (await as('roditel')).request(`/reports/journal/${journalId}`)).status).toBe(403);
		expect((await (await as('roditel')).request('/reports')).status).toBe(403);
	});
});

/** The text of every page of a PDF, one string per page. */
async function pdfText(bytes: Uint8Array): Promise<string> {
	const pdf = await getDocument({ data: bytes, useSystemFonts: false, disableFontFace: true }).promise;
	const parts: string[] = [];
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	return parts.join('\n');
}

describe('R-2.3, R-6.3 the school report as XLSX and PDF shows the figures of the screen', () => {
	test('the XLSX keeps real numbers equal to the screen’s; the PDF has the school, the figures in Cyrillic and a signature block', async () => {
		const client = await as('zavuch');
		const data = await page('zavuch', `/reports/school?period=${q1.id}`);
		const results = table(data, /^Успеваемость и качество/);
		const screen = row(results, 'Школа');

		const xlsx = await client.request(`/reports/school/file?format=xlsx&period=${q1.id}`);
		expect(xlsx.status).toBe(200);
		expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await xlsx.arrayBuffer());
		const sheet = workbook.worksheets[0];
		expect(sheet.getCell('A1').value).toBe(data.school);
		let found: ExcelJS.CellValue[] | undefined;
		sheet.eachRow((r) => {
			const values = (r.values as ExcelJS.CellValue[]).slice(1);
			if (values[0] === 'Школа' && values.length === results.columns.length && !found) found = values;
		});
		expect(found).toEqual(screen.map((cell, i) => (cell === null ? NO_DATA : roundedFigure(cell, results.columns[i].format))));
		expect(typeof found![col(results, 'СОУ, %')]).toBe('number');

		const pdf = await client.request(`/reports/school/file?format=pdf&period=${q1.id}`);
		expect(pdf.status).toBe(200);
		const bytes = new Uint8Array(await pdf.arrayBuffer());
		expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
		const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
		expect(text).toContain(data.school);
		expect(text).toContain('Итоги успеваемости');
		expect(text).toContain(`Дата: ${data.date}`);
		expect(text).toContain('Заместитель директора:');
		for (const i of [col(results, 'Отличники'), col(results, 'Успеваемость, %'), col(results, 'СОУ, %')])
			expect(text).toContain(formatReportCell(screen[i], results.columns[i].format));
	});

	test('a teacher’s journal report downloads as both files too', async () => {
		const client = await as('uchitel');
		for (const format of ['xlsx', 'pdf']) {
			const response = await client.request(`/reports/journal/${journalId}/file?format=${format}&period=${q1.id}`);
			expect(response.status).toBe(200);
			expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
		}
		expect((await client.request(`/reports/journal/${journalId}/file?format=doc`)).status).toBe(400);
	});

	test('the class teacher’s wide summary sheet prints too, with every pupil of the sheet in the PDF', async () => {
		const [{ id: ownClass }] = await sql`select c.id from class c join account a on a.person_id = c.class_teacher_id where a.login = 'klruk'`;
		const data = await page('klruk', `/reports/class/${ownClass}?period=${q1.id}`);
		const client = await as('klruk');
		const xlsx = await client.request(`/reports/class/${ownClass}/file?format=xlsx&period=${q1.id}`);
		expect(xlsx.status).toBe(200);
		const pdf = await client.request(`/reports/class/${ownClass}/file?format=pdf&period=${q1.id}`);
		expect(pdf.status).toBe(200);
		const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
		expect(text).toContain('Классный руководитель:');
		for (const pupil of table(data, /^Сводная ведомость/).rows) expect(text).toContain(String(pupil[0]).split(' ')[0]);
	});
});

// These tests change marks, so they come last.
describe('R-4.5.5 journal control for the administration', () => {
	test('the shares of lessons with a topic and with homework of a teacher equal what SQL counts', async () => {
		const data = await (await as('zavuch')).pageData<ReportPage>(`/reports/control?period=${q2.id}`);
		const byTeacher = table(data, /по учителям$/);
		const [t] = await sql`
			select concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name, count(l.id)::int as n,
				count(l.id) filter (where coalesce(btrim(l.topic), '') <> '')::int as topic,
				count(l.id) filter (where coalesce(btrim(l.homework), '') <> '')::int as homework
			from account a join person p on p.id = a.person_id join journal_teacher jt on jt.teacher_id = p.id
			join lesson l on l.journal_id = jt.journal_id and l.date between ${q2.starts_on}::date and '2026-11-27'
			where a.login = 'uchitel' group by p.id, p.last_name, p.first_name, p.middle_name`;
		expect(t.n).toBeGreaterThan(0);
		const line = row(byTeacher, t.name);
		expect(line[1]).toBe(t.n);
		expect(roundedFigure(line[2], 'percent')).toBe(pct(t.topic, t.n));
		expect(roundedFigure(line[3], 'percent')).toBe(pct(t.homework, t.n));
	});

	test('a test work left without marks for 8 days is listed with the pupils still unmarked; nothing newer than 7 days is', async () => {
		const [work] = await sql`
			select l.id, l.date::text as date, j.group_id from lesson l join work_type w on w.id = l.work_type_id and w.topic_required
			join journal j on j.id = l.journal_id where l.journal_id = ${journalId} and l.date <= '2026-11-19' order by l.date desc limit 1`;
		await sql`delete from mark where lesson_id = ${work.id}`;
		await sql`delete from absence where lesson_id = ${work.id}`;
		const [{ n }] = await sql`
			select count(*)::int as n from group_member where group_id = ${work.group_id} and from_on <= ${work.date}::date and (to_on is null or to_on >= ${work.date}::date)`;
		const data = await (await as('zavuch')).pageData<ReportPage>('/reports/control');
		const works = table(data, /без отметок дольше 7 дней$/);
		const [d, m, y] = [work.date.slice(8, 10), work.date.slice(5, 7), work.date.slice(0, 4)];
		const listed = works.rows.filter((r) => r[0] === `${d}.${m}.${y}` && r.at(-1) === n);
		expect(listed.length).toBeGreaterThanOrEqual(1);
		for (const r of works.rows) {
			const [dd, mm, yyyy] = String(r[0]).split('.');
			expect(`${yyyy}-${mm}-${dd}` <= '2026-11-20').toBe(true);
		}
	});

	test('a pupil with no mark for the last 14 days is listed with their last mark; asking for 60 days leaves them out', async () => {
		const [pupil] = await sql`
			select p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as name from enrolment e join class c on c.id = e.class_id
			join person p on p.id = e.student_id where c.id = ${classId} and e.departed_on is null order by p.id limit 1`;
		await sql`delete from mark m using lesson l where l.id = m.lesson_id and m.student_id = ${pupil.id} and l.date > '2026-11-05'`;
		const [{ last }] = await sql`select max(l.date)::text as last from mark m join lesson l on l.id = m.lesson_id where m.student_id = ${pupil.id}`;
		expect(last < '2026-11-13').toBe(true);
		const data = await (await as('zavuch')).pageData<ReportPage>('/reports/control?days=14');
		const quiet = table(data, /^Ученики без отметок 14 дней/);
		const [y, m, d] = last.split('-');
		expect(row(quiet, pupil.name)[2]).toBe(`${d}.${m}.${y}`);
		const wide = table(await (await as('zavuch')).pageData<ReportPage>('/reports/control?days=60'), /^Ученики без отметок 60 дней/);
		expect(wide.rows.some((r) => r[0] === pupil.name)).toBe(false);
	});

	test('a teacher is refused journal control', async () => {
		expect((await (await as('uchitel')).request('/reports/control')).status).toBe(403);
	});
});
