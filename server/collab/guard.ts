/**
 * The guard of one /collab websocket: every frame the client sends passes here before Hocuspocus
 * sees it (docs/collab-protocol.md, «What only the server sends, limits and close codes»).
 *
 *  - Frames only the server sends (stateless, broadcast-stateless, …), a malformed frame and an
 *    update whose counts do not fit its bytes (frames.ts) close the socket with 4400, unapplied.
 *  - Presence is rewritten: the name, id and role come from the session and the connection, only
 *    the cell is taken from the client; entries for another connection's client ids are dropped.
 *  - Document writes (updates, sync step 2) and other frames each draw on a token bucket. Past the
 *    burst, frames wait in order (nothing is lost, the client is told once); when the backlog
 *    grows past the burst again, the socket closes with 4429.
 *
 * The guard sits in front of Hocuspocus by wrapping the socket's `emit` for 'message'. Hocuspocus
 * itself re-emits the frames it queued while a document was loading; those were checked already
 * and pass straight on (only presence is rewritten again, now that the connection's role is known).
 */
import type { WebSocket } from 'ws';
import type { Connection } from '@hocuspocus/server';
import { inspectFrame, awarenessFrame, statelessFrame, type AwarenessEntry } from './frames.ts';
import type { ServerMessage } from '../../src/lib/domain/journal-doc.ts';

/** Close codes of /collab (besides 1009 for a frame over 1 MiB). */
export const CLOSE = {
	/** The journal was rebuilt from the tables (compaction); reconnect. */
	rebuilt: 4000,
	/** A frame a client may not send: a server message, a malformed frame, an update whose counts lie. */
	protocol: 4400,
	/** The session ended (signed out, password changed or reset, account blocked). */
	sessionEnded: 4401,
	/** The person may no longer read this journal. */
	accessRevoked: 4403,
	/** Frames kept coming far faster than the limit. */
	tooMany: 4429
} as const;

/** The close reason a client gets with each code (the log says more). */
const CLOSE_REASONS: Record<number, string> = {
	[CLOSE.rebuilt]: 'journal rebuilt from the tables',
	[CLOSE.protocol]: 'message not allowed',
	[CLOSE.sessionEnded]: 'session ended',
	[CLOSE.accessRevoked]: 'access revoked',
	[CLOSE.tooMany]: 'too many messages'
};

/** What the person is told (a stateless `notice`). */
export const GUARD_MESSAGES = {
	slowDown: 'Слишком много изменений подряд: сервер принимает их медленнее. Ничего не потеряно, дождитесь «Сохранено».',
	readOnlyNow: 'Права на этот журнал изменились: теперь он открыт только для просмотра. Обновите страницу.'
} as const;

/** Limits of one socket. */
export interface RateLimits {
	/** Document writes (updates) the socket may send at once. */
	burst: number;
	/** Document writes per second it may send on average. */
	perSecond: number;
}

/** Who is behind a socket, from the session (never from the client). */
export interface SocketIdentity {
	accountId: number;
	sessionId: string;
	schoolId: number;
	name: string;
}

/** Presence as the server publishes it: who (from the session) and which cell (from the client). */
export interface PresenceState {
	user: { id: number; name: string; role: 'editor' | 'viewer' };
	cell: { lessonId: number; studentId: number } | null;
}

/** A token bucket: `burst` tokens, refilled at `perSecond`. */
export class TokenBucket {
	private tokens: number;
	private at: number;

	constructor(
		private readonly burst: number,
		private readonly perSecond: number,
		private readonly now: () => number = Date.now
	) {
		this.tokens = burst;
		this.at = now();
	}

	/** Takes a token if there is one. */
	take(): boolean {
		this.refill();
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}

	/** Milliseconds until the next token. */
	wait(): number {
		this.refill();
		return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
	}

	private refill(): void {
		const now = this.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.perSecond) / 1000);
		this.at = now;
	}
}

/** Documents one socket may open (the journal page opens one). */
const MAX_DOCUMENTS = 4;

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;
type Held = { data: Buffer; isBinary: unknown; write: boolean; documentName: string; awareness: boolean };

/** How the guard finds the Hocuspocus connection of its socket on a document. */
export type ConnectionOf = (documentName: string, socket: WebSocket) => Connection | undefined;
/** Whether another socket of the document already publishes presence under this client id. */
export type ClientIdTaken = (documentName: string, clientId: number, socket: WebSocket) => boolean;

/** Installs the guard on a socket before Hocuspocus attaches to it. */
export class SocketGuard {
	private readonly writes: TokenBucket;
	private readonly others: TokenBucket;
	private readonly held: Held[] = [];
	private readonly passed = new WeakSet<object>();
	private readonly documents = new Set<string>();
	private readonly emit: Emit;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private told = false;
	private closed = false;

	constructor(
		readonly socket: WebSocket,
		readonly identity: SocketIdentity,
		private readonly limits: RateLimits,
		private readonly connectionOf: ConnectionOf,
		private readonly clientIdTaken: ClientIdTaken
	) {
		this.writes = new TokenBucket(limits.burst, limits.perSecond);
		// Presence, sync step 1 and the like: a cursor held on an arrow key, several times the write rate.
		this.others = new TokenBucket(limits.burst * 2, limits.perSecond * 3);
		const emit = socket.emit.bind(socket) as Emit;
		this.emit = emit;
		socket.emit = ((event: string | symbol, ...args: unknown[]) => {
			if (event !== 'message') return emit(event, ...args);
			this.safely(() => this.receive(args[0], args[1]));
			return true;
		}) as typeof socket.emit;
		socket.once('close', () => this.stop());
	}

