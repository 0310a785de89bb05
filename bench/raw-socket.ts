/**
 * The lightest client a journal socket can have, for opening thousands of them from one
 * benchmark process: it speaks just enough of the Hocuspocus protocol to authenticate and take
 * the first sync (an empty state vector, so the server sends the whole document), then keeps the
 * socket open and drops whatever arrives, as an idle browser tab would hold it. No Y.Doc.
 */
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

const SYNC = 0;
const AUTH = 2;
const SYNC_REPLY = 4;
const SYNC_STEP_2 = 1;
const PERMISSION_DENIED = 1;
const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/** An open, synced socket and how long it took from connect to the document's arrival. */
export interface RawSocket {
	ws: WebSocket;
	syncedMs: number;
	close(): void;
}

/** Opens a socket to one document and resolves once the whole document has arrived. */
export function openRaw(url: string, headers: Record<string, string>, documentName: string, timeoutMs = 60_000): Promise<RawSocket> {
	const t0 = performance.now();
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers, perMessageDeflate: false });
		ws.binaryType = 'nodebuffer';
		const timer = setTimeout(() => {
			ws.terminate();
			reject(new Error(`no sync for ${documentName} within ${timeoutMs} ms`));
		}, timeoutMs);
		ws.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		ws.once('open', () => {
			const auth = encoding.createEncoder();
			encoding.writeVarString(auth, documentName);
			encoding.writeVarUint(auth, AUTH);
			encoding.writeVarUint(auth, 0);
			encoding.writeVarString(auth, 'bench');
			ws.send(encoding.toUint8Array(auth));
			const step1 = encoding.createEncoder();
			encoding.writeVarString(step1, documentName);
			encoding.writeVarUint(step1, SYNC);
			encoding.writeVarUint(step1, 0);
			encoding.writeVarUint8Array(step1, EMPTY_STATE_VECTOR);
			ws.send(encoding.toUint8Array(step1));
		});
		let synced = false;
		ws.on('message', (data: Buffer) => {
			if (synced) return;
			const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
			decoding.readVarString(decoder);
			const type = decoding.readVarUint(decoder);
			const sub = decoding.readVarUint(decoder);
			if (type === AUTH && sub === PERMISSION_DENIED) {
				clearTimeout(timer);
				ws.terminate();
				reject(new Error(`refused ${documentName}`));
			} else if ((type === SYNC || type === SYNC_REPLY) && sub === SYNC_STEP_2) {
				synced = true;
				clearTimeout(timer);
				resolve({ ws, syncedMs: performance.now() - t0, close: () => ws.terminate() });
			}
		});
	});
}
