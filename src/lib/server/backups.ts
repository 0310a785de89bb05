/**
 * Backup files (R-8.2): making one, reading one back, restoring it, the folder's list and
 * retention, and the background test-restore.
 *
 * A backup is one gzip-compressed tar: `manifest.json` (domain/backup.ts), the database part
 * (`database.tar`: PGlite's own dump of its data directory; or `database.ndjson`: the tables'
 * rows from PostgreSQL) and `attachments/` (the files attached to lessons). The manifest's
 * checksum covers the database part and every attached file, so a damaged file is refused before
 * anything is written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import * as tar from 'tar';
import {
	BACKUP_FORMAT,
	backupFileName,
	backupTakenAt,
	backupsToKeep,
	checkRestorable,
	compareCounts,
	parseManifest,
	type BackupCounts,
	type BackupManifest
} from '../domain/backup.ts';
import type { Config } from './config.ts';
import { closeDatabase, openDatabase, type Database } from './db/client.ts';
import { countRows, dropSchema, dumpEmbedded, dumpRows, hasTables, loadEmbedded, loadRows, type RowsBatch } from './db/backup.ts';
import { migrate } from './db/migrate.ts';

/** An expected refusal (damaged file, newer schema, target not empty): its message is for people. */
export class BackupError extends Error {}

const MANIFEST = 'manifest.json';
const DATABASE = { 'pglite-datadir': 'database.tar', 'rows-ndjson': 'database.ndjson' } as const;
const ATTACHMENTS = 'attachments';

/** A backup just made. */
export interface MadeBackup {
	name: string;
	file: string;
	size: number;
	manifest: BackupManifest;
	ms: number;
}

