import { describe, expect, test } from 'vitest';
import {
	parseBackupHour,
	BACKUP_FORMAT,
	backupFileName,
	backupTakenAt,
	backupsToKeep,
	checkRestorable,
	compareCounts,
	isoWeek,
	parseManifest,
	scheduledBackupDue,
	type BackupManifest
} from '../../src/lib/domain/backup';

const manifest: BackupManifest = {
	format: BACKUP_FORMAT,
	app: '0.1.0',
	migration: 6,
	backend: 'pglite',
	database: 'pglite-datadir',
	createdAt: '2026-12-02T02:00:00.000Z',
	counts: { people: 10, lessons: 20, marks: 30, absences: 4, audit: 50 },
	files: 1,
	checksum: 'a'.repeat(64)
};

describe('R-8.2 the manifest', () => {
	test.each([
		['not an object', null],
		['no checksum', { ...manifest, checksum: undefined }],
		['a short checksum', { ...manifest, checksum: 'abc' }],
		['a negative count', { ...manifest, counts: { ...manifest.counts, marks: -1 } }],
		['a missing count', { ...manifest, counts: { people: 1 } }],
		['an unknown database part', { ...manifest, database: 'zip' }]
	])('is refused when it has %s', (_, value) => {
		const parsed = parseManifest(value);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.reason).toMatch(/manifest\.json/);
	});

	test('from a newer file format is refused with a reason to update', () => {
		const parsed = parseManifest({ ...manifest, format: BACKUP_FORMAT + 1 });
		expect(parsed).toEqual({ ok: false, reason: expect.stringMatching(/более новой версией/) });
	});

	test('that is whole is read back as is', () => {
		expect(parseManifest(JSON.parse(JSON.stringify(manifest)))).toEqual({ ok: true, manifest });
	});
});

describe('R-8.2 may a backup be restored here', () => {
	test.each([
		[6, 'pglite', true],
		[3, 'pglite', true],
		[7, 'pglite', false],
		[6, 'postgres', false]
	] as const)('migration %i of the file on %s here (latest 6): %s', (migration, backend, ok) => {
		expect(checkRestorable({ ...manifest, migration }, { latestMigration: 6, backend }).ok).toBe(ok);
	});

	test('a file from a newer schema says which version to install, in Russian', () => {
		expect(checkRestorable({ ...manifest, migration: 9, app: '0.3.0' }, { latestMigration: 6, backend: 'pglite' })).toEqual({
			ok: false,
			reason: 'Резервная копия сделана на более новой схеме базы (миграция 9, здесь последняя 6). Обновите «Журнал» до версии 0.3.0 или новее и повторите восстановление.'
		});
	});

	test('rows of a PostgreSQL copy may go into either back-end', () => {
		const rows = { ...manifest, backend: 'postgres' as const, database: 'rows-ndjson' as const };
		expect(checkRestorable(rows, { latestMigration: 6, backend: 'pglite' }).ok).toBe(true);
		expect(checkRestorable(rows, { latestMigration: 6, backend: 'postgres' }).ok).toBe(true);
	});
});

describe('R-8.2 counts after a restore', () => {
	test('equal counts match', () => {
		expect(compareCounts(manifest.counts, { ...manifest.counts })).toEqual({ ok: true });
	});
	test('every differing count is named', () => {
		expect(compareCounts(manifest.counts, { ...manifest.counts, marks: 29, audit: 49 })).toEqual({
			ok: false,
			reason: 'Восстановленная база не совпадает с описанием копии: оценок 29 вместо 30, записей журнала изменений 49 вместо 50.'
		});
	});
});

describe('R-8.2 backup file names', () => {
	test('carry the UTC moment and read back', () => {
		const at = new Date('2026-12-02T02:03:04Z');
		expect(backupFileName(at)).toBe('zhurnal-20261202-020304.tar.gz');
		expect(backupTakenAt(backupFileName(at))).toEqual(at);
	});
	test.each(['notes.txt', 'zhurnal-20261202-020304.tar.gz.proof.json', 'zhurnal-2026120-020304.tar.gz', '.tmp-zhurnal-20261202-020304.tar.gz'])(
		'%s is not a backup',
		(name) => expect(backupTakenAt(name)).toBeUndefined()
	);
});

describe('R-8.2 retention: 7 daily, 4 weekly, 12 monthly', () => {
	test('ISO weeks start on Monday', () => {
		expect(isoWeek(new Date('2026-11-29T12:00:00Z'))).toBe('2026-W48'); // Sunday
		expect(isoWeek(new Date('2026-11-30T12:00:00Z'))).toBe('2026-W49'); // Monday
		expect(isoWeek(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
	});

	test('with the clock moved through 40 nightly backups, the kept set is exactly the 7 last days, the newest of the 4 last weeks and of each month', () => {
		let folder: string[] = [];
		const start = Date.UTC(2026, 9, 24, 2, 0, 0); // Saturday 24.10.2026, 02:00 UTC
		for (let day = 0; day < 40; day++) {
			folder.push(backupFileName(new Date(start + day * 86_400_000)));
			const keep = backupsToKeep(folder);
			folder = folder.filter((name) => keep.has(name));
		}
		// Last backup: Wednesday 02.12.2026.
		const daily = ['20261126', '20261127', '20261128', '20261129', '20261130', '20261201', '20261202'];
		// Weeks W49 (30.11–), W48 (23–29.11), W47 (16–22.11), W46 (9–15.11): newest of each.
		const weekly = ['20261202', '20261129', '20261122', '20261115'];
		// Months: December, November, October.
		const monthly = ['20261202', '20261130', '20261031'];
		const expected = [...new Set([...daily, ...weekly, ...monthly])].sort().map((d) => `zhurnal-${d}-020000.tar.gz`);
		expect([...folder].sort()).toEqual(expected);
		expect(folder).toHaveLength(10);
	});

	test('several backups on one day: only the newest of that day counts as its daily', () => {
		const names = ['zhurnal-20261202-020000.tar.gz', 'zhurnal-20261202-120000.tar.gz', 'zhurnal-20261201-020000.tar.gz'];
		expect([...backupsToKeep(names, { daily: 2, weekly: 0, monthly: 0 })].sort()).toEqual(['zhurnal-20261201-020000.tar.gz', 'zhurnal-20261202-120000.tar.gz']);
	});

	test('files that are not backups are never chosen to keep or to delete', () => {
		expect(backupsToKeep(['README.txt', 'zhurnal-20261202-020000.tar.gz'])).toEqual(new Set(['zhurnal-20261202-020000.tar.gz']));
	});
});

describe('R-8.2 the nightly schedule', () => {
	test.each([
		[{ today: '2026-12-02', hourNow: 1, hour: 2, newestDay: '2026-12-01' }, false],
		[{ today: '2026-12-02', hourNow: 2, hour: 2, newestDay: '2026-12-01' }, true],
		[{ today: '2026-12-02', hourNow: 14, hour: 2, newestDay: undefined }, true],
		[{ today: '2026-12-02', hourNow: 3, hour: 2, newestDay: '2026-12-02' }, false]
	])('%o → due %s', (state, due) => {
		expect(scheduledBackupDue(state)).toBe(due);
	});
});

describe('R-8.2 the hour of the nightly backup as the administrator gives it', () => {
	test.each([
		['0', 0],
		['3', 3],
		['03', 3],
		[' 23 ', 23],
		['24', undefined],
		['-1', undefined],
		['2,5', undefined],
		['', undefined],
		[null, undefined]
	])('%j → %j', (value, hour) => {
		expect(parseBackupHour(value)).toBe(hour);
	});
});
