/**
 * GET /health (operations): 200 when the database and, if configured, Redis answer, 503 with the
 * part that is down otherwise; no session needed, never cached. Both back-ends; the database
 * taken away only on PostgreSQL (this test's own database).
 */
import { afterEach, describe, expect, test } from 'vitest';
import postgres from 'postgres';
import { startEmptySchool, type TestSchool } from '../helpers/server';
import { onPostgres } from '../helpers/database';

let school: TestSchool | undefined;

afterEach(async () => {
	await school?.stop();
	school = undefined;
});

async function health(): Promise<{ status: number; body: Record<string, unknown>; cache: string | null }> {
	const response = await fetch(`${school!.server.url}/health`);
	return { status: response.status, body: await response.json(), cache: response.headers.get('cache-control') };
}

describe('R-8.2 health endpoint', () => {
	test('R-8.2 answers 200 without a session when the database answers, and is not cached', async () => {
		school = await startEmptySchool();
		const answer = await health();
		expect(answer).toEqual({ status: 200, body: { ok: true, database: 'up' }, cache: 'no-store' });
	});

	test('R-8.2 answers 503 naming Redis when REDIS_URL points nowhere', async () => {
		school = await startEmptySchool({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_PREFIX: `zhurnal-health-${process.pid}` });
		const answer = await health();
		expect(answer.status).toBe(503);
		expect(answer.body).toEqual({ ok: false, database: 'up', redis: 'down' });
	});

	test.skipIf(!onPostgres)('R-8.2 answers 503 naming the database while it refuses connections, 200 once it is back', async () => {
		school = await startEmptySchool();
		const name = new URL(school.db.databaseUrl!).pathname.slice(1);
		const admin = postgres(process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { max: 1, onnotice: () => {} });
		try {
			await admin.unsafe(`alter database ${name} with allow_connections false`);
			await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
			const down = await health();
			expect(down.status).toBe(503);
			expect(down.body).toEqual({ ok: false, database: 'down' });
		} finally {
			await admin.unsafe(`alter database ${name} with allow_connections true`);
			await admin.end();
		}
		const deadline = Date.now() + 10_000;
		let up = await health();
		while (up.status !== 200 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			up = await health();
		}
		expect(up.body).toEqual({ ok: true, database: 'up' });
	});
});
