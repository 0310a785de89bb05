/** The administrator's view of the school's backups: the list, the last result, a download. */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Config } from '../config.ts';
import type { Ctx } from '../context.ts';
import { backupHourOf } from '../db/settings.ts';
import { backupPath, listBackups, readStatus, type BackupEntry, type BackupStatus } from '../backups.ts';
import { backupOverdue } from '../../domain/backup.ts';
import { backupsResource, decide, may, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/** What the backups page shows. */
export interface BackupsPage {
	backups: (BackupEntry & { when: string })[];
	status: (BackupStatus & { when: string }) | undefined;
	/** A warning for the administrator (no recent backup, the last attempt failed, the last test-restore failed), else null. */
	alert: string | null;
	dir: string;
	/** The nightly hour on the school's clock, or null when the schedule is off. */
	hour: number | null;
	backend: 'pglite' | 'postgres';
}

/** The warning the administrator sees about backups, or null when all is well. */
export function backupAlertOf(backups: readonly BackupEntry[], status: BackupStatus | undefined, now = new Date()): string | null {
	if (status && !status.ok) return status.message ?? 'Последняя резервная копия не создана.';
	const newest = backups[0];
	if (backupOverdue(newest ? new Date(newest.takenAt) : undefined, now)) {
		return newest ? 'Резервной копии не было больше суток.' : 'Резервных копий ещё нет.';
	}
	if (newest?.proof && !newest.proof.ok) return `Проверочное восстановление последней копии не прошло: ${newest.proof.message ?? ''}`.trim();
	return null;
}

/** The backups page, for the administrator only; `chosenHour` is the hour the school chose, if any. */
export function backupsPage(actor: Actor, config: Config, chosenHour?: number): Outcome<BackupsPage> {
	const decision = decide(actor, 'read', backupsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const backups = listBackups(config);
	const status = readStatus(config);
	const when = (iso: string) => new Date(iso).toLocaleString('ru-RU', { timeZone: config.timeZone, dateStyle: 'short', timeStyle: 'short' });
	return done({
		backups: backups.map((b) => ({ ...b, when: when(b.takenAt) })),
		status: status && { ...status, when: when(status.at) },
		alert: backupAlertOf(backups, status),
		dir: config.backupDir,
		hour: config.backupHour === undefined ? null : (chosenHour ?? config.backupHour),
		backend: config.databaseUrl ? 'postgres' : 'pglite'
	});
}

/** The backups page with the nightly hour the school chose (read from its settings). */
export async function backupsPageOf(ctx: Ctx, actor: Actor, config: Config): Promise<Outcome<BackupsPage>> {
	return backupsPage(actor, config, await backupHourOf(ctx.sql));
}

/** The warning for the home page: only the administrator gets one. */
export function backupAlert(actor: Actor, config: Config): string | null {
	if (!may(actor, 'read', backupsResource(actor.schoolId))) return null;
	return backupAlertOf(listBackups(config), readStatus(config));
}

/** A backup file to download, for the administrator only. */
export function backupFile(actor: Actor, config: Config, name: string): Outcome<{ name: string; size: number; body: ReadableStream }> {
	const decision = decide(actor, 'read', backupsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const file = backupPath(config, name);
	if (!file) return refuse('not_found', 'Такой резервной копии нет.');
	return done({ name, size: fs.statSync(file).size, body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream });
}
