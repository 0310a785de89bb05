/**
 * Starts the real server (built SvelteKit handler, HTTP, websocket, database with a small demo
 * school) in this process for an integration test, and a tiny cookie-keeping HTTP client.
 */
import { readConfig } from '../../src/lib/server/config';
import { forgetStarted } from '../../src/lib/server/start';
import { startServer, type RunningServer } from '../../server/main';
import { freshDatabase, type FreshDatabase } from './database';

/** A started server with its database. */
export interface TestSchool {
	server: RunningServer;
	db: FreshDatabase;
	stop(): Promise<void>;
}

/** Starts a server on a fresh database with a small demo school (fixed seed and date). */
export async function startTestSchool(env: Record<string, string> = {}): Promise<TestSchool> {
	const db = await freshDatabase();
	const config = readConfig({
		DATA_DIR: db.dataDir,
		DATABASE_URL: db.databaseUrl ?? '',
		PORT: '0',
		HOST: '127.0.0.1',
		TODAY: '2026-11-27',
		DEMO_CLASSES_PER_GRADE: '1',
		DEMO_STUDENTS_PER_CLASS: '8',
		...env
	});
	const server = await startServer(config);
	return {
		server,
		db,
		stop: async () => {
			await server.close();
			forgetStarted();
			await db.drop();
		}
	};
}

/** A browser-like client: keeps cookies, does not follow redirects, sends our Origin. */
export class Client {
	cookies = new Map<string, string>();
	constructor(readonly base: string) {}

	/** Sends a request; `form` posts urlencoded fields as a browser form does, `json` sends a JSON body as the pages' scripts do. */
	async request(pathname: string, init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
		const headers: Record<string, string> = { origin: this.base, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...init.headers };
		if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		let body: string | undefined;
		if (init.form) {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			body = new URLSearchParams(init.form).toString();
		} else if (init.json !== undefined) {
			headers['content-type'] = 'application/json';
			headers.accept = 'application/json';
			body = JSON.stringify(init.json);
		}
		const response = await fetch(this.base + pathname, { method: init.method ?? (init.form || init.json !== undefined ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
		for (const line of response.headers.getSetCookie()) {
			const [pair, ...attributes] = line.split(';');
			const [name, ...value] = pair.split('=');
			const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
			if (expired) this.cookies.delete(name.trim());
			else this.cookies.set(name.trim(), value.join('='));
		}
		return response;
	}

	/** Signs in through the login form; returns the response (303 on success). */
	async signIn(login: string, password = 'demo'): Promise<Response> {
		return this.request('/login', { form: { login, password } });
	}
}
