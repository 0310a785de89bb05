/**
 * Live-journal clients for integration tests: a real HocuspocusProvider in Node whose websocket
 * carries the session cookie and Origin as a browser's would, and waiting helpers.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { DOC_MAPS, journalDocumentName, type ServerMessage } from '../../src/lib/domain/journal-doc';
import { Client } from './server';

/** A `ws` WebSocket class that sends these headers with the upgrade request; `opened` hears of every socket it makes. */
export function socketWithHeaders(headers: Record<string, string>, opened?: (socket: WebSocket) => void): typeof WebSocket {
	return class extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers });
			opened?.(this);
		}
	} as unknown as typeof WebSocket;
}

/** The session cookie header of a login (a demo login unless a password is given). */
export async function sessionCookie(base: string, login: string, password?: string): Promise<string> {
	const client = new Client(base);
	const response = await client.signIn(login, password);
	if (response.status !== 303) throw new Error(`sign-in as ${login}: ${response.status}`);
	return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** A provider on one journal with what the server told it. */
export interface JournalClient {
	provider: HocuspocusProvider;
	doc: Y.Doc;
	cells: Y.Map<unknown>;
	messages: ServerMessage[];
	/** Every sync status the server sent: true when it applied an update of ours, false when it refused one (read-only). */
	syncStatuses: boolean[];
	readOnly: boolean | undefined;
	/** Sets a cell as the grid does, with a fresh edit id; returns the id. */
	setCell(key: string, cell: { m: number[]; a: string | null; c: string | null }): string;
	/** Waits until the predicate holds (checked on every document change and message). */
	until<T>(predicate: () => T | undefined | false, what: string, ms?: number): Promise<T>;
	/**
	 * A sync round trip with the server (a read-write connection only): resolves once the server
	 * answered it, so everything the server sent this connection before is in the document.
	 */
	caughtUp(): Promise<void>;
	/** Drops the connection (the provider will not reconnect by itself) and resolves once the socket is closed. */
	offline(): Promise<void>;
	destroy(): void;
	/** Destroys the provider and resolves once its socket is closed. */
	close(): Promise<void>;
}

/** Resolves when the socket is closed (at once if it already is). */
function socketClosed(socket: WebSocket): Promise<void> {
	if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
	return new Promise((resolve) => socket.once('close', () => resolve()));
}

// The message type of a Hocuspocus sync status (after the document name).
const SYNC_STATUS = 8;

let editCounter = 0;

/** Opens a journal as the login would from the browser; resolves once synced (or refused). */
export async function openJournal(base: string, cookie: string, journalId: number, options: { url?: string } = {}): Promise<JournalClient> {
	const doc = new Y.Doc();
	const messages: ServerMessage[] = [];
	const syncStatuses: boolean[] = [];
	const sockets: WebSocket[] = [];
	const listeners = new Set<() => void>();
	const poke = () => listeners.forEach((l) => l());
	let readOnly: boolean | undefined;
	const origin = base;
	const wsUrl = (options.url ?? base).replace(/^http/, 'ws') + '/collab';
	const provider = new HocuspocusProvider({
		url: wsUrl,
		name: journalDocumentName(journalId),
		document: doc,
		token: 'session',
		WebSocketPolyfill: socketWithHeaders({ cookie, origin }, (socket) => sockets.push(socket)),
		onStateless: ({ payload }) => {
			messages.push(JSON.parse(payload));
			poke();
		},
		onAuthenticated: ({ scope }) => {
			readOnly = scope === 'readonly';
		}
	} as ConstructorParameters<typeof HocuspocusProvider>[0]);
	doc.on('update', poke);
	provider.on('message', ({ message }: { message: { decoder: decoding.Decoder } }) => {
		const decoder = message.decoder;
		decoding.readVarString(decoder);
		if (decoding.readVarUint(decoder) !== SYNC_STATUS) return;
		syncStatuses.push(decoding.readVarInt(decoder) === 1);
		poke();
	});
	provider.on('unsyncedChanges', poke);
	const cells = doc.getMap(DOC_MAPS.cells);
	const client: JournalClient = {
		provider,
		doc,
		cells,
		messages,
		syncStatuses,
		get readOnly() {
			return readOnly;
		},
		setCell(key, cell) {
			const e = `test-${process.pid}-${++editCounter}-${Math.random().toString(36).slice(2, 8)}`;
			cells.set(key, { ...cell, e });
			return e;
		},
		until(predicate, what, ms = 10_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					let value;
					try {
						value = predicate();
					} catch (error) {
						finish();
						reject(error);
						return;
					}
					if (value !== undefined && value !== false) {
						finish();
						resolve(value as never);
					}
				};
				const timer = setTimeout(() => {
					finish();
					reject(new Error(`timed out waiting for ${what}`));
				}, ms);
				const interval = setInterval(check, 50);
				const finish = () => {
					clearTimeout(timer);
					clearInterval(interval);
					listeners.delete(check);
				};
				listeners.add(check);
				check();
			});
		},
		async caughtUp() {
			provider.forceSync();
			await client.until(() => !provider.hasUnsyncedChanges, `a sync round trip on journal ${journalId}`);
		},
		async offline() {
			provider.disconnect();
			await Promise.all(sockets.map(socketClosed));
		},
		destroy() {
			provider.destroy();
		},
		async close() {
			provider.destroy();
			await Promise.all(sockets.map(socketClosed));
		}
	};
	await client.until(() => provider.isSynced, `sync of journal ${journalId}`);
	return client;
}

/** Tries a raw websocket upgrade; resolves with the HTTP status of a refusal, or 101 when it opened. */
export function upgradeStatus(base: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(base.replace(/^http/, 'ws') + '/collab', { headers });
		ws.once('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.once('open', () => {
			resolve(101);
			ws.close();
		});
		ws.once('error', (error) => {
			if (!String(error.message).includes('Unexpected server response')) reject(error);
		});
	});
}


/** Waits for a fixed time (to show that something does NOT happen). */
export function pause(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
