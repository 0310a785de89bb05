/**
 * With several instances (REDIS_URL): the channel `<REDIS_PREFIX>:truth` on which every instance
 * says, besides the Yjs updates the Redis extension relays,
 * - what it committed: after each cell commit (or read-back) the stored value, its version (the
 *   cell's latest audit row id) and the edit id that made it, so every instance knows which
 *   values in the document are committed and which commit is the last one;
 * - that it is alive, once a second, with the cells it is still deciding (queued checks and
 *   read-backs): a value relayed from a peer that no living instance claims is nobody's and is
 *   withdrawn (read back from the tables).
 * Its own heartbeat coming back measures the relay: when it is late, the instance tells its
 * connections, and stops judging peers by their silence.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CellValue } from '../../src/lib/domain/cell.ts';

/** Heartbeat period. */
export const BEAT_MS = 1000;
/** A heartbeat not back after this long: relaying between instances is late. */
export const LATE_MS = 2000;
/** A peer's claims count this long after its heartbeat arrived. */
export const CLAIM_MS = 3000;

/** A committed (or read back) cell, as announced. */
export interface CellNews {
	doc: string;
	key: string;
	version: number;
	value: CellValue;
	editId: string | null;
}

/** What the channel tells the journal extension. */
export interface TruthEvents {
	/** Claims of this instance: document name → cell keys it is still deciding. */
	claims(): Record<string, string[]>;
	/** A peer committed or read back a cell. */
	cell(news: CellNews): void;
	/** Relaying became late, or on time again. */
	late(late: boolean): void;
	/** Every heartbeat (a tick for sweeping values nobody claims). */
	tick(): void;
}

type Beat = { t: 'beat'; from: string; n: number; claims: Record<string, string[]> };
type Cell = { t: 'cell'; from: string } & CellNews;

/** One instance's side of the truth channel. */
export class TruthChannel {
	/** This instance. */
	readonly id = randomUUID();
	private readonly channel: string;
	private readonly pub: Redis;
	private readonly sub: Redis;
	private readonly peers = new Map<string, { at: number; claims: Map<string, Set<string>> }>();
	/** Heartbeats sent and not yet back: number → when sent. */
	private readonly unanswered = new Map<number, number>();
	private seq = 0;
	private timer: NodeJS.Timeout;
	private isLate = false;
	/** Since when the relay is on time (0 while late). */
	private onTimeSince = Date.now();

	constructor(
		url: string,
		prefix: string,
		private readonly events: TruthEvents
	) {
		this.channel = `${prefix}:truth`;
		this.pub = new Redis(url, { maxRetriesPerRequest: 2 });
		this.sub = new Redis(url);
		const log = (error: Error) => console.error('[collab] truth channel:', error.message);
		this.pub.on('error', log);
		this.sub.on('error', log);
		void this.sub.subscribe(this.channel).catch(log);
		this.sub.on('message', (channel: string, message: string) => {
			if (channel === this.channel) this.heard(message);
		});
		this.timer = setInterval(() => this.beat(), BEAT_MS);
		this.timer.unref();
	}

	/** True while relaying through Redis is late. */
	get late(): boolean {
		return this.isLate;
	}

	/** True when the relay has been on time long enough for peers' silence to mean something. */
	get steady(): boolean {
		return !this.isLate && Date.now() - this.onTimeSince >= CLAIM_MS;
	}

	/** Tells the peers about a committed or read-back cell. */
	announce(news: CellNews): void {
		this.pub.publish(this.channel, JSON.stringify({ t: 'cell', from: this.id, ...news } satisfies Cell)).catch(() => undefined);
	}

	/** True when a living peer said lately that it is still deciding this cell. */
	claimed(doc: string, key: string): boolean {
		const now = Date.now();
		for (const peer of this.peers.values()) if (now - peer.at <= CLAIM_MS && peer.claims.get(doc)?.has(key)) return true;
		return false;
	}

	/** Stops the heartbeat and closes both connections. */
	close(): void {
		clearInterval(this.timer);
		this.sub.disconnect();
		this.pub.disconnect();
	}

	private beat(): void {
		const now = Date.now();
		const n = ++this.seq;
		this.unanswered.set(n, now);
		this.pub.publish(this.channel, JSON.stringify({ t: 'beat', from: this.id, n, claims: this.events.claims() } satisfies Beat)).catch(() => undefined);
		const oldest = Math.min(...this.unanswered.values());
		if (now - oldest > LATE_MS) this.setLate(true);
		// Forget peers long silent.
		for (const [id, peer] of this.peers) if (now - peer.at > 10 * CLAIM_MS) this.peers.delete(id);
		this.events.tick();
	}

	private heard(message: string): void {
		let parsed: Beat | Cell;
		try {
			parsed = JSON.parse(message);
		} catch {
			return;
		}
		if (parsed.t === 'beat') {
			if (parsed.from === this.id) {
				for (const n of this.unanswered.keys()) if (n <= parsed.n) this.unanswered.delete(n);
				const now = Date.now();
				const oldest = this.unanswered.size > 0 ? Math.min(...this.unanswered.values()) : now;
				if (now - oldest <= LATE_MS) this.setLate(false);
				return;
			}
			const claims = new Map<string, Set<string>>();
			for (const [doc, keys] of Object.entries(parsed.claims ?? {})) if (Array.isArray(keys)) claims.set(doc, new Set(keys.map(String)));
			this.peers.set(parsed.from, { at: Date.now(), claims });
			return;
		}
		if (parsed.t === 'cell' && parsed.from !== this.id && typeof parsed.doc === 'string' && typeof parsed.key === 'string' && typeof parsed.version === 'number') {
			this.events.cell({ doc: parsed.doc, key: parsed.key, version: parsed.version, value: parsed.value, editId: parsed.editId ?? null });
		}
	}

	private setLate(late: boolean): void {
		if (late === this.isLate) return;
		this.isLate = late;
		this.onTimeSince = late ? 0 : Date.now();
		this.events.late(late);
	}
}
