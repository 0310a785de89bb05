/**
 * A fresh, empty database for one test file, on the back-end the run is for:
 * ZHURNAL_TEST_BACKEND=postgres creates a throw-away database on the server named by
 * PG_ADMIN_URL (dropped afterwards); anything else gives a new embedded PGlite directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';

/** Where a test's database lives, and how to throw it away. */
export interface FreshDatabase {
	databaseUrl: string | undefined;
	dataDir: string;
	backend: 'pglite' | 'postgres';
	drop(): Promise<void>;
}

/** True when this run is for PostgreSQL. */
export const onPostgres = process.env.ZHURNAL_TEST_BACKEND === 'postgres';

/**
 * Creates an empty database for the calling test file (on PostgreSQL when asked, whatever the
 * run), or a copy of a template: a PGlite `pgdata` directory, or a PostgreSQL template database.
 */
export async function freshDatabase(backend: 'pglite' | 'postgres' = onPostgres ? 'postgres' : 'pglite', template: { pgdata?: string; database?: string } = {}): Promise<FreshDatabase> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-test-'));
	if (backend === 'pglite') {
		if (template.pgdata) fs.cpSync(template.pgdata, path.join(dataDir, 'pgdata'), { recursive: true });
		return { databaseUrl: undefined, dataDir, backend: 'pglite', drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
	}
	const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const name = `zhurnal_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(template.database ? `create database ${name} template ${template.database}` : `create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		databaseUrl: url.toString(),
		dataDir,
		backend: 'postgres',
		drop: async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/**
 * A fresh database that already holds the small demo school the run generated once
 * (tests/helpers/demo-template.ts) — what a server started on it with the test settings would
 * create itself. On the other back-end than the run's, an empty one (the server generates it).
 */
export function freshDemoDatabase(backend: 'pglite' | 'postgres' = onPostgres ? 'postgres' : 'pglite'): Promise<FreshDatabase> {
	const runs = onPostgres ? 'postgres' : 'pglite';
	return freshDatabase(backend, backend === runs ? inject('demoTemplate') : {});
}
