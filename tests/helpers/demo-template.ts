/**
 * The integration project's global set-up: the small demo school every `startTestSchool()` starts
 * with is generated once per run — by the server's own start-up code (`startDatabase`: migrations,
 * then the demo generator with the test configuration) — and each test file gets a copy of it
 * (a copied PGlite directory, or `create database … template …` on PostgreSQL) instead of
 * generating the same school again. A file that asks for another school (its own TODAY, DEMO…)
 * still generates its own. Likewise a database with no school, only migrated, for
 * `startEmptySchool()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { readConfig } from '../../src/lib/server/config';
import { forgetStarted, startDatabase } from '../../src/lib/server/start';
import { closeDatabase, openDatabase } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';

/** The environment of the school `startTestSchool()` starts by default (besides where its database is). */
export const TEST_SCHOOL_ENV = {
	TODAY: '2026-11-27',
	DEMO_CLASSES_PER_GRADE: '1',
	DEMO_STUDENTS_PER_CLASS: '8'
} as const;

/** Where the generated school is: a PGlite data directory's `pgdata`, or a PostgreSQL template database's name. */
export interface DemoTemplate {
	pgdata?: string;
	database?: string;
}

declare module 'vitest' {
	export interface ProvidedContext {
		demoTemplate: DemoTemplate;
		/** A database with every migration and no school: what `startEmptySchool()` starts from. */
		emptyTemplate: DemoTemplate;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const onPostgres = process.env.ZHURNAL_TEST_BACKEND === 'postgres';
	const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const admin = onPostgres ? postgres(adminUrl, { max: 1, onnotice: () => {} }) : undefined;
	const made: Array<{ dataDir: string; name: string }> = [];

	/** A new place for a template: a PGlite directory, or a PostgreSQL database (its URL). */
	async function place(kind: string): Promise<{ dataDir: string; name: string; databaseUrl: string }> {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `zhurnal-${kind}-template-`));
		const name = `zhurnal_${kind}_template_${process.pid}`;
		made.push({ dataDir, name });
		if (!admin) return { dataDir, name, databaseUrl: '' };
		await admin.unsafe(`drop database if exists ${name}`);
		await admin.unsafe(`create database ${name}`);
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		return { dataDir, name, databaseUrl: url.toString() };
	}
	const provided = (p: { dataDir: string; name: string }): DemoTemplate => (onPostgres ? { database: p.name } : { pgdata: path.join(p.dataDir, 'pgdata') });

	// The demo school, as the server's start-up makes it.
	const demo = await place('demo');
	await startDatabase(readConfig({ ...TEST_SCHOOL_ENV, DATA_DIR: demo.dataDir, DATABASE_URL: demo.databaseUrl, BACKUP_HOUR: 'off' }));
	await closeDatabase();
	forgetStarted();
	project.provide('demoTemplate', provided(demo));

	// No school: only the migrations (an embedded database's first start also creates its cluster,
	// which is most of the cost a file without a template pays).
	const empty = await place('empty');
	const db = await openDatabase({ dataDir: empty.dataDir, databaseUrl: empty.databaseUrl || undefined });
	await migrate(db.sql);
	await closeDatabase();
	project.provide('emptyTemplate', provided(empty));

	return async () => {
		for (const p of made) {
			if (admin) await admin.unsafe(`drop database if exists ${p.name} with (force)`);
			fs.rmSync(p.dataDir, { recursive: true, force: true });
		}
		await admin?.end();
	};
}
