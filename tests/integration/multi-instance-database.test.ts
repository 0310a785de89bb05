/**
 * Two instances on one PostgreSQL database with Redis between them (X-LIVE, ARCHITECTURE
 * decision 6) while the database drops connections: opening a journal retries within a bounded
 * wait and, when the database really is away, says so (`database-unavailable`), never «no rights»;
 * under a stream of edits with connections cut, no acknowledged edit is lost and every document
 * ends up equal to the tables. Only this test's database is touched. Postgres back-end only.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { openJournal, sessionCookie, socketWithHeaders, type JournalClient } from '../helpers/collab';
import { onPostgres } from '../helpers/database';
import type { ChildServer } from '../helpers/process';
import { convergeToTables, freeCells, missingForInstances, sharedDatabase, tableCells, type SharedDatabase } from '../helpers/instances';
import { cellFromDoc, DATABASE_UNAVAILABLE, journalDocumentName } from '../../src/lib/domain/journal-doc';

const missing = onPostgres ? await missingForInstances() : ['the postgres back-end'];
const underCi = process.env.CI === 'true' && onPostgres;

let shared: SharedDatabase;
let a: ChildServer;
let b: ChildServer;
let journals: number[];
const clients: JournalClient[] = [];

beforeAll(async () => {
	if (missing.length > 0) {
		if (underCi) throw new Error(`Several instances need ${missing.join(' and ')}; under CI=true this is a failure, not a skip.`);
		return;
	}
	shared = await sharedDatabase();
	a = await shared.start();
	b = await shared.start();
	journals = (await shared.sql<{ id: number }[]>`select id from journal order by id`).map((r) => r.id);
}, 180_000);

afterAll(async () => {
	for (const client of clients) client.destroy();
	await shared?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects a websocket (the upgrade reads the session while the database is there), then asks for the journal after `before` ran. */
async function openAfter(base: string, cookie: string, journalId: number, before: () => Promise<void>): Promise<{ refused: string | undefined; provider: HocuspocusProvider }> {
	const socket = new HocuspocusProviderWebsocket({ url: base.replace(/^http/, 'ws') + '/collab', WebSocketPolyfill: socketWithHeaders({ cookie, origin: base }) });
	await new Promise<void>((resolve) => socket.on('open', () => resolve()));
	await before();
	return new Promise((resolve) => {
		const provider: HocuspocusProvider = new HocuspocusProvider({
			websocketProvider: socket,
			name: journalDocumentName(journalId),
			document: new Y.Doc(),
			token: 'session',
			onSynced: () => resolve({ refused: undefined, provider }),
			onAuthenticationFailed: ({ reason }) => resolve({ refused: reason, provider })
		});
		provider.attach();
	});
}

describe.skipIf(missing.length > 0 && !underCi)('two instances: the database drops connections', () => {
	test('X-LIVE opening a journal right after the database cut the connections succeeds', async () => {
		const cookie = await sessionCookie(b.url, 'admin');
		const refusals: string[] = [];
		for (const journalId of journals.slice(0, 10)) {
			await shared.cut();
			const client = await openJournal(b.url, cookie, journalId);
			if (client.refused !== undefined) refusals.push(`${journalId}: ${client.refused}`);
			await client.close();
		}
		expect(refusals).toEqual([]);
	});

	test('X-LIVE a journal asked for while the database is away is refused as «database unavailable», never «no rights»; a short outage is waited out', async () => {
		const cookie = await sessionCookie(b.url, 'admin');
		const away = await openAfter(b.url, cookie, journals[10], () => shared.away());
		try {
			expect(away.refused).toBe(DATABASE_UNAVAILABLE);
		} finally {
			await shared.back();
			away.provider.destroy();
		}
		// Away for a second only: the server's bounded retry waits it out.
		const brief = await openAfter(b.url, cookie, journals[11], async () => {
			await shared.away();
			setTimeout(() => void shared.back(), 1000);
		});
		brief.provider.destroy();
		expect(brief.refused).toBeUndefined();
	});

	test('X-LIVE connecting while the database is away for a second waits it out instead of failing the connection', async () => {
		const cookie = await sessionCookie(b.url, 'admin');
		await shared.away();
		setTimeout(() => void shared.back(), 1000);
		// One upgrade, no retry by a provider: it must be accepted once the session could be read.
		const Socket = socketWithHeaders({ cookie, origin: b.url });
		const socket = new Socket(b.url.replace(/^http/, 'ws') + '/collab');
		const outcome = await new Promise<string>((resolve) => {
			socket.addEventListener('open', () => resolve('open'));
			socket.addEventListener('error', (event) => resolve(`error: ${(event as unknown as { message?: string }).message ?? 'refused'}`));
		});
		socket.close();
		expect(outcome).toBe('open');
		const client = await openJournal(b.url, cookie, journals[14]);
		expect(client.refused).toBeUndefined();
		await client.close();
	});

	test('X-LIVE under a stream of edits on both instances with the database connections cut: no acknowledged edit is lost and the documents equal the tables', async () => {
		const cookie = await sessionCookie(a.url, 'uchitel');
		const me = await (await fetch(`${a.url}/api/me`, { headers: { cookie } })).json();
		const journalId: number = me.journalIds[0];
		const onA = await openJournal(a.url, cookie, journalId);
		const onB = await openJournal(b.url, cookie, journalId);
		clients.push(onA, onB);
		const cells = freeCells(onA, 40);
		const edits: Array<{ cell: string; id: string; client: JournalClient; marks: number[] }> = [];
		let streaming = true;
		let cuts = 0;
		const cutter = (async () => {
			while (streaming) {
				// Every connection, those inside a transaction too.
				cuts += await shared.cut().catch(() => 0);
				await pause(350);
			}
		})();
		for (const [i, cell] of cells.entries()) {
			const client = i % 2 ? onA : onB;
			const marks = [2 + (i % 4)];
			edits.push({ cell, id: client.setCell(cell, { m: marks, a: null, c: null }), client, marks });
			await pause(100);
		}
		streaming = false;
		await cutter;
		const answer = (edit: (typeof edits)[number]) =>
			edit.client.messages.some((m) => (m.type === 'ack' && m.ids.includes(edit.id)) || (m.type === 'reject' && m.id === edit.id));
		try {
			for (const edit of edits) await edit.client.until(() => answer(edit), `an answer to the edit of ${edit.cell}`, 30_000);
		} catch (e) {
			console.log('DEBUG A', a.output().slice(-3000));
			console.log('DEBUG B', b.output().slice(-3000));
			throw e;
		}
		const acked = edits.filter((edit) => edit.client.messages.some((m) => m.type === 'ack' && m.ids.includes(edit.id)));
		console.log(`cut ${cuts} connections; ${acked.length} of ${edits.length} edits acknowledged`);
		expect(cuts).toBeGreaterThan(0);
		const tables = await tableCells(shared.sql, journalId);
		for (const edit of acked) expect(tables.get(edit.cell)?.marks, `acknowledged ${edit.cell}`).toEqual(edit.marks);
		await convergeToTables(shared.sql, journalId, { A: onA, B: onB }, 10_000);
		for (const edit of acked) expect(cellFromDoc(onB.cells.get(edit.cell))?.marks).toEqual(edit.marks);

		// And opening journals goes on working on both instances.
		const admin = await sessionCookie(a.url, 'admin');
		await shared.cut();
		for (const [server, journal] of [
			[a, journals[12]],
			[b, journals[13]]
		] as const) {
			const client = await openJournal(server.url, admin, journal);
			expect(client.refused).toBeUndefined();
			await client.close();
		}
	});
});
