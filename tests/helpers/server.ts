/**
 * Starts the real server (built SvelteKit handler, HTTP, websocket, database with a small demo
 * school, or an empty one for a test that builds its own with the factories) in this process
 * for an integration test, and a tiny cookie-keeping HTTP client.
 */
import { expect, inject } from 'vitest';
import { unflatten } from 'devalue';
import { readConfig } from '../../src/lib/server/config';
import { forgetStarted } from '../../src/lib/server/start';
import { startServer, type RunningServer } from '../../server/main';
import { freshDatabase, onPostgres, type FreshDatabase } from './database';
import { TEST_SCHOOL_ENV } from './demo-template';

/** A started server with its database. */
export interface TestSchool {
	server: RunningServer;
	db: FreshDatabase;
	stop(): Promise<void>;
}

/** Settings that change which school the database starts with: with any of them, the file generates its own. */
const SCHOOL_SHAPING = /^(DEMO|TODAY|TZ_SCHOOL|DATA_DIR|DATABASE_URL)/;

/**
 * Starts a server on a fresh database with a small demo school (fixed seed and date): a copy of
 * the one the run generated once (tests/helpers/demo-template.ts), unless `env` shapes another;
 * with DEMO=0, a copy of the run's migrated database without a school.
 */
export async function startTestSchool(env: Record<string, string> = {}): Promise<TestSchool> {
	const own = Object.keys(env).some((key) => SCHOOL_SHAPING.test(key));
	// No school at all (DEMO=0) on a database of its own making: a copy of the migrated empty one.
	const empty = env.DEMO === '0' && env.DATA_DIR === undefined && env.DATABASE_URL === undefined;
	const db = await freshDatabase(onPostgres ? 'postgres' : 'pglite', !own ? inject('demoTemplate') : empty ? inject('emptyTemplate') : {});
	const config = readConfig({
		DATA_DIR: db.dataDir,
		DATABASE_URL: db.databaseUrl ?? '',
		PORT: '0',
		HOST: '127.0.0.1',
		...TEST_SCHOOL_ENV,
		// No nightly backup in a test unless the test asks for one.
		BACKUP_HOUR: 'off',
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

/**
 * Starts a server on a fresh database with no school at all (DEMO=0), today 27.11.2026 unless
 * told: the test builds the school it needs with `buildWorld()` from tests/factories.
 */
export function startEmptySchool(env: Record<string, string> = {}): Promise<TestSchool> {
	return startTestSchool({ DEMO: '0', ...env });
}

/** A browser-like client: keeps cookies, does not follow redirects, sends our Origin. */
export class Client {
	cookies = new Map<string, string>();
	constructor(readonly base: string) {}

	/** Sends a request; `form` posts urlencoded fields as a browser form does (URLSearchParams for repeated names), `multipart` a form with files, `json` a JSON body as the pages' scripts do. */
	async request(
		pathname: string,
		init: { method?: string; form?: Record<string, string> | URLSearchParams; multipart?: FormData; json?: unknown; headers?: Record<string, string> } = {}
	): Promise<Response> {
		const headers: Record<string, string> = { origin: this.base, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...init.headers };
		if (this.cookies.size) headers.cookie = this.cookieHeader();
		let body: string | FormData | undefined;
		if (init.multipart) {
			// A form with files, as a browser sends it (fetch writes the multipart boundary).
			body = init.multipart;
		} else if (init.form) {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			body = new URLSearchParams(init.form).toString();
		} else if (init.json !== undefined) {
			headers['content-type'] = 'application/json';
			headers.accept = 'application/json';
			body = JSON.stringify(init.json);
		}
		const response = await fetch(this.base + pathname, { method: init.method ?? (init.form || init.multipart || init.json !== undefined ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
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

	/** The `cookie` header this client sends, for what cannot go through `request` (a websocket, a multipart upload). */
	cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	/** Calls a JSON endpoint as the pages' scripts do: accepts JSON, sends `body` as JSON when given; `json` is null for an empty answer. */
	async api(method: string, pathname: string, body?: unknown): Promise<{ status: number; json: any }> {
		const response = await this.request(pathname, { method, json: body, headers: { accept: 'application/json' } });
		const text = await response.text();
		return { status: response.status, json: text ? JSON.parse(text) : null };
	}

	/** A page's data as its `load` returns it: the last data node of `<pathname>/__data.json` (query kept), which must answer 200. */
	async pageData<T>(pathname: string): Promise<T> {
		const q = pathname.indexOf('?');
		const [path, query] = q < 0 ? [pathname, ''] : [pathname.slice(0, q), pathname.slice(q)];
		const response = await this.request(`${path}/__data.json${query}`);
		expect(response.status).toBe(200);
		const body = await response.json();
		const node = body.nodes.findLast((n: { type: string; data?: unknown }) => n?.type === 'data' && n.data);
		return unflatten(node.data) as T;
	}
}

/** Someone with an account the test knows the password of (a factory's Account). */
export interface Credentials {
	login: string;
	password: string;
}

/** A signed-in client for an account. */
export type SignedIn = (who: Credentials) => Promise<Client>;

/** One signed-in client per account, signed in on first use (the sign-in must answer 303) and reused after. */
export function signedIn(base: string): SignedIn {
	const clients = new Map<string, Client>();
	return async (who) => {
		let client = clients.get(who.login);
		if (!client) {
			client = new Client(base);
			expect((await client.signIn(who.login, who.password)).status, `sign-in as ${who.login}`).toBe(303);
			clients.set(who.login, client);
		}
		return client;
	};
}

/** Signs a demo login in (password `demo`). */
export type DemoLogin = (login: string) => Promise<Client>;

/** One signed-in client per demo login, signed in on first use (the sign-in must answer 303) and reused after. */
export function demoLogins(base: string): DemoLogin {
	const clients = new Map<string, Client>();
	return async (login) => {
		let client = clients.get(login);
		if (!client) {
			client = new Client(base);
			expect((await client.signIn(login)).status).toBe(303);
			clients.set(login, client);
		}
		return client;
	};
}

/** A page's HTML without its per-response CSP nonce, so two answers can be compared as a person sees them. */
export function withoutNonce(html: string): string {
	return html.replace(/nonce="[^"]*"/g, 'nonce=""');
}