/** The application's version (package.json of the working directory, where the server runs). */
export function appVersion(): string {
	try {
		return String(JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')).version ?? 'unknown');
	} catch {
		return 'unknown';
	}
}

/**
 * Makes a backup of the running school into `config.backupDir`: the database part first (one
 * consistent moment, with its counts), then the attachments, then the manifest; the file appears
 * under its final name only when complete.
 */
export async function makeBackup(db: Database, config: Config, now = new Date()): Promise<MadeBackup> {
	const started = performance.now();
	fs.mkdirSync(config.backupDir, { recursive: true });
	const name = backupFileName(now);
	const file = path.join(config.backupDir, name);
	if (fs.existsSync(file)) throw new BackupError(`Резервная копия ${name} уже есть; повторите через секунду.`);
	const stage = fs.mkdtempSync(path.join(config.backupDir, '.tmp-'));
	try {
		const format = db.backend === 'pglite' ? 'pglite-datadir' : 'rows-ndjson';
		const databaseFile = path.join(stage, DATABASE[format]);
		let snapshot: { counts: BackupCounts; migration: number };
		if (format === 'pglite-datadir') {
			const dumped = await dumpEmbedded(db);
			fs.writeFileSync(databaseFile, dumped.bytes);
			snapshot = dumped;
		} else {
			snapshot = await writeLines(databaseFile, (write) => dumpRows(db.sql, (batch) => write(JSON.stringify(batch))));
		}
		// Attachments after the database: a file uploaded meanwhile is extra and harmless.
		const attachments = path.join(stage, ATTACHMENTS);
		if (fs.existsSync(config.attachmentsDir)) fs.cpSync(config.attachmentsDir, attachments, { recursive: true });
		const { checksum, files } = await checksumOf(stage, DATABASE[format]);
		const manifest: BackupManifest = {
			format: BACKUP_FORMAT,
			app: appVersion(),
			migration: snapshot.migration,
			backend: db.backend,
			database: format,
			createdAt: now.toISOString(),
			counts: snapshot.counts,
			files,
			checksum
		};
		fs.writeFileSync(path.join(stage, MANIFEST), JSON.stringify(manifest, null, 2));
		const partial = path.join(config.backupDir, `.${name}.part`);
		const entries = [MANIFEST, DATABASE[format], ...(fs.existsSync(attachments) ? [ATTACHMENTS] : [])];
		await tar.c({ gzip: true, file: partial, cwd: stage, portable: true }, entries);
		fs.renameSync(partial, file);
		return { name, file, size: fs.statSync(file).size, manifest, ms: Math.round(performance.now() - started) };
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
}

/** Writes lines to a file with back-pressure; returns what `body` returned. */
async function writeLines<T>(file: string, body: (write: (line: string) => Promise<void>) => Promise<T>): Promise<T> {
	const out = fs.createWriteStream(file);
	const write = (line: string) =>
		new Promise<void>((resolve, reject) => {
			const ok = out.write(line + '\n', (error) => (error ? reject(error) : undefined));
			if (ok) resolve();
			else out.once('drain', resolve);
		});
	try {
		return await body(write);
	} finally {
		await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
	}
}

/** SHA-256 over the database part and every attached file (relative name, NUL, bytes), in name order. */
async function checksumOf(dir: string, databaseName: string): Promise<{ checksum: string; files: number }> {
	const hash = crypto.createHash('sha256');
	const attachments = listFiles(path.join(dir, ATTACHMENTS)).map((f) => path.posix.join(ATTACHMENTS, f));
	for (const rel of [databaseName, ...attachments]) {
		hash.update(rel + '\0');
		for await (const chunk of fs.createReadStream(path.join(dir, rel))) hash.update(chunk as Buffer);
	}
	return { checksum: hash.digest('hex'), files: attachments.length };
}

/** Files under a folder, relative, '/'-separated, sorted; none when it does not exist. */
function listFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
		.filter((e) => e.isFile())
		.map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
		.sort();
}

/** A backup file unpacked and checked: its manifest and the folder holding its parts. */
export interface OpenedBackup {
	manifest: BackupManifest;
	dir: string;
}

/**
 * Unpacks a backup into `workDir` and checks it: a whole archive, a manifest this version reads,
 * the checksum. Throws BackupError (Russian) otherwise; writes nothing outside `workDir`.
 */
export async function openBackup(file: string, workDir: string): Promise<OpenedBackup> {
	if (!fs.existsSync(file)) throw new BackupError(`Файл ${file} не найден.`);
	try {
		await tar.x({ file, cwd: workDir, strict: true });
	} catch (error) {
		throw new BackupError(`Файл резервной копии повреждён или обрезан, восстанавливать из него нельзя (${(error as Error).message}).`);
	}
	let json: unknown;
	try {
		json = JSON.parse(fs.readFileSync(path.join(workDir, MANIFEST), 'utf8'));
	} catch {
		json = undefined;
	}
	const parsed = parseManifest(json);
	if (!parsed.ok) throw new BackupError(parsed.reason);
	const manifest = parsed.manifest;
	if (!fs.existsSync(path.join(workDir, DATABASE[manifest.database]))) throw new BackupError('В файле резервной копии нет базы данных: файл повреждён.');
	const { checksum, files } = await checksumOf(workDir, DATABASE[manifest.database]);
	if (checksum !== manifest.checksum || files !== manifest.files) {
		throw new BackupError('Контрольная сумма резервной копии не совпадает: файл повреждён, восстанавливать из него нельзя.');
	}
	return { manifest, dir: workDir };
}

/** The number of the newest migration this installation has. */
export function latestMigration(dir = migrationsDir()): number {
	return Math.max(0, ...fs.readdirSync(dir).map((n) => /^(\d{3,})_[a-z0-9_]+\.sql$/.exec(n)?.[1]).filter(Boolean).map(Number));
}

function migrationsDir(): string {
	return path.resolve(process.env.MIGRATIONS_DIR || 'migrations');
}

/** What a restore did. */
export interface Restored {
	manifest: BackupManifest;
	counts: BackupCounts;
	migrations: string[];
	ms: number;
}

/**
 * Restores a backup into the configured database (DATABASE_URL, else DATA_DIR's embedded one)
 * and ATTACHMENTS_DIR. Everything is checked before anything is written: the file, its manifest
 * and checksum, the schema (not newer than ours), and that the target is empty — unless `force`,
 * which replaces what is there. Then migrations bring the copy up to date and the counts must
 * equal the manifest's. Must run with no server on the target (it opens the process's database).
 */
export async function restoreBackup(file: string, config: Config, options: { force?: boolean } = {}): Promise<Restored> {
	const started = performance.now();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-restore-'));
	try {
		const { manifest, dir } = await openBackup(file, work);
		const backend = config.databaseUrl ? 'postgres' : 'pglite';
		const restorable = checkRestorable(manifest, { latestMigration: latestMigration(), backend });
		if (!restorable.ok) throw new BackupError(restorable.reason);
		const pgdata = path.join(config.dataDir, 'pgdata');

		// Is the target empty? Checked before any write.
		const occupied: string[] = [];
		if (listFiles(config.attachmentsDir).length) occupied.push(`каталог файлов ${config.attachmentsDir} не пуст`);
		if (backend === 'pglite') {
			assertNoServer(config.dataDir);
			if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length) occupied.push(`в ${config.dataDir} уже есть база`);
		} else {
			const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
			if (await hasTables(db.sql)) occupied.push('в базе данных уже есть таблицы');
		}
		if (occupied.length && !options.force) {
			throw new BackupError(`Восстанавливать можно только в пустое место: ${occupied.join('; ')}. Чтобы заменить то, что там есть, повторите с флагом --force.`);
		}

		// Write.
		if (options.force) fs.rmSync(config.attachmentsDir, { recursive: true, force: true });
		if (backend === 'pglite' && options.force) fs.rmSync(pgdata, { recursive: true, force: true });
		let migrations: string[];
		if (manifest.database === 'pglite-datadir') {
			fs.mkdirSync(config.dataDir, { recursive: true });
			await loadEmbedded(pgdata, fs.readFileSync(path.join(dir, DATABASE['pglite-datadir'])));
			const db = await openDatabase({ databaseUrl: undefined, dataDir: config.dataDir });
			migrations = await migrate(db.sql);
		} else {
			const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
			if (options.force && (await hasTables(db.sql))) await dropSchema(db.sql);
			// The rows meet the schema they were copied from, then the newer migrations run.
			const older = path.join(work, 'migrations');
			fs.mkdirSync(older);
			for (const name of fs.readdirSync(migrationsDir())) {
				const n = /^(\d{3,})_/.exec(name)?.[1];
				if (n && Number(n) <= manifest.migration) fs.copyFileSync(path.join(migrationsDir(), name), path.join(older, name));
			}
			await migrate(db.sql, older);
			await loadRows(db.sql, readBatches(path.join(dir, DATABASE['rows-ndjson'])));
			migrations = (await migrate(db.sql)).filter((n) => Number(/^(\d+)/.exec(n)?.[1]) > manifest.migration);
		}
		const attachments = path.join(dir, ATTACHMENTS);
		if (fs.existsSync(attachments)) fs.cpSync(attachments, config.attachmentsDir, { recursive: true });

		const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
		const counts = await countRows(db.sql);
		const same = compareCounts(manifest.counts, counts);
		if (!same.ok) throw new BackupError(same.reason);
		return { manifest, counts, migrations, ms: Math.round(performance.now() - started) };
	} finally {
		await closeDatabase();
		fs.rmSync(work, { recursive: true, force: true });
	}
}

