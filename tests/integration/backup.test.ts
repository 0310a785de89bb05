/**
 * Backups that restore (R-8.2, R-2.4, X-AUDIT): the administrator makes a backup of a demo
 * school while a teacher keeps writing marks over the websocket; `npm run restore` puts it into an
 * empty instance with every mark acknowledged before the backup started and the counts of the
 * manifest; damaged, newer and misplaced restores are refused before anything is written.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as tar from 'tar';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { DOC_MAPS, cellKey, type DocLesson, type DocStudent } from '../../src/lib/domain/journal-doc';
import { backupFileName, type BackupCounts, type BackupManifest } from '../../src/lib/domain/backup';
import { readConfig } from '../../src/lib/server/config';
import { applyRetention } from '../../src/lib/server/backups';
import { backupAlertOf } from '../../src/lib/server/queries/backups';
import { startBackupSchedule } from '../../src/lib/server/backup-schedule';
import { database } from '../../src/lib/server/db/client';
import { startTestSchool, demoLogins, Client, type TestSchool, type DemoLogin } from '../helpers/server';
import { freshDatabase, type FreshDatabase } from '../helpers/database';
import { spawnServer, type ChildServer } from '../helpers/process';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';
import { settle, until } from '../helpers/wait';
import { SAMPLES } from '../helpers/sample-files';

const root = path.resolve(import.meta.dirname, '..', '..');
let school: TestSchool;
let as: DemoLogin;
const targets: FreshDatabase[] = [];
const servers: ChildServer[] = [];
const clients: JournalClient[] = [];
let backupFile: string;
let manifest: BackupManifest;

beforeAll(async () => {
	school = await startTestSchool();
	as = demoLogins(school.server.url);
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	for (const s of servers) await s.stop();
	await school?.stop();
	for (const t of targets) await t.drop();
});

/** `npm run restore` (the script itself) into a target; its exit code and what it printed. */
function restore(file: string, target: FreshDatabase, ...flags: string[]): Promise<{ code: number | null; out: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', file, ...flags], {
			cwd: root,
			env: { ...process.env, DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl ?? '', ATTACHMENTS_DIR: '' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('close', (code) => resolve({ code, out }));
	});
}

/** An empty target of this run's back-end. */
async function emptyTarget(): Promise<FreshDatabase> {
	const target = await freshDatabase();
	targets.push(target);
	return target;
}

/** Nothing was written into a target: no database files, no tables, no attachments. */
async function untouched(target: FreshDatabase): Promise<boolean> {
	if (fs.existsSync(path.join(target.dataDir, 'pgdata')) || fs.existsSync(path.join(target.dataDir, 'attachments'))) return false;
	if (!target.databaseUrl) return true;
	const sql = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
	try {
		const [row] = await sql`select count(*)::int as n from pg_tables where schemaname = 'public'`;
		return row.n === 0;
	} finally {
		await sql.end();
	}
}

/** The manifest's counts, read from the restored database itself (the server on it stopped). */
async function countsIn(target: FreshDatabase): Promise<BackupCounts> {
	const query = `select (select count(*)::int from person) as people, (select count(*)::int from lesson) as lessons,
		(select count(*)::int from mark) as marks, (select count(*)::int from absence) as absences, (select count(*)::int from audit_log) as audit`;
	if (target.databaseUrl) {
		const sql = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
		try {
			return { ...(await sql.unsafe(query))[0] } as unknown as BackupCounts;
		} finally {
			await sql.end();
		}
	}
	const pg = await PGlite.create(path.join(target.dataDir, 'pgdata'));
	try {
		return { ...(await pg.query<BackupCounts>(query)).rows[0] };
	} finally {
		await pg.close();
	}
}

