/**
 * Opening a journal reads the tables (the policy's question, the rows). A connection the database
 * dropped (an administrator's terminate, a restart, a network blip) fails the query it carried;
 * the driver opens a new one for the next. So a read is tried again a few times within a bounded
 * wait, and if the database still does not answer the person is told so — never «no rights».
 */
import { DATABASE_UNAVAILABLE } from '../../src/lib/domain/journal-doc.ts';

/** Waits between tries. */
const WAITS_MS = [100, 400, 1000, 2000];
/** The whole wait is bounded: after this long the person is told the database does not answer. */
const BUDGET_MS = 8000;

/** Runs a read, trying again while it throws, for at most BUDGET_MS; then fails with the reason the client shows. */
export async function withDatabase<T>(what: string, read: () => Promise<T>): Promise<T> {
	const deadline = Date.now() + BUDGET_MS;
	for (let attempt = 0; ; attempt++) {
		let timer: NodeJS.Timeout | undefined;
		try {
			const left = deadline - Date.now();
			// A query waiting for a connection the driver cannot open yet must not hold the person longer.
			return await Promise.race([read(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), Math.max(left, 0))))]);
		} catch (error) {
			const wait = WAITS_MS[Math.min(attempt, WAITS_MS.length - 1)];
			if (Date.now() + wait >= deadline) {
				console.error(`[collab] ${what}: the database does not answer:`, error instanceof Error ? error.message : error);
				throw databaseUnavailable();
			}
			await new Promise((resolve) => setTimeout(resolve, wait));
		} finally {
			clearTimeout(timer);
		}
	}
}

/** The error Hocuspocus sends to the client as the reason of a refused document. */
export function databaseUnavailable(): Error & { reason: string } {
	return Object.assign(new Error(DATABASE_UNAVAILABLE), { reason: DATABASE_UNAVAILABLE });
}
