import { describe, expect, test } from 'vitest';
import { LiveJournal } from '../../src/lib/collab/live-journal.svelte';

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
