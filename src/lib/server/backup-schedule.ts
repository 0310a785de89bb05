/**
 * The nightly backup: once a minute the server asks whether the school's clock has
 * passed the backup hour (BACKUP_HOUR, school time zone) with no backup from today yet, and then
 * makes one through the same command as the administrator's button. The timer never keeps the
 * process alive; stopping waits for a backup (and its test-restore) in progress.
 */
import type { Config } from './config.ts';
import type { Sql } from './db/client.ts';
import { listBackups, readStatus } from './backups.ts';
import { backupsIdle, createBackup } from './commands/backup.ts';
import { todayIn } from '../domain/dates.ts';
import { scheduledBackupDue } from '../domain/backup.ts';
import { today } from './start.ts';
import { backupHourOf } from './db/settings.ts';

/** The running schedule. */
export interface BackupSchedule {
	stop(): Promise<void>;
}

/** The hour (0–23) of a moment on the school's clock. */
function hourIn(timeZone: string, now: Date): number {
	return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));
}

/**
 * Starts the schedule (nothing when BACKUP_HOUR=off); the first look is a minute after start, not
 * during it. The hour is the one the administrator chose on the backups page, else BACKUP_HOUR.
 */
export function startBackupSchedule(sql: Sql, config: Config, everyMs = 60_000): BackupSchedule {
	if (config.backupHour === undefined) return { stop: backupsIdle };
	const fallback = config.backupHour;
	let stopped = false;
	const tick = async () => {
		const now = new Date();
		const hour = (await backupHourOf(sql)) ?? fallback;
		const newest = listBackups(config)[0];
		const due = scheduledBackupDue({
			today: todayIn(config.timeZone, now),
			hourNow: hourIn(config.timeZone, now),
			hour,
			newestDay: newest ? todayIn(config.timeZone, new Date(newest.takenAt)) : undefined
		});
		if (!due || stopped) return;
		// A failed attempt is tried again an hour later, not every minute.
		const last = readStatus(config);
		if (last && !last.ok && now.getTime() - new Date(last.at).getTime() < 3_600_000) return;
		const outcome = await createBackup({ sql, today: today(config) }, null, { config, now });
		if (outcome.ok) console.log(`Резервная копия создана: ${outcome.value.backup.name} (${outcome.value.backup.ms} мс)`);
	};
	const timer = setInterval(() => void tick().catch((error) => console.error('Ночная резервная копия:', error)), everyMs);
	timer.unref();
	return {
		stop: async () => {
			stopped = true;
			clearInterval(timer);
			await backupsIdle();
		}
	};
}
