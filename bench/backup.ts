/**
 * Backups of the default demo school on the embedded database, against copying DATA_DIR by hand:
 *   backup.ms            makeBackup (database dump, attachments, manifest, gzip) with the database open
 *   backup.db_pause_ms   how long the dump (checkpoint, counts, PGlite's dump) holds the database: queries wait that long, once
 *   backup.size_bytes    the backup file
 *   restore.ms           restoreBackup into an empty DATA_DIR (unpack, check, load, migrate, count)
 *   backup.cp_ms         `cp -r DATA_DIR` of the same directory with the database closed
 *   backup.datadir_bytes what `cp -r` copied
 * Run: tsx bench/backup.ts   (generates the default demo school first: about a minute)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../src/lib/server/config.ts';
import { forgetStarted, startDatabase } from '../src/lib/server/start.ts';
import { closeDatabase } from '../src/lib/server/db/client.ts';
import { dumpEmbedded } from '../src/lib/server/db/backup.ts';
import { makeBackup, restoreBackup } from '../src/lib/server/backups.ts';
import { record } from './harness.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-bench-backup-'));
const env = { ...process.env, DATABASE_URL: '', TODAY: '2026-11-27', BACKUP_HOUR: 'off' };
const config = readConfig({ ...env, DATA_DIR: path.join(work, 'data'), BACKUP_DIR: path.join(work, 'backups') });
try {
	const { db, demo } = await startDatabase(config);
	console.log(`demo school: ${JSON.stringify(demo)}`);
	// The first dump after generating the school also checkpoints all it wrote; the second is what a
	// night's backup costs.
	await dumpEmbedded(db);
	let t = performance.now();
	await dumpEmbedded(db);
	const pause = performance.now() - t;
	const made = await makeBackup(db, config);
	await closeDatabase();
	forgetStarted();

	t = performance.now();
	execFileSync('cp', ['-r', config.dataDir, path.join(work, 'copy')]);
	const cp = performance.now() - t;
	const datadirBytes = Number(execFileSync('du', ['-sb', config.dataDir]).toString().split('\t')[0]);

	const target = readConfig({ ...env, DATA_DIR: path.join(work, 'restored') });
	const restored = await restoreBackup(made.file, target);
	const results = {
		'backup.ms': made.ms,
		'backup.db_pause_ms': Math.round(pause),
		'backup.size_bytes': made.size,
		'restore.ms': restored.ms,
		'backup.cp_ms': Math.round(cp),
		'backup.datadir_bytes': datadirBytes
	};
	console.log(JSON.stringify({ ...results, counts: restored.counts }, null, 2));
	await record(results);
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
