/**
 * The administration's whole-school period report on a demo school of 1,000
 * pupils with the whole year's marks (today 25.05.2027: three quarters closed with their period
 * marks), on PostgreSQL (PG_ADMIN_URL, a database of its own) and on embedded PGlite:
 *   report.school_ms_postgres   the school report of the third quarter (median of 5), as the page asks for it
 *   report.school_ms_pglite     the same on PGlite
 *   report.naive_ratio          the same figures computed per pupil in application code (one query per
 *                               pupil for their period marks and one for their absences) ÷ ours, on PostgreSQL, same run
 *   report.pdf_ms, report.xlsx_ms  the school report's PDF and XLSX
 * Goals: ≤ 300 ms on PostgreSQL, ≤ 3× that on PGlite.
 *
 *   npx tsx bench/reports.ts [--backend pglite|postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase, type Sql } from '../src/lib/server/db/client.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { loadActor } from '../src/lib/server/db/people.ts';
import { generateDemoSchool } from '../src/lib/server/demo/generate.ts';
import { schoolReport } from '../src/lib/server/queries/reports.ts';
import { reportPdf, reportXlsx } from '../src/lib/server/documents/report-files.ts';
import { standingCounts, distributionOf, pupilRates, learningDegree } from '../src/lib/domain/reports.ts';
import { benchDatabase, percentile, record, round1 } from './harness.ts';

const TODAY = '2027-05-25';
const STUDENTS = 1000;
const RUNS = 5;
const { values } = parseArgs({ options: { backend: { type: 'string' } } });
const backends = values.backend ? [values.backend] : ['postgres', 'pglite'];

/** The median time of `runs` calls, in ms. */
async function timed(runs: number, run: () => Promise<unknown>): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await run();
		times.push(performance.now() - t);
	}
	return percentile(times, 50);
}

/**
 * The same school report the naive way: the classes, then each class's pupils, then per pupil one
 * query for their period marks and one for their absences, the figures added up in JavaScript.
 */
async function naiveSchoolReport(sql: Sql, yearId: number, periodId: number) {
	const [period] = await sql<Array<{ starts_on: string; ends_on: string; grade_from: number; grade_to: number }>>`
		select starts_on::text, ends_on::text, grade_from, grade_to from period where id = ${periodId}`;
	const classes = await sql<Array<{ id: number }>>`select id from class where year_id = ${yearId} and grade between ${period.grade_from} and ${period.grade_to} order by grade, letter`;
	const lines = [];
	for (const c of classes) {
		const pupils = await sql<Array<{ student_id: number }>>`
			select student_id from enrolment where class_id = ${c.id} and arrived_on <= ${period.ends_on}::date and (departed_on is null or departed_on >= ${period.ends_on}::date)`;
		const marks: string[][] = [];
		const absences = new Map<string, number>();
		for (const p of pupils) {
			const own = await sql<Array<{ value: string }>>`
				select pm.value from period_mark pm join journal j on j.id = pm.journal_id join study_group g on g.id = j.group_id
				where pm.student_id = ${p.student_id} and pm.kind = 'period' and pm.period_id = ${periodId} and g.class_id = ${c.id}`;
			marks.push(own.map((m) => m.value));
			const missed = await sql<Array<{ code: string; n: number }>>`
				select a.code, count(*)::int as n from absence a join lesson l on l.id = a.lesson_id
				where a.student_id = ${p.student_id} and l.date between ${period.starts_on}::date and ${period.ends_on}::date group by a.code`;
			for (const m of missed) absences.set(m.code, (absences.get(m.code) ?? 0) + m.n);
		}
		const counts = standingCounts(marks);
		lines.push({ classId: c.id, rates: pupilRates(counts), sou: learningDegree(distributionOf(marks.flat())), absences });
	}
	return lines;
}

const results: Record<string, unknown> = {};
for (const backend of backends) {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-reports-'));
	const pg = backend === 'postgres' ? await benchDatabase('reports') : undefined;
	try {
		const db = await openDatabase({ databaseUrl: pg?.url, dataDir });
		await migrate(db.sql);
		let t = performance.now();
		const demo = await generateDemoSchool(db.sql, { seed: 2026, students: STUDENTS, today: TODAY });
		console.log(`${backend}: demo school in ${Math.round(performance.now() - t)} ms: ${JSON.stringify(demo.counts)}`);
		if (backend === 'postgres') await db.sql`analyze`;
		const deputy = demo.logins.find((l) => l.role === 'deputy')!;
		const [{ id: personId }] = await db.sql<Array<{ id: number }>>`select person_id as id from account where login = ${deputy.login}`;
		const actor = await loadActor(db.sql, personId, demo.schoolId, demo.yearId, TODAY);
		const [{ id: q3 }] = await db.sql<Array<{ id: number }>>`
			select id from period where year_id = ${demo.yearId} and kind = 'quarter' and ordinal = 3 order by grade_to - grade_from desc limit 1`;
		const ctx = { sql: db.sql, today: TODAY };
		const report = async () => {
			const outcome = await schoolReport(ctx, actor, String(q3));
			if (!outcome.ok) throw new Error(outcome.message);
			return outcome.value;
		};
		const page = await report();
		const school = page.report.tables[0].rows.at(-1);
		console.log(`${backend}: the school's line ${JSON.stringify(school)}`);
		const ms = await timed(RUNS, report);
		results[`report.school_ms_${backend}`] = round1(ms);
		if (backend === 'postgres') {
			const naive = await timed(1, () => naiveSchoolReport(db.sql, demo.yearId, q3));
			results['report.naive_ratio'] = round1(naive / ms);
			const heading = { school: page.school, date: page.date };
			results['report.pdf_ms'] = round1(await timed(3, () => reportPdf(page.report, heading)));
			results['report.xlsx_ms'] = round1(await timed(3, () => reportXlsx(page.report, heading)));
			console.log(`postgres: naive ${Math.round(naive)} ms`);
		}
		t = performance.now();
		console.log(`${backend}: ${JSON.stringify(results)}`);
	} finally {
		await closeDatabase();
		await pg?.drop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}
await record(results);
