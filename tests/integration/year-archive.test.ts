/**
 * The year's archive (R-2.3, R-6.3) through the real server on both back-ends: the administrator
 * starts it from the reports' archive page; it is made in the background while the progress
 * endpoint counts the files; the finished ZIP is listed with its size and downloads with one PDF
 * per journal of the year (printed for the whole year), each class's summary sheet of each
 * quarter, the school report of each period and of the year, and journal control of each period;
 * a half-written file left by a stopped server is neither listed nor kept; a teacher is refused
 * everything, the deputy reads the list but may not start one. The progress is the job's row,
 * whichever instance makes it: a job running elsewhere blocks a second one and is shown with its
 * count; when its instance stops (no heartbeat) it is shown as failed and the archive can be
 * started again.
 *
 * The world: 5А (mathematics) and 7А (algebra, and English in a subgroup «1 группа»); two pupils
 * in each class; a few lessons and marks in the 2nd quarter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import yauzl from 'yauzl';
import { sharedConfig } from '../../src/lib/server/config';
import { database } from '../../src/lib/server/db/client';
import { addLesson, buildWorld, fillCells, type Account, type Journal, type Person, type Year } from '../factories';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { until } from '../helpers/wait';
import { pdfPages } from '../helpers/pdf';

let school: TestSchool;
let as: SignedIn;
let w: { year: Year; admin: Account; deputy: Account; teacher: Account; maths: Journal; algebra: Journal; english: Journal; ivanov: Person };

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const year = await make.year();
		const admin = await make.staff('Белова Анна Сергеевна', ['admin'], { login: 'archive-admin' });
		const deputy = await make.staff('Морозова Елена Петровна', ['deputy'], { login: 'archive-zavuch' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'archive-teacher' });
		const fifth = await make.class({ grade: 5, letter: 'А' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		await make.student('Алексеев Борис Петрович', { class: fifth });
		await make.student('Быкова Вера Олеговна', { class: fifth });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: seventh });
		await make.student('Смирнова Ольга Андреевна', { class: seventh });
		const english = await make.subject('Английский язык');
		const group = await make.subgroup({ class: seventh, subject: english, name: '1 группа', students: [ivanov] });
		return {
			year,
			admin,
			deputy,
			teacher,
			maths: await make.journal({ group: fifth, subject: await make.subject('Математика'), teachers: [teacher] }),
			algebra: await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] }),
			english: await make.journal({ group, subject: english, teachers: [teacher] }),
			ivanov
		};
	});
	const petrova = await as(w.teacher);
	const lesson = await addLesson(petrova, w.algebra, { date: '2026-11-23', lessonNo: 1, topic: 'Теорема Виета', homework: '§14' });
	await fillCells(school.server.url, petrova, w.algebra, [{ lesson, student: w.ivanov, marks: [5] }]);
}, 60_000);

afterAll(async () => {
	await school?.stop();
});

type Job = { state: 'running' | 'done' | 'failed'; total: number; made: number; name: string; message?: string };
type Page = { archives: Array<{ name: string; size: number }>; job: Job | null; canMake: boolean; years: Array<{ id: number }> };

/** A ZIP's entries by name, read whole. */
async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
	const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))));
	const entries = new Map<string, Buffer>();
	await new Promise<void>((resolve, reject) => {
		zip.on('entry', (entry: yauzl.Entry) =>
			zip.openReadStream(entry, (error, stream) => {
				if (error) return reject(error);
				const chunks: Buffer[] = [];
				stream.on('data', (c: Buffer) => chunks.push(c));
				stream.on('end', () => {
					entries.set(entry.fileName, Buffer.concat(chunks));
					zip.readEntry();
				});
			})
		);
		zip.on('end', resolve);
		zip.on('error', reject);
		zip.readEntry();
	});
	return entries;
}

