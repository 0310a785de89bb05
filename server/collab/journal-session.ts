/**
 * One loaded journal document on this instance: it watches the document for changes, checks
 * every cell a client changed and commits it to the tables (through commitCellEdit), or puts the
 * stored value back and tells that client why. Work runs in one queue per document, so the
 * checks of one journal never interleave and a slow database never reorders edits.
 */
import type * as Y from 'yjs';
import type { Connection, Document } from '@hocuspocus/server';
import type { Sql } from '../../src/lib/server/db/client.ts';
import { readCell } from '../../src/lib/server/db/cells.ts';
import { lessonsOfJournal } from '../../src/lib/server/db/lessons.ts';
import type { JournalFacts } from '../../src/lib/server/db/journal-facts.ts';
import { periodMarksOfJournal } from '../../src/lib/server/db/period-marks.ts';
import { commitCellEdit, type CellOutcome, type CellJournal } from '../../src/lib/server/commands/cells.ts';
import { EMPTY_CELL, isEmptyCell, sameCell, type CellValue } from '../../src/lib/domain/cell.ts';
import { DOC_MAPS, cellFromDoc, cellKey, cellToDoc, parseCellKey, periodMarkKey, type ServerMessage } from '../../src/lib/domain/journal-doc.ts';
import { JOURNAL_MESSAGES } from '../../src/lib/domain/journal-rules.ts';
import { todayIn } from '../../src/lib/domain/dates.ts';
import type { Actor } from '../../src/lib/domain/policy.ts';
import { SERVER_EDIT_PREFIX, SERVER_ORIGIN, isConnection, loadJournalMeta, type JournalRows } from './document.ts';

/** Longest edit id a client may use. */
const MAX_EDIT_ID = 128;
/** Maps only the server writes; a client's change to them is undone. */
const SERVER_OWNED = [DOC_MAPS.meta, DOC_MAPS.students, DOC_MAPS.lessons, DOC_MAPS.periodMarks] as const;

type CellChange = { key: string; value: unknown };

/** The live state of one open journal document. */
export class JournalSession {
	/** What the tables hold for each non-empty cell, as far as this instance knows. */
	private readonly committed = new Map<string, CellValue>();
	/** What the server last wrote into each server-owned map. */
	private readonly owned = new Map<string, Map<string, unknown>>();
	private queue: Promise<void> = Promise.resolve();
	private disposed = false;
	/** Cell changes handled since the document was built; past `compactAfter` it is rebuilt once nobody writes. */
	private changesSinceBuild = 0;
	/** When a connection's cell change was last handled (ms since the epoch). */
	private lastChangeAt = 0;
	private readonly compactAfter: number;
	private readonly journal: CellJournal;
	/** The journal's facts (school, year, class, grade), for settings pushed after a change. */
	readonly facts: JournalFacts;
	private readonly detach: Array<() => void> = [];

	constructor(
		readonly document: Document,
		rows: JournalRows,
		private readonly sql: Sql,
		compactAfter?: number,
		private readonly today: () => string = () => todayIn('Europe/Moscow')
	) {
		this.facts = rows.facts;
		this.journal = { journalId: rows.facts.journalId, schoolId: rows.facts.schoolId, yearId: rows.facts.yearId, classId: rows.facts.classId, grade: rows.facts.grade };
		this.compactAfter = compactAfter ?? Math.max(2000, 2 * rows.students.length * rows.lessons.length);
		for (const cell of rows.cells) this.committed.set(cellKey(cell.lessonId, cell.studentId), cell.value);
	}

	/** Starts watching the document (after it is filled from the rows). */
	attach(): void {
		const cells = this.document.getMap(DOC_MAPS.cells);
		const onCells = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => this.onCells(event, transaction);
		cells.observe(onCells);
		this.detach.push(() => cells.unobserve(onCells));
		for (const name of SERVER_OWNED) {
			const map = this.document.getMap(name);
			this.owned.set(name, new Map(map.entries()));
			const onOwned = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => this.onOwned(name, map, event, transaction);
			map.observe(onOwned);
			this.detach.push(() => map.unobserve(onOwned));
		}
	}

	/** Stops watching; queued work still finishes its database part. */
	dispose(): void {
		this.disposed = true;
		for (const off of this.detach.splice(0)) off();
	}

	/** Resolves when every queued change has been handled. */
	idle(): Promise<void> {
		return this.queue;
	}

	/** Lessons changed in the tables: write them (or their removal) into the document. */
	lessonsChanged(lessonIds: readonly number[]): Promise<void> {
		return this.enqueue(async () => {
			const rows = await lessonsOfJournal(this.sql, this.journal.journalId, lessonIds);
			if (this.disposed) return;
			const lessons = this.document.getMap(DOC_MAPS.lessons);
			const cells = this.document.getMap(DOC_MAPS.cells);
			const truth = this.owned.get(DOC_MAPS.lessons)!;
			this.document.transact(() => {
				for (const id of lessonIds) {
					const row = rows.find((r) => r.id === id);
					if (row) {
						lessons.set(String(id), row);
						truth.set(String(id), row);
					} else {
						lessons.delete(String(id));
						truth.delete(String(id));
						for (const key of [...cells.keys()]) if (key.startsWith(`${id}:`)) cells.delete(key);
					}
				}
			}, SERVER_ORIGIN);
		});
	}

