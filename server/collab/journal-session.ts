/**
 * One loaded journal document on this instance: it watches the document for changes, checks
 * every cell a client changed and commits it to the tables (through commitCellEdit), or puts the
 * stored value back and tells that client why. Work runs in one queue per document, so the
 * checks of one journal never interleave and a slow database never reorders edits.
 */
import type * as Y from 'yjs';
import type { Connection, Document } from '@hocuspocus/server';
import type { Sql } from '../../src/lib/server/db/client.ts';
import { readCellTruths, type CellTruth } from '../../src/lib/server/db/cell-truth.ts';
import { lessonsOfJournal } from '../../src/lib/server/db/lessons.ts';
import { studentsOfJournal, type JournalFacts } from '../../src/lib/server/db/journal-facts.ts';
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

/** What a session needs of the truth channel between instances (truth-channel.ts); absent without Redis. */
export interface TruthLink {
	announce(news: { doc: string; key: string; version: number; value: CellValue; editId: string | null }): void;
	claimed(doc: string, key: string): boolean;
	/** True when the relay has been on time long enough for a peer's silence to mean something. */
	readonly steady: boolean;
}

/** A value relayed from a peer and not known to be committed is withdrawn after this long unclaimed. */
const UNCLAIMED_MS = 3000;
/** How many committed edit ids a session remembers (enough for every value a document shows lately). */
const EDITS_REMEMBERED = 5000;
/** Waits before trying a failed commit again (then it is refused and read back). */
const COMMIT_RETRIES_MS = [100, 500];
/** Waits between read-backs while the database does not answer. */
const REREAD_FIRST_MS = 250;
const REREAD_MAX_MS = 5000;

