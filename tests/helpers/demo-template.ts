/**
 * The integration project's global set-up: the small demo school every `startTestSchool()` starts
 * with is generated once per run — by the server's own start-up code (`startDatabase`: migrations,
 * then the demo generator with the test configuration) — and each test file gets a copy of it
 * (a copied PGlite directory, or `create database … template …` on PostgreSQL) instead of
 * generating the same school again. A file that asks for another school (its own TODAY, DEMO…)
 * still generates its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { readConfig } from '../../src/lib/server/config';
import { forgetStarted, startDatabase } from '../../src/lib/server/start';
import { closeDatabase } from '../../src/lib/server/db/client';

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
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-template-'));
	const onPostgres = process.env.ZHURNAL_TEST_BACKEND === 'postgres';
	const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const name = `zhurnal_template_${process.pid}`;
	let databaseUrl = '';
	const admin = onPostgres ? postgres(adminUrl, { max: 1, onnotice: () => {} }) : undefined;
	if (admin) {
		await admin.unsafe(`drop database if exists ${name}`);
		await admin.unsafe(`create database ${name}`);
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		databaseUrl = url.toString();
	}
	await startDatabase(readConfig({ ...TEST_SCHOOL_ENV, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, BACKUP_HOUR: 'off' }));
	await closeDatabase();
	forgetStarted();
	project.provide('demoTemplate', onPostgres ? { database: name } : { pgdata: path.join(dataDir, 'pgdata') });
	return async () => {
		if (admin) {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
		fs.rmSync(dataDir, { recursive: true, force: true });
	};
}