test('R-8.2, R-2.4, X-AUDIT a school backed up while a teacher keeps writing marks restores into an empty instance with every acknowledged mark and the manifest counts', async () => {
	const base = school.server.url;
	const teacherCookie = await sessionCookie(base, 'uchitel');
	const me = await (await fetch(`${base}/api/me`, { headers: { cookie: teacherCookie } })).json();
	const journalId: number = me.journalIds[0];

	// A file attached to a lesson goes into the backup too.
	const teacher = await openJournal(base, teacherCookie, journalId);
	clients.push(teacher);
	const lessons = [...teacher.doc.getMap(DOC_MAPS.lessons).values()]
		.map((l) => l as DocLesson)
		.filter((l) => l.date >= '2026-11-05' && l.date <= '2026-11-27')
		.sort((a, b) => b.date.localeCompare(a.date));
	const students = [...teacher.doc.getMap(DOC_MAPS.students).values()].map((s) => s as DocStudent);
	const form = new FormData();
	form.append('file', new Blob([SAMPLES.pdf], { type: 'application/pdf' }), 'материал.pdf');
	const uploaded = await fetch(`${base}/api/journals/${journalId}/lessons/${lessons[0].id}/attachments`, {
		method: 'POST',
		headers: { cookie: teacherCookie, origin: base, accept: 'application/json' },
		body: form
	});
	expect(uploaded.status).toBe(201);
	const attachmentId: number = (await uploaded.json()).id;

	// The teacher writes marks into empty cells one after another, each waiting for its «Сохранено».
	const free = lessons.flatMap((l) =>
		students.filter((s) => s.from <= l.date && (s.to === null || s.to >= l.date) && !teacher.cells.has(cellKey(l.id, s.id))).map((s) => cellKey(l.id, s.id))
	);
	expect(free.length).toBeGreaterThan(40);
	const acknowledged = new Map<string, number>();
	let writing = true;
	const writer = (async () => {
		for (const [i, key] of free.entries()) {
			if (!writing) break;
			const mark = 2 + (i % 4);
			const id = teacher.setCell(key, { m: [mark], a: null, c: null });
			await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), `ack of ${key}`);
			acknowledged.set(key, mark);
		}
	})();
	await until(() => acknowledged.size >= 10, { what: 'ten marks acknowledged' });

	// The administrator starts a backup; what was acknowledged up to now must be in it.
	const before = new Map(acknowledged);
	const admin = await as('admin');
	const created = await admin.request('/admin/backups?/create', { form: {} });
	expect(created.status).toBe(200);
	const duringBackup = acknowledged.size - before.size;
	writing = false;
	await writer;
	// The school was not stopped: marks kept being acknowledged while the backup was made.
	expect(duringBackup).toBeGreaterThan(0);

	const page = await admin.pageData<{ backups: { name: string; size: number; proof?: { ok: boolean } }[]; alert: string | null }>('/admin/backups');
	expect(page.backups).toHaveLength(1);
	const name = page.backups[0].name;
	backupFile = path.join(school.db.dataDir, 'backups', name);
	expect(fs.statSync(backupFile).size).toBe(page.backups[0].size);

	// The download is the file itself.
	const download = await admin.request(`/admin/backups/${name}`);
	expect(download.status).toBe(200);
	expect(Buffer.from(await download.arrayBuffer()).equals(fs.readFileSync(backupFile))).toBe(true);

	// The background test-restore records its result beside the file, and the page shows it.
	const proof = await until(
		async () => (await admin.pageData<{ backups: { proof?: { ok: boolean; message?: string } }[] }>('/admin/backups')).backups[0].proof,
		{ what: 'the test-restore result', timeout: 180_000, every: 500 }
	);
	expect(proof, JSON.stringify(proof)).toMatchObject({ ok: true });

	const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-backup-test-'));
	await tar.x({ file: backupFile, cwd: unpacked });
	manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
	fs.rmSync(unpacked, { recursive: true, force: true });
	expect(manifest).toMatchObject({ backend: school.db.backend, files: 1, migration: expect.any(Number) });
	expect(manifest.counts.marks).toBeGreaterThan(before.size);

	// Restore into an empty instance.
	const target = await emptyTarget();
	const restored = await restore(backupFile, target);
	expect(restored.out).toContain('всё совпадает с описанием копии');
	expect(restored.code).toBe(0);
	// The counts in the restored database are the manifest's.
	expect(await countsIn(target)).toEqual(manifest.counts);

	const server = await spawnServer(target.databaseUrl ? { DATABASE_URL: target.databaseUrl, DATA_DIR: target.dataDir } : { DATA_DIR: target.dataDir });
	servers.push(server);
	const reopened = await openJournal(server.url, await sessionCookie(server.url, 'uchitel'), journalId);
	clients.push(reopened);
	const missing = [...before].filter(([key, mark]) => JSON.stringify((reopened.cells.get(key) as { m?: number[] } | undefined)?.m) !== JSON.stringify([mark]));
	expect(missing, `marks acknowledged before the backup (${before.size}; ${duringBackup} more during it)`).toEqual([]);
	const file = await fetch(`${server.url}/api/journals/${journalId}/lessons/${lessons[0].id}/attachments/${attachmentId}`, { headers: { cookie: await sessionCookie(server.url, 'uchitel') } });
	expect(file.status).toBe(200);
	expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(SAMPLES.pdf))).toBe(true);
	reopened.destroy();
	await server.stop();

	// A second restore into the same, now filled, target needs the explicit flag.
	const again = await restore(backupFile, target);
	expect(again.code).toBe(1);
	expect(again.out).toMatch(/только в пустое место.*--force/);
	// With the flag, what was there is replaced by the copy.
	const forced = await restore(backupFile, target, '--force');
	expect(forced.out).toContain('всё совпадает с описанием копии');
	expect(forced.code).toBe(0);
	expect(await countsIn(target)).toEqual(manifest.counts);
}, 480_000);