describe('R-2.3 R-6.3 the year’s archive of every journal and report', () => {
	test('a teacher is refused the page, the start, the progress and the files; the deputy sees the page but may not start one', async () => {
		const teacher = await as(w.teacher);
		expect((await teacher.request('/reports/archive')).status).toBe(403);
		expect((await teacher.request('/reports/archive?/start', { form: { yearId: String(w.year.id) } })).status).toBe(403);
		expect((await teacher.request('/reports/archive/progress')).status).toBe(403);
		expect((await teacher.request('/reports/archive/archive-2026-2027-20261127-120000.zip')).status).toBe(403);
		const deputy = await as(w.deputy);
		expect((await deputy.pageData<Page>('/reports/archive')).canMake).toBe(false);
		const refused = await deputy.request('/reports/archive?/start', { form: { yearId: String(w.year.id) } });
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('Архив учебного года собирает администратор.');
	});

	test('the administrator makes it in the background with progress; it is listed with its size and holds one PDF per journal and the school reports', async () => {
		const dir = path.join(sharedConfig()!.dataDir, 'archives');
		// What a server stopped in the middle of an archive leaves behind.
		fs.mkdirSync(dir, { recursive: true });
		const half = path.join(dir, '.archive-2026-2027-20261126-090000.zip.part');
		fs.writeFileSync(half, 'PK half');
		// Last written to an hour ago: no instance is at work on it.
		fs.utimesSync(half, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
		const admin = await as(w.admin);
		const before = await admin.pageData<Page>('/reports/archive');
		expect(before.canMake).toBe(true);
		expect(before.archives).toEqual([]);

		const bad = await admin.request('/reports/archive?/start', { form: { yearId: '999999' } });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Выберите учебный год школы.');

		const started = await admin.request('/reports/archive?/start', { form: { yearId: String(w.year.id) } });
		expect(started.status).toBe(200);
		const seen: number[] = [];
		const job = await until(
			async () => {
				const { status, json } = await admin.api('GET', '/reports/archive/progress');
				expect(status).toBe(200);
				seen.push(json.job.made);
				return json.job.state !== 'running' && (json.job as Job);
			},
			{ what: 'the archive to be made', timeout: 60_000, every: 50 }
		);
		expect(job.message).toBeUndefined();
		expect(job.state).toBe('done');
		// Three journals; two classes' summary sheets of four quarters; the school report of the four quarters and the year; journal control of the four quarters.
		expect(job.total).toBe(20);
		expect(job.made).toBe(20);
		expect(seen.every((n, i) => i === 0 || n >= seen[i - 1])).toBe(true);

		const after = await admin.pageData<Page>('/reports/archive');
		expect(after.archives).toHaveLength(1);
		expect(after.archives[0].name).toBe(job.name);
		expect(after.archives[0].name).toMatch(/^archive-2026-2027-\d{8}-\d{6}\.zip$/);
		expect(fs.readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);

		const download = await (await as(w.deputy)).request(`/reports/archive/${job.name}`);
		expect(download.status).toBe(200);
		expect(download.headers.get('content-type')).toBe('application/zip');
		const bytes = Buffer.from(await download.arrayBuffer());
		expect(bytes.length).toBe(after.archives[0].size);
		const entries = await unzip(bytes);
		expect([...entries.keys()].sort()).toEqual(
			[
				'Журналы/5А Математика.pdf',
				'Журналы/7А (1 группа) Английский язык.pdf',
				'Журналы/7А Алгебра.pdf',
				...['1', '2', '3', '4'].flatMap((q) => [`Сводные ведомости/5А ${q} четверть.pdf`, `Сводные ведомости/7А ${q} четверть.pdf`]),
				...['1', '2', '3', '4'].map((q) => `Контроль ведения журналов/${q} четверть.pdf`),
				'Отчёты/Итоги успеваемости — 1 четверть.pdf',
				'Отчёты/Итоги успеваемости — 2 четверть.pdf',
				'Отчёты/Итоги успеваемости — 3 четверть.pdf',
				'Отчёты/Итоги успеваемости — 4 четверть.pdf',
				'Отчёты/Итоги успеваемости — учебный год.pdf'
			].sort()
		);
		const algebra = (await pdfPages(new Uint8Array(entries.get('Журналы/7А Алгебра.pdf')!))).join('\n');
		expect(algebra).toContain('Классный журнал: 7А, Алгебра');
		expect(algebra).toContain('Иванов Пётр');
		expect(algebra).toContain('Теорема Виета');
		// The running header, its page numbers put in by the PDF thread.
		expect(algebra).toMatch(/7А · Алгебра · Учебный год .* · стр\. 1 из \d+/);
		const sheet = (await pdfPages(new Uint8Array(entries.get('Сводные ведомости/7А 2 четверть.pdf')!))).join('\n');
		expect(sheet).toContain('Сводная ведомость класса 7А');
		expect(sheet).toContain('Иванов Пётр');
		expect(sheet).toContain('Классный руководитель');
		const control = (await pdfPages(new Uint8Array(entries.get('Контроль ведения журналов/2 четверть.pdf')!))).join('\n');
		expect(control).toContain('Контроль ведения журналов');
		expect(control).toContain('Темы и домашние задания по учителям');
		expect(control).toContain('Петрова');
		const report = (await pdfPages(new Uint8Array(entries.get('Отчёты/Итоги успеваемости — учебный год.pdf')!))).join('\n');
		expect(report).toContain('Итоги успеваемости');
		expect(report).toContain('7А');
	});

	test('an unknown or crafted file name is not found', async () => {
		const admin = await as(w.admin);
		expect((await admin.request('/reports/archive/archive-2026-2027-20200101-000000.zip')).status).toBe(404);
		expect((await admin.request('/reports/archive/..%2F..%2Fpgdata')).status).toBe(404);
	});

	test('the progress is read from the job’s row: a job another instance makes blocks a second one; when that instance is gone it is failed and a new one starts', async () => {
		const { sql } = await database();
		const admin = await as(w.admin);
		const [{ school_id: schoolId }] = await sql<{ school_id: number }[]>`select school_id from school_year where id = ${w.year.id}`;
		// Another instance's job, 3 of 20 files made, heard of a moment ago.
		const [{ id }] = await sql<{ id: number }[]>`
			insert into archive_job (school_id, year_id, state, total, made, file_name, instance)
			values (${schoolId}, ${w.year.id}, 'running', 20, 3, 'archive-2026-2027-20261127-100000.zip', 'other-host:4242') returning id`;
		const seen = (await admin.api('GET', '/reports/archive/progress')).json.job as Job;
		expect(seen).toMatchObject({ state: 'running', total: 20, made: 3, name: 'archive-2026-2027-20261127-100000.zip' });
		const refused = await admin.request('/reports/archive?/start', { form: { yearId: String(w.year.id) } });
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('Архив уже собирается');

		// That instance stopped: its heartbeat is three minutes old.
		await sql`update archive_job set heartbeat_at = now() - interval '3 minutes' where id = ${id}`;
		const lost = (await admin.api('GET', '/reports/archive/progress')).json.job as Job;
		expect(lost.state).toBe('failed');
		expect(lost.message).toBe('Сборка архива прервалась: сервер, который его собирал, остановился. Соберите архив снова.');
		expect((await admin.pageData<Page>('/reports/archive')).job?.state).toBe('failed');

		expect((await admin.request('/reports/archive?/start', { form: { yearId: String(w.year.id) } })).status).toBe(200);
		const job = await until(
			async () => {
				const now = (await admin.api('GET', '/reports/archive/progress')).json.job as Job;
				return now.state !== 'running' && now;
			},
			{ what: 'the new archive to be made', timeout: 60_000, every: 50 }
		);
		expect(job).toMatchObject({ state: 'done', made: job.total });
		const rows = await sql<{ state: string; error: string | null }[]>`select state, error from archive_job where school_id = ${schoolId} order by id`;
		expect(rows.map((r) => r.state)).toEqual(['done', 'failed', 'done']);
		expect(rows[1].error).toContain('остановился');
	});
});
