/**
 * The journal as the page shows it: settings, students, lessons, cells and period marks, read
 * from the live document once a connection is synced, or from the copy IndexedDB keeps while none
 * is (X-OFFLINE). The copy is only displayed, never merged into a document; the view survives a
 * dropped connection, so the sheet stays on screen until the next one is synced.
 */
import type * as Y from 'yjs';
import { DOC_MAPS, type DocCell, type DocLesson, type DocMeta, type DocPeriodMark, type DocStudent } from '../domain/journal-doc.ts';
import { compareLessons } from '../domain/journal-summary.ts';
import { loadView, saveView, type CachedView } from './offline-store.ts';

/** What the view tells its owner when the document it follows changes. */
export interface ViewEvents {
	/** Cells changed (the view already holds their new values); `origin` is the change's transaction origin. */
	cells(keys: string[], origin: unknown): void;
	/** Settings, students or lessons changed. */
	structure(): void;
}

/** The last view of one journal for one account. */
export class JournalView {
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

	private readonly journalId: number;
	private readonly login: string;
	private cells = new Map<string, DocCell>();
	private cacheTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(journalId: number, login: string) {
		this.journalId = journalId;
		this.login = login;
	}

	/** The view an earlier visit kept in IndexedDB, if any. */
	cached(): Promise<CachedView | undefined> {
		return loadView(this.journalId, this.login);
	}

	/** Shows a cached view until a live document arrives. */
	showCached(view: CachedView): void {
		this.meta = view.meta;
		this.students = view.students;
		this.lessons = view.lessons;
		this.cells = new Map(view.cells);
		this.periodMarks = new Map(view.periodMarks ?? []);
		this.loaded = true;
	}

	/** A cell as the document (or the cached view) holds it. */
	cell(key: string): DocCell | undefined {
		return this.cells.get(key);
	}

	/**
	 * Reads a synced document and follows its changes for as long as `isCurrent()` says it is the
	 * connection's document; a later connection's document replaces it the same way.
	 */
	follow(doc: Y.Doc, isCurrent: () => boolean, events: ViewEvents): void {
		const cells = doc.getMap<DocCell>(DOC_MAPS.cells);
		this.cells = new Map(cells.entries());
		this.readStructure(doc);
		cells.observe((event) => {
			if (!isCurrent()) return;
			const keys: string[] = [];
			for (const key of event.keysChanged) {
				const value = cells.get(key);
				if (value === undefined) this.cells.delete(key);
				else this.cells.set(key, value);
				keys.push(key);
			}
			events.cells(keys, event.transaction.origin);
			this.saveSoon();
		});
		const periodMarks = doc.getMap<DocPeriodMark>(DOC_MAPS.periodMarks);
		this.periodMarks = new Map(periodMarks.entries());
		periodMarks.observe(() => {
			if (!isCurrent()) return;
			this.periodMarks = new Map(periodMarks.entries());
			this.saveSoon();
		});
		for (const name of [DOC_MAPS.meta, DOC_MAPS.students, DOC_MAPS.lessons]) {
			doc.getMap(name).observe(() => {
				if (!isCurrent()) return;
				this.readStructure(doc);
				events.structure();
				this.saveSoon();
			});
		}
		this.loaded = true;
	}

	/** Keeps the view in IndexedDB now. */
	save(): void {
		clearTimeout(this.cacheTimer);
		this.cacheTimer = undefined;
		void saveView(this.journalId, this.login, {
			meta: this.meta,
			students: this.students,
			lessons: this.lessons,
			cells: [...this.cells.entries()],
			periodMarks: [...this.periodMarks.entries()]
		});
	}

	/** Keeps a view that is waiting to be kept (the page is left). */
	flush(): void {
		if (this.cacheTimer !== undefined) this.save();
	}

	// Changes come in bursts (a paste, a reconnect): the view is kept once they settle.
	private saveSoon(): void {
		clearTimeout(this.cacheTimer);
		this.cacheTimer = setTimeout(() => this.save(), 1000);
	}

	private readStructure(doc: Y.Doc): void {
		this.meta = doc.getMap<DocMeta>(DOC_MAPS.meta).get('journal') ?? null;
		this.students = [...doc.getMap<DocStudent>(DOC_MAPS.students).values()].sort((a, b) => a.name.localeCompare(b.name, 'ru'));
		this.lessons = [...doc.getMap<DocLesson>(DOC_MAPS.lessons).values()].sort(compareLessons);
	}
}
