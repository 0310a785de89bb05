/**
 * Every environment variable the server reads, in one place, with defaults that make
 * `npm start` work on a fresh machine (embedded database under ./data, port 3000).
 */
import path from 'node:path';

export interface Config {
	/** PostgreSQL connection string; when empty the embedded PGlite database is used. */
	databaseUrl: string | undefined;
	/** Where the embedded database, uploaded files and the instance lock live. */
	dataDir: string;
	/** HTTP (and websocket) port. */
	port: number;
	/** Host to bind to. */
	host: string;
	/** The public origin (https://school.example); also the only origin the websocket accepts. */
	origin: string | undefined;
	/** Redis for sharing live journals between instances (issue 3). */
	redisUrl: string | undefined;
	/** Create and print the demo school when the database is empty. */
	demo: boolean;
	/** Seed of the demo school generator. */
	demoSeed: number;
	/** Size of the demo school: classes per grade and students per class (smaller in tests). */
	demoSize: { classesPerGrade: number; studentsPerClass: number };
	/** Session lifetime in days; sliding: refreshed when half is used. */
	sessionDays: number;
	/** The school's time zone: decides what "today" is. */
	timeZone: string;
	/** A fixed "today" (YYYY-MM-DD) for demos and tests; the real date when unset. */
	today: string | undefined;
}

/** Reads the configuration from an environment (process.env by default). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = Number(env.PORT ?? 3000);
	return {
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir: path.resolve(env.DATA_DIR || 'data'),
		port: Number.isInteger(port) && port >= 0 ? port : 3000,
		host: env.HOST || '0.0.0.0',
		origin: env.ORIGIN || undefined,
		redisUrl: env.REDIS_URL || undefined,
		demo: env.DEMO !== '0',
		demoSeed: Number(env.DEMO_SEED ?? 2026) || 2026,
		demoSize: {
			classesPerGrade: Number(env.DEMO_CLASSES_PER_GRADE ?? 2) || 2,
			studentsPerClass: Number(env.DEMO_STUDENTS_PER_CLASS ?? 25) || 25
		},
		sessionDays: Number(env.SESSION_DAYS ?? 30) || 30,
		timeZone: env.TZ_SCHOOL || 'Europe/Moscow',
		today: /^\d{4}-\d{2}-\d{2}$/.test(env.TODAY ?? '') ? env.TODAY : undefined
	};
}
