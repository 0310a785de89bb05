/**
 * The import of a whole school's class lists (X-IMPORT): an XLSX of 1,000 students in 40 classes
 * with 2,000 parents, previewed and then applied by the import command, on embedded PGlite (a
 * temporary directory) and on PostgreSQL (PG_ADMIN_URL, a database of its own). The goal is the
 * whole file in under 10 s; `import.students_per_s` is the students applied per second.
 *
 *   npx tsx bench/import.ts [--backend pglite|postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { closeDatabase, openDatabase } from '../src/lib/server/db/client.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import * as setup from '../src/lib/server/db/setup.ts';
import { loadActor } from '../src/lib/server/db/people.ts';
import { applyImport, previewImport } from '../src/lib/server/commands/import.ts';
import { benchDatabase, record, round1 } from './harness.ts';

const TODAY = '2026-11-27';
const STUDENTS = 1000;
const LETTERS = ['А', 'Б', 'В', 'Г'];
const { values } = parseArgs({ options: { backend: { type: 'string' } } });
const backends = values.backend ? [values.backend] : ['pglite', 'postgres'];

/** The class lists: 1,000 students of grades 1–10, letters А–Г, each with two parents. */
async function classLists(): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Ученики');
	sheet.addRow(['Номер', 'Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс', 'Родитель 1: Фамилия', 'Родитель 1: Имя', 'Родитель 1: Телефон', 'Родитель 2: Фамилия', 'Родитель 2: Имя', 'Родитель 2: Телефон']);
	for (let i = 0; i < STUDENTS; i++) {
		const grade = 1 + (i % 10);
		const letter = LETTERS[Math.floor(i / 10) % 4];
		const last = `Ученик${String.fromCharCode(0x430 + (i % 26))}`;
		const phone = (n: number) => `+7 900 ${String(i).padStart(4, '0')}-${n}0`;
		sheet.addRow([`У-${i}`, last, 'Иван', 'Петрович', `01.0${1 + (i % 9)}.${2018 - grade}`, `${grade}${letter}`, `${last}а`, 'Мария', phone(1), last, 'Пётр', phone(2)]);
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const file = await classLists();
const results: Record<string, unknown> = {};
for (const backend of backends) {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-import-'));
	const pg = backend === 'postgres' ? await benchDatabase('import') : undefined;
	const db = await openDatabase({ databaseUrl: pg?.url, dataDir });
	await migrate(db.sql);
	const { adminId, schoolId, yearId } = await db.sql.begin(async (tx) => {
		const schoolId = await setup.insertSchool(tx, { name: 'Школа', shortName: 'Школа' });
		const yearId = await setup.insertSchoolYear(tx, { schoolId, name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-08-31' });
		for (let grade = 1; grade <= 10; grade++)
			for (const letter of LETTERS) {
				const classId = await setup.insertClass(tx, { yearId, grade, letter });
				await setup.insertStudyGroup(tx, { classId, subjectId: null, name: `${grade}${letter}` });
			}
		const adminId = await setup.insertPerson(tx, { schoolId, lastName: 'Администратор', firstName: 'Школы' });
		await setup.insertStaffRole(tx, adminId, 'admin');
		return { adminId, schoolId, yearId };
	});
	const actor = await loadActor(db.sql, adminId, schoolId, yearId);
	const ctx = { sql: db.sql, today: TODAY };
	const input = { kind: 'students', bytes: file, yearId };

	let t0 = performance.now();
	const preview = await previewImport(ctx, actor, input);
	const previewS = (performance.now() - t0) / 1000;
	if (!preview.ok || preview.value.plan.created !== STUDENTS) throw new Error(`preview: ${JSON.stringify(preview.ok ? preview.value.plan.refused : preview)}`);
	t0 = performance.now();
	const applied = await applyImport(ctx, actor, input);
	const applyS = (performance.now() - t0) / 1000;
	if (!applied.ok) throw new Error(`apply: ${applied.message}`);
	t0 = performance.now();
	const again = await applyImport(ctx, actor, input);
	const againS = (performance.now() - t0) / 1000;
	if (!again.ok || again.value.created !== 0) throw new Error('the second import changed something');
	const [counts] = await db.sql`select (select count(*)::int from person) as people, (select count(*)::int from guardian) as links`;
	console.log(`${backend}: preview ${previewS.toFixed(2)} s, apply ${applyS.toFixed(2)} s (${counts.people} people, ${counts.links} links), again ${againS.toFixed(2)} s`);
	results[`import.${backend}.preview_s`] = round1(previewS);
	results[`import.${backend}.apply_s`] = round1(applyS);
	results[`import.${backend}.students_per_s`] = Math.round(STUDENTS / applyS);
	await closeDatabase();
	await pg?.drop();
	fs.rmSync(dataDir, { recursive: true, force: true });
}
// The headline figure: the slower back-end's.
const rates = backends.map((b) => results[`import.${b}.students_per_s`] as number);
results['import.students_per_s'] = Math.min(...rates);
await record(results);