async function* readBatches(file: string): AsyncIterable<RowsBatch> {
	const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
	for await (const line of lines) if (line) yield JSON.parse(line) as RowsBatch;
}

/** Refuses a data directory a live server holds (its lock file names a running process). */
function assertNoServer(dataDir: string): void {
	const lock = path.join(dataDir, 'zhurnal.lock');
	if (!fs.existsSync(lock)) return;
	const pid = Number(fs.readFileSync(lock, 'utf8'));
	if (!pid || pid === process.pid) return;
	try {
		process.kill(pid, 0);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') return;
	}
	throw new BackupError(`Каталог данных ${dataDir} занят работающим сервером (процесс ${pid}). Остановите его и повторите.`);
}

/** The result of a test-restore, kept beside the backup as `<file>.proof.json`. */
export interface Proof {
	ok: boolean;
	checkedAt: string;
	ms: number;
	/** Counts found in the restored copy (when it restored). */
	counts?: BackupCounts;
	/** Why not (Russian), when not ok. */
	message?: string;
}

/**
 * Test-restores a backup in a child process (`scripts/restore.ts --proof`) into a throw-away
 * embedded database, which compares the counts with the manifest; records the result beside it.
 * A child process keeps the restore's work off the server's event loop and out of its database.
 */
export async function proveBackup(file: string): Promise<Proof> {
	const started = performance.now();
	const output = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/restore.ts'), '--proof', file], {
			env: { ...process.env, DATABASE_URL: '' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		proofChildren().add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (code, signal) => {
			proofChildren().delete(child);
			resolve({ code, signal, stdout, stderr });
		});
		child.on('error', (error) => resolve({ code: -1, signal: null, stdout, stderr: error.message }));
	});
	// Stopped with the server: no result to record; the next backup is checked again.
	if (output.signal) return { ok: false, checkedAt: new Date().toISOString(), ms: Math.round(performance.now() - started), message: 'Проверка прервана остановкой сервера.' };
	let proof: Proof;
	try {
		const answer = JSON.parse(output.stdout.trim().split('\n').at(-1) ?? '') as { ok: boolean; counts?: BackupCounts; message?: string };
		proof = { ok: answer.ok, checkedAt: new Date().toISOString(), ms: Math.round(performance.now() - started), counts: answer.counts, message: answer.message };
	} catch {
		proof = { ok: false, checkedAt: new Date().toISOString(), ms: Math.round(performance.now() - started), message: `Проверочное восстановление не удалось: ${output.stderr.trim().split('\n').at(-1) ?? `код ${output.code}`}` };
	}
	try {
		fs.writeFileSync(`${file}.proof.json`, JSON.stringify(proof, null, 2));
	} catch (error) {
		console.error(`Результат проверки ${file} не записан:`, (error as Error).message);
	}
	return proof;
}

