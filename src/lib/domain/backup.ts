/**
 * Backups (R-8.2, R-2.4): the rules that need no disk or database — what a backup's manifest
 * holds and whether a file may be restored here, whether a restored copy matches its manifest,
 * how backup files are named, and which of them the retention keeps (7 daily, 4 weekly,
 * 12 monthly).
 */

/** Version of the backup file's layout; a restore refuses a layout it does not know. */
export const BACKUP_FORMAT = 1;

/** The rows a manifest counts, compared after every restore. */
export interface BackupCounts {
	/** People of the school (staff, students, parents). */
	people: number;
	/** Lessons in all journals. */
	lessons: number;
	/** Marks for lessons. */
	marks: number;
	/** Absences. */
	absences: number;
	/** Rows of the audit log. */
	audit: number;
}

/** What counts are called in messages people read. */
const COUNT_NAMES: Record<keyof BackupCounts, string> = {
	people: 'людей',
	lessons: 'уроков',
	marks: 'оценок',
	absences: 'пропусков',
	audit: 'записей журнала изменений'
};

/** How the database is stored inside the backup file. */
export type BackupDatabaseFormat = 'pglite-datadir' | 'rows-ndjson';

/** The manifest: `manifest.json` inside every backup file. */
export interface BackupManifest {
	format: typeof BACKUP_FORMAT;
	/** The application's version that made the file. */
	app: string;
	/** Number of the last migration applied to the database when it was copied. */
	migration: number;
	/** Which back-end the copy was taken from. */
	backend: 'pglite' | 'postgres';
	/** How the database is stored: PGlite's own data-directory dump, or the tables' rows. */
	database: BackupDatabaseFormat;
	/** When the copy was taken (ISO 8601, UTC). */
	createdAt: string;
	/** Rows in the copy. */
	counts: BackupCounts;
	/** Files attached to lessons in the copy. */
	files: number;
	/** SHA-256 (hex) over the database part and every attached file (name and bytes). */
	checksum: string;
}

/** A rule's answer: fine, or the Russian reason why not. */
export type Verdict = { ok: true } | { ok: false; reason: string };

/** Reads a manifest from parsed JSON; a Russian reason when it is not one this version understands. */
export function parseManifest(value: unknown): { ok: true; manifest: BackupManifest } | { ok: false; reason: string } {
	const bad = { ok: false as const, reason: 'В файле нет описания резервной копии (manifest.json) или оно повреждено.' };
	if (!value || typeof value !== 'object') return bad;
	const m = value as Record<string, unknown>;
	if (typeof m.format !== 'number') return bad;
	if (m.format > BACKUP_FORMAT) {
		return { ok: false, reason: `Резервная копия сделана более новой версией программы (формат ${m.format}); обновите «Журнал» и повторите.` };
	}
	const counts = m.counts as Record<string, unknown> | undefined;
	const countsOk = !!counts && (Object.keys(COUNT_NAMES) as (keyof BackupCounts)[]).every((k) => Number.isInteger(counts[k]) && (counts[k] as number) >= 0);
	if (
		m.format !== BACKUP_FORMAT ||
		typeof m.app !== 'string' ||
		!Number.isInteger(m.migration) ||
		(m.backend !== 'pglite' && m.backend !== 'postgres') ||
		(m.database !== 'pglite-datadir' && m.database !== 'rows-ndjson') ||
		typeof m.createdAt !== 'string' ||
		!countsOk ||
		!Number.isInteger(m.files) ||
		typeof m.checksum !== 'string' ||
		!/^[0-9a-f]{64}$/.test(m.checksum)
	) {
		return bad;
	}
	return { ok: true, manifest: value as BackupManifest };
}

/**
 * May a backup be restored by this installation? Not when it comes from a newer schema (this
 * version cannot know what the newer migrations changed), nor an embedded copy into PostgreSQL
 * or the other way round (their database parts differ).
 */
export function checkRestorable(manifest: BackupManifest, here: { latestMigration: number; backend: 'pglite' | 'postgres' }): Verdict {
	if (manifest.migration > here.latestMigration) {
		return {
			ok: false,
			reason: `Резервная копия сделана на более новой схеме базы (миграция ${manifest.migration}, здесь последняя ${here.latestMigration}). Обновите «Журнал» до версии ${manifest.app} или новее и повторите восстановление.`
		};
	}
	if (manifest.database === 'pglite-datadir' && here.backend !== 'pglite') {
		return { ok: false, reason: 'Это копия встроенной базы; восстановить её можно только во встроенную базу (без DATABASE_URL).' };
	}
	return { ok: true };
}

