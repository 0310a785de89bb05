/**
 * X-LIVE the frames a client may send on /collab are read with every count checked against the
 * bytes left, before Yjs sees them (server/collab/frames.ts): the updates a journal client really
 * sends pass, a few bytes announcing millions of structs are refused without Yjs.
 */
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { inspectFrame, readAwareness, updateProblem, MESSAGE, awarenessFrame } from '../../server/collab/frames';
import { TokenBucket, presenceState } from '../../server/collab/guard';

/** An update that says one client has `structs` structs and then ends: Yjs preallocates that many. */
export function structBomb(structs: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, structs);
	encoding.writeVarUint(e, 7);
	encoding.writeVarUint(e, 0);
	return encoding.toUint8Array(e);
}

/** An update with no structs whose delete set announces `ranges` ranges of one client. */
function deleteSetBomb(ranges: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, 7);
	encoding.writeVarUint(e, ranges);
	return encoding.toUint8Array(e);
}

function syncFrame(documentName: string, step: number, payload: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarString(e, documentName);
	encoding.writeVarUint(e, MESSAGE.sync);
	encoding.writeVarUint(e, step);
	encoding.writeVarUint8Array(e, payload);
	return encoding.toUint8Array(e);
}

function journalDoc(): Y.Doc {
	const doc = new Y.Doc();
	doc.getMap('meta').set('journal', { journalId: 1, subject: 'Алгебра', rules: { scale: [2, 3, 4, 5] } });
	doc.getMap('students').set('5', { id: 5, name: 'Иванов Пётр', from: '2026-09-01', to: null });
	return doc;
}

describe('updates', () => {
	test('X-LIVE what a journal client sends is well-formed: a fresh sync, cell edits, overwrites and deletions', () => {
		const server = journalDoc();
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const updates: Uint8Array[] = [];
		client.on('update', (u: Uint8Array) => updates.push(u));
		const cells = client.getMap('cells');
		cells.set('12:5', { m: [5, 4], a: null, c: 'к/р', e: 'e1' });
		cells.set('12:5', { m: [], a: 'Н', c: null, e: 'e2' });
		client.transact(() => {
			for (let i = 1; i < 50; i++) cells.set(`${i}:5`, { m: [i % 4 + 2], a: null, c: null, e: `b${i}` });
		});
		cells.delete('12:5');
		client.getMap('meta').set('journal', { forged: true });
		expect(updates.length).toBe(5);
		for (const update of updates) expect(updateProblem(update)).toBeUndefined();
		expect(updateProblem(Y.encodeStateAsUpdate(client))).toBeUndefined();
		expect(updateProblem(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toBeUndefined();
		expect(inspectFrame(syncFrame('journal:1', 2, updates[0]))).toEqual({ kind: 'write', documentName: 'journal:1' });
		expect(inspectFrame(syncFrame('journal:1', 0, Y.encodeStateVector(client)))).toEqual({ kind: 'other', documentName: 'journal:1' });
	});

	test('X-LIVE a few bytes announcing millions of structs or deletions are refused without asking Yjs', () => {
		for (const n of [1_000_000, 16_000_000, 33_000_000, 2 ** 32]) {
			const bomb = structBomb(n);
			expect(bomb.length).toBeLessThan(10);
			expect(updateProblem(bomb)).toMatch(/exceeds the bytes left/);
			expect(inspectFrame(syncFrame('journal:1', 2, bomb)).kind).toBe('refused');
			expect(updateProblem(deleteSetBomb(n))).toMatch(/exceeds the bytes left/);
		}
	});

	test('X-LIVE content a journal never holds, or a top-level type it does not have, is refused', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		doc.getText('lessons').insert(0, 'текст');
		doc.getMap('other').set('x', 1);
		doc.getMap('cells').set('1:1', new Y.Map());
		expect(updateProblem(updates[0])).toMatch(/content kind 4/);
		expect(updateProblem(updates[1])).toMatch(/unknown top-level type/);
		expect(updateProblem(updates[2])).toMatch(/content kind 7/);
		expect(updateProblem(new Uint8Array([0, 0, 1]))).toBe('bytes after the delete set');
	});
});

describe('message types', () => {
	test('X-LIVE stateless and broadcast-stateless frames from a client are refused: only the server sends them', () => {
		for (const type of [MESSAGE.stateless, MESSAGE.broadcastStateless, MESSAGE.syncReply, MESSAGE.syncStatus, 42]) {
			const e = encoding.createEncoder();
			encoding.writeVarString(e, 'journal:1');
			encoding.writeVarUint(e, type);
			encoding.writeVarString(e, JSON.stringify({ type: 'ack', ids: ['x'] }));
			expect(inspectFrame(encoding.toUint8Array(e))).toMatchObject({ kind: 'refused' });
		}
	});

	test('X-LIVE an awareness frame reads back as its entries; a state over 1 KiB reads as none', () => {
		const frame = awarenessFrame('journal:1', [
			{ clientId: 7, clock: 3, state: { user: { name: 'Петрова' }, cell: { lessonId: 1, studentId: 2 } } },
			{ clientId: 8, clock: 1, state: { junk: 'x'.repeat(2000) } }
		]);
		const read = inspectFrame(frame);
		expect(read).toMatchObject({ kind: 'awareness', documentName: 'journal:1' });
		const entries = read.kind === 'awareness' ? read.entries : [];
		expect(entries).toEqual([
			{ clientId: 7, clock: 3, state: { user: { name: 'Петрова' }, cell: { lessonId: 1, studentId: 2 } } },
			{ clientId: 8, clock: 1, state: null }
		]);
		expect(readAwareness(new Uint8Array([200, 200, 200, 1]))).toBeUndefined();
	});
});

describe('presence and the rate limit', () => {
	const identity = { accountId: 9, sessionId: 'x', schoolId: 1, name: 'Орлова Вера Николаевна' };

	test('X-LIVE a presence state keeps only a well-formed cell; who it is comes from the session', () => {
		expect(presenceState(identity, 'viewer', { user: { name: 'Петрова Анна Ивановна', id: 1, role: 'editor' }, cell: { lessonId: 3, studentId: 4 }, junk: 1 })).toEqual({
			user: { id: 9, name: 'Орлова Вера Николаевна', role: 'viewer' },
			cell: { lessonId: 3, studentId: 4 }
		});
		for (const cell of [{ lessonId: -1, studentId: 4 }, { lessonId: 1.5, studentId: 4 }, { lessonId: '3', studentId: 4 }, 'A1', null]) {
			expect(presenceState(identity, 'editor', { cell }).cell).toBeNull();
		}
		expect(presenceState(identity, 'editor', 'not an object')).toEqual({ user: { id: 9, name: 'Орлова Вера Николаевна', role: 'editor' }, cell: null });
	});

	test('X-LIVE the token bucket gives its burst at once, then one token per 1/rate seconds', () => {
		let now = 0;
		const bucket = new TokenBucket(3, 10, () => now);
		expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
		expect(bucket.wait()).toBe(100);
		now += 100;
		expect([bucket.take(), bucket.take()]).toEqual([true, false]);
		now += 10_000;
		expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
	});
});
