/**
 * A school-wide announcement written to the notification outbox: the
 * administration publishes for families and pupils of a school of 500 pupils in 20 classes with
 * two parents each — 1,500 people — and `publishAnnouncement` writes the announcement, 1,500
 * notification rows and the audit row in one transaction; then every notification is in the
 * product (each recipient's unread count reads it). On embedded PGlite (a temporary directory)
 * and on PostgreSQL (PG_ADMIN_URL, a database of its own).
 *   notify.<backend>.fanout_ms   publish → committed outbox of 1,500 rows
 *   notify.fanout_ms             the slower back-end's
 *
 *   npx tsx bench/notify.ts [--backend pglite|postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../src/lib/server/db/client.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import * as setup from '../src/lib/server/db/setup.ts';
import { linkGuardian } from '../src/lib/server/db/persons.ts';
import { loadActor } from '../src/lib/server/db/people.ts';
import { publishAnnouncement } from '../src/lib/server/commands/messages.ts';
import { benchDatabase, record } from './harness.ts';

const TODAY = '2026-11-27';
const CLASSES = 20;
const PUPILS_PER_CLASS = 25;
const RECIPIENTS = CLASSES * PUPILS_PER_CLASS * 3;
const { values } = parseArgs({ options: { backend: { type: 'string' } } });
const backends = values.backend ? [values.backend] : ['pglite', 'postgres'];

const results: Record<string, number> = {};
for (const backend of backends) {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-notify-'));
	const pg = backend === 'postgres' ? await benchDatabase('notify') : undefined;
	const db = await openDatabase({ databaseUrl: pg?.url, dataDir });
	await migrate(db.sql);
	const { adminId, schoolId, yearId } = await db.sql.begin(async (tx) => {
		const schoolId = await setup.insertSchool(tx, { name: 'Школа', shortName: 'Школа' });
		const yearId = await setup.insertSchoolYear(tx, { schoolId, name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-08-31' });
		for (let c = 0; c < CLASSES; c++) {
			const classId = await setup.insertClass(tx, { yearId, grade: 1 + (c % 10), letter: c < 10 ? 'А' : 'Б' });
			await setup.insertStudyGroup(tx, { classId, subjectId: null, name: 'весь класс' });
			for (let p = 0; p < PUPILS_PER_CLASS; p++) {
				const studentId = await setup.insertPerson(tx, { schoolId, lastName: `Ученик${c}`, firstName: `Номер${p}` });
				await setup.insertEnrolment(tx, { studentId, classId, arrivedOn: '2026-09-01' });
				for (const who of ['Мама', 'Папа']) await linkGuardian(tx, await setup.insertPerson(tx, { schoolId, lastName: `Ученик${c}`, firstName: `${who}${p}` }), studentId, 'родитель');
			}
		}
		const adminId = await setup.insertPerson(tx, { schoolId, lastName: 'Администратор', firstName: 'Школы' });
		await setup.insertStaffRole(tx, adminId, 'admin');
		return { adminId, schoolId, yearId };
	});
	const actor = await loadActor(db.sql, adminId, schoolId, yearId);
	const ctx = { sql: db.sql, today: TODAY };
	const t0 = performance.now();
	const published = await publishAnnouncement(ctx, actor, yearId, { scope: 'school', title: 'Родительское собрание', body: 'Общешкольное собрание в четверг в 18:00.', families: 'on', students: 'on' });
	const fanoutMs = performance.now() - t0;
	if (!published.ok || published.value.reach !== RECIPIENTS) throw new Error(`publish: ${JSON.stringify(published)}`);
	const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from notification where read_at is null`;
	if (row.n !== RECIPIENTS) throw new Error(`the outbox holds ${row.n} rows, not ${RECIPIENTS}`);
	console.log(`${backend}: ${RECIPIENTS} notifications written in ${fanoutMs.toFixed(0)} ms`);
	results[`notify.${backend}.fanout_ms`] = Math.round(fanoutMs);
	await closeDatabase();
	await pg?.drop();
	fs.rmSync(dataDir, { recursive: true, force: true });
}
results['notify.fanout_ms'] = Math.max(...backends.map((b) => results[`notify.${b}.fanout_ms`]));
await record(results);
