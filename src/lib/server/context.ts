/** The process's configuration and database, and the context every command and query runs in. */
import { readConfig, sharedConfig, type Config } from './config.ts';
import { database, type Sql } from './db/client.ts';
import { today } from './start.ts';

let config: Config | undefined;

/** The configuration the server was started with, else the environment's (read once). */
export function appConfig(): Config {
	const shared = sharedConfig();
	if (shared) return shared;
	config ??= readConfig();
	return config;
}

/** The process's SQL client. */
export async function sql(): Promise<Sql> {
	return (await database()).sql;
}

/** What a command or a query runs with: the process's database and the school's today. */
export interface Ctx {
	/** The process's SQL client; a command opens its one transaction on it. */
	sql: Sql;
	/** The school's today (YYYY-MM-DD): periods are open or closed as of this day. */
	today: string;
}

/** The context of one request: the process's database and today as the configuration says. */
export async function requestContext(): Promise<Ctx> {
	return { sql: await sql(), today: today(appConfig()) };
}
