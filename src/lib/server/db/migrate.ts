/**
 * Forward-only migrations: numbered SQL files in `migrations/`, applied in order, each in its
 * own transaction, recorded in `schema_migrations`. An advisory lock keeps two instances that
 * start together on one PostgreSQL from applying the same file twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Sql } from './client.ts';

const MIGRATION_FILE = /^(\d{3,})_[a-z0-9_]+\.sql$/;

/** A row of schema_migrations found: the migration is applied. */
interface AppliedRow {
	applied: number;
}

/** Applies every migration not yet recorded; returns the names applied now. */
export async function migrate(sql: Sql, dir = path.resolve(process.env.MIGRATIONS_DIR || 'migrations')): Promise<string[]> {
	const files = fs
		.readdirSync(dir)
		.filter((name) => MIGRATION_FILE.test(name))
		.sort();
	const applied: string[] = [];
	await sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(7453001)`;
		await tx`create table if not exists schema_migrations (
			version integer primary key,
			name text not null,
			applied_at timestamptz not null default now()
		)`;
	});
	for (const name of files) {
		const version = Number(MIGRATION_FILE.exec(name)![1]);
		const text = fs.readFileSync(path.join(dir, name), 'utf8');
		await sql.begin(async (tx) => {
			await tx`select pg_advisory_xact_lock(7453001)`;
			const [done] = await tx<AppliedRow[]>`select 1 as applied from schema_migrations where version = ${version}`;
			if (done) return;
			await tx.unsafe(text);
			await tx`insert into schema_migrations (version, name) values (${version}, ${name})`;
			applied.push(name);
		});
	}
	return applied;
}