	/** Closes the socket with a code of CLOSE, logging why (the client gets only the code's name); frames not yet passed on are dropped. */
	close(code: number, reason: string): void {
		if (this.closed) return;
		console.warn(`[collab] closing a socket of account ${this.identity.accountId} (${code}): ${JSON.stringify(reason.slice(0, 200))}`);
		this.stop();
		try {
			this.socket.close(code, CLOSE_REASONS[code] ?? '');
		} catch {
			this.socket.terminate();
		}
	}

	/** Sends the person a notice on every document of this socket. */
	notice(documentName: string, message: string): void {
		const payload: ServerMessage = { type: 'notice', message };
		if (this.socket.readyState === this.socket.OPEN) this.socket.send(statelessFrame(documentName, JSON.stringify(payload)));
	}

	// The guard runs inside the socket's own event handlers and timers: a throw there would end the process.
	private safely(step: () => void): void {
		try {
			step();
		} catch (error) {
			console.error('[collab] socket guard:', error);
			this.close(CLOSE.protocol, 'frame could not be handled');
		}
	}

	private stop(): void {
		this.closed = true;
		this.held.length = 0;
		clearTimeout(this.timer);
	}

	private receive(raw: unknown, isBinary: unknown): void {
		if (this.closed) return;
		if (!(raw instanceof Buffer)) return this.close(CLOSE.protocol, 'not a binary frame');
		if (this.passed.has(raw)) {
			// Hocuspocus re-emits frames it queued while the document loaded: checked already.
			this.deliverAgain(raw, isBinary);
			return;
		}
		const frame = inspectFrame(raw);
		if (frame.kind === 'refused') return this.close(CLOSE.protocol, frame.reason);
		this.documents.add(frame.documentName);
		if (this.documents.size > MAX_DOCUMENTS) return this.close(CLOSE.protocol, `more than ${MAX_DOCUMENTS} documents on one socket`);
		const held: Held = { data: raw, isBinary, write: frame.kind === 'write', documentName: frame.documentName, awareness: frame.kind === 'awareness' };
		if (frame.kind === 'awareness') {
			const data = this.presence(frame.documentName, frame.entries);
			if (!data) return;
			held.data = data;
		}
		if (held.awareness) {
			// Only the latest presence matters: it replaces one still waiting.
			const waiting = this.held.findIndex((h) => h.awareness && h.documentName === held.documentName);
			if (waiting >= 0) {
				this.held[waiting] = held;
				return;
			}
		}
		this.held.push(held);
		this.drain();
	}

	// Passes on waiting frames in order while their buckets have tokens.
	private drain(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		while (this.held.length > 0 && !this.closed) {
			const next = this.held[0];
			const bucket = next.write ? this.writes : this.others;
			if (!bucket.take()) {
				if (this.held.length > this.limits.burst) return this.close(CLOSE.tooMany, `${this.held.length} frames over the rate limit`);
				if (!this.told) {
					this.told = true;
					this.notice(next.documentName, GUARD_MESSAGES.slowDown);
				}
				this.timer = setTimeout(() => this.safely(() => this.drain()), bucket.wait());
				return;
			}
			this.held.shift();
			this.passed.add(next.data);
			this.emit('message', next.data, next.isBinary);
		}
		if (this.held.length === 0) this.told = false;
	}

	private deliverAgain(data: Buffer, isBinary: unknown): void {
		const frame = inspectFrame(data);
		if (frame.kind === 'awareness') {
			const rewritten = this.presence(frame.documentName, frame.entries);
			if (!rewritten) return;
			this.passed.add(rewritten);
			this.emit('message', rewritten, isBinary);
			return;
		}
		this.emit('message', data, isBinary);
	}

	// The presence entries this socket may publish, as the server states them; undefined: nothing to pass on.
	private presence(documentName: string, entries: readonly AwarenessEntry[]): Buffer | undefined {
		const connection = this.connectionOf(documentName, this.socket);
		const role = connection && !connection.readOnly ? 'editor' : 'viewer';
		const kept = entries
			.filter((entry) => !this.clientIdTaken(documentName, entry.clientId, this.socket))
			.slice(0, 4)
			.map((entry): AwarenessEntry => ({ ...entry, state: entry.state === null ? null : presenceState(this.identity, role, entry.state) }));
		return kept.length > 0 ? Buffer.from(awarenessFrame(documentName, kept)) : undefined;
	}
}

/** The presence state the server publishes for a client's state: identity from the session, a well-formed cell or none. */
export function presenceState(identity: SocketIdentity, role: 'editor' | 'viewer', state: unknown): PresenceState {
	const cell = typeof state === 'object' && state !== null ? (state as { cell?: unknown }).cell : undefined;
	const place = typeof cell === 'object' && cell !== null ? (cell as { lessonId?: unknown; studentId?: unknown }) : undefined;
	const valid = place && isId(place.lessonId) && isId(place.studentId);
	return {
		user: { id: identity.accountId, name: identity.name.slice(0, 80), role },
		cell: valid ? { lessonId: place.lessonId as number, studentId: place.studentId as number } : null
	};
}

function isId(value: unknown): boolean {
	return Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= 2_147_483_647;
}
