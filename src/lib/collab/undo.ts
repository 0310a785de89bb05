/**
 * This person's own undo (Ctrl+Z) in a live journal: one step per write (a typed cell or a pasted
 * block). Undo writes the previous values back as new edits, and only into cells that still carry
 * this person's edit: it never overwrites someone else's.
 */
import { parseCellKey } from '../domain/journal-doc.ts';
import type { CellValue } from '../domain/cell.ts';

const UNDO_DEPTH = 100;

/** One cell of an undo step. */
export interface UndoEntry {
	key: string;
	before: CellValue;
	/** The edit id the cell had before this edit (null: none). */
	beforeEditId: string | null;
	/** This edit's id: undo applies only while the cell still carries it. */
	editId: string;
}

/** What undo needs of the live journal: the cells as shown, and a way to write them back. */
export interface UndoTarget {
	/** The edit id a cell carries now (null: none). */
	editIdOf(lessonId: number, studentId: number): string | null;
	/** Writes earlier values back as new edits that are not undoable themselves. */
	restore(cells: Array<{ lessonId: number; studentId: number; value: CellValue }>): void;
	/** The edit id a cell got from `restore`, while it waits for the server. */
	restoredEditId(key: string): string | undefined;
}

/** The undo steps of one page, latest last. */
export class UndoHistory {
	private steps: UndoEntry[][] = [];

	/** True when there is an own edit to undo. */
	get canUndo(): boolean {
		return this.steps.length > 0;
	}

	/** Remembers one write as a step; the oldest step goes beyond the undo depth. */
	record(step: UndoEntry[]): void {
		this.steps.push(step);
		if (this.steps.length > UNDO_DEPTH) this.steps.shift();
	}

	/**
	 * Undoes the last step through `target`. A cell someone else has changed since is left alone;
	 * returns what to tell the person about such cells, or null.
	 */
	undo(target: UndoTarget): string | null {
		const step = this.steps.pop();
		if (!step) return null;
		const restore: Array<{ lessonId: number; studentId: number; value: CellValue }> = [];
		const restored: UndoEntry[] = [];
		let skipped = 0;
		for (const entry of step) {
			const cell = parseCellKey(entry.key);
			if (!cell) continue;
			if (target.editIdOf(cell.lessonId, cell.studentId) !== entry.editId) {
				skipped += 1;
				continue;
			}
			restore.push({ ...cell, value: entry.before });
			restored.push(entry);
		}
		target.restore(restore);
		// The restored value is the state an earlier step left, under a new edit id: earlier
		// steps follow it, so undoing further back still recognises the cell as untouched.
		for (const entry of restored) {
			const newId = target.restoredEditId(entry.key);
			if (!newId || entry.beforeEditId === null) continue;
			for (const older of this.steps) for (const e of older) if (e.key === entry.key && e.editId === entry.beforeEditId) e.editId = newId;
		}
		if (skipped === 0) return null;
		return skipped === step.length ? 'Отменять нечего: клетку уже изменил другой человек.' : 'Часть клеток не отменена: их уже изменил другой человек.';
	}

	/** Forgets a rejected edit: the cell already went back to the server's value, so it cannot be undone. */
	forget(editId: string | null): void {
		for (const step of this.steps) {
			const index = step.findIndex((entry) => entry.editId === editId);
			if (index >= 0) step.splice(index, 1);
		}
		this.steps = this.steps.filter((step) => step.length > 0);
	}
}
