/** Presence in a journal (Yjs awareness): who is here and which cell they are on. */
import type { HocuspocusProvider } from '@hocuspocus/provider';

/** The awareness of one connection. */
type Awareness = NonNullable<HocuspocusProvider['awareness']>;

/** A cell someone's cursor is on. */
export interface PresenceCell {
	lessonId: number;
	studentId: number;
}

/**
 * Presence as the others see it (docs/collab-protocol.md): the server writes `user` from the
 * connection's session (account id, name, and `editor` or `viewer` by the connection's rights);
 * a client only says which cell it is on. The colour is derived from the name here.
 */
export interface PresenceState {
	user: { id?: number; name: string; color: string; role?: 'editor' | 'viewer' };
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
	const user = raw.user as { id?: unknown; name?: unknown; role?: unknown } | undefined;
	if (!user || typeof user.name !== 'string' || !user.name) return undefined;
	const name = user.name.slice(0, 80);
	const cell = raw.cell as { lessonId?: unknown; studentId?: unknown } | null | undefined;
	const validCell = cell && Number.isInteger(cell.lessonId) && Number.isInteger(cell.studentId) ? { lessonId: cell.lessonId as number, studentId: cell.studentId as number } : null;
	return {
		clientId: raw.clientId,
		user: { ...(Number.isInteger(user.id) ? { id: user.id as number } : {}), name, color: colorFor(name), role: user.role === 'editor' ? 'editor' : 'viewer' },
		cell: validCell
	};
}

/** This person's presence and the other people in the journal, over the current connection's awareness. */
export class Presence {
	/** Other people in the journal. */
	peers = $state.raw<Peer[]>([]);

	private cursor: PresenceCell | null = null;

	/** Publishes the cell this person is on to a new connection; the server adds who they are. */
	join(awareness: Awareness | null): void {
		awareness?.setLocalState({ cell: this.cursor });
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
