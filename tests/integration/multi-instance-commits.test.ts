/**
 * Two instances on one PostgreSQL database with Redis between them (X-LIVE, ARCHITECTURE
 * decision 6): whatever the order of commits and failures, every open document ends up showing
 * what the tables hold. Runs on the postgres back-end only (pglite cannot be shared by processes).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';
import { onPostgres } from '../helpers/database';
import type { ChildServer } from '../helpers/process';
import { convergeToTables, freeCells, missingForInstances, sharedDatabase, type SharedDatabase } from '../helpers/instances';
import { JOURNAL_MESSAGES } from '../../src/lib/domain/journal-rules';

const missing = onPostgres ? await missingForInstances() : ['the postgres back-end'];
const underCi = process.env.CI === 'true' && onPostgres;

let shared: SharedDatabase;
let a: ChildServer;
let b: ChildServer;
let journalId: number;
let onA: JournalClient;
let onB: JournalClient;

beforeAll(async () => {
	if (missing.length > 0) {
		if (underCi) throw new Error(`Several instances need ${missing.join(' and ')}; under CI=true this is a failure, not a skip.`);
		return;
	}
	shared = await sharedDatabase();
	a = await shared.start();
	b = await shared.start();
	const cookie = await sessionCookie(a.url, 'uchitel');
	const me = await (await fetch(`${a.url}/api/me`, { headers: { cookie } })).json();
	journalId = me.journalIds[0];
	onA = await openJournal(a.url, cookie, journalId);
	onB = await openJournal(b.url, cookie, journalId);
}, 180_000);

afterAll(async () => {
	onA?.destroy();
	onB?.destroy();
	await shared?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const acked = (client: JournalClient, id: string) => client.messages.some((m) => m.type === 'ack' && m.ids.includes(id));
const rejected = (client: JournalClient, id: string) => client.messages.find((m) => m.type === 'reject' && m.id === id);

describe.skipIf(missing.length > 0 && !underCi)('two instances: the documents converge to the tables', () => {
	test('X-LIVE the same cell written on both instances at once: the documents show the last commit', async () => {
		const cells = freeCells(onA, 10);
		for (const [i, cell] of cells.entries()) {
			// Which instance commits last varies from pair to pair (the order and a few ms between the
			// two writes); which value Yjs keeps for concurrent writes does not (it goes by client id).
			const gap = (i * 3) % 10;
			const [first, second] = i % 2
				? [onA.setCell(cell, { m: [5], a: null, c: null }), (await pause(gap), onB.setCell(cell, { m: [3], a: null, c: null }))]
				: await (async () => {
						const onSecond = onB.setCell(cell, { m: [2], a: null, c: null });
						await pause(gap);
						return [onA.setCell(cell, { m: [4], a: null, c: null }), onSecond];
					})();
			await Promise.all([
				onA.until(() => acked(onA, first) || rejected(onA, first) || onA.cells.get(cell) !== undefined, 'the edit on A decided or replaced'),
				onB.until(() => acked(onB, second) || rejected(onB, second) || onB.cells.get(cell) !== undefined, 'the edit on B decided or replaced')
			]);
			await Promise.all([onA.answered(), onB.answered()]);
		}
		await Promise.all([onA.caughtUp(), onB.caughtUp()]);
		await convergeToTables(shared.sql, journalId, { A: onA, B: onB }, 5000);
	});

	test('X-LIVE a refused edit on one instance puts back what the tables hold, not what that instance remembered', async () => {
		const [cell] = freeCells(onA, 1);
		const id = onA.setCell(cell, { m: [5], a: null, c: null });
		await onA.until(() => acked(onA, id), 'ack of the mark on A');
		await onB.until(() => (onB.cells.get(cell) as { m?: number[] } | undefined)?.m?.[0] === 5, 'the mark on B');

		await shared.away();
		try {
			const refused = onB.setCell(cell, { m: [3], a: null, c: null });
			const reject = await onB.until(() => rejected(onB, refused), 'the refusal on B while the database is away');
			expect(reject && 'message' in reject ? reject.message : '').toBe(JOURNAL_MESSAGES.failed);
		} finally {
			await shared.back();
		}
		await convergeToTables(shared.sql, journalId, { A: onA, B: onB });
		expect((onA.cells.get(cell) as { m: number[] }).m).toEqual([5]);
	});

	test('X-LIVE a committed value is shown as stored (comment trimmed) on both instances, keeping the edit id for the acknowledgement', async () => {
		const [cell] = freeCells(onA, 1);
		const id = onA.setCell(cell, { m: [], a: null, c: '  к доске  ' });
		await onA.until(() => acked(onA, id), 'ack of the comment');
		for (const client of [onA, onB]) {
			await client.until(() => (client.cells.get(cell) as { c?: string } | undefined)?.c === 'к доске', 'the trimmed comment');
			expect(client.cells.get(cell)).toMatchObject({ c: 'к доске', e: id });
		}
		await convergeToTables(shared.sql, journalId, { A: onA, B: onB });
	});
});
