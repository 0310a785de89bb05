/**
 * What a client may send on /collab, read before Hocuspocus or Yjs see it (docs/collab-protocol.md,
 * «What only the server sends, limits and close codes»). Every count in a frame is checked against
 * the bytes that are left, so reading a frame costs at most its length: Yjs itself preallocates an
 * array of the struct count an update announces, and a 7-byte update announcing 30 million structs
 * kept the process busy for more than a second before Yjs noticed the bytes were missing.
 *
 * Pure functions of the bytes; the socket guard (guard.ts) decides what to do with the verdict.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { DOC_MAPS } from '../../src/lib/domain/journal-doc.ts';

/** Hocuspocus message types (@hocuspocus/server's MessageType). */
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, syncReply: 4, stateless: 5, broadcastStateless: 6, close: 7, syncStatus: 8 } as const;
/** y-protocols sync steps. */
const STEP = { stateVector: 0, update: 1, incremental: 2 } as const;

/** Longest map key (a cell key is at most 21 characters). */
const MAX_KEY = 256;
/** Longest awareness state, as JSON. */
export const MAX_PRESENCE_JSON = 1024;
/** Top-level types a journal document has; an update naming another one is not from our client. */
const TOP_LEVEL = new Set<string>(Object.values(DOC_MAPS));
// Item content kinds (Yjs contentRefs) a journal client writes: deleted, JSON and plain values.
// Strings, binaries, embeds, formats, nested types and subdocuments are never part of a journal.
const CONTENT_DELETED = 1;
const CONTENT_JSON = 2;
const CONTENT_ANY = 8;
const STRUCT_GC = 0;
const STRUCT_SKIP = 10;

/** What a frame is. */
export type Frame =
	| { kind: 'write'; documentName: string }
	| { kind: 'awareness'; documentName: string; entries: AwarenessEntry[] }
	| { kind: 'other'; documentName: string }
	| { kind: 'refused'; reason: string };

/** One client's presence in an awareness update (state null: it left). */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: unknown;
}

/** Reads a frame a client sent and says what it is, or why it is refused; never throws. */
export function inspectFrame(data: Uint8Array): Frame {
	try {
		const decoder = decoding.createDecoder(data);
		const documentName = readString(decoder, 256);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE.sync: {
				const step = decoding.readVarUint(decoder);
				const payload = readBytes(decoder);
				if (step === STEP.stateVector) {
					const problem = stateVectorProblem(payload);
					return problem ? { kind: 'refused', reason: `state vector: ${problem}` } : { kind: 'other', documentName };
				}
				if (step !== STEP.update && step !== STEP.incremental) return { kind: 'refused', reason: `sync step ${step}` };
				const problem = updateProblem(payload);
				return problem ? { kind: 'refused', reason: `update: ${problem}` } : { kind: 'write', documentName };
			}
			case MESSAGE.awareness: {
				const entries = readAwareness(readBytes(decoder));
				return entries ? { kind: 'awareness', documentName, entries } : { kind: 'refused', reason: 'malformed awareness' };
			}
			case MESSAGE.auth:
			case MESSAGE.queryAwareness:
			case MESSAGE.close:
				return { kind: 'other', documentName };
			default:
				// Stateless and broadcast-stateless frames are the server's (acks and rejects); sync
				// replies and statuses go from the server to clients only.
				return { kind: 'refused', reason: `message type ${type} is sent only by the server` };
		}
	} catch {
		return { kind: 'refused', reason: 'malformed frame' };
	}
}

/** Why an update (Yjs v1 encoding) is not one a journal client sends, or undefined when it is well-formed. */
export function updateProblem(update: Uint8Array): string | undefined {
	try {
		const decoder = decoding.createDecoder(update);
		const clients = count(decoder, 2);
		for (let c = 0; c < clients; c++) {
			// Every struct takes at least two bytes (its kind and a length or content).
			const structs = count(decoder, 2);
			decoding.readVarUint(decoder); // client
			decoding.readVarUint(decoder); // clock
			for (let s = 0; s < structs; s++) {
				const problem = readStruct(decoder);
				if (problem) return problem;
			}
		}
		const deleteClients = count(decoder, 2);
		for (let c = 0; c < deleteClients; c++) {
			decoding.readVarUint(decoder); // client
			const ranges = count(decoder, 2);
			for (let r = 0; r < ranges; r++) {
				decoding.readVarUint(decoder); // clock
				decoding.readVarUint(decoder); // length
			}
		}
		return decoding.hasContent(decoder) ? 'bytes after the delete set' : undefined;
	} catch (error) {
		return error instanceof Refused ? error.message : 'malformed';
	}
}

/** Why a state vector is malformed, or undefined. */
export function stateVectorProblem(vector: Uint8Array): string | undefined {
	try {
		const decoder = decoding.createDecoder(vector);
		const entries = count(decoder, 2);
		for (let i = 0; i < entries; i++) {
			decoding.readVarUint(decoder);
			decoding.readVarUint(decoder);
		}
		return decoding.hasContent(decoder) ? 'trailing bytes' : undefined;
	} catch (error) {
		return error instanceof Refused ? error.message : 'malformed';
	}
}

