/**
 * Files attached to lessons on disk: under ATTACHMENTS_DIR (by default
 * DATA_DIR/attachments), each under a random storage key. The original file name is only ever
 * sent back as a download name, never used as a path.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

const STORAGE_KEY = /^[0-9a-f]{48}$/;

/** Writes the bytes under a new random storage key; returns the key. */
export async function storeFile(dir: string, bytes: ArrayBuffer): Promise<string> {
	const storageKey = crypto.randomBytes(24).toString('hex');
	fs.mkdirSync(dir, { recursive: true });
	await fs.promises.writeFile(path.join(dir, storageKey), Buffer.from(bytes), { flag: 'wx' });
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

/** A Content-Disposition header that offers the original name for download (RFC 6266). */
export function downloadDisposition(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