	/** Cells changed in the tables by another writer: write what is stored into the document. */
	cellsChanged(changed: ReadonlyArray<{ lessonId: number; studentId: number }>): Promise<void> {
		return this.enqueue(async () => {
			const values = await Promise.all(changed.map((c) => readCell(this.sql, c.lessonId, c.studentId)));
			if (this.disposed) return;
			const cells = this.document.getMap(DOC_MAPS.cells);
			this.document.transact(() => {
				changed.forEach((c, i) => {
					const key = cellKey(c.lessonId, c.studentId);
					this.remember(key, values[i]);
					if (isEmptyCell(values[i])) cells.delete(key);
					else cells.set(key, cellToDoc(values[i], `${SERVER_EDIT_PREFIX}p`));
				});
			}, SERVER_ORIGIN);
		});
	}

	/** Period, year, exam or final marks changed in the tables: write what is stored into the document. */
	periodMarksChanged(): Promise<void> {
		return this.enqueue(async () => {
			const marks = await periodMarksOfJournal(this.sql, this.journal.journalId);
			if (this.disposed) return;
			const stored = new Map(marks.map((mark) => [periodMarkKey(mark.kind, mark.periodId, mark.studentId), mark]));
			this.replaceOwned(DOC_MAPS.periodMarks, stored);
		});
	}

	/** The school's rules, types of work or periods changed: write the journal's settings into the document. */
	settingsChanged(): Promise<void> {
		return this.enqueue(async () => {
			const { meta } = await loadJournalMeta(this.sql, this.facts);
			if (this.disposed) return;
			this.replaceOwned(DOC_MAPS.meta, new Map([['journal', meta]]));
		});
	}

	// Makes a server-owned map hold exactly these entries, touching only keys whose value changed.
	private replaceOwned(name: string, next: ReadonlyMap<string, unknown>): void {
		const map = this.document.getMap(name);
		const truth = this.owned.get(name)!;
		this.document.transact(() => {
			for (const key of [...map.keys()]) {
				if (next.has(key)) continue;
				map.delete(key);
				truth.delete(key);
			}
			for (const [key, value] of next) {
				if (JSON.stringify(map.get(key)) === JSON.stringify(value)) continue;
				map.set(key, value);
				truth.set(key, value);
			}
		}, SERVER_ORIGIN);
	}

	private enqueue(task: () => Promise<void>): Promise<void> {
		const run = this.queue.then(task).catch((error) => console.error(`[collab] ${this.document.name}:`, error));
		this.queue = run;
		return run;
	}

