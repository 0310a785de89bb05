/**
 * Files attached to a lesson: audio, video and documents up to 25 MB, kept on disk
 * under a random storage key (ATTACHMENTS_DIR, by default DATA_DIR/attachments) with their row
 * and an audit entry in the database. The original file name is only ever sent back as a
 * download name, never used as a path.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Sql } from '../db/client.ts';
import { writeAudit } from '../db/audit.ts';
import { findLesson, insertAttachment, type Attachment, type JournalFacts } from '../db/journal-writes.ts';
import { attachmentTypeAllowed, JOURNAL_MESSAGES, MAX_ATTACHMENT_BYTES } from '../../domain/journal-rules.ts';
import type { Actor } from '../../domain/policy.ts';

/** The outcome of an upload. */
export type UploadOutcome = { ok: true; attachment: Attachment } | { ok: false; status: 400 | 404 | 413 | 415; message: string };

/** Stores an uploaded file for a lesson of the journal. */
export async function saveAttachment(sql: Sql, dir: string, actor: Actor, journal: JournalFacts, lessonId: number, file: unknown): Promise<UploadOutcome> {
	if (!(await findLesson(sql, journal.journalId, lessonId))) return { ok: false, status: 404, message: JOURNAL_MESSAGES.lessonNotFound };
	if (!(file instanceof File) || file.size === 0) return { ok: false, status: 400, message: JOURNAL_MESSAGES.fileMissing };
	if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, status: 413, message: JOURNAL_MESSAGES.fileTooLarge(MAX_ATTACHMENT_BYTES / 1024 / 1024) };
	const mimeType = file.type.split(';')[0].trim().toLowerCase();
	if (!attachmentTypeAllowed(mimeType)) return { ok: false, status: 415, message: JOURNAL_MESSAGES.fileType };
	const storageKey = crypto.randomBytes(24).toString('hex');
	const fileName = (file.name || 'файл').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 255);
	fs.mkdirSync(dir, { recursive: true });
	const target = path.join(dir, storageKey);
	await fs.promises.writeFile(target, Buffer.from(await file.arrayBuffer()), { flag: 'wx' });
	try {
		const attachment = await sql.begin(async (tx) => {
			const saved = await insertAttachment(tx, { lessonId, fileName, mimeType, sizeBytes: file.size, storageKey }, actor.personId);
			await writeAudit(tx, {
				actorId: actor.personId,
				action: 'attachment.create',
				entity: 'lesson_attachment',
				entityId: saved.id,
				newValue: { lessonId, fileName, mimeType, sizeBytes: file.size }
			});
			return saved;
		});
		return { ok: true, attachment };
	} catch (error) {
		fs.rmSync(target, { force: true });
		throw error;
	}
}

/** The stored file as a web stream, or undefined when it is missing on disk. */
export function readAttachment(dir: string, attachment: Attachment): ReadableStream | undefined {
	const file = path.join(dir, attachment.storageKey);
	if (!/^[0-9a-f]{48}$/.test(attachment.storageKey) || !fs.existsSync(file)) return undefined;
	return Readable.toWeb(fs.createReadStream(file)) as ReadableStream;
}

/** Removes files whose rows are gone (after a lesson was deleted). */
export function removeAttachmentFiles(dir: string, storageKeys: readonly string[]): void {
	for (const key of storageKeys) if (/^[0-9a-f]{48}$/.test(key)) fs.rmSync(path.join(dir, key), { force: true });
}

/** A Content-Disposition header that offers the original name for download (RFC 6266). */
export function downloadDisposition(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
