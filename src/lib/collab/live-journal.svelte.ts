/**
 * The browser side of one live journal (docs/collab-protocol.md), as the journal page and its
 * components use it. A façade over five parts: the connection (connection.svelte.ts), the journal
 * as shown (journal-view.svelte.ts), this person's unacknowledged edits (pending-edits.svelte.ts),
 * their undo (undo.ts) and presence (presence.svelte.ts). The grid reads cells through `cell()`
 * and listens with `onCells()`; Svelte views read the rune fields.
 */
import type * as Y from 'yjs';
import { cellFromDoc, cellKey, cellToDoc, DATABASE_UNAVAILABLE, DOC_MAPS, periodMarkKey, type DocLesson, type DocMeta, type DocPeriodMark, type DocStudent, type ServerMessage } from '../domain/journal-doc.ts';
import type { PeriodMarkKind } from '../domain/period-marks.ts';
import { checkCell, DEFAULT_CELL_RULES, EMPTY_CELL, rulesKeeping, sameCell, type CellRules, type CellValue } from '../domain/cell.ts';
import { pendingEditsText } from '../domain/plural.ts';
import { DATABASE_UNAVAILABLE_TEXT, JournalConnection, SESSION_ENDED, SESSION_ENDED_TEXT, type ConnectionState } from './connection.svelte.ts';
import { JournalView } from './journal-view.svelte.ts';
import { newEditId, PendingEdits } from './pending-edits.svelte.ts';
import { Presence, type Peer, type PresenceCell } from './presence.svelte.ts';
import { UndoHistory, type UndoEntry } from './undo.ts';

export type { ConnectionState };
export { newEditId };

/** A cell as the grid shows it: the value and the edit that set it. */
export interface CellView {
	value: CellValue;
	editId: string | null;
	/** True while the server has not acknowledged this person's edit of the cell. */
	pending: boolean;
}

/** One cell change the page asks for. */
export interface CellWrite {
	lessonId: number;
	studentId: number;
	value: CellValue;
}

/** A message for the person (a rejected edit, a failed undo). */
export interface Notice {
	id: number;
	text: string;
}

/** Options of a live journal. */
export interface LiveJournalOptions {
	journalId: number;
	/** The account login: pending edits are stored per account. */
	login: string;
	/** The person's name (the others see the name the server takes from the session). */
	userName: string;
	/** False for read-only viewers: nothing is written, nothing is stored. */
	canWrite: boolean;
	/** The websocket URL; defaults to /collab on the page's host. */
	url?: string;
}

/** The live journal of one page. */
export class LiveJournal {
	/** Messages to show (rejected edits); the page removes them with `dismiss`. */
	notices = $state<Notice[]>([]);
	/** Bumped on every cell change, for views that show one cell. */
	cellsVersion = $state(0);
	/** True while the server says relaying between its instances is late: colleagues' changes may arrive late. */
	relayLate = $state(false);

	readonly journalId: number;
	readonly canWrite: boolean;

	private readonly link: JournalConnection;
	private readonly view: JournalView;
	private readonly pending: PendingEdits;
	private readonly history = new UndoHistory();
	private readonly presence: Presence;
	private readonly listeners = new Set<(keys: string[] | null) => void>();
	private noticeSeq = 0;

	constructor(options: LiveJournalOptions) {
		this.journalId = options.journalId;
		this.canWrite = options.canWrite;
		this.view = new JournalView(options.journalId, options.login);
		this.pending = new PendingEdits(options.journalId, options.login);
		this.presence = new Presence();
		this.link = new JournalConnection(options, {
			joining: (awareness) => this.presence.join(awareness),
			synced: (doc) => this.synced(doc),
			message: (payload) => this.serverMessage(payload),
			denied: (reason) =>
				this.notify(
					reason === DATABASE_UNAVAILABLE
						? DATABASE_UNAVAILABLE_TEXT
						: reason === SESSION_ENDED
							? `${SESSION_ENDED_TEXT}: несохранённые изменения останутся в этом браузере и отправятся после входа.`
							: 'Нет доступа к этому журналу.'
				),
			lost: () => {
				this.presence.clear();
				this.relayLate = false;
			},
			awareness: (states, ownClientId) => this.presence.update(states, ownClientId)
		});
	}