test('R-8.2 a truncated or corrupted backup is refused with a Russian message and nothing is written', async () => {
	const bytes = fs.readFileSync(backupFile);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bad-backup-'));
	const truncated = path.join(dir, 'truncated.tar.gz');
	fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
	const target = await emptyTarget();
	const cut = await restore(truncated, target);
	expect(cut.code).toBe(1);
	expect(cut.out).toMatch(/Файл резервной копии повреждён или обрезан/);
	expect(await untouched(target)).toBe(true);

	// A database part changed inside a whole archive: the checksum says so.
	const work = path.join(dir, 'work');
	fs.mkdirSync(work);
	await tar.x({ file: backupFile, cwd: work });
	const part = fs.readdirSync(work).find((n) => n.startsWith('database.'))!;
	const content = fs.readFileSync(path.join(work, part));
	content[Math.floor(content.length / 2)] ^= 0xff;
	fs.writeFileSync(path.join(work, part), content);
	const corrupted = path.join(dir, 'corrupted.tar.gz');
	await tar.c({ gzip: true, file: corrupted, cwd: work }, fs.readdirSync(work));
	const bad = await restore(corrupted, target);
	expect(bad.code).toBe(1);
	expect(bad.out).toMatch(/Контрольная сумма резервной копии не совпадает/);
	expect(await untouched(target)).toBe(true);
	fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

test('R-8.2 on an empty install the first-start page restores a backup: a damaged file is refused and the link still works, a whole one comes back with its counts and logins', async () => {
	const target = await emptyTarget();
	const server = await spawnServer({ DEMO: '0', DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl ?? '' });
	servers.push(server);
	const link = /\/setup\/([a-z2-7]{32})/.exec(server.output())!;
	expect(link, server.output()).not.toBeNull();
	const restoreUrl = `${server.url}/setup/${link[1]}/restore`;
	const upload = (bytes: Uint8Array, url = restoreUrl) =>
		fetch(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream', accept: 'application/json', origin: server.url }, body: new Uint8Array(bytes) });

	// A truncated file: refused in Russian, nothing staged, and the link still creates a school.
	const bytes = fs.readFileSync(backupFile);
	const cut = await upload(bytes.subarray(0, Math.floor(bytes.length / 2)));
	expect(cut.status).toBe(400);
	expect((await cut.json()).message).toMatch(/Файл резервной копии повреждён или обрезан/);
	expect((await fetch(restoreUrl, { headers: { accept: 'application/json' } })).status).toBe(404);
	expect((await fetch(`${server.url}/setup/${link[1]}`)).status).toBe(200);
	expect(fs.readdirSync(target.dataDir).filter((n) => n.startsWith('restore'))).toEqual([]);
	// Another link restores nothing.
	expect((await upload(bytes, `${server.url}/setup/${'a'.repeat(32)}/restore`)).status).toBe(404);

	// The whole file: accepted, the server restarts around the restore on the same address.
	const accepted = await upload(bytes);
	expect(accepted.status).toBe(202);
	expect((await accepted.json()).counts).toEqual(manifest.counts);
	const status = await until(
		async () => {
			const answer = await fetch(restoreUrl, { headers: { accept: 'application/json' } }).catch(() => undefined);
			const body = answer?.ok ? await answer.json() : undefined;
			return body && body.state !== 'restoring' ? body : undefined;
		},
		{ what: 'the restore to finish', timeout: 120_000, every: 250 }
	);
	// The counts are the restored database's own, read by the restore before the server came back.
	expect(status, server.output()).toMatchObject({ state: 'done', counts: manifest.counts });
	// The school's own people sign in with their passwords from the copy; the link is spent.
	expect((await new Client(server.url).signIn('uchitel')).status).toBe(303);
	expect((await fetch(`${server.url}/setup/${link[1]}`)).status).toBe(404);
	expect((await upload(bytes)).status).toBe(404);
	await server.stop();
}, 240_000);

test('R-8.2 a backup from a newer schema is refused with a clear message and nothing is written', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-newer-backup-'));
	await tar.x({ file: backupFile, cwd: dir });
	fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, migration: 999, app: '9.0.0' }));
	const newer = path.join(os.tmpdir(), `zhurnal-newer-${process.pid}.tar.gz`);
	await tar.c({ gzip: true, file: newer, cwd: dir }, fs.readdirSync(dir));
	const target = await emptyTarget();
	const refused = await restore(newer, target);
	expect(refused.code).toBe(1);
	expect(refused.out).toMatch(/более новой схеме базы \(миграция 999, здесь последняя \d+\)\. Обновите «Журнал» до версии 9\.0\.0/);
	expect(await untouched(target)).toBe(true);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.rmSync(newer, { force: true });
}, 60_000);

