/**
 * This person's edits the server has not acknowledged yet (X-OFFLINE, docs/collab-protocol.md):
 * kept in IndexedDB per account, shown over the document until the server acknowledges or rejects
 * them, and written again on top of every fresh connection.
 */
import type * as Y from 'yjs';
import { DOC_MAPS, type DocCell } from '../domain/journal-doc.ts';
import { loadPending, savePending, type PendingEdit } from './offline-store.ts';

// Origin of this page's own writes, so the document's observer can tell them from remote ones.
const LOCAL = Symbol('local-edit');
// Edit ids of values the server itself wrote (docs/collab-protocol.md): a revert, not a person.
const SERVER_EDIT_ID_PREFIX = 's:';

/** A fresh edit id; randomUUID needs a secure context, which a school LAN over http may not be. */
export function newEditId(): string {
	if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The unacknowledged edits of one person in one journal, at most one per cell. */
export class PendingEdits {
	/** How many edits wait for the server's acknowledgement. */
	count = $state(0);
	/** True once the server has acknowledged an edit of this page. */
	savedOnce = $state(false);

	private readonly journalId: number;
	private readonly login: string;
	private readonly edits = new Map<string, PendingEdit>();

	constructor(journalId: number, login: string) {
		this.journalId = journalId;
		this.login = login;
	}

	/** The edits an earlier visit left in IndexedDB (none for a read-only viewer, who stores nothing). */
	stored(canWrite: boolean): Promise<PendingEdit[]> {
		return canWrite ? loadPending(this.journalId, this.login) : Promise.resolve([]);
	}

	/** Takes back stored edits; an edit made on this page since wins over a stored one of the same cell. */
	restore(saved: PendingEdit[]): void {
		for (const edit of saved) if (!this.edits.has(edit.key)) this.edits.set(edit.key, edit);
		this.count = this.edits.size;
	}

	/** The unacknowledged edit of a cell, if any. */
	get(key: string): PendingEdit | undefined {
		return this.edits.get(key);
	}

	/** How many edits are waiting. */
	get size(): number {
		return this.edits.size;
	}

	/** The cell keys of every waiting edit. */
	keys(): string[] {
		return [...this.edits.keys()];
	}

	/** Queues an edit of a cell, replacing an earlier one of it; `persist` then counts and stores the queue. */
	add(edit: PendingEdit): void {
		this.edits.set(edit.key, edit);
	}

	/** Writes the waiting edits of these cells into a connected document as this page's own change. */
	send(doc: Y.Doc | null, keys: string[]): void {
		if (!doc) return;
		const cells = doc.getMap<DocCell>(DOC_MAPS.cells);
		doc.transact(() => {
			for (const key of keys) {
				const edit = this.edits.get(key);
				if (edit) cells.set(key, { ...edit.cell });
			}
		}, LOCAL);
	}

	/** The server committed these edit ids: they leave the queue. Returns the keys of their cells. */
	ack(ids: string[]): string[] {
		const committed = new Set(ids);
		const keys: string[] = [];
		for (const [key, edit] of this.edits) {
			if (committed.has(edit.editId)) {
				this.edits.delete(key);
				keys.push(key);
			}
		}
		if (keys.length > 0 || committed.size > 0) this.savedOnce = true;
		if (keys.length > 0) this.persist();
		return keys;
	}

	/** The server refused an edit of a cell (id null: a change it reverted without naming the edit); it leaves the queue. */
	reject(key: string, id: string | null): void {
		const edit = this.edits.get(key);
		if (edit && (id === null || id === edit.editId)) {
			this.edits.delete(key);
			this.persist();
		}
	}

	/**
	 * A cell changed in the document. Someone else's value replaced this person's unacknowledged
	 * edit: the contract says the server then neither acks nor rejects it, and sending it again
	 * later would overwrite the other person. The document's value counts; the edit is dropped.
	 * Returns true when that value is a person's, not a revert of the server; call `settle` after.
	 */
	overwritten(key: string, value: DocCell | undefined, origin: unknown): boolean {
		const mine = this.edits.get(key);
		if (origin === LOCAL || !mine || value?.e === mine.editId) return false;
		this.edits.delete(key);
		return typeof value?.e === 'string' && !value.e.startsWith(SERVER_EDIT_ID_PREFIX);
	}

	/** Counts and stores the queue when edits were dropped since it was last counted. */
	settle(): void {
		if (this.count !== this.edits.size) this.persist();
	}

	/** Counts the queue and stores it in IndexedDB. */
	persist(): void {
		this.count = this.edits.size;
		void savePending(this.journalId, this.login, [...this.edits.values()]);
	}
}
