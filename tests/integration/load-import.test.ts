/**
 * Importing the teaching load from a school's spreadsheet through the real server (X-IMPORT):
 * rows «класс; группа; предмет; учитель; часов в неделю» on `/admin/import`, a preview per row, then
 * one transaction; the same file twice changes nothing. A file whose headers are not the
 * template's is read after the administrator maps each field to one of its columns, and the
 * mapping is kept for the apply step.
 *
 * The world: 5А with a mathematics journal (Петрова, 5 hours a week) and an English subgroup
 * «1 группа» with a journal nobody teaches yet (3 hours); physics has no journal. Орлова is a
 * teacher with no load; Петрова's number in the school is «Т-007».
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { unflatten } from 'devalue';
import { database } from '../../src/lib/server/db/client';
import { IMPORT_MESSAGES } from '../../src/lib/domain/import';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, type Account, type Journal, type Person } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let w: { admin: Account; petrova: Account; orlova: Account; pupil: Person; maths: Journal; english: Journal };

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		await make.year();
		const admin = await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' });
		const petrova = await make.teacher('Петрова Анна Ивановна', { login: 'petrova' });
		const orlova = await make.teacher('Орлова Вера Михайловна', { login: 'orlova' });
		const fifth = await make.class({ grade: 5, letter: 'А' });
		const pupil = await make.student('Иванов Пётр Сергеевич', { class: fifth });
		const englishSubject = await make.subject('Английский язык');
		await make.subject('Физика');
		const maths = await make.journal({ group: fifth, subject: await make.subject('Математика'), teachers: [petrova], hoursPerWeek: 5 });
		const group = await make.subgroup({ class: fifth, subject: englishSubject, name: '1 группа', students: [pupil] });
		const english = await make.journal({ group, subject: englishSubject, teachers: [], hoursPerWeek: 3 });
		return { admin, petrova, orlova, pupil, maths, english };
	});
	await sql`update person set school_key = 'Т-007' where id = ${w.petrova.id}`;
});

afterAll(async () => {
	await school?.stop();
});

/** Posts to a form action of the import page as the page's script does: the fields, and the file when given. */
async function post(action: 'preview' | 'apply', fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) {
	const client = await as(w.admin);
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.set(name, value);
	if (file) form.set('file', new Blob([file.bytes as BlobPart]), file.name);
	const response = await fetch(`${school.server.url}/admin/import?/${action}`, {
		method: 'POST',
		body: form,
		headers: { origin: school.server.url, cookie: client.cookieHeader(), accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	const body = await response.json();
	return { status: (body.status ?? response.status) as number, data: body.data ? (unflatten(JSON.parse(body.data)) as any) : undefined };
}

/** Windows-1251 bytes of a text, as Excel on Windows saves a CSV. */
function cp1251(text: string): Uint8Array {
	const decoder = new TextDecoder('windows-1251');
	const table = new Map<string, number>();
	for (let b = 0x80; b <= 0xff; b++) table.set(decoder.decode(new Uint8Array([b])), b);
	return new Uint8Array([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : (table.get(ch) ?? 0x3f))));
}

async function xlsx(rows: string[][]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Нагрузка');
	for (const row of rows) sheet.addRow(row);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The load as stored, and the audit rows: to prove a refused or repeated file changed nothing. */
async function snapshot() {
	const [row] = await sql`select
		(select string_agg(concat(journal_id, ':', teacher_id), ',' order by journal_id, teacher_id) from journal_teacher) as load,
		(select string_agg(concat(id, ':', hours_per_week), ',' order by id) from journal) as hours,
		(select count(*)::int from audit_log) as audits`;
	return row;
}

const HEADERS = ['Класс', 'Группа', 'Предмет', 'Учитель', 'Часов в неделю'];
const GOOD = [
	HEADERS,
	['5А', '', 'Математика', 'Т-007', '5'],
	['5А', '', 'Математика', 'Орлова Вера Михайловна', ''],
	['5А', '1 группа', 'Английский язык', 'Орлова В. М.', '2']
];
const csv = (rows: string[][]) => cp1251(rows.map((r) => r.join(';')).join('\r\n') + '\r\n');

describe('X-IMPORT the teaching load from a file', () => {
	test('the templates download as XLSX and CSV with the five columns; a teacher may not', async () => {
		const admin = await as(w.admin);
		const file = await admin.request('/admin/import/template?kind=load&format=csv');
		expect(file.status).toBe(200);
		expect(decodeURIComponent(file.headers.get('content-disposition') ?? '')).toContain('шаблон-нагрузка.csv');
		expect((await file.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(HEADERS.join(';'));
		expect((await admin.request('/admin/import/template?kind=load&format=xlsx')).status).toBe(200);
		expect((await (await as(w.petrova)).request('/admin/import/template?kind=load&format=csv')).status).toBe(403);
	});

	test('a file with errors lists each bad row in Russian, is refused whole and changes nothing', async () => {
		const before = await snapshot();
		const bytes = await xlsx([
			HEADERS,
			['5А', '', 'Математика', 'Орлова Вера Михайловна', ''],
			['7В', '', 'Математика', 'Орлова Вера Михайловна', ''],
			['5А', '', 'Физика', 'Орлова Вера Михайловна', ''],
			['5А', '', 'Химия', 'Орлова Вера Михайловна', ''],
			['5А', '2 группа', 'Английский язык', 'Орлова Вера Михайловна', ''],
			['5А', '', 'Математика', 'Кузнецов Иван', '']
		]);
		const preview = await post('preview', { kind: 'load' }, { bytes, name: 'нагрузка.xlsx' });
		expect(preview.status).toBe(200);
		expect(preview.data.preview.plan.rows.map((r: { line: number; outcome: string; notes: string[] }) => [r.line, r.outcome, r.notes[0]])).toEqual([
			[2, 'create', 'назначить учителем журнала'],
			[3, 'refuse', IMPORT_MESSAGES.unknownClass('7В')],
			[4, 'refuse', IMPORT_MESSAGES.noJournal('Физика', '5А')],
			[5, 'refuse', IMPORT_MESSAGES.unknownSubject('Химия')],
			[6, 'refuse', IMPORT_MESSAGES.unknownGroup('2 группа', '5А')],
			[7, 'refuse', IMPORT_MESSAGES.unknownTeacher('Кузнецов Иван')]
		]);
		const applied = await post('apply', { kind: 'load', content: preview.data.content });
		expect(applied.status).toBe(400);
		expect(applied.data.message).toBe(IMPORT_MESSAGES.hasRefusals(5));
		expect(await snapshot()).toEqual(before);
	});

	test('a Windows-1251 CSV: preview, then applied in one transaction; Орлова opens her new journal; the same file again changes nothing', async () => {
		expect((await (await as(w.orlova)).request(`/journal/${w.english.id}`)).status).toBe(404);
		const file = { bytes: csv(GOOD), name: 'нагрузка.csv' };
		const preview = await post('preview', { kind: 'load' }, file);
		expect(preview.status).toBe(200);
		expect(preview.data.preview.plan).toMatchObject({ created: 2, updated: 0, unchanged: 1, refused: 0 });
		expect(preview.data.preview.plan.rows[2]).toMatchObject({ who: '5А, 1 группа · Английский язык — Орлова Вера Михайловна', notes: ['назначить учителем журнала', 'часов в неделю: 3 → 2'] });

		const applied = await post('apply', { kind: 'load', content: preview.data.content });
		expect(applied.status).toBe(200);
		expect(applied.data.applied.message).toBe(IMPORT_MESSAGES.loadApplied(2, 1));
		const load = await sql`select journal_id, teacher_id from journal_teacher where teacher_id = ${w.orlova.id} order by journal_id`;
		expect(load.map((r) => r.journal_id)).toEqual([w.maths.id, w.english.id]);
		const [english] = await sql`select hours_per_week::float8 as hours from journal where id = ${w.english.id}`;
		expect(english.hours).toBe(2);
		const [audit] = await sql`select new_value from audit_log where action = 'import.apply' order by id desc limit 1`;
		expect(audit.new_value).toMatchObject({ kind: 'load', assigned: [{ journalId: w.maths.id, teacherId: w.orlova.id }, { journalId: w.english.id, teacherId: w.orlova.id }] });
		expect((await (await as(w.orlova)).request(`/journal/${w.english.id}`)).status).toBe(200);

		const before = await snapshot();
		const again = await post('preview', { kind: 'load' }, file);
		expect(again.data.preview.plan).toMatchObject({ created: 0, updated: 0, unchanged: 3, refused: 0 });
		const reapplied = await post('apply', { kind: 'load', content: again.data.content });
		expect(reapplied.data.applied.message).toBe(IMPORT_MESSAGES.loadNothingToDo);
		expect(await snapshot()).toEqual(before);
	});
});

describe('X-IMPORT column mapping: headers that are not the template’s', () => {
	// A school's own table: other headers, a column of notes, the columns in another order.
	const OWN = [
		['Преподаватель (ФИО)', 'Кл.', 'Примечание', 'Дисц.', 'Ч/нед'],
		['Петрова Анна Ивановна', '5А', 'основная', 'Математика', '4']
	];

	test('the preview says which required columns are missing and lists the file’s columns to map', async () => {
		const refused = await post('preview', { kind: 'load' }, { bytes: csv(OWN), name: 'наша.csv' });
		expect(refused.status).toBe(400);
		expect(refused.data.message).toBe(IMPORT_MESSAGES.missingColumns(['«Класс»', '«Предмет»', '«Учитель»']));
		expect(refused.data.columns.headers.map((h: { name: string }) => h.name)).toEqual(OWN[0]);
		expect(refused.data.columns.fields.map((f: { field: string; required: boolean }) => [f.field, f.required])).toEqual([
			['class', true],
			['group', false],
			['subject', true],
			['teacher', true],
			['hours', false]
		]);
		expect(refused.data.content).not.toBe('');
	});

	test('mapped, the file is previewed and applied with the same mapping; a bad mapping is refused', async () => {
		const content = Buffer.from(csv(OWN)).toString('base64');
		const map = { 'map.class': '1', 'map.group': '', 'map.subject': '3', 'map.teacher': '0', 'map.hours': '4' };
		const bad = await post('preview', { kind: 'load', content, ...map, 'map.subject': '1' });
		expect(bad.status).toBe(400);
		expect(bad.data.message).toBe(IMPORT_MESSAGES.mapping);
		const preview = await post('preview', { kind: 'load', content, ...map });
		expect(preview.status).toBe(200);
		expect(preview.data.preview.plan.rows).toMatchObject([{ outcome: 'update', notes: ['часов в неделю: 5 → 4'] }]);
		expect(preview.data.preview.ignoredColumns).toEqual(['Примечание']);
		const applied = await post('apply', { kind: 'load', content, ...map });
		expect(applied.status).toBe(200);
		expect(applied.data.applied.message).toBe(IMPORT_MESSAGES.loadApplied(0, 1));
		const [maths] = await sql`select hours_per_week::float8 as hours from journal where id = ${w.maths.id}`;
		expect(maths.hours).toBe(4);
	});

	test('a students’ file with its own headers is read through the mapping too', async () => {
		const rows = [
			['Ученик: фамилия', 'Ученик: имя', 'Д. р.', 'Кл.'],
			['Смирнова', 'Ольга', '03.04.2015', '5А']
		];
		const content = Buffer.from(csv(rows)).toString('base64');
		const refused = await post('preview', { kind: 'students', content });
		expect(refused.status).toBe(400);
		const preview = await post('preview', { kind: 'students', content, 'map.lastName': '0', 'map.firstName': '1', 'map.birthDate': '2', 'map.class': '3' });
		expect(preview.status).toBe(200);
		expect(preview.data.preview.plan.rows).toMatchObject([{ outcome: 'create', who: 'Смирнова Ольга, 5А' }]);
	});
});
