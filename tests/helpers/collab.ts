/**
 * Live-journal clients for integration tests: a real HocuspocusProvider in Node whose websocket
 * carries the session cookie and Origin as a browser's would, and waiting helpers that wait on
 * what the server says (acks, rejects, sync statuses, a sync round trip), never for a guessed time.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { DOC_MAPS, journalDocumentName, type ServerMessage } from '../../src/lib/domain/journal-doc';
import { Client } from './server';

/** A `ws` WebSocket class that sends these headers with the upgrade request. */
export function socketWithHeaders(headers: Record<string, string>): typeof WebSocket {
	return class extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers });
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
	/** The server's reason when it refused to open the document for this person (Hocuspocus' permission denied), else undefined. */
	refused: string | undefined;
	/** Sets a cell as the grid does, with a fresh edit id; returns the id. */
	setCell(key: string, cell: { m: number[]; a: string | null; c: string | null }): string;
	/** Waits until the predicate holds (checked on every document change and message). */
	until<T>(predicate: () => T | undefined | false, what: string, ms?: number): Promise<T>;
	/**
	 * Resolves once the server has answered (applied or refused, with a sync status) every update
	 * and sync step 2 this client wrote on its current socket.
	 */
	answered(): Promise<void>;
	/**
	 * A sync round trip with the server, for a read-write connection: resolves once the server has
	 * answered it, so everything the server sent this connection before is in the document.
	 */
	caughtUp(): Promise<void>;
	/** Drops the connection (the provider will not reconnect by itself) and resolves once the socket is closed. */
	offline(): Promise<void>;
	destroy(): void;
	/** Destroys the provider and resolves once its socket is closed. */
	close(): Promise<void>;
}

// Hocuspocus message types (after the document name) and y-protocols sync steps.
const SYNC = 0;
const SYNC_STATUS = 8;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** The Hocuspocus message type of a frame, and for a sync message its step. */
function frameType(data: unknown): { type: number; step: number | undefined } {
	const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data as Uint8Array);
	const decoder = decoding.createDecoder(bytes);
	decoding.readVarString(decoder);
	const type = decoding.readVarUint(decoder);
	return { type, step: type === SYNC ? decoding.readVarUint(decoder) : type === SYNC_STATUS ? decoding.readVarInt(decoder) : undefined };
}

/** Resolves when the socket is closed (at once if it already is). */
function socketClosed(socket: WebSocket): Promise<void> {
	if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
	return new Promise((resolve) => {
		// A closing handshake the server never answers (a busy machine) is cut after a while: this is cleanup.
		const cut = setTimeout(() => socket.terminate(), 5000);
		socket.once('close', () => {
			clearTimeout(cut);
			resolve();
		});
	});
}

let editCounter = 0;

/** Opens a journal as the login would from the browser; resolves once synced, or once refused (then `refused` holds the server's reason). */
export async function openJournal(base: string, cookie: string, journalId: number, options: { url?: string } = {}): Promise<JournalClient> {
	const doc = new Y.Doc();
	const messages: ServerMessage[] = [];
	const syncStatuses: boolean[] = [];
	const listeners = new Set<() => void>();
	const poke = () => listeners.forEach((l) => l());
	let readOnly: boolean | undefined;
	let refused: string | undefined;
	const origin = base;
	const wsUrl = (options.url ?? base).replace(/^http/, 'ws') + '/collab';
	// Every socket the provider opens, with what it carried: updates and sync steps 2 written, sync statuses read.
	const sockets: Array<{ socket: WebSocket; written: number; answers: number }> = [];
	class CountingSocket extends WebSocket {
		declare counts: { socket: WebSocket; written: number; answers: number };
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie, origin } });
			const counts = { socket: this as WebSocket, written: 0, answers: 0 };
			this.counts = counts;
			sockets.push(counts);
			this.on('message', (data) => {
				const { type, step } = frameType(data);
				if (type !== SYNC_STATUS) return;
				counts.answers += 1;
				syncStatuses.push(step === 1);
				poke();
			});
		}
		override send(data: unknown, ...rest: unknown[]): void {
			const { type, step } = frameType(data);
			if (type === SYNC && (step === SYNC_STEP_2 || step === SYNC_UPDATE)) this.counts.written += 1;
			(super.send as (...args: unknown[]) => void)(data, ...rest);
		}
	}
	const provider = new HocuspocusProvider({
		url: wsUrl,
		name: journalDocumentName(journalId),
		document: doc,
		token: 'session',
		WebSocketPolyfill: CountingSocket,
		onStateless: ({ payload }) => {
			messages.push(JSON.parse(payload));
			poke();
		},
		onAuthenticated: ({ scope }) => {
			readOnly = scope === 'readonly';
		},
		onAuthenticationFailed: ({ reason }) => {
			refused = reason;
			poke();
		}
	} as ConstructorParameters<typeof HocuspocusProvider>[0]);
	doc.on('update', poke);
	provider.on('unsyncedChanges', poke);
	provider.on('synced', poke);
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
		get refused() {
			return refused;
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
		async answered() {
			await client.until(() => {
				const current = sockets.at(-1);
				return !current || current.answers >= current.written;
			}, `the server's answer to every update sent on journal ${journalId}`);
		},
		async caughtUp() {
			// Earlier updates first: a late answer to one of them must not count for the round trip.
			await client.answered();
			provider.forceSync();
			await client.until(() => !provider.hasUnsyncedChanges, `a sync round trip on journal ${journalId}`);
		},
		async offline() {
			provider.disconnect();
			await Promise.all(sockets.map((s) => socketClosed(s.socket)));
		},
		destroy() {
			stop();
		},
		async close() {
			stop();
			await Promise.all(sockets.map((s) => socketClosed(s.socket)));
		}
	};
	/**
	 * Ends the provider. A socket still reconnecting when the test ends is aborted: ws reports that
	 * as an error («closed before the connection was established»), which is expected here.
	 */
	function stop() {
		for (const s of sockets) if (s.socket.readyState === WebSocket.CONNECTING) s.socket.on('error', () => {});
		try {
			provider.destroy();
		} catch (error) {
			if (!String((error as Error).message).includes('closed before the connection was established')) throw error;
		}
	}
	await client.until(() => provider.isSynced || refused !== undefined, `sync of journal ${journalId}`);
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
