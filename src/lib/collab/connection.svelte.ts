/**
 * The connection of one live journal (docs/collab-protocol.md): one websocket that reconnects
 * with backoff, and on it a Hocuspocus provider over a fresh Y.Doc per connection. It says where
 * the connection stands and hands the synced document, the server's messages and the awareness
 * of the current connection to its owner.
 */
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import { DATABASE_UNAVAILABLE, journalDocumentName } from '../domain/journal-doc.ts';

/** What the status line says when the server refused the journal for lack of rights. */
export const NO_ACCESS_TEXT = 'Нет доступа к журналу';
/** What the status line says when the server could not open the journal because its database did not answer. */
export const DATABASE_UNAVAILABLE_TEXT = 'Нет связи с базой данных, повторите через минуту';
/** What the status line says when the server ended the session (signed out elsewhere, password changed, account blocked). */
export const SESSION_ENDED_TEXT = 'Сеанс завершён — войдите снова';
/** The refusal reason handed to the owner when the server closed the socket because the session ended (close code 4401). */
export const SESSION_ENDED = 'session-ended';
/** The close code of a socket whose session ended (docs/collab-protocol.md). */
const SESSION_ENDED_CODE = 4401;
/** After a database failure, the journal is asked for again this much later. */
const RETRY_UNAVAILABLE_MS = 30_000;

/** Where the connection stands. */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'denied';

/** The awareness of one connection. */
type Awareness = NonNullable<HocuspocusProvider['awareness']>;

/** What the connection tells its owner. */
export interface ConnectionEvents {
	/** A new connection is about to start: publish this page's presence on its awareness. */
	joining(awareness: Awareness | null): void;
	/** The current connection's document is in step with the server; the state is already online. */
	synced(doc: Y.Doc): void;
	/** A stateless message of the server (acks and rejects, as JSON). */
	message(payload: string): void;
	/** The server refused the journal; the state is already denied. `reason` is the server's (`permission-denied`, `database-unavailable`). */
	denied(reason: string): void;
	/** The connection dropped; the next attempt follows by itself. */
	lost(): void;
	/** The awareness of the current connection changed; `ownClientId` is this page's own entry. */
	awareness(states: Array<{ clientId: number; [key: string]: unknown }>, ownClientId: number): void;
}

/** The websocket of one journal page and the provider of its current connection. */
export class JournalConnection {
	/** Where the connection stands, for the status line. */
	state = $state<ConnectionState>('connecting');
	/** Why the journal was refused, in Russian, while the state is denied. */
	deniedText = $state(NO_ACCESS_TEXT);

	private readonly journalId: number;
	private readonly url: string | undefined;
	private readonly events: ConnectionEvents;

	private socket: HocuspocusProviderWebsocket | null = null;
	private provider: HocuspocusProvider | null = null;
	private current: Y.Doc | null = null;
	private providerUsed = false;
	private isClosed = false;

	constructor(options: { journalId: number; url?: string }, events: ConnectionEvents) {
		this.journalId = options.journalId;
		this.url = options.url;
		this.events = events;
	}

	/** The document of the current connection; null before the first one and after closing. */
	get doc(): Y.Doc | null {
		return this.current;
	}

	/** The awareness of the current connection, if any. */
	get awareness(): Awareness | null {
		return this.provider?.awareness ?? null;
	}

	/** True once the connection is closed for good. */
	get closed(): boolean {
		return this.isClosed;
	}

