/**
 * Brings the process's database up once: open, migrate, and on an empty database create the
 * demo school, or (DEMO=0) issue the one-time setup link's token. Called by the production entry before it serves, and by the SvelteKit `init`
 * hook (which in production finds it already done).
 */
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { storedTimeZone } from './db/settings.ts';
import { rememberSchoolTimeZone, schoolTimeZone } from './school-zone.ts';
import type { Config } from './config.ts';
import { todayIn } from '../domain/dates.ts';
import { generateDemoSchool, isDatabaseEmpty, type DemoSummary } from './demo/generate.ts';
import { openSchoolSetup } from './commands/school.ts';

/** What start-up did. */
export interface Started {
	db: Database;
	migrations: string[];
	demo: DemoSummary | undefined;
	/** The token of the setup link when the database holds no school (to print once). */
	setupToken: string | undefined;
}

const KEY = Symbol.for('zhurnal.started');
type Holder = { [KEY]?: Promise<Started> };

/** Opens and prepares the database once per process. */
export function startDatabase(config: Config): Promise<Started> {
	const holder = globalThis as Holder;
	holder[KEY] ??= (async () => {
		const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
		const migrations = await migrate(db.sql);
		let demo: DemoSummary | undefined;
		if (config.demo && (await isDatabaseEmpty(db.sql))) {
			demo = await generateDemoSchool(db.sql, { seed: config.demoSeed, today: today(config), ...config.demoSize });
		}
		const setupToken = demo ? undefined : await openSchoolSetup({ sql: db.sql, today: today(config) });
		rememberSchoolTimeZone(await storedTimeZone(db.sql));
		return { db, migrations, demo, setupToken };
	})().catch((error) => {
		delete holder[KEY];
		throw error;
	});
	return holder[KEY];
}

/** Forgets the started database (after closeDatabase), so a test can start another. */
export function forgetStarted(): void {
	delete (globalThis as Holder)[KEY];
}

/** Today in the school's time zone (chosen at setup, else TZ_SCHOOL), or the configured fixed date. */
export function today(config: Config): string {
	return config.today ?? todayIn(schoolTimeZone() ?? config.timeZone);
}
