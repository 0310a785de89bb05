/**
 * The per-class marks sheet on the default demo school: how many queries one sheet
 * costs and how long it takes, for every class of the school, on the database of the run
 * (DATABASE_URL, else embedded PGlite in a temporary directory).
 *
 *   npx tsx bench/class-marks.ts [--runs N]
 *
 * Prints one line per class (journals, queries, median ms) and the totals.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../src/lib/server/db/client.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { generateDemoSchool } from '../src/lib/server/demo/generate.ts';
import { findClass } from '../src/lib/server/db/school.ts';
import { classMarksSheet } from '../src/lib/server/queries/class-marks.ts';
import { countingSql } from '../tests/helpers/count-queries.ts';

const TODAY = '2026-11-27';
const { values } = parseArgs({ options: { runs: { type: 'string' }, class: { type: 'string' } } });
const runs = Number(values.runs ?? 5);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-class-marks-'));
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir });
await migrate(db.sql);
const [{ taken }] = await db.sql`select exists (select 1 from school) as taken`;
if (!taken) await generateDemoSchool(db.sql, { seed: 2026, today: TODAY });
const counting = countingSql(db.sql);

const classes = await db.sql`
	select c.id, c.grade::text || c.letter as name from class c order by c.grade, c.letter`;
let totalQueries = 0;
let totalMs = 0;
for (const { id, name } of classes.filter((c) => !values.class || c.name === values.class)) {
	const klass = (await findClass(db.sql, id))!;
	const times: number[] = [];
	let queries = 0;
	let journals = 0;
	for (let run = 0; run < runs; run++) {
		counting.reset();
		const t0 = performance.now();
		const sheet = await classMarksSheet(counting.sql, klass, null, TODAY);
		times.push(performance.now() - t0);
		queries = counting.count();
		journals = sheet.journals.length;
	}
	const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
	totalQueries += queries;
	totalMs += median;
	console.log(`${name.padEnd(4)} journals ${String(journals).padStart(2)}  queries ${String(queries).padStart(3)}  median ${median.toFixed(1)} ms`);
}
console.log(`all classes (${db.backend}): queries ${totalQueries}, median sum ${totalMs.toFixed(0)} ms`);
await closeDatabase();
fs.rmSync(dataDir, { recursive: true, force: true });