// Test-restores running now, in whichever copy of this module started them (the SvelteKit bundle
// or the server entry), so the server can stop them when it stops.
const PROOFS = Symbol.for('zhurnal.backup.proofs');
function proofChildren(): Set<ChildProcess> {
	return ((globalThis as { [PROOFS]?: Set<ChildProcess> })[PROOFS] ??= new Set());
}

/** Ends the running test-restores (the server is stopping; they use no database of the server's). */
export function stopProofs(): void {
	for (const child of proofChildren()) child.kill('SIGTERM');
}

/** One backup in the folder, as the administrator's page lists it. */
export interface BackupEntry {
	name: string;
	takenAt: string;
	size: number;
	proof: Proof | undefined;
}

/** The backups in the folder, newest first. */
export function listBackups(config: Config): BackupEntry[] {
	if (!fs.existsSync(config.backupDir)) return [];
	return fs
		.readdirSync(config.backupDir)
		.map((name) => ({ name, at: backupTakenAt(name) }))
		.filter((b): b is { name: string; at: Date } => !!b.at)
		.sort((a, b) => b.at.getTime() - a.at.getTime())
		.map(({ name, at }) => ({ name, takenAt: at.toISOString(), size: fs.statSync(path.join(config.backupDir, name)).size, proof: readJson<Proof>(path.join(config.backupDir, `${name}.proof.json`)) }));
}