/** The entries of an awareness update, or undefined when malformed (an oversized state reads as null: not shown). */
export function readAwareness(update: Uint8Array): AwarenessEntry[] | undefined {
	try {
		const decoder = decoding.createDecoder(update);
		const entries: AwarenessEntry[] = [];
		const n = count(decoder, 3);
		for (let i = 0; i < n; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const json = decoding.readVarString(decoder);
			let state: unknown = null;
			if (json.length <= MAX_PRESENCE_JSON) {
				try {
					state = JSON.parse(json);
				} catch {
					state = null;
				}
			}
			entries.push({ clientId, clock, state });
		}
		return decoding.hasContent(decoder) ? undefined : entries;
	} catch {
		return undefined;
	}
}

/** An awareness frame for the document with these entries (the same encoding y-protocols uses). */
export function awarenessFrame(documentName: string, entries: readonly AwarenessEntry[]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(inner, entry.clientId);
		encoding.writeVarUint(inner, entry.clock);
		encoding.writeVarString(inner, JSON.stringify(entry.state));
	}
	const outer = encoding.createEncoder();
	encoding.writeVarString(outer, documentName);
	encoding.writeVarUint(outer, MESSAGE.awareness);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

/** A stateless frame from the server to a client of the document (what Connection.sendStateless sends). */
export function statelessFrame(documentName: string, payload: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, documentName);
	encoding.writeVarUint(encoder, MESSAGE.stateless);
	encoding.writeVarString(encoder, payload);
	return encoding.toUint8Array(encoder);
}

class Refused extends Error {}

// A count of items that each take at least `bytesEach` bytes: more than the bytes left can hold is a lie.
function count(decoder: decoding.Decoder, bytesEach: number): number {
	const n = decoding.readVarUint(decoder);
	if (n * bytesEach > decoder.arr.length - decoder.pos) throw new Refused(`count ${n} exceeds the bytes left`);
	return n;
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
	const length = decoding.readVarUint(decoder);
	if (length > decoder.arr.length - decoder.pos) throw new Refused(`length ${length} exceeds the bytes left`);
	return decoding.readUint8Array(decoder, length);
}

function readString(decoder: decoding.Decoder, max: number): string {
	const bytes = readBytes(decoder);
	if (bytes.length > max * 4) throw new Refused('string too long');
	const text = new TextDecoder().decode(bytes);
	if (text.length > max) throw new Refused('string too long');
	return text;
}

// One struct of an update (Yjs readClientsStructRefs and readItemContent, UpdateDecoderV1).
function readStruct(decoder: decoding.Decoder): string | undefined {
	const info = decoding.readUint8(decoder);
	const kind = info & 0b11111;
	if (kind === STRUCT_GC || kind === STRUCT_SKIP) {
		decoding.readVarUint(decoder);
		return undefined;
	}
	const hasOrigin = (info & 0b10000000) !== 0;
	const hasRightOrigin = (info & 0b01000000) !== 0;
	const hasParentSub = (info & 0b00100000) !== 0;
	if (hasOrigin) readId(decoder);
	if (hasRightOrigin) readId(decoder);
	if (!hasOrigin && !hasRightOrigin) {
		if (decoding.readVarUint(decoder) === 1) {
			const name = readString(decoder, MAX_KEY);
			if (!TOP_LEVEL.has(name)) return `unknown top-level type ${JSON.stringify(name.slice(0, 40))}`;
		} else readId(decoder);
		if (hasParentSub) readString(decoder, MAX_KEY);
	}
	switch (kind) {
		case CONTENT_DELETED:
			decoding.readVarUint(decoder);
			return undefined;
		case CONTENT_JSON: {
			const n = count(decoder, 1);
			for (let i = 0; i < n; i++) {
				const text = decoding.readVarString(decoder);
				if (text !== 'undefined') JSON.parse(text);
			}
			return undefined;
		}
		case CONTENT_ANY: {
			const n = count(decoder, 1);
			for (let i = 0; i < n; i++) readAny(decoder, 0);
			return undefined;
		}
		default:
			return `content kind ${kind} is not used by a journal`;
	}
}

function readId(decoder: decoding.Decoder): void {
	decoding.readVarUint(decoder);
	decoding.readVarUint(decoder);
}

// lib0's readAny with every count checked and a depth limit (a cell is a flat object of arrays).
function readAny(decoder: decoding.Decoder, depth: number): void {
	if (depth > 16) throw new Refused('value nested too deep');
	const tag = decoding.readUint8(decoder);
	switch (tag) {
		case 127: // undefined
		case 126: // null
		case 121: // false
		case 120: // true
			return;
		case 125:
			decoding.readVarInt(decoder);
			return;
		case 124:
			decoding.readFloat32(decoder);
			return;
		case 123:
			decoding.readFloat64(decoder);
			return;
		case 122:
			decoding.readBigInt64(decoder);
			return;
		case 119:
			readBytes(decoder);
			return;
		case 118: {
			const n = count(decoder, 2);
			for (let i = 0; i < n; i++) {
				readBytes(decoder);
				readAny(decoder, depth + 1);
			}
			return;
		}
		case 117: {
			const n = count(decoder, 1);
			for (let i = 0; i < n; i++) readAny(decoder, depth + 1);
			return;
		}
		case 116:
			readBytes(decoder);
			return;
		default:
			throw new Refused(`value tag ${tag}`);
	}
}
