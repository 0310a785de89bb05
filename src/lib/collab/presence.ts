/** Presence in a journal (Yjs awareness): who is here and which cell they are on. */

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
