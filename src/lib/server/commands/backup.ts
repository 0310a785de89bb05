/**
 * Making a backup of the school: by the administrator («Создать сейчас») or by the
 * nightly schedule. One at a time per process.
 */
import type { Ctx } from '../context.ts';
import type { Config } from '../config.ts';
import { database } from '../db/client.ts';
import { writeAudit } from '../db/audit.ts';
import { backupHourOf, setBackupHourOf } from '../db/settings.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
	applyRetention,
	BackupError,
	canRestoreHere,
	latestMigration,
	makeBackup,
	openBackup,
	pendingRestorePath,
	proveBackup,
	requestRestore,
	stopProofs,
	readRestoreStatus,
	writeRestoreStatus,
	writeStatus,
	type MadeBackup,
	type Proof,
	type RestoreStatus
} from '../backups.ts';
import { BACKUP_HOUR_MESSAGE, checkRestorable, parseBackupHour, type BackupManifest } from '../../domain/backup.ts';
import { schoolExists, spendSetupTokens } from '../db/school-setup.ts';
import { sessionIdOf } from '../auth/session.ts';
import { SETUP_MESSAGES } from '../../domain/school-setup.ts';
import { setupLinkState } from './school.ts';
import { backupsResource, decide, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** A backup made: the file, and its test-restore running in the background. */
export interface BackupDone {
	backup: MadeBackup;
	/** Old backups the retention removed. */
	removed: string[];
	/** The background test-restore; its result is also written beside the file. */
	proof: Promise<Proof>;
}

const RUNNING = Symbol.for('zhurnal.backup.running');
type Holder = { [RUNNING]?: Promise<unknown> };
const holder = globalThis as Holder;

/**
 * For a server that stops: ends a running test-restore (it uses no database of the server's) and
 * resolves once no backup is being made, so the database can close after it.
 */
export async function backupsIdle(): Promise<void> {
	while (holder[RUNNING]) {
		// A backup being made starts its test-restore when done: end that one too.
		stopProofs();
		await Promise.race([holder[RUNNING].catch(() => {}), new Promise((resolve) => setTimeout(resolve, 100))]);
	}
}

/**
 * Makes a backup now. Checks: the actor is the administrator (a null actor is the nightly
 * schedule); no other backup is running. Then the file is made (database and attachments), an
 * audit row records who made which file (or why it failed), the last result is kept for the
 * administrator's pages, the retention removes old files, and a test-restore starts.
 */
export async function createBackup(ctx: Ctx, actor: Actor | null, input: { config: Config; now?: Date }): Promise<Outcome<BackupDone>> {
	if (actor) {
		const decision = decide(actor, 'manage', backupsResource(actor.schoolId));
		if (!decision.allow) return refuse('forbidden', decision.reason);
	}
	if (holder[RUNNING]) return refuse('conflict', 'Резервная копия уже создаётся или проверяется; повторите через минуту.');
	const by = actor ? String(actor.personId) : 'schedule';
	let release!: () => void;
	holder[RUNNING] = new Promise<void>((resolve) => (release = resolve));
	let proofStarted = false;
	try {
		let made: MadeBackup;
		try {
			made = await makeBackup(await database(), input.config, input.now);
		} catch (error) {
			const message = `Резервная копия не создана: ${error instanceof BackupError ? error.message : (error as Error).message}`;
			writeStatus(input.config, { at: new Date().toISOString(), ok: false, message, by });
			await ctx.sql.begin((tx) => writeAudit(tx, { actorId: actor?.personId ?? null, action: 'backup.failed', entity: 'backup', entityId: null, newValue: { message }, source: actor ? 'web' : 'schedule' }));
			console.error(message);
			return refuse('conflict', message);
		}
		await ctx.sql.begin((tx) =>
			writeAudit(tx, {
				actorId: actor?.personId ?? null,
				action: 'backup.create',
				entity: 'backup',
				entityId: made.name,
				newValue: { size: made.size, counts: made.manifest.counts, files: made.manifest.files, migration: made.manifest.migration },
				source: actor ? 'web' : 'schedule'
			})
		);
		writeStatus(input.config, { at: new Date().toISOString(), ok: true, name: made.name, by });
		const removed = applyRetention(input.config);
		const proof = proveBackup(made.file).finally(release);
		proofStarted = true;
		return done({ backup: made, removed, proof });
	} finally {
		if (!proofStarted) release();
		const running = holder[RUNNING];
		void running?.finally(() => {
			if (holder[RUNNING] === running) delete holder[RUNNING];
		});
	}
}

/**
 * Sets the hour (school time) of the nightly backup: the administrator only, a whole hour 0–23;
 * stored in the school's settings with an audit row, read by the schedule at its next look.
 */
export async function setBackupHour(ctx: Ctx, actor: Actor, input: { hour: unknown }): Promise<Outcome<{ hour: number }>> {
	const decision = decide(actor, 'manage', backupsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const hour = parseBackupHour(input.hour);
	if (hour === undefined) return refuse('invalid', BACKUP_HOUR_MESSAGE);
	await ctx.sql.begin(async (tx) => {
		const before = await backupHourOf(tx);
		await setBackupHourOf(tx, actor.schoolId, hour);
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'backup.hour',
			entity: 'school',
			entityId: String(actor.schoolId),
			oldValue: before === undefined ? null : { backupHour: before },
			newValue: { backupHour: hour }
		});
	});
	return done({ hour });
}

