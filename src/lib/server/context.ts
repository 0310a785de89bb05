/** The process's configuration and database, as routes reach them. */
import { readConfig, type Config } from './config.ts';
import { database, type Sql } from './db/client.ts';

let config: Config | undefined;

/** The configuration, read once. */
export function appConfig(): Config {
	config ??= readConfig();
	return config;
}

/** The process's SQL client. */
export async function sql(): Promise<Sql> {
	return (await database()).sql;
}
