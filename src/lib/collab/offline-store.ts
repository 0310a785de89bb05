/**
 * What the journal page keeps in IndexedDB (X-OFFLINE): the edits the server has not yet
 * acknowledged, and a read-only copy of the last view so a reload without a connection still
 * shows the sheet. The copy is only ever displayed, never merged into a live document: the
 * contract says every connection starts from an empty Y.Doc.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { DocCell, DocLesson, DocMeta, DocPeriodMark, DocStudent } from '../domain/journal-doc.ts';

/** One unacknowledged edit of a cell. */
export interface PendingEdit {
	key: string;
	editId: string;
	cell: DocCell;
}

/** The last view of a journal, for display while no connection is up. */
export interface CachedView {
	meta: DocMeta | null;
	students: DocStudent[];
	lessons: DocLesson[];
	cells: Array<[string, DocCell]>;
	/** Period, year, exam and final marks (absent in views cached before they were live). */
	periodMarks?: Array<[string, DocPeriodMark]>;
}

let store: UseStore | null | undefined;
// IndexedDB is missing in some private modes and in SSR; then edits live in memory only.
function idb(): UseStore | null {
	if (store !== undefined) return store;
	try {
		store = typeof indexedDB === 'undefined' ? null : createStore('zhurnal', 'offline');
	} catch {
		store = null;
	}
	return store;
}

/** The IndexedDB key of a journal's pending edits; per account so one person never sends another's edits. */
export function pendingKey(journalId: number, login: string): string {
	return `pending:journal:${journalId}:${login}`;
}

function viewKey(journalId: number, login: string): string {
	return `view:journal:${journalId}:${login}`;
}

/** Reads the pending edits saved for this journal and account (none when storage fails). */
export async function loadPending(journalId: number, login: string): Promise<PendingEdit[]> {
	const db = idb();
	if (!db) return [];
	try {
		const saved = await get<PendingEdit[]>(pendingKey(journalId, login), db);
		return Array.isArray(saved) ? saved.filter((edit) => typeof edit?.key === 'string' && typeof edit.editId === 'string' && edit.cell) : [];
	} catch {
		return [];
	}
}

/** Saves the pending edits (an empty list removes the entry). */
export async function savePending(journalId: number, login: string, edits: PendingEdit[]): Promise<void> {
	const db = idb();
	if (!db) return;
	try {
		if (edits.length === 0) await del(pendingKey(journalId, login), db);
		else await set(pendingKey(journalId, login), edits, db);
	} catch {
		// Storage full or blocked: the edits still live in memory for this page.
	}
}

/** Reads the cached view of the journal. */
export async function loadView(journalId: number, login: string): Promise<CachedView | undefined> {
	const db = idb();
	if (!db) return undefined;
	try {
		return await get<CachedView>(viewKey(journalId, login), db);
	} catch {
		return undefined;
	}
}

/** Saves the view of the journal for the next offline start. */
export async function saveView(journalId: number, login: string, view: CachedView): Promise<void> {
	const db = idb();
	if (!db) return;
	try {
		await set(viewKey(journalId, login), view, db);
	} catch {
		// A missing cache only means an empty sheet when the page starts offline.
	}
}
