/** Presence in a journal (Yjs awareness): who is here and which cell they are on. */
import type { HocuspocusProvider } from '@hocuspocus/provider';

/** The awareness of one connection. */
type Awareness = NonNullable<HocuspocusProvider['awareness']>;

/** A cell someone's cursor is on. */
export interface PresenceCell {
	lessonId: number;
	studentId: number;
}

/** The awareness state each editor publishes (docs/collab-protocol.md). */
export interface PresenceState {
	user: { name: string; color: string };
	cell: PresenceCell | null;
}

/** Another person in the journal. */
export interface Peer extends PresenceState {
	clientId: number;
}

// Dark enough for white text and a visible outline on a white cell.
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#e377c2', '#8c564b', '#bcbd22', '#17becf', '#ff7f0e', '#393b79'];

/** A stable colour for a person's name, so everyone sees the same colour for them. */
export function colorFor(name: string): string {
	let hash = 0;
	for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
	return COLORS[hash % COLORS.length];
}

/** An awareness entry as a peer, or undefined when it is not a well-formed presence state. */
export function peerFrom(raw: { clientId: number; [key: string]: unknown }): Peer | undefined {
	const user = raw.user as { name?: unknown; color?: unknown } | undefined;
	if (!user || typeof user.name !== 'string' || !user.name) return undefined;
	const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : colorFor(user.name);
	const cell = raw.cell as { lessonId?: unknown; studentId?: unknown } | null | undefined;
	const validCell = cell && Number.isInteger(cell.lessonId) && Number.isInteger(cell.studentId) ? { lessonId: cell.lessonId as number, studentId: cell.studentId as number } : null;
	// Awareness is not checked by the server (STACK-NOTES): cap what a forged state can show.
	return { clientId: raw.clientId, user: { name: user.name.slice(0, 80), color }, cell: validCell };
}

/** This person's presence and the other people in the journal, over the current connection's awareness. */
export class Presence {
	/** Other people in the journal. */
	peers = $state.raw<Peer[]>([]);

	private readonly user: { name: string; color: string };
	private cursor: PresenceCell | null = null;

	constructor(userName: string) {
		this.user = { name: userName, color: colorFor(userName) };
	}

	/** Publishes this person and the cell they are on to a new connection. */
	join(awareness: Awareness | null): void {
		awareness?.setLocalState({ user: this.user, cell: this.cursor });
	}

	/** Remembers which cell this person is on (null: none) and publishes it to the connection, if any. */
	moveTo(cell: PresenceCell | null, awareness: Awareness | null): void {
		this.cursor = cell;
		awareness?.setLocalStateField('cell', cell);
	}

	/** The connection's awareness changed: everyone but this page is a peer. */
	update(states: Array<{ clientId: number; [key: string]: unknown }>, ownClientId: number): void {
		this.peers = states
			.filter((state) => state.clientId !== ownClientId)
			.map(peerFrom)
			.filter((peer): peer is Peer => peer !== undefined);
	}

	/** The connection dropped: nobody is shown until the next one says who is here. */
	clear(): void {
		this.peers = [];
	}
}
