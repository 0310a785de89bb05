/**
 * The browser side of one live journal (docs/collab-protocol.md): a Hocuspocus provider over a
 * fresh Y.Doc per connection, the person's unacknowledged edits (kept in IndexedDB), presence,
 * and an own-edits undo stack. The grid reads cells through `cell()` and listens with
 * `onCells()`; Svelte views read the rune fields.
 */
import type * as Y from 'yjs';
import { cellFromDoc, cellKey, cellToDoc, DOC_MAPS, periodMarkKey, type DocCell, type DocLesson, type DocMeta, type DocPeriodMark, type DocStudent, type ServerMessage } from '../domain/journal-doc.ts';
import type { PeriodMarkKind } from '../domain/period-marks.ts';
import { checkCell, DEFAULT_CELL_RULES, EMPTY_CELL, rulesKeeping, sameCell, type CellRules, type CellValue } from '../domain/cell.ts';
import { compareLessons } from '../domain/journal-summary.ts';
import { pendingEditsText } from '../domain/plural.ts';
import { JournalConnection, type ConnectionState } from './connection.svelte.ts';
import { loadView, saveView } from './offline-store.ts';
import { newEditId, PendingEdits } from './pending-edits.svelte.ts';
import { Presence, type Peer, type PresenceCell } from './presence.svelte.ts';
import { UndoHistory, type UndoEntry } from './undo.ts';

export type { ConnectionState };

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
	/** The name others see in presence. */
	userName: string;
	/** False for read-only viewers: nothing is written, nothing is stored. */
	canWrite: boolean;
	/** The websocket URL; defaults to /collab on the page's host. */
	url?: string;
}

export { newEditId };

/** The live journal of one page. */
export class LiveJournal {
	/** The journal's settings from the document (rules, types of work). */
	meta = $state.raw<DocMeta | null>(null);
	/** Students of the group, as the document lists them. */
	students = $state.raw<DocStudent[]>([]);
	/** Lessons in journal order. */
	lessons = $state.raw<DocLesson[]>([]);
	/** Period, year, exam and final marks as stored, by periodMarkKey; live like the cells. */
	periodMarks = $state.raw<ReadonlyMap<string, DocPeriodMark>>(new Map());
	/** True once a view (live or cached) is shown. */
	loaded = $state(false);
	/** Messages to show (rejected edits); the page removes them with `dismiss`. */
	notices = $state<Notice[]>([]);
	/** Bumped on every cell change, for views that show one cell. */
	cellsVersion = $state(0);

	readonly journalId: number;
	readonly canWrite: boolean;
	private readonly login: string;

	private docCells = new Map<string, DocCell>();
	private readonly pending: PendingEdits;
	private readonly history = new UndoHistory();
	private listeners = new Set<(keys: string[] | null) => void>();
	private readonly presence: Presence;
	private noticeSeq = 0;
	private cacheTimer: ReturnType<typeof setTimeout> | undefined;

	private readonly link: JournalConnection;

	constructor(options: LiveJournalOptions) {
		this.journalId = options.journalId;
		this.canWrite = options.canWrite;
		this.login = options.login;
		this.presence = new Presence(options.userName);
		this.pending = new PendingEdits(options.journalId, options.login);
		this.link = new JournalConnection(options, {
			joining: (awareness) => this.presence.join(awareness),
			synced: (doc) => this.synced(doc),
			message: (payload) => this.serverMessage(payload),
			denied: () => this.notify('Нет доступа к этому журналу.'),
			lost: () => this.presence.clear(),
			awareness: (states, ownClientId) => this.presence.update(states, ownClientId)
		});
	}

	/** Loads what IndexedDB keeps, then connects. */
	async start(): Promise<void> {
		const [saved, view] = await Promise.all([this.pending.stored(this.canWrite), loadView(this.journalId, this.login)]);
		if (this.link.closed) return;
		this.pending.restore(saved);
		// A cached view shows the sheet until the live document arrives; it is never merged into it.
		if (view && !this.link.doc?.getMap(DOC_MAPS.students).size) {
			this.meta = view.meta;
			this.students = view.students;
			this.lessons = view.lessons;
			this.docCells = new Map(view.cells);
			this.periodMarks = new Map(view.periodMarks ?? []);
			this.loaded = true;
			this.changed(null);
		}
		this.link.open();
	}

