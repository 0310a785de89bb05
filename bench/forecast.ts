/**
 * Back-test of the forecaster on the demo school: for every student × subject of a
 * finished period, forecast from the marks up to the period's middle and compare with the mark
 * the rules suggest at its end. The naive baseline is "the weighted average at mid-period,
 * rounded" (н/а without marks). Prints and merges forecast.accuracy and
 * forecast.baseline_accuracy into bench/results.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase } from '../src/lib/server/db/client.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { generateDemoSchool } from '../src/lib/server/demo/generate.ts';
import { DEFAULT_GRADING, roundAverage, suggestPeriodMark, weightedAverageOf, type GradedMark } from '../src/lib/domain/grading.ts';
import { forecastPeriodMark } from '../src/lib/domain/forecast.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-forecast-'));
const db = await openDatabase({ databaseUrl: undefined, dataDir });
await migrate(db.sql);
await generateDemoSchool(db.sql, { seed: 2026, today: '2026-11-27' });

// The first quarter of grades 2–9 is over by late November.
const [period] = await db.sql`select starts_on, ends_on from period where kind = 'quarter' and ordinal = 1 limit 1`;
const start = Date.parse(period.starts_on);
const end = Date.parse(period.ends_on);
const middle = new Date((start + end) / 2).toISOString().slice(0, 10);
const rows = await db.sql`
	select m.student_id, j.id as journal_id, l.date, m.value, m.weight::float8 as weight, w.code
	from mark m join lesson l on l.id = m.lesson_id join journal j on j.id = l.journal_id
	join study_group g on g.id = j.group_id join class c on c.id = g.class_id
	left join work_type w on w.id = m.work_type_id
	where c.grade between 2 and 9 and l.date between ${period.starts_on}::date and ${period.ends_on}::date`;
await closeDatabase();
fs.rmSync(dataDir, { recursive: true, force: true });

type Row = { student_id: number; journal_id: number; date: string; value: number; weight: number; code: string | null };
const bySeries = new Map<string, Row[]>();
const byStudent = new Map<number, Row[]>();
for (const row of rows as unknown as Row[]) {
	const key = `${row.student_id}:${row.journal_id}`;
	bySeries.set(key, [...(bySeries.get(key) ?? []), row]);
	if (row.date <= middle) byStudent.set(row.student_id, [...(byStudent.get(row.student_id) ?? []), row]);
}
const graded = (list: Row[]): GradedMark[] => list.map((r) => ({ value: r.value, weight: r.weight, workType: r.code }));

let hits = 0;
let baselineHits = 0;
let total = 0;
for (const [key, series] of bySeries) {
	const studentId = Number(key.split(':')[0]);
	const actual = suggestPeriodMark({ marks: graded(series) }).mark;
	const early = graded(series.filter((r) => r.date <= middle));
	const prior = weightedAverageOf(graded(byStudent.get(studentId) ?? [])) ?? undefined;
	const forecast = forecastPeriodMark({ marks: early, elapsed: 0.5, prior }).expected;
	const average = weightedAverageOf(early);
	const baseline = average === null ? 'н/а' : String(roundAverage(average, DEFAULT_GRADING));
	total++;
	if (forecast === actual) hits++;
	if (baseline === actual) baselineHits++;
}

const results = {
	'forecast.cases': total,
	'forecast.accuracy': +(hits / total).toFixed(3),
	'forecast.baseline_accuracy': +(baselineHits / total).toFixed(3)
};
console.table(results);
const file = path.join(root, 'bench', 'results.json');
const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
fs.writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2) + '\n');
