/**
 * Server-side cost of a journal document, measured in-process on the embedded database
 * with a whole school year of the demo school (35 students a class):
 *   journal.open_ms                opening the largest journal as the server does it: loadJournalRows +
 *                                  fillDocument (median of 7; also kept as journal.open_from_rows_ms)
 *   journal.open_cells_query_ms    of which the cells query alone (cellsOfJournal), the largest part
 *   journal.open_from_snapshot_ms  decode the same journal from its encoded state (what a stored
 *                                  snapshot would cost; the server itself always rebuilds from rows)
 *   journal.doc_bytes              encoded size after every cell was rewritten 10 times, and
 *   journal.doc_bytes_rebuilt      after the rebuild from rows that the next load does (compaction)
 *   journal.heap_kb_per_journal    heap per open journal (rows + document), averaged over 50 journals,
 *                                  and journal.heap_kb_rewritten for the largest one after 10 rewrites
 * Run: node --expose-gc --import tsx bench/journal-doc.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { closeDatabase, openDatabase } from '../src/lib/server/db/client.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { generateDemoSchool } from '../src/lib/server/demo/generate.ts';
import { fillDocument, loadJournalRows } from '../server/collab/document.ts';
import { DOC_MAPS } from '../src/lib/domain/journal-doc.ts';
import { cellsOfJournal } from '../src/lib/server/db/cells.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heap = () => {
	gc();
	gc();
	return process.memoryUsage().heapUsed;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-doc-'));
const db = await openDatabase({ databaseUrl: undefined, dataDir });
await migrate(db.sql);
await generateDemoSchool(db.sql, { seed: 2026, today: '2027-05-25', classesPerGrade: 1, studentsPerClass: 35 });

const journals = await db.sql`
	select * from (
		select j.id, (select count(*)::int from lesson l where l.journal_id = j.id) as lessons,
			(select count(distinct m.student_id)::int from group_member m where m.group_id = j.group_id) as students
		from journal j) sizes
	order by lessons * students desc`;
const largest = journals[0];

async function build(journalId: number): Promise<Y.Doc> {
	const rows = await loadJournalRows(db.sql, journalId);
	const doc = new Y.Doc();
	fillDocument(doc, rows!);
	return doc;
}

const fromRows: number[] = [];
let doc = await build(largest.id);
for (let i = 0; i < 7; i++) {
	const t0 = performance.now();
	doc = await build(largest.id);
	fromRows.push(performance.now() - t0);
}
const cellsQuery: number[] = [];
for (let i = 0; i < 7; i++) {
	const t0 = performance.now();
	await cellsOfJournal(db.sql, largest.id);
	cellsQuery.push(performance.now() - t0);
}
const snapshot = Y.encodeStateAsUpdate(doc);
const fromSnapshot: number[] = [];
for (let i = 0; i < 7; i++) {
	const t0 = performance.now();
	const copy = new Y.Doc();
	Y.applyUpdate(copy, snapshot);
	fromSnapshot.push(performance.now() - t0);
}

// Heap per open journal: 50 journals' documents held at once.
const before = heap();
const held: Y.Doc[] = [];
for (const j of journals.slice(0, 50)) held.push(await build(j.id));
const perJournal = (heap() - before) / held.length;
held.length = 0;

// Every cell of the largest journal rewritten 10 times, as ten rounds of client edits would.
const lessonIds = [...doc.getMap(DOC_MAPS.lessons).keys()];
const studentIds = [...doc.getMap(DOC_MAPS.students).keys()];
const beforeRewrite = heap();
let client = new Y.Doc();
Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
client.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update));
for (let round = 0; round < 10; round++) {
	for (const lesson of lessonIds) {
		client.transact(() => {
			for (const student of studentIds) client.getMap(DOC_MAPS.cells).set(`${lesson}:${student}`, { m: [2 + ((round + Number(student)) % 4)], a: null, c: null, e: `${round}-${lesson}-${student}` });
		});
	}
}
client.destroy();
client = new Y.Doc(); // only the server's document is left to measure
const rewrittenHeap = heap() - beforeRewrite;
const rewrittenBytes = Y.encodeStateAsUpdate(doc).length;
const rebuiltBytes = Y.encodeStateAsUpdate(await build(largest.id)).length;
await closeDatabase();
fs.rmSync(dataDir, { recursive: true, force: true });

const round1 = (x: number) => Math.round(x * 10) / 10;
const results = {
	'journal.largest': `${largest.students} × ${largest.lessons}`,
	'journal.open_ms': round1(median(fromRows)),
	'journal.open_cells_query_ms': round1(median(cellsQuery)),
	'journal.open_from_rows_ms': round1(median(fromRows)),
	'journal.open_from_snapshot_ms': round1(median(fromSnapshot)),
	'journal.doc_bytes': rewrittenBytes,
	'journal.doc_bytes_rebuilt': rebuiltBytes,
	'journal.heap_kb_per_journal': Math.round(perJournal / 1024),
	'journal.heap_kb_rewritten': Math.round(rewrittenHeap / 1024)
};
console.table(results);
const file = path.join(root, 'bench', 'results.json');
const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
fs.writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2) + '\n');