	/** Connection state for the status line. */
	get connection(): ConnectionState {
		return this.link.state;
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

	/** Closes the connection for good (page left). */
	destroy(): void {
		if (this.cacheTimer !== undefined) this.saveCache();
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

	/** The cell rules of the school (scale, absence codes). */
	get rules(): CellRules {
		return this.meta?.rules ?? DEFAULT_CELL_RULES;
	}

	/** What the status line says (X-OFFLINE). */
	get statusText(): string {
		if (this.connection === 'denied') return 'Нет доступа к журналу';
		if (this.connection !== 'online') {
			if (this.pendingCount > 0) return `Нет связи — ${pendingEditsText(this.pendingCount)}`;
			return this.connection === 'connecting' && !this.loaded ? 'Подключение…' : 'Нет связи';
		}
		if (this.pendingCount > 0) return 'Сохраняется…';
		return this.savedOnce ? 'Сохранено' : 'На связи';
	}

	/** A cell as shown: this person's unacknowledged edit wins over the document. */
	cell(lessonId: number, studentId: number): CellView {
		const key = cellKey(lessonId, studentId);
		const mine = this.pending.get(key);
		if (mine) return { value: cellFromDoc(mine.cell) ?? EMPTY_CELL, editId: mine.editId, pending: true };
		const raw = this.docCells.get(key);
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
			const cell = cellToDoc(checked.value, editId);
			this.pending.add({ key, editId, cell });
			step.push({ key, before, beforeEditId, editId });
			keys.push(key);
		}
		if (keys.length === 0) return 0;
		this.sendPending(keys);
		if (undoable) this.history.record(step);
		this.pending.persist();
		this.changed(keys);
		return keys.length;
	}

	/** True when there is an own edit to undo. */
	get canUndo(): boolean {
		return this.history.canUndo;
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
		const cells = doc.getMap<DocCell>(DOC_MAPS.cells);
		this.docCells = new Map(cells.entries());
		this.readStructure(doc);
		cells.observe((event) => {
			if (this.link.doc !== doc) return;
			const keys: string[] = [];
			let overwrittenByPerson = false;
			for (const key of event.keysChanged) {
				const value = cells.get(key);
				if (value === undefined) this.docCells.delete(key);
				else this.docCells.set(key, value);
				keys.push(key);
				if (this.pending.overwritten(key, value, event.transaction.origin)) overwrittenByPerson = true;
			}
			this.pending.settle();
			if (overwrittenByPerson) this.notify('Эту клетку одновременно изменил другой человек: показано его значение.');
			this.changed(keys);
			this.scheduleCache();
		});
		const periodMarks = doc.getMap<DocPeriodMark>(DOC_MAPS.periodMarks);
		this.periodMarks = new Map(periodMarks.entries());
		periodMarks.observe(() => {
			if (this.link.doc !== doc) return;
			this.periodMarks = new Map(periodMarks.entries());
			this.scheduleCache();
		});
		for (const name of [DOC_MAPS.meta, DOC_MAPS.students, DOC_MAPS.lessons]) {
			doc.getMap(name).observe(() => {
				if (this.link.doc !== doc) return;
				this.readStructure(doc);
				this.changed(null);
				this.scheduleCache();
			});
		}
		this.loaded = true;
		this.changed(null);
		// Unacknowledged edits go again on top of the fresh state, with their own edit ids, and
		// pass the same server checks as any other edit.
		if (this.canWrite && this.pending.size > 0) this.sendPending(this.pending.keys());
		// The first view of a connection is kept at once: the network may go any moment.
		this.saveCache();
	}

	private readStructure(doc: Y.Doc): void {
		const meta = doc.getMap<DocMeta>(DOC_MAPS.meta).get('journal') ?? null;
		this.meta = meta;
		this.students = [...doc.getMap<DocStudent>(DOC_MAPS.students).values()].sort((a, b) => a.name.localeCompare(b.name, 'ru'));
		this.lessons = [...doc.getMap<DocLesson>(DOC_MAPS.lessons).values()].sort(compareLessons);
	}

	private sendPending(keys: string[]): void {
		this.pending.send(this.connection === 'online' ? this.link.doc : null, keys);
	}

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
		}
	}

	private changed(keys: string[] | null): void {
		this.cellsVersion += 1;
		for (const listener of this.listeners) listener(keys);
	}

	private scheduleCache(): void {
		clearTimeout(this.cacheTimer);
		this.cacheTimer = setTimeout(() => this.saveCache(), 1000);
	}

	private saveCache(): void {
		clearTimeout(this.cacheTimer);
		this.cacheTimer = undefined;
		void saveView(this.journalId, this.login, {
			meta: this.meta,
			students: this.students,
			lessons: this.lessons,
			cells: [...this.docCells.entries()],
			periodMarks: [...this.periodMarks.entries()]
		});
	}
}
