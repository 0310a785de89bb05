/**
 * The year's archive with two instances on one PostgreSQL (R-2.3, R-6.3 with X-LIVE): asked on
 * both at once, one makes it and the other says it is being made; the other instance shows the
 * same progress, read from the job's row; when the instance making it dies, the other shows the
 * job as failed once its heartbeat is old, and starts it again. Runs on the postgres back-end only
 * (each instance a child process, as in production; both share DATA_DIR, so the archives folder).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { onPostgres } from '../helpers/database';
import type { ChildServer } from '../helpers/process';
import { missingForInstances, sharedDatabase, type SharedDatabase } from '../helpers/instances';
import { Client } from '../helpers/server';
import { until } from '../helpers/wait';

const missing = onPostgres ? await missingForInstances() : ['the postgres back-end'];
const underCi = process.env.CI === 'true' && onPostgres;

let shared: SharedDatabase;
let a: ChildServer;
let b: ChildServer;

type Job = { state: 'running' | 'done' | 'failed'; total: number; made: number; name: string; message?: string };

beforeAll(async () => {
	if (missing.length > 0) {
		if (underCi) throw new Error(`Several instances need ${missing.join(' and ')}; under CI=true this is a failure, not a skip.`);
		return;
	}
	shared = await sharedDatabase();
	a = await shared.start();
	b = await shared.start();
}, 180_000);

afterAll(async () => {
	await shared?.close();
});

/** The demo administrator signed in on an instance. */
async function adminOn(server: ChildServer): Promise<Client> {
	const client = new Client(server.url);
	expect((await client.signIn('admin')).status).toBe(303);
	return client;
}

describe.skipIf(missing.length > 0 && !underCi)('two instances: the year’s archive', () => {
	test('R-2.3 R-6.3 one instance makes it, the other shows its progress and refuses a second; after that instance dies the job is failed and starts again', async () => {
		const onA = await adminOn(a);
		const onB = await adminOn(b);
		const yearId = String((await onA.pageData<{ yearId: number }>('/reports/archive')).yearId);

		// Asked on both at once: the job's row is the claim, so exactly one starts it.
		const answers = await Promise.all([onA, onB].map((client) => client.request('/reports/archive?/start', { form: { yearId } })));
		const statuses = answers.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 400]);
		const refused = answers.find((r) => r.status === 400)!;
		expect(await refused.text()).toContain('Архив уже собирается');
		const maker = answers[0].status === 200 ? a : b;
		const other = maker === a ? onB : onA;

		// The other instance sees the job's files counted as they are made.
		const seen = await until(
			async () => {
				const job = (await other.api('GET', '/reports/archive/progress')).json.job as Job;
				return job.state === 'running' && job.made > 0 && job;
			},
			{ what: 'progress on the other instance', timeout: 60_000, every: 100 }
		);
		expect(seen.total).toBeGreaterThan(seen.made);

		// The instance making it dies; its heartbeat is then two minutes old (aged here, not waited for).
		await maker.kill9();
		await shared.sql`update archive_job set heartbeat_at = now() - interval '3 minutes' where state = 'running'`;
		const lost = (await other.api('GET', '/reports/archive/progress')).json.job as Job;
		expect(lost.state).toBe('failed');
		expect(lost.message).toContain('остановился');

		// Started again on the living instance, it runs there.
		expect((await other.request('/reports/archive?/start', { form: { yearId } })).status).toBe(200);
		const again = await until(
			async () => {
				const job = (await other.api('GET', '/reports/archive/progress')).json.job as Job;
				return job.state === 'running' && job.made > 0 && job;
			},
			{ what: 'the new job to make files', timeout: 60_000, every: 100 }
		);
		expect(again.name).not.toBe(seen.name);
		const rows = await shared.sql<{ state: string }[]>`select state from archive_job order by id`;
		expect(rows.map((r) => r.state)).toEqual(['failed', 'running']);
	}, 180_000);
});
