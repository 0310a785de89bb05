import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { LiveJournal } from '../../src/lib/collab/live-journal.svelte';
import { JournalView } from '../../src/lib/collab/journal-view.svelte';
import { PendingEdits } from '../../src/lib/collab/pending-edits.svelte';
import { UndoHistory } from '../../src/lib/collab/undo';

// No connection is opened (start() is never called): edits stay pending, as when offline, and
// the server's messages are fed in the way the provider hands them over.
function journal() {
	const live = new LiveJournal({ journalId: 1, login: 'test', userName: 'Учитель', canWrite: true });
	const server = (payload: object) => (live as unknown as { serverMessage(p: string): void }).serverMessage(JSON.stringify(payload));
	return { live, server };
}
const value = (marks: number[], absence: string | null = null) => ({ marks, absence, comment: null });

describe('X-OFFLINE X-MARKS the live journal in the browser', () => {
	test('an edit waits until the server acknowledges it, and the status line says so in Russian', () => {
		const { live, server } = journal();
		expect(live.statusText).toBe('Подключение…');
		live.write([{ lessonId: 10, studentId: 20, value: value([5]) }]);
		live.write([{ lessonId: 11, studentId: 20, value: value([], 'н') }]);
		expect(live.pendingCount).toBe(2);
		expect(live.statusText).toBe('Нет связи — 2 изменения ждут отправки');
		const view = live.cell(10, 20);
		expect(view).toMatchObject({ value: value([5]), pending: true });
		server({ type: 'ack', ids: [view.editId] });
		expect(live.pendingCount).toBe(1);
		expect(live.savedOnce).toBe(true);
	});

	test('a rejected edit is dropped, its Russian reason is shown, and it cannot be undone', () => {
		const { live, server } = journal();
		live.write([{ lessonId: 10, studentId: 20, value: value([4]) }]);
		const { editId } = live.cell(10, 20);
		server({ type: 'reject', id: editId, key: '10:20', message: 'Период «1 четверть» закрыт: оценки и пропуски за него не меняются.' });
		expect(live.pendingCount).toBe(0);
		expect(live.cell(10, 20).value).toEqual(value([]));
		expect(live.notices.map((n) => n.text)).toEqual(['Период «1 четверть» закрыт: оценки и пропуски за него не меняются.']);
		expect(live.canUndo).toBe(false);
	});

	test('undo writes the previous value back as a new edit, one step (a paste) at a time', () => {
		const { live } = journal();
		live.write([{ lessonId: 10, studentId: 20, value: value([3]) }]);
		live.write([
			{ lessonId: 10, studentId: 20, value: value([5]) },
			{ lessonId: 10, studentId: 21, value: value([4]) }
		]);
		live.undo();
		expect(live.cell(10, 20).value).toEqual(value([3]));
		expect(live.cell(10, 21).value).toEqual(value([]));
		live.undo();
		expect(live.cell(10, 20).value).toEqual(value([]));
		expect(live.canUndo).toBe(false);
	});

	test('illegal values never reach the document, and a read-only viewer writes nothing', () => {
		const { live } = journal();
		expect(live.write([{ lessonId: 10, studentId: 20, value: value([7]) }])).toBe(0);
		const viewer = new LiveJournal({ journalId: 1, login: 'dir', userName: 'Директор', canWrite: false });
		expect(viewer.write([{ lessonId: 10, studentId: 20, value: value([5]) }])).toBe(0);
		expect(viewer.pendingCount).toBe(0);
	});
});

describe('X-OFFLINE X-LIVE the parts the live journal is made of', () => {
	const cell = (marks: number[], e: string) => ({ m: marks, a: null, c: null, e });

	// A real document, as a synced connection hands it over; no server is involved.
	function followed() {
		const doc = new Y.Doc();
		const view = new JournalView(1, 'test');
		const pending = new PendingEdits(1, 'test');
		const overwritten: boolean[] = [];
		view.follow(doc, () => true, {
			cells: (keys, origin) => {
				for (const key of keys) overwritten.push(pending.overwritten(key, view.cell(key), origin));
			},
			structure: () => {}
		});
		return { doc, view, pending, overwritten, cells: doc.getMap('cells') };
	}

	test('the page’s own edit written into the document stays pending until the server acknowledges it', () => {
		const { doc, view, pending, overwritten } = followed();
		pending.add({ key: '10:20', editId: 'mine', cell: cell([5], 'mine') });
		pending.send(doc, ['10:20']);
		expect(view.cell('10:20')).toEqual(cell([5], 'mine'));
		expect(overwritten).toEqual([false]);
		expect(pending.get('10:20')?.editId).toBe('mine');
		expect(pending.ack(['mine'])).toEqual(['10:20']);
		expect(pending.size).toBe(0);
	});

	test('another person’s value over an unacknowledged edit drops the edit and is reported; a server revert drops it silently', () => {
		const { pending, overwritten, cells } = followed();
		pending.add({ key: '10:20', editId: 'mine', cell: cell([5], 'mine') });
		cells.set('10:20', cell([4], 'someone-else'));
		expect(overwritten).toEqual([true]);
		expect(pending.get('10:20')).toBeUndefined();
		pending.add({ key: '10:21', editId: 'mine-2', cell: cell([3], 'mine-2') });
		cells.set('10:21', cell([], 's:revert'));
		expect(overwritten).toEqual([true, false]);
		expect(pending.get('10:21')).toBeUndefined();
	});

	test('undo never brings back a rejected edit, and keeps at most 100 steps', () => {
		const history = new UndoHistory();
		const before = value([]);
		history.record([{ key: '10:20', before, beforeEditId: null, editId: 'a' }]);
		history.record([{ key: '10:21', before, beforeEditId: null, editId: 'b' }]);
		history.forget('b');
		const restored: string[] = [];
		const target = { editIdOf: () => 'a', restore: (cells: Array<{ lessonId: number; studentId: number }>) => cells.forEach((c) => restored.push(`${c.lessonId}:${c.studentId}`)), restoredEditId: () => undefined };
		expect(history.undo(target)).toBeNull();
		expect(restored).toEqual(['10:20']);
		expect(history.canUndo).toBe(false);
		for (let i = 0; i < 101; i++) history.record([{ key: '10:20', before, beforeEditId: null, editId: `e${i}` }]);
		let steps = 0;
		while (history.canUndo) {
			history.undo({ ...target, editIdOf: () => null });
			steps += 1;
		}
		expect(steps).toBe(100);
	});

	test('undo leaves a cell someone else changed since, and says so in Russian', () => {
		const history = new UndoHistory();
		history.record([{ key: '10:20', before: value([3]), beforeEditId: null, editId: 'mine' }]);
		expect(history.undo({ editIdOf: () => 'someone-else', restore: () => {}, restoredEditId: () => undefined })).toBe('Отменять нечего: клетку уже изменил другой человек.');
	});
});