/** The live state of one open journal document. */
export class JournalSession {
	/**
	 * The last commit of each cell this instance knows of (its own, a peer's announced on the truth
	 * channel, or read back), with its version: a later commit always has a higher one.
	 */
	private readonly known = new Map<string, { version: number; value: CellValue }>();
	/** Edit ids known to be committed: a cell showing one is not a pending edit. */
	private readonly committedEdits = new Map<string, number>();
	/** Cells whose commit failed, with the refused value, until the tables answer again. */
	private readonly rereads = new Map<string, unknown>();
	private rereading: Promise<void> | undefined;
	/** Cells changed by this instance's connections whose check is still queued (with how many). */
	private readonly deciding = new Map<string, number>();
	/** Values relayed from peers that no one is known to have committed yet, and since when. */
	private readonly peerPending = new Map<string, { value: unknown; since: number }>();
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
		private readonly today: () => string = () => todayIn('Europe/Moscow'),
		private readonly link?: TruthLink
	) {
		this.facts = rows.facts;
		this.journal = { journalId: rows.facts.journalId, schoolId: rows.facts.schoolId, yearId: rows.facts.yearId, classId: rows.facts.classId, grade: rows.facts.grade };
		this.compactAfter = compactAfter ?? Math.max(2000, 2 * rows.students.length * rows.lessons.length);
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
						for (const key of [...this.known.keys()]) if (key.startsWith(`${id}:`)) this.known.delete(key);
					}
				}
			}, SERVER_ORIGIN);
		});
	}

	/** Cells changed in the tables by another writer: write what is stored into the document. */
	cellsChanged(changed: ReadonlyArray<{ lessonId: number; studentId: number }>): Promise<void> {
		return this.enqueue(async () => {
			const truths = await readCellTruths(this.sql, changed);
			if (this.disposed) return;
			const cells = this.document.getMap(DOC_MAPS.cells);
			for (const truth of truths) {
				const key = cellKey(truth.lessonId, truth.studentId);
				this.adopt(key, truth);
				const shown = cellFromDoc(cells.get(key)) ?? EMPTY_CELL;
				if (!cells.has(key) || !sameCell(shown, truth.value)) this.write(key, `${SERVER_EDIT_PREFIX}p`);
			}
		});
	}

	/** The cell keys this instance is still deciding (queued checks, read-backs), for its heartbeat. */
	claims(): string[] {
		return [...new Set([...this.deciding.keys(), ...this.rereads.keys()])];
	}

	/** A peer announced a commit (or a read-back) of a cell of this journal. */
	heard(news: { key: string; version: number; value: CellValue; editId: string | null }): void {
		if (this.disposed || !parseCellKey(news.key)) return;
		if (!this.learn(news.key, news.version, news.value, news.editId)) return;
		const pending = this.peerPending.get(news.key);
		if (pending && editIdOf(pending.value) === news.editId) this.peerPending.delete(news.key);
		void this.enqueue(async () => this.ensure(news.key));
	}

	/**
	 * Withdraws values relayed from peers that nobody committed and no living instance claims any
	 * more (their instance died with them queued): they are read back from the tables.
	 */
	sweep(): void {
		if (this.disposed || !this.link?.steady) return;
		const now = Date.now();
		const stale = [...this.peerPending].filter(([key, p]) => now - p.since >= UNCLAIMED_MS && !this.link!.claimed(this.document.name, key));
		if (stale.length === 0) return;
		for (const [key] of stale) this.peerPending.delete(key);
		const places = stale.map(([key]) => parseCellKey(key)!);
		readCellTruths(this.sql, places).then(
			(truths) =>
				this.enqueue(async () => {
					stale.forEach(([key, { value }], i) => this.correct(key, value, truths[i]));
				}),
			() => {
				// The tables do not answer: try again on a later tick.
				for (const [key, pending] of stale) if (!this.peerPending.has(key)) this.peerPending.set(key, pending);
			}
		);
	}

	/**
	 * Reads back every cell the document shows (after relaying between instances was lost for a
	 * while: what came or did not come meanwhile is unknown) and corrects those that differ.
	 */
	reconcile(): void {
		if (this.disposed) return;
		const now = Date.now();
		for (const pending of this.peerPending.values()) pending.since = now;
		const cells = this.document.getMap(DOC_MAPS.cells);
		const keys = [...new Set([...cells.keys(), ...this.known.keys()])].filter((key) => parseCellKey(key) && !this.pendingValue(cells.get(key)));
		const places = keys.map((key) => parseCellKey(key)!);
		readCellTruths(this.sql, places).then(
			(truths) =>
				this.enqueue(async () => {
					truths.forEach((truth, i) => {
						if (this.learn(keys[i], truth.version, truth.value, truth.editId)) this.ensure(keys[i]);
					});
				}),
			(error) => console.error(`[collab] ${this.document.name}: reading back after the relay returned:`, error)
		);
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

	/** The group's pupils changed in the tables (a move between subgroups): write the pupil list anew. */
	studentsChanged(): Promise<void> {
		return this.enqueue(async () => {
			const students = await studentsOfJournal(this.sql, this.journal.journalId);
			if (this.disposed) return;
			this.replaceOwned(DOC_MAPS.students, new Map(students.map((student) => [String(student.id), student])));
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
			for (const { key } of changes) this.deciding.set(key, (this.deciding.get(key) ?? 0) + 1);
			void this.enqueue(() => this.checkCells(origin, changes));
			return;
		}
		// Another instance (through Redis) changed these cells. A person's edit there is that
		// instance's to check and store; until it is known committed it is pending here, and
		// withdrawn if nobody claims it any more. A value written by a server that differs from the
		// last commit known here is older: the last commit is written again.
		const now = Date.now();
		for (const { key, value } of changes) {
			if (this.pendingValue(value)) {
				this.peerPending.set(key, { value, since: now });
				continue;
			}
			this.peerPending.delete(key);
			const known = this.known.get(key);
			const seen = value === undefined ? EMPTY_CELL : cellFromDoc(value);
			if (known && (!seen || !sameCell(known.value, seen))) void this.enqueue(async () => this.ensure(key));
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
		try {
			await this.checkEach(connection, actor, cells, changes, acks);
		} finally {
			for (const { key } of changes) {
				const left = (this.deciding.get(key) ?? 1) - 1;
				if (left > 0) this.deciding.set(key, left);
				else this.deciding.delete(key);
			}
		}
		if (acks.length > 0) send(connection, { type: 'ack', ids: acks });
		this.changesSinceBuild += changes.length;
		this.lastChangeAt = Date.now();
	}

	/** True when the document has grown past the limit and no cell has changed for `idleMs`. */
	compactDue(idleMs: number, now = Date.now()): boolean {
		return !this.disposed && this.changesSinceBuild >= this.compactAfter && now - this.lastChangeAt >= idleMs;
	}

	private async checkEach(connection: Connection, actor: Actor | undefined, cells: Y.Map<unknown>, changes: CellChange[], acks: string[]): Promise<void> {
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
				result = await this.commit(actor, { ...place, raw: value, editId, source: 'collab' });
			} catch (error) {
				// Nothing is known about the cell now (another instance may have changed it): the
				// document keeps the refused value until the tables answer, then shows what they hold.
				console.error(`[collab] ${this.document.name} ${key}:`, error);
				send(connection, { type: 'reject', id: editId, key, message: JOURNAL_MESSAGES.failed });
				this.failed(key, value);
				continue;
			}
			if (!result.ok) {
				await this.readBack(key, value, place);
				send(connection, { type: 'reject', id: editId, key, message: result.message });
				continue;
			}
			// Committed (or committed before): the document shows exactly what is stored now, with the
			// client's edit id kept when it is this edit's value, so the client can match the acknowledgement.
			await this.readBack(key, value, place, result.value.replayed ? null : editId);
			acks.push(editId);
		}
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

	/**
	 * Commits an edit, trying again after a short wait when the database fails it (a connection it
	 * dropped is replaced by the driver): the edit id makes a second try of a commit that did go
	 * through a replay, never a second change.
	 */
	private async commit(actor: Actor, edit: Parameters<typeof commitCellEdit>[3]): Promise<CellOutcome> {
		for (let attempt = 0; ; attempt++) {
			try {
				return await commitCellEdit({ sql: this.sql, today: this.today() }, actor, this.journal, edit);
			} catch (error) {
				if (attempt >= COMMIT_RETRIES_MS.length || this.disposed) throw error;
				await new Promise((resolve) => setTimeout(resolve, COMMIT_RETRIES_MS[attempt]));
			}
		}
	}

	// Puts the stored value back (read from the tables: this instance's memory may be stale).
	private async revert(key: string, value: unknown, place: { lessonId: number; studentId: number }): Promise<void> {
		await this.readBack(key, value, place);
	}

	/**
	 * After a commit or a refusal: reads the cell back with its version, tells the peers, and makes
	 * the document show it in place of `value` (the value just handled). `accepted` is the edit id
	 * just committed: when the tables hold exactly that edit's value, it stays as the client wrote it.
	 */
	private async readBack(key: string, value: unknown, place: { lessonId: number; studentId: number }, accepted: string | null = null): Promise<void> {
		let truth: CellTruth;
		try {
			[truth] = await readCellTruths(this.sql, [place]);
		} catch (error) {
			console.error(`[collab] ${this.document.name} ${key}: reading back:`, error);
			this.failed(key, value);
			return;
		}
		const shown = value === undefined ? undefined : cellFromDoc(value);
		const mine = accepted !== null && shown !== undefined && sameCell(shown, truth.value);
		this.adopt(key, truth, mine ? accepted : truth.editId);
		this.correct(key, value, truth, mine);
	}

	// The document shows `value` (handled, refused or withdrawn) or has moved on: make it show the truth.
	private correct(key: string, value: unknown, truth: CellTruth, keep = false): void {
		if (this.disposed) return;
		this.learn(key, truth.version, truth.value, truth.editId);
		const cells = this.document.getMap(DOC_MAPS.cells);
		if (cells.get(key) !== value) return this.ensure(key);
		if (keep) return;
		const known = this.known.get(key)!;
		if (value === undefined && isEmptyCell(known.value)) return;
		// A value that is the cell's last commit (e.g. relayed from a peer before this instance heard
		// of that commit) stays as it is; the same edit normalised (a comment trimmed) is shown as
		// stored keeping its edit id; anything else is replaced by what the tables hold.
		const shown = cellFromDoc(value);
		const own = truth.editId !== null && truth.editId === editIdOf(value) && known.version === truth.version;
		if (own && shown && sameCell(shown, known.value)) return;
		this.write(key, own ? truth.editId! : `${SERVER_EDIT_PREFIX}r`);
	}

	// A commit failed or could not be read back: read the cell until the tables answer.
	private failed(key: string, value: unknown): void {
		this.rereads.set(key, value);
		this.rereading ??= this.rereadAll().finally(() => (this.rereading = undefined));
	}

	private async rereadAll(): Promise<void> {
		let wait = REREAD_FIRST_MS;
		while (this.rereads.size > 0 && !this.disposed) {
			const batch = [...this.rereads];
			let truths: CellTruth[];
			try {
				truths = await readCellTruths(this.sql, batch.map(([key]) => parseCellKey(key)!));
			} catch {
				await new Promise((resolve) => setTimeout(resolve, wait));
				wait = Math.min(wait * 2, REREAD_MAX_MS);
				continue;
			}
			wait = REREAD_FIRST_MS;
			await this.enqueue(async () => {
				batch.forEach(([key, value], i) => {
					if (this.rereads.get(key) === value) this.rereads.delete(key);
					this.adopt(key, truths[i]);
					this.correct(key, value, truths[i]);
				});
			});
		}
	}

	// Learns a commit (if not older than the one known) and tells the peers.
	private adopt(key: string, truth: CellTruth, editId: string | null = truth.editId): void {
		this.learn(key, truth.version, truth.value, editId);
		this.link?.announce({ doc: this.document.name, key, version: truth.version, value: truth.value, editId });
	}

	// Returns true when this is the latest commit of the cell known here.
	private learn(key: string, version: number, value: CellValue, editId: string | null): boolean {
		if (editId !== null) {
			this.committedEdits.set(editId, version);
			if (this.committedEdits.size > EDITS_REMEMBERED) this.committedEdits.delete(this.committedEdits.keys().next().value!);
		}
		const known = this.known.get(key);
		if (known && known.version > version) return false;
		this.known.set(key, { version, value });
		return true;
	}

	// A person's edit not known to be committed (its check is queued here or on a peer).
	private pendingValue(raw: unknown): boolean {
		const e = editIdOf(raw);
		return e !== null && !e.startsWith(SERVER_EDIT_PREFIX) && !this.committedEdits.has(e);
	}

	// Makes the document show the last known commit, unless it shows a pending edit (decided later) or already that value.
	private ensure(key: string): void {
		if (this.disposed) return;
		const known = this.known.get(key);
		if (!known) return;
		const cells = this.document.getMap(DOC_MAPS.cells);
		const current = cells.get(key);
		if (this.pendingValue(current)) return;
		const shown = current === undefined ? EMPTY_CELL : cellFromDoc(current);
		if (shown && sameCell(shown, known.value)) return;
		// The last commit's own edit shown before it was normalised keeps its edit id (its instance writes the same).
		const e = editIdOf(current);
		this.write(key, e !== null && this.committedEdits.get(e) === known.version ? e : `${SERVER_EDIT_PREFIX}r`);
	}

	// Writes the last known commit of the cell as the server (an empty one removes the key).
	private write(key: string, editId: string): void {
		if (this.disposed) return;
		const known = this.known.get(key);
		if (!known) return;
		const cells = this.document.getMap(DOC_MAPS.cells);
		this.document.transact(() => {
			if (isEmptyCell(known.value)) {
				if (cells.has(key)) cells.delete(key);
			} else cells.set(key, cellToDoc(known.value, editId));
		}, SERVER_ORIGIN);
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