	/** Connection state for the status line. */
	get connection(): ConnectionState {
		return this.link.state;
	}
	/** The journal's settings from the document (rules, types of work). */
	get meta(): DocMeta | null {
		return this.view.meta;
	}
	/** Students of the group, as the document lists them. */
	get students(): DocStudent[] {
		return this.view.students;
	}
	/** Lessons in journal order. */
	get lessons(): DocLesson[] {
		return this.view.lessons;
	}
	/** Period, year, exam and final marks as stored, by periodMarkKey; live like the cells. */
	get periodMarks(): ReadonlyMap<string, DocPeriodMark> {
		return this.view.periodMarks;
	}
	/** True once a view (live or cached) is shown. */
	get loaded(): boolean {
		return this.view.loaded;
	}
	/** How many edits wait for the server's acknowledgement. */
	get pendingCount(): number {
		return this.pending.count;
	}
	/** True once the server has acknowledged an edit of this page. */
	get savedOnce(): boolean {
		return this.pending.savedOnce;
	}
	/** Other people in the journal. */
	get peers(): Peer[] {
		return this.presence.peers;
	}
	/** True when there is an own edit to undo. */
	get canUndo(): boolean {
		return this.history.canUndo;
	}

	/** The cell rules of the school (scale, absence codes). */
	get rules(): CellRules {
		return this.meta?.rules ?? DEFAULT_CELL_RULES;
	}

	/** What the status line says (X-OFFLINE). */
	get statusText(): string {
		if (this.connection === 'denied') return this.link.deniedText;
		if (this.connection !== 'online') {
			if (this.pendingCount > 0) return `Нет связи — ${pendingEditsText(this.pendingCount)}`;
			return this.connection === 'connecting' && !this.loaded ? 'Подключение…' : 'Нет связи';
		}
		if (this.pendingCount > 0) return 'Сохраняется…';
		return this.savedOnce ? 'Сохранено' : 'На связи';
	}

	/** Loads what IndexedDB keeps, then connects. */
	async start(): Promise<void> {
		const [saved, cached] = await Promise.all([this.pending.stored(this.canWrite), this.view.cached()]);
		if (this.link.closed) return;
		this.pending.restore(saved);
		// A cached view shows the sheet until the live document arrives; it is never merged into it.
		if (cached && !this.link.doc?.getMap(DOC_MAPS.students).size) {
			this.view.showCached(cached);
			this.changed(null);
		}
		this.link.open();
	}

	/** Closes the connection for good (page left). */
	destroy(): void {
		this.view.flush();
		this.link.close();
		this.listeners.clear();
	}

