/** The process's configuration and database, as routes reach them. */
import { readConfig, sharedConfig, type Config } from './config.ts';
import { database, type Sql } from './db/client.ts';

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