/** The full path of a backup in the folder, or undefined for any other name (no path tricks). */
export function backupPath(config: Config, name: string): string | undefined {
	if (!backupTakenAt(name) || path.basename(name) !== name) return undefined;
	const file = path.join(config.backupDir, name);
	return fs.existsSync(file) ? file : undefined;
}

/** Deletes the backups (and their proofs) the retention does not keep; returns the names deleted. */
export function applyRetention(config: Config): string[] {
	if (!fs.existsSync(config.backupDir)) return [];
	const names = fs.readdirSync(config.backupDir).filter((n) => backupTakenAt(n));
	const keep = backupsToKeep(names);
	const gone = names.filter((n) => !keep.has(n));
	for (const name of gone) {
		fs.rmSync(path.join(config.backupDir, name), { force: true });
		fs.rmSync(path.join(config.backupDir, `${name}.proof.json`), { force: true });
	}
	return gone;
}

/** The last attempt to make a backup, kept in the folder as status.json. */
export interface BackupStatus {
	at: string;
	ok: boolean;
	name?: string;
	message?: string;
	/** 'schedule' or the person who asked. */
	by: string;
}

/** Records the last attempt. */
export function writeStatus(config: Config, status: BackupStatus): void {
	fs.mkdirSync(config.backupDir, { recursive: true });
	fs.writeFileSync(path.join(config.backupDir, 'status.json'), JSON.stringify(status, null, 2));
}

/** The last attempt, if any. */
export function readStatus(config: Config): BackupStatus | undefined {
	return readJson<BackupStatus>(path.join(config.backupDir, 'status.json'));
}

function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

/**
 * A restore asked for on the first-start page (R-8.2): the file waits in DATA_DIR while the server
 * stops, restores it and starts again (`server/main.ts`). Its progress is kept in a file, not the
 * database, because the database is what is being replaced; only the holder of the setup link
 * (its hash) reads it.
 */
export interface RestoreStatus {
	tokenHash: string;
	state: 'restoring' | 'done' | 'failed';
	at: string;
	/** When the copy was made, from its manifest. */
	createdAt: string;
	counts?: BackupCounts;
	message?: string;
}

/** Where an uploaded backup waits for the restart that restores it. */
export function pendingRestorePath(config: Config): string {
	return path.join(config.dataDir, 'restore-pending.tar.gz');
}

/** Records the first-start restore's progress. */
export function writeRestoreStatus(config: Config, status: RestoreStatus): void {
	fs.mkdirSync(config.dataDir, { recursive: true });
	const file = path.join(config.dataDir, 'restore-status.json');
	fs.writeFileSync(`${file}.tmp`, JSON.stringify(status, null, 2));
	fs.renameSync(`${file}.tmp`, file);
}

/** The first-start restore's progress, if one was asked for. */
export function readRestoreStatus(config: Config): RestoreStatus | undefined {
	return readJson<RestoreStatus>(path.join(config.dataDir, 'restore-status.json'));
}

const RESTART = Symbol.for('zhurnal.restore.restart');
type RestartHolder = { [RESTART]?: (file: string) => void };

/**
 * The production process (`server/main.ts`) says how it restores a staged backup: stop, restore,
 * start again. A server started otherwise (tests that run it in their own process) has none, and
 * the first-start page then points at `npm run restore`. Kept on globalThis: the built app and the
 * server's own modules are separate copies.
 */
export function onRestoreRequested(restart: ((file: string) => void) | undefined): void {
	(globalThis as RestartHolder)[RESTART] = restart;
}

/** Asks the process to restore the staged file; false when this process cannot restart itself. */
export function requestRestore(file: string): boolean {
	const restart = (globalThis as RestartHolder)[RESTART];
	if (!restart) return false;
	// After the answer to the upload has gone out.
	setTimeout(() => restart(file), 50);
	return true;
}

/** Whether this process can restore a backup on the first-start page. */
export function canRestoreHere(): boolean {
	return (globalThis as RestartHolder)[RESTART] !== undefined;
}