/** Does a restored copy hold exactly the rows its manifest counted? */
export function compareCounts(expected: BackupCounts, actual: BackupCounts): Verdict {
	const differ = (Object.keys(COUNT_NAMES) as (keyof BackupCounts)[]).filter((k) => expected[k] !== actual[k]);
	if (!differ.length) return { ok: true };
	return {
		ok: false,
		reason: `Восстановленная база не совпадает с описанием копии: ${differ.map((k) => `${COUNT_NAMES[k]} ${actual[k]} вместо ${expected[k]}`).join(', ')}.`
	};
}

const NAME = /^zhurnal-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.tar\.gz$/;

/** The file name of a backup taken at this moment (UTC, sortable): zhurnal-20261202-023000.tar.gz. */
export function backupFileName(at: Date): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `zhurnal-${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}-${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}.tar.gz`;
}

/** When the backup of this file name was taken; undefined for any other file. */
export function backupTakenAt(name: string): Date | undefined {
	const m = NAME.exec(name);
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s] = m.map(Number);
	const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
	return Number.isNaN(at.getTime()) ? undefined : at;
}

/** How many of each kind the retention keeps. */
export interface Retention {
	daily: number;
	weekly: number;
	monthly: number;
}

/** The school's default: a week of days, a month of weeks, a year of months. */
export const DEFAULT_RETENTION: Retention = { daily: 7, weekly: 4, monthly: 12 };

/**
 * Which backups to keep: the newest of each of the last `daily` days that have a backup, of the
 * last `weekly` ISO weeks and of the last `monthly` months (UTC calendar). Every other file may
 * be deleted. Names that are not backups are never returned (and never to be deleted).
 */
export function backupsToKeep(names: readonly string[], retention: Retention = DEFAULT_RETENTION): Set<string> {
	const dated = names
		.map((name) => ({ name, at: backupTakenAt(name) }))
		.filter((b): b is { name: string; at: Date } => !!b.at)
		.sort((a, b) => b.at.getTime() - a.at.getTime());
	const keep = new Set<string>();
	const newestPer = (bucket: (at: Date) => string, count: number) => {
		const seen = new Set<string>();
		for (const b of dated) {
			const key = bucket(b.at);
			if (seen.has(key)) continue;
			if (seen.size >= count) break;
			seen.add(key);
			keep.add(b.name);
		}
	};
	newestPer((at) => at.toISOString().slice(0, 10), retention.daily);
	newestPer(isoWeek, retention.weekly);
	newestPer((at) => at.toISOString().slice(0, 7), retention.monthly);
	return keep;
}

/** ISO 8601 week of a UTC date, e.g. "2026-W49". */
export function isoWeek(at: Date): string {
	const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
	const day = d.getUTCDay() || 7;
	d.setUTCDate(d.getUTCDate() + 4 - day);
	const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
	const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
	return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Is the newest backup older than this many hours (or is there none)? For the administrator's home. */
export function backupOverdue(newest: Date | undefined, now: Date, hours = 26): boolean {
	return !newest || now.getTime() - newest.getTime() > hours * 3_600_000;
}

/**
 * Is the nightly backup due? Once the school's clock has reached the backup hour and there is no
 * backup from this school day yet (a server that was down at that hour catches up when it starts).
 * Days are the school's 'YYYY-MM-DD'.
 */
export function scheduledBackupDue(state: { today: string; hourNow: number; hour: number; newestDay: string | undefined }): boolean {
	return state.hourNow >= state.hour && state.newestDay !== state.today;
}

/** Why an hour of the nightly backup is refused. */
export const BACKUP_HOUR_MESSAGE = 'Час ночной копии — целое число от 0 до 23 (время школы).';

/** The nightly backup's hour as the administrator typed or chose it ("3", "03"), or undefined when it is not one. */
export function parseBackupHour(value: unknown): number | undefined {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!/^\d{1,2}$/.test(text)) return undefined;
	const hour = Number(text);
	return hour <= 23 ? hour : undefined;
}
