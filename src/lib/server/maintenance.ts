/**
 * Housekeeping the server process does on its own: expired sessions and login events
 * older than the retention are deleted, once at start and then every hour. The timer never keeps
 * the process alive, and stopping waits for a run in progress so the database can close after it.
 */
import type { Sql } from './db/client.ts';
import { deleteExpiredSessions, deleteLoginEventsBefore } from './db/accounts.ts';

/** How long login and activation events are kept (the rate limits look back minutes, not days). */
export const LOGIN_EVENT_DAYS = 90;
/** How often the pruning runs. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** What one pruning deleted. */
export interface Pruned {
	sessions: number;
	loginEvents: number;
}

/** Deletes the sessions expired by `now` and the login events older than the retention. */
export async function pruneAuthRecords(sql: Sql, now: Date = new Date()): Promise<Pruned> {
	const sessions = await deleteExpiredSessions(sql, now);
	const loginEvents = await deleteLoginEventsBefore(sql, new Date(now.getTime() - LOGIN_EVENT_DAYS * 24 * 60 * 60 * 1000));
	return { sessions, loginEvents };
}

/** The running housekeeping; `stop` ends the timer and waits for a run in progress. */
export interface Maintenance {
	stop(): Promise<void>;
}

/** Starts pruning now and every `everyMs`; a failed run is logged and retried at the next tick. */
export function startMaintenance(sql: Sql, everyMs: number = PRUNE_EVERY_MS): Maintenance {
	let running: Promise<void> | undefined;
	let stopped = false;
	const run = () => {
		if (stopped || running) return;
		running = pruneAuthRecords(sql)
			.then(() => undefined, (error: unknown) => console.error('Очистка сеансов не удалась:', error instanceof Error ? error.message : error))
			.finally(() => (running = undefined));
	};
	const timer = setInterval(run, everyMs);
	timer.unref();
	run();
	return {
		stop: async () => {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}
