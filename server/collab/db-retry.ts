/**
 * Opening a journal reads the tables (the policy's question, the rows). A connection the database
 * dropped (an administrator's terminate, a restart, a network blip) fails the query it carried;
 * the driver opens a new one for the next. So a read is tried again a few times within a bounded
 * wait, and if the database still does not answer the person is told so — never «no rights».
 */
import { DATABASE_UNAVAILABLE } from '../../src/lib/domain/journal-doc.ts';

/** Waits between tries; the driver's connect timeout bounds each try. */
const WAITS_MS = [100, 400, 1000, 2000];

/** Runs a read, trying again while it throws; then fails with the reason the client shows. */
export async function withDatabase<T>(what: string, read: () => Promise<T>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await read();
		} catch (error) {
			if (attempt >= WAITS_MS.length) {
				console.error(`[collab] ${what}: the database does not answer:`, error instanceof Error ? error.message : error);
				throw databaseUnavailable();
			}
			await new Promise((resolve) => setTimeout(resolve, WAITS_MS[attempt]));
		}
	}
}

/** The error Hocuspocus sends to the client as the reason of a refused document. */
export function databaseUnavailable(): Error & { reason: string } {
	return Object.assign(new Error(DATABASE_UNAVAILABLE), { reason: DATABASE_UNAVAILABLE });
}
