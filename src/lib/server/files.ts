/**
 * Files attached to lessons on disk: under ATTACHMENTS_DIR (by default
 * DATA_DIR/attachments), each under a random storage key. The original file name is only ever
 * sent back as a download name, never used as a path.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import { servedAttachmentType } from '../domain/journal-rules.ts';

const STORAGE_KEY = /^[0-9a-f]{48}$/;

/** Writes the bytes under a new random storage key; returns the key. */
export async function storeFile(dir: string, bytes: Uint8Array): Promise<string> {
	const storageKey = crypto.randomBytes(24).toString('hex');
	fs.mkdirSync(dir, { recursive: true });
	await fs.promises.writeFile(path.join(dir, storageKey), bytes, { flag: 'wx' });
	return storageKey;
}

/** The stored file as a web stream, or undefined when it is missing on disk. */
export function readStoredFile(dir: string, storageKey: string): ReadableStream | undefined {
	const file = path.join(dir, storageKey);
	if (!STORAGE_KEY.test(storageKey) || !fs.existsSync(file)) return undefined;
	return Readable.toWeb(fs.createReadStream(file)) as ReadableStream;
}

/** Removes files whose rows are gone (after a lesson was deleted, or an upload failed to commit). */
export function removeAttachmentFiles(dir: string, storageKeys: readonly string[]): void {
	for (const key of storageKeys) if (STORAGE_KEY.test(key)) fs.rmSync(path.join(dir, key), { force: true });
}

/**
 * What the file's bytes are, as the extension `file-type` gives for its magic bytes ("pdf", "mp3",
 * "docx", "cfb" for OLE2 …), or undefined when they carry no known signature (plain text, or
 * something we refuse). The uploader's Content-Type is never consulted.
 */
export async function detectFileType(bytes: Uint8Array): Promise<string | undefined> {
	return (await fileTypeFromBuffer(bytes))?.ext;
}

/**
 * The headers of a lesson file's download: the stored (detected) type, always as an
 * attachment, never sniffed into something else, and — should a browser still open it on our
 * origin — sandboxed with nothing allowed to load or run.
 */
export function downloadHeaders(file: { fileName: string; mimeType: string; sizeBytes: number }): Record<string, string> {
	return {
		'content-type': servedAttachmentType(file.mimeType),
		'content-length': String(file.sizeBytes),
		'content-disposition': downloadDisposition(file.fileName),
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'; sandbox",
		'cache-control': 'private, no-store'
	};
}

/** A Content-Disposition header that offers the original name for download (RFC 6266). */
export function downloadDisposition(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Writes a request's body to a new file in `dir` as it streams (a backup of hundreds of megabytes
 * is never held in memory) and returns its path; a body cut off at its limit throws the limit's
 * error and leaves no file.
 */
export async function receiveFile(dir: string, body: ReadableStream<Uint8Array> | null, prefix: string): Promise<string> {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${prefix}-${crypto.randomUUID()}`);
	try {
		await pipeline(body ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]), fs.createWriteStream(file, { flags: 'wx' }));
	} catch (error) {
		fs.rmSync(file, { force: true });
		throw error;
	}
	return file;
}
