/**
 * Is this instance able to serve: does the database answer, and Redis when the deployment uses
 * it (REDIS_URL). One trivial round trip each, with a short timeout, so a load balancer may ask
 * every few seconds. No person is involved: it says nothing but which part is up.
 */
import { Redis } from 'ioredis';
import { databaseAnswers } from '../db/health.ts';
import { sql } from '../context.ts';

/** How long one check may take before that part counts as down. */
const CHECK_MS = 2000;

/** What the health endpoint answers. */
export interface Health {
	ok: boolean;
	database: 'up' | 'down';
	redis?: 'up' | 'down';
}

// One Redis connection per process for the checks, made on first use; it reconnects by itself.
let redisClient: { url: string; client: Redis } | undefined;

function redisFor(url: string): Redis {
	if (redisClient?.url !== url) {
		redisClient?.client.disconnect();
		const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: CHECK_MS, retryStrategy: (times) => Math.min(times * 200, 2000) });
		client.on('error', () => undefined);
		redisClient = { url, client };
	}
	return redisClient.client;
}

async function answers(check: () => Promise<unknown>): Promise<'up' | 'down'> {
	let timer: NodeJS.Timeout | undefined;
	try {
		await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), CHECK_MS)))]);
		return 'up';
	} catch {
		return 'down';
	} finally {
		clearTimeout(timer);
	}
}

/** Checks the database and, when configured, Redis (both at once). */
export async function health(redisUrl: string | undefined): Promise<Health> {
	const [database, redis] = await Promise.all([
		answers(async () => databaseAnswers(await sql())),
		redisUrl
			? answers(async () => {
					const client = redisFor(redisUrl);
					if (client.status === 'wait' || client.status === 'end') await client.connect();
					await client.ping();
				})
			: Promise.resolve(undefined)
	]);
	return { ok: database === 'up' && redis !== 'down', database, ...(redis ? { redis } : {}) };
}
