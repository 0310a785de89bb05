/**
 * Restores a backup file made by «Журнал» (admin page or the nightly schedule).
 *
 *   npm run restore -- FILE [--force]
 *
 * The target is DATABASE_URL when set, otherwise the embedded database in DATA_DIR (./data), with
 * attachments into ATTACHMENTS_DIR. The server must be stopped. The file, its manifest and
 * checksum are checked first, and a target that is not empty is refused unless --force (which
 * replaces what is there). Migrations then bring an older copy up to date, and the counts must
 * equal the manifest's.
 *
 *   npx tsx scripts/restore.ts --proof FILE
 *
 * The background test-restore: restores into a throw-away embedded database in a temporary
 * folder, prints one JSON line {ok, counts | message} and removes the folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config.ts';
import { BackupError, restoreBackup } from '../src/lib/server/backups.ts';
import { pluralRu, type PluralForms } from '../src/lib/domain/plural.ts';

const plural = (n: number, forms: PluralForms) => `${n} ${pluralRu(n, forms)}`;

async function proof(file: string): Promise<number> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-proof-'));
	try {
		const config = readConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, ATTACHMENTS_DIR: '' });
		const restored = await restoreBackup(file, config);
		console.log(JSON.stringify({ ok: true, counts: restored.counts, ms: restored.ms }));
		return 0;
	} catch (error) {
		console.log(JSON.stringify({ ok: false, message: error instanceof BackupError ? error.message : `Ошибка проверки: ${(error as Error).message}` }));
		return 1;
	} finally {
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

async function main(): Promise<number> {
	const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean' }, proof: { type: 'boolean' } } });
	if (positionals.length !== 1) {
		console.error('Укажите файл резервной копии: npm run restore -- ФАЙЛ [--force]');
		return 2;
	}
	const file = path.resolve(positionals[0]);
	if (values.proof) return proof(file);
	const config = readConfig();
	const where = config.databaseUrl ? 'в базу PostgreSQL (DATABASE_URL)' : `во встроенную базу в ${config.dataDir}`;
	console.log(`Восстанавливаю ${file} ${where}…`);
	try {
		const restored = await restoreBackup(file, config, { force: values.force });
		const c = restored.counts;
		console.log(
			`Восстановлено за ${restored.ms} мс: копия от ${new Date(restored.manifest.createdAt).toLocaleString('ru-RU')}, ` +
				`${plural(c.people, ['человек', 'человека', 'человек'])}, ${plural(c.lessons, ['урок', 'урока', 'уроков'])}, ` +
				`${plural(c.marks, ['оценка', 'оценки', 'оценок'])}, ${plural(c.absences, ['пропуск', 'пропуска', 'пропусков'])}, ` +
				`${plural(c.audit, ['запись', 'записи', 'записей'])} журнала изменений, ${plural(restored.manifest.files, ['файл', 'файла', 'файлов'])} уроков — всё совпадает с описанием копии.`
		);
		if (restored.migrations.length) console.log(`Применены миграции: ${restored.migrations.join(', ')}.`);
		return 0;
	} catch (error) {
		console.error(error instanceof BackupError ? error.message : error);
		return 1;
	}
}

process.exitCode = await main();
