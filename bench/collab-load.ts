/**
 * The live-journal load used by the benchmark: EDITORS providers edit one journal while
 * OTHER_JOURNALS further journals are open with background edits; one more provider per busy
 * journal only watches, and measures how long each edit took to reach it. Works against our
 * server (with session cookie and acks) and against a bare Hocuspocus server (no cookie, no acks).
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { HocuspocusProvider } from '@hocuspocus/provider';

/** How the load is shaped. */
export interface LoadShape {
	editors: number;
	otherJournals: number;
	durationMs: number;
	/** Mean pause between one editor's edits (a teacher types a mark every second or so). */
	editEveryMs: number;
	/** Mean pause between edits in each background journal. */
	backgroundEveryMs: number;
}

/** Where to connect and what to write. */
export interface LoadTarget {
	url: string;
	cookie?: string;
	origin?: string;
	mainDocument: string;
	otherDocuments: string[];
	/** Keys that may be written in a synced document (our server checks them; the bare one does not). */
	keysOf(doc: Y.Doc): string[];
	/** Whether the server acknowledges edits ({type:'ack'}). */
	acks: boolean;
}

/** What one run measured, in milliseconds. */
export interface LoadResult {
	latencies: number[];
	ackLatencies: number[];
	edits: number;
	rejected: number;
}

function socketClass(cookie?: string, origin?: string) {
	return class extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols, { headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) } });
		}
	};
}

export function connect(target: Pick<LoadTarget, 'url' | 'cookie' | 'origin'>, name: string): Promise<{ provider: HocuspocusProvider; doc: Y.Doc }> {
	const doc = new Y.Doc();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no sync for ${name}`)), 60_000);
		const provider = new HocuspocusProvider({
			url: target.url,
			name,
			document: doc,
			token: 'bench',
			WebSocketPolyfill: socketClass(target.cookie, target.origin),
			onSynced: () => {
				clearTimeout(timer);
				resolve({ provider, doc });
			},
			onAuthenticationFailed: ({ reason }: { reason: string }) => reject(new Error(`refused ${name}: ${reason}`))
		} as never);
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = (mean: number) => mean * (0.5 + Math.random());

/** Runs the load once and returns the measurements. */
export async function runLoad(target: LoadTarget, shape: LoadShape): Promise<LoadResult> {
	const sent = new Map<string, number>();
	const latencies: number[] = [];
	const ackLatencies: number[] = [];
	let rejected = 0;
	let edits = 0;

	const watch = (doc: Y.Doc) =>
		doc.getMap('cells').observe((event) => {
			const now = performance.now();
			for (const key of event.keysChanged) {
				const value = doc.getMap('cells').get(key) as { e?: string } | undefined;
				const at = value?.e ? sent.get(value.e) : undefined;
				if (at !== undefined) latencies.push(now - at);
			}
		});
	const listenAcks = (provider: HocuspocusProvider) =>
		provider.on('stateless', ({ payload }: { payload: string }) => {
			const now = performance.now();
			const message = JSON.parse(payload) as { type: string; ids?: string[] };
			if (message.type === 'reject') rejected++;
			for (const id of message.ids ?? []) {
				const at = sent.get(id);
				if (at !== undefined) ackLatencies.push(now - at);
			}
		});

	const watchers = [await connect(target, target.mainDocument)];
	const editors = [];
	for (let i = 0; i < shape.editors; i++) editors.push(await connect(target, target.mainDocument));
	const background = [];
	for (const name of target.otherDocuments) {
		const writer = await connect(target, name);
		const watcher = await connect(target, name);
		background.push(writer);
		watchers.push(watcher);
	}
	for (const w of watchers) watch(w.doc);
	if (target.acks) for (const e of [...editors, ...background]) listenAcks(e.provider);
	await sleep(500);

	const deadline = performance.now() + shape.durationMs;
	const edit = async (client: { doc: Y.Doc }, every: number) => {
		const keys = target.keysOf(client.doc);
		if (keys.length === 0) throw new Error('no writable cells in a document');
		await sleep(Math.random() * every);
		while (performance.now() < deadline) {
			const key = keys[Math.floor(Math.random() * keys.length)];
			const id = crypto.randomUUID();
			sent.set(id, performance.now());
			edits++;
			client.doc.getMap('cells').set(key, { m: [2 + Math.floor(Math.random() * 4)], a: null, c: null, e: id });
			await sleep(jitter(every));
		}
	};
	await Promise.all([...editors.map((e) => edit(e, shape.editEveryMs)), ...background.map((b) => edit(b, shape.backgroundEveryMs))]);
	await sleep(2000); // let the last edits and acks arrive

	for (const client of [...watchers, ...editors, ...background]) client.provider.destroy();
	return { latencies, ackLatencies, edits, rejected };
}

/** The p-th percentile (0–100) of the values. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