test('R-8.2, R-4.1.1 only the administrator sees, makes and downloads backups', async () => {
	const teacher = await as('uchitel');
	expect((await teacher.request('/admin/backups')).status).toBe(403);
	expect((await teacher.request('/admin/backups?/create', { form: {} })).status).toBe(403);
	expect((await teacher.request(`/admin/backups/${path.basename(backupFile)}`)).status).toBe(403);
	const admin = await as('admin');
	expect((await admin.request('/admin/backups/..%2Fzhurnal.lock')).status).toBe(404);
});

test('R-8.2 the administrator sets the hour of the nightly backup; a bad hour or another person changes nothing', async () => {
	const sql = (await database()).sql;
	const stored = async () => (await sql`select settings ->> 'backupHour' as hour from school order by id limit 1`)[0].hour as string | null;
	const audits = async () => (await sql`select count(*)::int as n from audit_log where action = 'backup.hour'`)[0].n as number;
	const teacher = await as('uchitel');
	expect((await teacher.request('/admin/backups?/hour', { form: { hour: '3' } })).status).toBe(403);
	const admin = await as('admin');
	const bad = await admin.request('/admin/backups?/hour', { form: { hour: '25' } });
	expect(bad.status).toBe(400);
	expect(await bad.text()).toContain('Час ночной копии — целое число от 0 до 23');
	expect(await stored()).toBeNull();
	expect(await audits()).toBe(0);
	expect((await admin.request('/admin/backups?/hour', { form: { hour: '3' } })).status).toBe(200);
	expect(await stored()).toBe('3');
	expect(await audits()).toBe(1);
});