/** What the first-start page says when this process cannot restart itself (a test's in-process server). */
export const RESTORE_ELSEWHERE = 'Этот сервер не может восстановить копию сам. Остановите его и выполните npm run restore -- ФАЙЛ.';

/**
 * Restores a school from a backup on the first-start page of an empty install, instead
 * of creating a new one. Checks: the setup link is unused and no school exists; the uploaded file
 * (already on disk) is a whole backup with a manifest and checksum this version reads, of a schema
 * not newer than ours, for this kind of database — otherwise a Russian reason and nothing changes
 * (the link still works). Then, in one transaction, every setup link is spent (no school can be
 * created meanwhile) with an audit row; the file is staged in DATA_DIR and the process asked to
 * stop, restore it and start again. The page follows the restore through its status file.
 */
export async function restoreAtSetup(ctx: Ctx, input: { token: string; upload: string; config: Config }): Promise<Outcome<{ manifest: BackupManifest }>> {
	try {
		const state = await setupLinkState(ctx, input.token);
		if (!state.ok) return state;
		if (!canRestoreHere()) return refuse('conflict', RESTORE_ELSEWHERE);
		const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-check-'));
		let manifest: BackupManifest;
		try {
			manifest = (await openBackup(input.upload, work)).manifest;
		} catch (error) {
			if (error instanceof BackupError) return refuse('invalid', error.message);
			throw error;
		} finally {
			fs.rmSync(work, { recursive: true, force: true });
		}
		const restorable = checkRestorable(manifest, { latestMigration: latestMigration(), backend: input.config.databaseUrl ? 'postgres' : 'pglite' });
		if (!restorable.ok) return refuse('invalid', restorable.reason);
		const tokenHash = sessionIdOf(input.token);
		const spent = await ctx.sql.begin(async (tx) => {
			const tokenId = await spendSetupTokens(tx, tokenHash);
			if (tokenId === undefined) return refuse('not_found', SETUP_MESSAGES.linkInvalid);
			if (await schoolExists(tx)) return refuse('conflict', SETUP_MESSAGES.schoolExists);
			await writeAudit(tx, {
				actorId: null,
				action: 'setup.restore',
				entity: 'setup_token',
				entityId: tokenId,
				newValue: { createdAt: manifest.createdAt, app: manifest.app, migration: manifest.migration, counts: manifest.counts },
				source: 'server'
			});
			return done(undefined);
		});
		if (!spent.ok) return spent;
		const pending = pendingRestorePath(input.config);
		fs.renameSync(input.upload, pending);
		writeRestoreStatus(input.config, { tokenHash, state: 'restoring', at: new Date().toISOString(), createdAt: manifest.createdAt });
		requestRestore(pending);
		return done({ manifest });
	} finally {
		fs.rmSync(input.upload, { force: true });
	}
}

/** The state of the first-start restore asked for with this setup link; not found for another link. */
export function restoreProgress(config: Config, token: string): Outcome<Omit<RestoreStatus, 'tokenHash'>> {
	const status = readRestoreStatus(config);
	if (!status || status.tokenHash !== sessionIdOf(token)) return refuse('not_found', 'Восстановление по этой ссылке не запускалось.');
	const { tokenHash: _hash, ...rest } = status;
	return done(rest);
}
