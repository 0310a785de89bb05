/** Attaching a file to a lesson: documents, pictures, audio and video up to 25 MB. */
import { pupilsOfJournalChanged } from './lessons.ts';
import type { Ctx } from '../context.ts';
import { appConfig } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { findLesson } from '../db/lessons.ts';
import { insertAttachment, type Attachment } from '../db/attachments.ts';
import { detectFileType, removeAttachmentFiles, storeFile } from '../files.ts';
import { journalFor } from '../queries/journal.ts';
import { parseId } from '../../domain/ids.ts';
import { attachmentType, JOURNAL_MESSAGES, MAX_ATTACHMENT_BYTES } from '../../domain/journal-rules.ts';
import type { Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** A file as received, checked: its name made safe, its bytes, and the type those bytes show. */
export interface Upload {
	fileName: string;
	bytes: Uint8Array;
	mimeType: string;
	sizeBytes: number;
}

/**
 * Reads one uploaded file of a form and checks it as every file the school keeps is checked: not
 * empty, at most 25 MB, of an accepted type — the type its bytes show (`attachmentType`), which is
 * also the type stored and served; the uploader's Content-Type is ignored.
 */
export async function readUpload(file: unknown): Promise<Outcome<Upload>> {
	if (!(file instanceof File) || file.size === 0) return refuse('invalid', JOURNAL_MESSAGES.fileMissing);
	if (file.size > MAX_ATTACHMENT_BYTES) return refuse('too_large', JOURNAL_MESSAGES.fileTooLarge(MAX_ATTACHMENT_BYTES / 1024 / 1024));
	const fileName = (file.name || 'файл').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 255);
	const bytes = new Uint8Array(await file.arrayBuffer());
	const mimeType = attachmentType(await detectFileType(bytes), fileName, bytes);
	if (!mimeType) return refuse('unsupported_type', JOURNAL_MESSAGES.fileType);
	return done({ fileName, bytes, mimeType, sizeBytes: file.size });
}

/**
 * Stores an uploaded file for a lesson of a journal the actor may write: the lesson must be the
 * journal's, the file as `readUpload` accepts it. The bytes go to disk first, then the row and its
 * audit row in one transaction; if that fails the file is removed.
 */
export async function addAttachment(ctx: Ctx, actor: Actor, input: { journalId: unknown; lessonId: unknown; file: unknown }): Promise<Outcome<Attachment>> {
	const lessonId = parseId(input.lessonId);
	// A substitute of single lessons attaches files to exactly the lessons they replace.
	const found = await journalFor(ctx, actor, input.journalId, 'write', undefined, lessonId);
	if (!found.ok) return found;
	if (lessonId === undefined || !(await findLesson(ctx.sql, found.value.journalId, lessonId))) return refuse('not_found', JOURNAL_MESSAGES.lessonNotFound);
	const upload = await readUpload(input.file);
	if (!upload.ok) return upload;
	const { fileName, bytes, mimeType, sizeBytes } = upload.value;
	const dir = appConfig().attachmentsDir;
	const storageKey = await storeFile(dir, bytes);
	try {
		const attachment = await ctx.sql.begin(async (tx) => {
			const saved = await insertAttachment(tx, { lessonId, fileName, mimeType, sizeBytes, storageKey }, actor.personId);
			await writeAudit(tx, {
				actorId: actor.personId,
				action: 'attachment.create',
				entity: 'lesson_attachment',
				entityId: saved.id,
				newValue: { lessonId, fileName, mimeType, sizeBytes }
			});
			return saved;
		});
		// The pupils' open diaries list the new file (X-LIVE).
		await pupilsOfJournalChanged(ctx, found.value.journalId);
		return done(attachment);
	} catch (error) {
		removeAttachmentFiles(dir, [storageKey]);
		throw error;
	}
}

/** A checked upload once its bytes are on disk. */
export type StoredUpload = Omit<Upload, 'bytes'> & { storageKey: string };

/**
 * Puts the uploads' bytes on disk, then runs `write` (which records them in its transaction); if
 * `write` refuses or fails, the bytes are removed again, so no file is left that no row names.
 */
export async function withStoredUploads<T, E extends object>(uploads: readonly Upload[], write: (stored: StoredUpload[]) => Promise<Outcome<T, E>>): Promise<Outcome<T, E>> {
	const dir = appConfig().attachmentsDir;
	const stored: StoredUpload[] = [];
	try {
		for (const { bytes, ...upload } of uploads) stored.push({ ...upload, storageKey: await storeFile(dir, bytes) });
		const outcome = await write(stored);
		if (!outcome.ok) removeAttachmentFiles(dir, stored.map((s) => s.storageKey));
		return outcome;
	} catch (error) {
		removeAttachmentFiles(dir, stored.map((s) => s.storageKey));
		throw error;
	}
}