test('R-8.2 after 40 nightly backups the folder keeps exactly the retention\'s files, with their test-restore results, and nothing else is touched', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-retention-'));
	const config = readConfig({ DATA_DIR: dir, BACKUP_DIR: dir });
	fs.writeFileSync(path.join(dir, 'status.json'), '{}');
	fs.writeFileSync(path.join(dir, 'заметки.txt'), 'не трогать');
	const start = Date.UTC(2026, 9, 24, 2, 0, 0);
	for (let day = 0; day < 40; day++) {
		const name = backupFileName(new Date(start + day * 86_400_000));
		fs.writeFileSync(path.join(dir, name), 'x');
		fs.writeFileSync(path.join(dir, `${name}.proof.json`), '{"ok":true}');
		applyRetention(config);
	}
	const kept = fs.readdirSync(dir).filter((n) => n.endsWith('.tar.gz')).sort();
	expect(kept.map((n) => n.slice(8, 16))).toEqual(['20261031', '20261115', '20261122', '20261126', '20261127', '20261128', '20261129', '20261130', '20261201', '20261202']);
	expect(fs.readdirSync(dir).filter((n) => n.endsWith('.proof.json'))).toHaveLength(10);
	expect(fs.readFileSync(path.join(dir, 'заметки.txt'), 'utf8')).toBe('не трогать');
	expect(fs.existsSync(path.join(dir, 'status.json'))).toBe(true);
	fs.rmSync(dir, { recursive: true, force: true });
});

test('R-8.2 the administrator is warned when there is no backup, it is over a day old, the last attempt failed or its test-restore did not pass', () => {
	const now = new Date('2026-12-02T12:00:00Z');
	const fresh = { name: 'zhurnal-20261202-020000.tar.gz', takenAt: '2026-12-02T02:00:00.000Z', size: 1, proof: { ok: true, checkedAt: '', ms: 1 } };
	expect(backupAlertOf([], undefined, now)).toBe('Резервных копий ещё нет.');
	expect(backupAlertOf([fresh], undefined, now)).toBeNull();
	expect(backupAlertOf([{ ...fresh, takenAt: '2026-11-30T02:00:00.000Z' }], undefined, now)).toBe('Резервной копии не было больше суток.');
	expect(backupAlertOf([fresh], { at: '', ok: false, message: 'Резервная копия не создана: нет места на диске', by: 'schedule' }, now)).toBe('Резервная копия не создана: нет места на диске');
	expect(backupAlertOf([{ ...fresh, proof: { ok: false, checkedAt: '', ms: 1, message: 'оценок 1 вместо 2.' } }], undefined, now)).toBe('Проверочное восстановление последней копии не прошло: оценок 1 вместо 2.');
});

test('R-8.2 the nightly schedule makes one backup once the school\'s clock has passed the hour, not one every tick, and test-restores it', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-schedule-'));
	const config = { ...readConfig({ DATA_DIR: school.db.dataDir, DATABASE_URL: school.db.databaseUrl ?? '' }), backupDir: dir, backupHour: 0 };
	const schedule = startBackupSchedule((await database()).sql, config, 50);
	try {
		const made = await until(() => fs.readdirSync(dir).find((n) => n.endsWith('.proof.json')), { what: 'a scheduled backup and its test-restore', timeout: 180_000, every: 100 });
		expect(JSON.parse(fs.readFileSync(path.join(dir, made), 'utf8'))).toMatchObject({ ok: true });
		// Many ticks later there is still one backup of today.
		await settle(500, 'ten more ticks of the schedule must not make a second backup of today');
		expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tar.gz'))).toHaveLength(1);
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'status.json'), 'utf8'))).toMatchObject({ ok: true, by: 'schedule' });
	} finally {
		await schedule.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}, 240_000);