	/** Opens the websocket and the first connection; from then on it reconnects by itself. */
	open(): void {
		this.socket = new HocuspocusProviderWebsocket({
			// Resolved here, not in the constructor: the page also renders on the server.
			url: this.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`,
			// Backoff between attempts: 0.5 s doubling to 10 s, jittered so a school's teachers
			// do not all come back at the same instant after the network returns.
			delay: 500,
			minDelay: 500,
			factor: 2,
			maxDelay: 10_000,
			jitter: true
		});
		this.socket.on('disconnect', ({ event }: { event?: { code?: number } }) => (event?.code === SESSION_ENDED_CODE ? this.ended() : this.lost()));
		this.newProvider();
		if (typeof window !== 'undefined') {
			window.addEventListener('online', this.onBrowserOnline);
			window.addEventListener('offline', this.onBrowserOffline);
		}
	}

	/** Closes the connection for good (page left). */
	close(): void {
		this.isClosed = true;
		this.dropProvider();
		this.socket?.destroy();
		this.socket = null;
		if (typeof window !== 'undefined') {
			window.removeEventListener('online', this.onBrowserOnline);
			window.removeEventListener('offline', this.onBrowserOffline);
		}
	}

	/** Drops the connection and starts a new one at once (the browser says it is back online). */
	reconnectNow(): void {
		if (this.isClosed || this.state === 'online') return;
		void this.socket?.connect();
	}

	private onBrowserOnline = (): void => this.reconnectNow();

	// A socket on a dead network may stay "open" until the 30 s liveness check, and closing it
	// waits for a closing handshake that cannot come; the browser knows sooner. Say so at once and
	// treat the connection as lost now, so `online` finds it down and starts a fresh one at once.
	private onBrowserOffline = (): void => {
		if (this.isClosed || this.state === 'denied') return;
		this.state = 'offline';
		const socket = this.socket;
		if (socket && socket.status !== WebSocketStatus.Disconnected) socket.onClose({ event: { code: 4499, reason: 'browser offline' } });
	};

	// Every connection starts from an empty document (the contract): a server that restarted may
	// have rebuilt it from the tables, and an old state must never be merged back.
	private newProvider(): void {
		const doc = new Y.Doc();
		const provider = new HocuspocusProvider({
			websocketProvider: this.socket!,
			name: journalDocumentName(this.journalId),
			document: doc,
			// Identity comes from the session cookie on the upgrade; the token only has to be non-empty.
			token: 'session',
			onOpen: () => {
				this.providerUsed = true;
			},
			onSynced: () => this.synced(provider),
			onStateless: ({ payload }) => this.events.message(payload),
			onAuthenticationFailed: ({ reason }) => {
				// A database that did not answer is not a refusal: say so, and ask again a little later.
				const unavailable = reason === DATABASE_UNAVAILABLE;
				this.deniedText = unavailable ? DATABASE_UNAVAILABLE_TEXT : NO_ACCESS_TEXT;
				this.state = 'denied';
				this.events.denied(reason);
				if (unavailable) {
					setTimeout(() => {
						if (this.isClosed || this.provider !== provider || this.state !== 'denied') return;
						this.state = 'connecting';
						this.dropProvider();
						this.newProvider();
					}, RETRY_UNAVAILABLE_MS);
				}
			},
			onAwarenessChange: ({ states }) => {
				if (this.provider !== provider) return;
				this.events.awareness(states, doc.clientID);
			}
		});
		this.events.joining(provider.awareness);
		this.current = doc;
		this.provider = provider;
		this.providerUsed = false;
		provider.attach();
	}

	private dropProvider(): void {
		const { provider, current: doc } = this;
		this.provider = null;
		this.current = null;
		provider?.destroy();
		doc?.destroy();
	}

	// The session is over: reconnecting would only be refused (401) again and again. Stop, keep the
	// last view and the edits not yet saved (they stay in this browser and are sent after the person
	// signs in again), and say why.
	private ended(): void {
		if (this.isClosed) return;
		this.deniedText = SESSION_ENDED_TEXT;
		this.state = 'denied';
		this.events.denied(SESSION_ENDED);
		this.close();
	}

	private lost(): void {
		if (this.isClosed) return;
		if (this.state !== 'denied') this.state = 'offline';
		this.events.lost();
		// The page keeps showing the last view; the next connection gets a fresh doc. A provider
		// that never opened holds nothing and can wait for the next attempt as it is.
		if (this.providerUsed) this.dropProvider();
		this.forgetQueued();
		if (!this.provider) this.newProvider();
	}

	// While it is down, the provider's socket queues what is sent and sends it after the first
	// message of the next connection. After a loss that is wrong: the old provider's last words
	// (the Close of this same document name, its awareness, updates of its document) would reach
	// the fresh connection, and the server would close the new document right after syncing it —
	// the page would say «Сохраняется…» for ever. Nothing of a lost connection goes to the next.
	private forgetQueued(): void {
		const socket = this.socket as unknown as { messageQueue?: unknown[] } | null;
		if (socket && Array.isArray(socket.messageQueue)) socket.messageQueue = [];
	}

	private synced(provider: HocuspocusProvider): void {
		if (this.provider !== provider || !this.current) return;
		this.state = 'online';
		this.events.synced(this.current);
	}
}
