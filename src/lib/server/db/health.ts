/** Whether the database answers, for the health endpoint. */
import type { Sql } from './client.ts';

/** Resolves when the database runs a trivial query. */
export async function databaseAnswers(sql: Sql): Promise<void> {
	await sql`select 1`;
}
