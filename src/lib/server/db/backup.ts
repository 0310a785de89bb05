/**
 * The database side of backups: a consistent copy of the database with the counts the
 * manifest records, and loading a copy back. Embedded: PGlite's own dump of its data directory,
 * taken while this process holds the one connection, so no transaction is half-way and the
 * counts read just before are exactly what the dump holds. PostgreSQL: every table's rows as
 * JSON, read in one repeatable-read, read-only transaction (one snapshot, writers never wait).
 * Loading rows runs the migrations the copy had first, so the rows meet the schema they came from.
 */
import { PGlite } from '@electric-sql/pglite';
import type { BackupCounts } from '../../domain/backup.ts';
import type { Database, Sql, Tx } from './client.ts';

/** Rows the manifest counts: people, lessons, marks, absences, audit. */
export async function countRows(sql: Sql | Tx): Promise<BackupCounts> {
	const [row] = await sql<{ people: number; lessons: number; marks: number; absences: number; audit: number }[]>`
		select (select count(*)::int from person) as people,
		       (select count(*)::int from lesson) as lessons,
		       (select count(*)::int from mark) as marks,
		       (select count(*)::int from absence) as absences,
		       (select count(*)::int from audit_log) as audit`;
	return { people: row.people, lessons: row.lessons, marks: row.marks, absences: row.absences, audit: row.audit };
}

/** The number of the last migration applied (0 on a database never migrated). */
export async function lastMigration(sql: Sql | Tx): Promise<number> {
	const [table] = await sql<{ present: boolean }[]>`select to_regclass('public.schema_migrations') is not null as present`;
	if (!table.present) return 0;
	const [row] = await sql<{ version: number | null }[]>`select max(version)::int as version from schema_migrations`;
	return row.version ?? 0;
}

/** What a snapshot found. */
export interface Snapshot {
	counts: BackupCounts;
	migration: number;
}

/**
 * Embedded: PGlite's dump of the data directory (uncompressed tar bytes) with the counts of the
 * same moment. Queries of the school wait for the dump (a second or two on a demo school) and
 * then go on; nothing is stopped.
 */
export async function dumpEmbedded(db: Database): Promise<Snapshot & { bytes: Uint8Array }> {
	if (!db.dumpDataDir) throw new Error('dumpEmbedded: not an embedded database');
	const dumpDataDir = db.dumpDataDir;
	// Flush shared buffers first, so the copy needs little recovery when it is opened.
	await db.sql`checkpoint`;
	// The driver has one connection to PGlite: inside this transaction nobody else's statement or
	// transaction can be open, so the dump holds committed work only, the same the counts saw.
	return db.sql.begin(async (tx) => {
		const counts = await countRows(tx);
		const migration = await lastMigration(tx);
		const bytes = await dumpDataDir();
		return { counts, migration, bytes };
	}) as Promise<Snapshot & { bytes: Uint8Array }>;
}

/** One line of a rows dump: a batch of one table's rows as JSON objects. */
export interface RowsBatch {
	table: string;
	rows: unknown[];
}

/**
 * Every table's rows in one snapshot, in an order that loads without breaking a foreign key
 * (parents first), handed to `write` in batches. The schema_migrations table is left out: the
 * migrations recreate it on restore.
 */
export async function dumpRows(sql: Sql, write: (batch: RowsBatch) => Promise<void>, batchSize = 2000): Promise<Snapshot> {
	return sql.begin('isolation level repeatable read read only', async (tx) => {
		const counts = await countRows(tx);
		const migration = await lastMigration(tx);
		for (const table of await tablesInLoadOrder(tx)) {
			const cursor = tx<{ j: unknown }[]>`select row_to_json(t) as j from ${tx(table)} t`.cursor(batchSize);
			for await (const rows of cursor) await write({ table, rows: rows.map((r) => r.j) });
		}
		return { counts, migration };
	}) as Promise<Snapshot>;
}

/** The project's tables (public schema, without schema_migrations), each after the tables it references. */
export async function tablesInLoadOrder(sql: Sql | Tx): Promise<string[]> {
	const tables = (await sql<{ name: string }[]>`
		select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations' order by tablename`).map((r) => r.name);
	const edges = await sql<{ child: string; parent: string }[]>`
		select c.relname as child, p.relname as parent
		from pg_constraint k
		join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
		join pg_class p on p.oid = k.confrelid
		where k.contype = 'f' and cn.nspname = 'public' and c.relname <> p.relname`;
	const parents = new Map(tables.map((t) => [t, new Set<string>()]));
	for (const e of edges) parents.get(e.child)?.add(e.parent);
	const ordered: string[] = [];
	const placed = new Set<string>();
	const place = (table: string, path: Set<string>) => {
		if (placed.has(table) || path.has(table)) return;
		path.add(table);
		for (const parent of parents.get(table) ?? []) place(parent, path);
		placed.add(table);
		ordered.push(table);
	};
	for (const t of tables) place(t, new Set());
	return ordered;
}

/** Is there anything of ours in this database (any table in the public schema)? */
export async function hasTables(sql: Sql): Promise<boolean> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_tables where schemaname = 'public'`;
	return row.n > 0;
}

/** Drops everything in the public schema (a restore with --force into a database that had data). */
export async function dropSchema(sql: Sql): Promise<void> {
	await sql`drop schema public cascade`;
	await sql`create schema public`;
}

/** Loads batches of a rows dump (in the order they were written) and sets every serial past the largest id. */
export async function loadRows(sql: Sql, batches: AsyncIterable<RowsBatch>): Promise<void> {
	await sql.begin(async (tx) => {
		for await (const batch of batches) {
			await tx`insert into ${tx(batch.table)} select * from jsonb_populate_recordset(null::${tx(batch.table)}, ${tx.json(batch.rows as never)})`;
		}
		const serials = await tx<{ table_name: string; column_name: string }[]>`
			select table_name, column_name from information_schema.columns
			where table_schema = 'public' and column_default like 'nextval(%'`;
		for (const s of serials) {
			await tx`select setval(pg_get_serial_sequence(${s.table_name}, ${s.column_name}),
			                        coalesce((select max(${tx(s.column_name)}) from ${tx(s.table_name)}), 0) + 1, false)`;
		}
	});
}

/**
 * Embedded: makes a new data directory from PGlite's dump (the directory must not exist or be
 * empty). PGlite runs its own recovery on the copy, then is closed again.
 */
export async function loadEmbedded(pgdata: string, tarBytes: Uint8Array): Promise<void> {
	const pg = await PGlite.create({ dataDir: pgdata, loadDataDir: new Blob([tarBytes as Uint8Array<ArrayBuffer>]) });
	await pg.close();
}
