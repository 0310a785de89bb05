/**
 * How writes that do not come through the grid (lesson endpoints, imports, period closing) reach
 * an open journal document. The SvelteKit bundle and the tsx-loaded websocket server are two
 * copies of our modules in one process, so the live side registers itself on globalThis under a
 * well-known symbol and the HTTP side finds it there. With no live side (a unit test, a script)
 * the calls do nothing: the tables are the record and a document is rebuilt from them anyway.
 */

/** What the live journal server offers to other writers. */
export interface CollabBridge {
	/** The lessons changed (created, moved, edited or deleted) in the tables: show it in the open document. */
	lessonsChanged(journalId: number, lessonIds: readonly number[]): Promise<void>;
	/** Cells changed in the tables by another writer: show them in the open document. */
	cellsChanged(journalId: number, cells: ReadonlyArray<{ lessonId: number; studentId: number }>): Promise<void>;
	/** Who is in the journal's group changed in the tables (a move between subgroups): show its pupil list anew. */
	studentsChanged(journalId: number): Promise<void>;
	/** Period, year, exam or final marks of the journal changed in the tables. */
	periodMarksChanged(journalId: number): Promise<void>;
	/** The school's grading rules, types of work or periods changed: every open journal of the school shows them. */
	settingsChanged(schoolId: number): Promise<void>;
	/**
	 * An account's sessions ended or its rights changed (or those of a whole school): its open live
	 * connections are judged again, and closed or made read-only (docs/collab-protocol.md).
	 */
	accessChanged(scope: AccessScope): Promise<void>;
}

/** Whose access changed: one account, or everyone of a school. */
export type AccessScope = { accountId: number } | { schoolId: number };

const KEY = Symbol.for('zhurnal.collab');
type Holder = { [KEY]?: CollabBridge };

/** Registers the live side (server/collab does this when it starts). */
export function registerCollabBridge(bridge: CollabBridge | undefined): void {
	if (bridge) (globalThis as Holder)[KEY] = bridge;
	else delete (globalThis as Holder)[KEY];
}

/** Tells the live side, if any, that lessons changed; never fails the caller's write. */
export async function notifyLessonsChanged(journalId: number, lessonIds: readonly number[]): Promise<void> {
	try {
		await (globalThis as Holder)[KEY]?.lessonsChanged(journalId, lessonIds);
	} catch (error) {
		console.error('collab bridge: lessonsChanged failed', error);
	}
}

/** Tells the live side, if any, that cells changed; never fails the caller's write. */
export async function notifyCellsChanged(journalId: number, cells: ReadonlyArray<{ lessonId: number; studentId: number }>): Promise<void> {
	try {
		await (globalThis as Holder)[KEY]?.cellsChanged(journalId, cells);
	} catch (error) {
		console.error('collab bridge: cellsChanged failed', error);
	}
}

/** Tells the live side, if any, that the pupils of journals changed; never fails the caller's write. */
export async function notifyStudentsChanged(journalIds: readonly number[]): Promise<void> {
	for (const journalId of journalIds) {
		try {
			await (globalThis as Holder)[KEY]?.studentsChanged(journalId);
		} catch (error) {
			console.error('collab bridge: studentsChanged failed', error);
		}
	}
}

/** Tells the live side, if any, that a journal's period marks changed; never fails the caller's write. */
export async function notifyPeriodMarksChanged(journalId: number): Promise<void> {
	try {
		await (globalThis as Holder)[KEY]?.periodMarksChanged(journalId);
	} catch (error) {
		console.error('collab bridge: periodMarksChanged failed', error);
	}
}

/** Tells the live side, if any, that a school's settings changed; never fails the caller's write. */
export async function notifySettingsChanged(schoolId: number): Promise<void> {
	try {
		await (globalThis as Holder)[KEY]?.settingsChanged(schoolId);
	} catch (error) {
		console.error('collab bridge: settingsChanged failed', error);
	}
}

/** Tells the live side, if any, that an account's or a school's access changed; never fails the caller's write. */
export async function notifyAccessChanged(scope: AccessScope): Promise<void> {
	try {
		await (globalThis as Holder)[KEY]?.accessChanged(scope);
	} catch (error) {
		console.error('collab bridge: accessChanged failed', error);
	}
}