	// Runs inside the Yjs transaction: capture which keys changed, to what, and who sent it, now;
	// the checks run later in the queue, when the document may already hold newer values.
	private onCells(event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void {
		const origin = transaction.origin;
		if (origin === SERVER_ORIGIN) return;
		const map = event.target as Y.Map<unknown>;
		const changes: CellChange[] = [...event.keysChanged].map((key) => ({ key, value: map.get(key) }));
		if (isConnection(origin)) {
			void this.enqueue(() => this.checkCells(origin, changes));
			return;
		}
		// Another instance (through Redis) changed these cells; it checks and stores them itself.
		// What this instance believed stored may be out of date now.
		for (const { key, value } of changes) {
			const known = this.committed.get(key);
			const seen = cellFromDoc(value) ?? EMPTY_CELL;
			if (known && !sameCell(known, seen)) this.committed.delete(key);
		}
	}

	private onOwned(name: string, map: Y.Map<unknown>, event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void {
		const origin = transaction.origin;
		if (origin === SERVER_ORIGIN) return;
		const truth = this.owned.get(name)!;
		const keys = [...event.keysChanged];
		if (!isConnection(origin)) {
			// A peer instance wrote it (its own server change, or its revert of a client's change).
			for (const key of keys) {
				if (map.has(key)) truth.set(key, map.get(key));
				else truth.delete(key);
			}
			return;
		}
		void this.enqueue(async () => {
			if (this.disposed) return;
			this.document.transact(() => {
				for (const key of keys) {
					if (truth.has(key)) map.set(key, truth.get(key));
					else map.delete(key);
				}
			}, SERVER_ORIGIN);
			for (const key of keys) send(origin, { type: 'reject', id: null, key: `${name}/${key}`, message: JOURNAL_MESSAGES.serverOwned });
		});
	}

	private async checkCells(connection: Connection, changes: CellChange[]): Promise<void> {
		const actor = (connection.context as { actor?: Actor } | undefined)?.actor;
		const cells = this.document.getMap(DOC_MAPS.cells);
		const acks: string[] = [];
		for (const { key, value } of changes) {
			if (this.disposed) break;
			// A later transaction replaced this value; it is queued too and is the one that counts.
			if (cells.get(key) !== value) continue;
			const editId = editIdOf(value);
			const place = parseCellKey(key);
			if (!place) {
				this.put(key, value, undefined);
				send(connection, { type: 'reject', id: editId, key, message: JOURNAL_MESSAGES.malformedKey });
				continue;
			}
			if (!actor || connection.readOnly) {
				await this.revert(key, value, place);
				send(connection, { type: 'reject', id: editId, key, message: JOURNAL_MESSAGES.readOnly });
				continue;
			}
			if (value === undefined || editId === null) {
				// Deleting a key or dropping the edit id is not how the protocol clears a cell.
				await this.revert(key, value, place);
				send(connection, { type: 'reject', id: editId, key, message: JOURNAL_MESSAGES.malformedCell });
				continue;
			}
			if (editId.startsWith(SERVER_EDIT_PREFIX)) {
				// A value the server once wrote came back from an old client document: not an edit.
				await this.revert(key, value, place);
				continue;
			}
			let result: CellOutcome;
			try {
				result = await commitCellEdit({ sql: this.sql, today: this.today() }, actor, this.journal, { ...place, raw: value, editId, source: 'collab' });
			} catch (error) {
				console.error(`[collab] ${this.document.name} ${key}:`, error);
				const known = this.committed.get(key);
				this.put(key, value, known ?? EMPTY_CELL);
				send(connection, { type: 'reject', id: editId, key, message: JOURNAL_MESSAGES.failed });
				continue;
			}
			if (!result.ok) {
				this.remember(key, result.stored);
				this.put(key, value, result.stored);
				send(connection, { type: 'reject', id: editId, key, message: result.message });
				continue;
			}
			const { stored, replayed } = result.value;
			this.remember(key, stored);
			// Committed (or committed before): the document shows exactly what is stored, with the
			// client's edit id kept so the client can match the acknowledgement.
			const shown = cellFromDoc(value);
			if (!shown || !sameCell(shown, stored)) this.put(key, value, stored, replayed ? undefined : editId);
			acks.push(editId);
		}
		if (acks.length > 0) send(connection, { type: 'ack', ids: acks });
		this.changesSinceBuild += changes.length;
		this.lastChangeAt = Date.now();
	}

	/** True when the document has grown past the limit and no cell has changed for `idleMs`. */
	compactDue(idleMs: number, now = Date.now()): boolean {
		return !this.disposed && this.changesSinceBuild >= this.compactAfter && now - this.lastChangeAt >= idleMs;
	}

	/**
	 * A Y.Map keeps every overwritten value while the document lives, so it grows with every edit.
	 * Clients start every connection from an empty document and re-send only their unacknowledged
	 * edits, so dropping the sockets of this document is safe: once the last one is gone the
	 * document unloads, and the reconnecting clients get one rebuilt from the rows. The server calls
	 * this only when `compactDue` (nobody is editing), so it never interrupts anyone's typing.
	 */
	compact(): void {
		this.changesSinceBuild = 0;
		for (const connection of this.document.getConnections()) connection.webSocket.close(4000, 'journal rebuilt from the tables');
	}

	// Puts the stored value back (read from the tables: this instance's memory may be stale).
	private async revert(key: string, value: unknown, place: { lessonId: number; studentId: number }): Promise<void> {
		const stored = await readCell(this.sql, place.lessonId, place.studentId);
		this.remember(key, stored);
		const shown = value === undefined ? EMPTY_CELL : cellFromDoc(value);
		if (!shown || !sameCell(shown, stored) || value === undefined) this.put(key, value, stored);
	}

	private remember(key: string, stored: CellValue): void {
		if (isEmptyCell(stored)) this.committed.delete(key);
		else this.committed.set(key, stored);
	}

	/**
	 * Writes a cell as the server, unless the document moved on since `expected` was read (then a
	 * later change is queued and decides). Empty or undefined removes the key.
	 */
	private put(key: string, expected: unknown, stored: CellValue | undefined, editId = `${SERVER_EDIT_PREFIX}r`): void {
		if (this.disposed) return;
		const cells = this.document.getMap(DOC_MAPS.cells);
		if (cells.get(key) !== expected) return;
		this.document.transact(() => {
			if (!stored || isEmptyCell(stored)) {
				if (cells.has(key)) cells.delete(key);
			} else cells.set(key, cellToDoc(stored, editId));
		}, SERVER_ORIGIN);
	}
}

function editIdOf(value: unknown): string | null {
	const e = typeof value === 'object' && value !== null ? (value as { e?: unknown }).e : undefined;
	return typeof e === 'string' && e.length > 0 && e.length <= MAX_EDIT_ID ? e : null;
}

function send(connection: Connection, message: ServerMessage): void {
	try {
		connection.sendStateless(JSON.stringify(message));
	} catch {
		// The connection closed meanwhile; the client learns the outcome from the document.
	}
}