	/** Calls back with changed cell keys (null: everything may have changed); returns the unsubscribe. */
	onCells(listener: (keys: string[] | null) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** The stored period, year, exam or final mark of a student, or undefined. */
	periodMark(kind: PeriodMarkKind, periodId: number | null, studentId: number): DocPeriodMark | undefined {
		return this.periodMarks.get(periodMarkKey(kind, periodId, studentId));
	}

	/** A cell as shown: this person's unacknowledged edit wins over the document. */
	cell(lessonId: number, studentId: number): CellView {
		const key = cellKey(lessonId, studentId);
		const mine = this.pending.get(key);
		if (mine) return { value: cellFromDoc(mine.cell) ?? EMPTY_CELL, editId: mine.editId, pending: true };
		const raw = this.view.cell(key);
		const value = raw ? cellFromDoc(raw) : undefined;
		return { value: value ?? EMPTY_CELL, editId: raw && typeof raw.e === 'string' ? raw.e : null, pending: false };
	}

	/**
	 * Writes cells as one undoable step. Values must already be checked by the caller
	 * (parseCellInput); they are checked again here so nothing illegal reaches the document.
	 */
	write(changes: CellWrite[], { undoable = true }: { undoable?: boolean } = {}): number {
		if (!this.canWrite) return 0;
		const step: UndoEntry[] = [];
		const keys: string[] = [];
		const rules = this.rules;
		for (const change of changes) {
			const { value: before, editId: beforeEditId } = this.cell(change.lessonId, change.studentId);
			const checked = checkCell(change.value, rulesKeeping(rules, before, change.value));
			if (!checked.ok) continue;
			const key = cellKey(change.lessonId, change.studentId);
			if (sameCell(before, checked.value)) continue;
			const editId = newEditId();
			this.pending.add({ key, editId, cell: cellToDoc(checked.value, editId) });
			step.push({ key, before, beforeEditId, editId });
			keys.push(key);
		}
		if (keys.length === 0) return 0;
		this.send(keys);
		if (undoable) this.history.record(step);
		this.pending.persist();
		this.changed(keys);
		return keys.length;
	}

	/**
	 * Undoes this person's last step by writing the previous values as new edits. A cell someone
	 * else has changed since is left alone: undo never overwrites another person's edit.
	 */
	undo(): void {
		const notice = this.history.undo({
			editIdOf: (lessonId, studentId) => this.cell(lessonId, studentId).editId,
			restore: (cells) => void this.write(cells, { undoable: false }),
			restoredEditId: (key) => this.pending.get(key)?.editId
		});
		if (notice) this.notify(notice);
	}

	/** Publishes which cell this person is on (null: none). */
	setCursor(cell: PresenceCell | null): void {
		this.presence.moveTo(cell, this.link.awareness);
	}

	/** Adds a message for the person. */
	notify(text: string): void {
		this.notices = [...this.notices, { id: ++this.noticeSeq, text }];
	}

	/** Removes a message. */
	dismiss(id: number): void {
		this.notices = this.notices.filter((notice) => notice.id !== id);
	}

	/** Drops the connection and starts a new one at once (the browser says it is back online). */
	reconnectNow(): void {
		this.link.reconnectNow();
	}

	// A fresh document is in step with the server: show it, follow it, and send this person's
	// unacknowledged edits again on top of it.
	private synced(doc: Y.Doc): void {
		this.view.follow(doc, () => this.link.doc === doc, {
			cells: (keys, origin) => this.cellsChanged(keys, origin),
			structure: () => this.changed(null)
		});
		this.changed(null);
		// Unacknowledged edits go again on top of the fresh state, with their own edit ids, and
		// pass the same server checks as any other edit.
		if (this.canWrite && this.pending.size > 0) this.send(this.pending.keys());
		// The first view of a connection is kept at once: the network may go any moment.
		this.view.save();
	}

	private cellsChanged(keys: string[], origin: unknown): void {
		let overwrittenByPerson = false;
		for (const key of keys) if (this.pending.overwritten(key, this.view.cell(key), origin)) overwrittenByPerson = true;
		this.pending.settle();
		if (overwrittenByPerson) this.notify('Эту клетку одновременно изменил другой человек: показано его значение.');
		this.changed(keys);
	}

	private send(keys: string[]): void {
		this.pending.send(this.connection === 'online' ? this.link.doc : null, keys);
	}

	// The server's stateless messages, as the provider hands them over.
	private serverMessage(payload: string): void {
		let message: ServerMessage;
		try {
			message = JSON.parse(payload) as ServerMessage;
		} catch {
			return;
		}
		if (message?.type === 'ack' && Array.isArray(message.ids)) {
			const keys = this.pending.ack(message.ids);
			if (keys.length > 0) this.changed(keys);
		} else if (message?.type === 'reject' && typeof message.key === 'string') {
			this.pending.reject(message.key, message.id);
			this.history.forget(message.id);
			this.notify(typeof message.message === 'string' && message.message ? message.message : 'Изменение не принято сервером.');
			this.changed([message.key]);
		} else if (message?.type === 'notice' && typeof message.message === 'string' && message.message) {
			this.notify(message.message);
		} else if (message?.type === 'relay') {
			this.relayLate = message.late === true;
		}
	}

	private changed(keys: string[] | null): void {
		this.cellsVersion += 1;
		for (const listener of this.listeners) listener(keys);
	}
}
