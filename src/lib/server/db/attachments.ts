/** Files attached to lessons: their rows, and who belongs to a journal's group. */
import type { Sql, Tx } from './client.ts';

type Q = Sql | Tx;

/** A file attached to a lesson. */
export interface Attachment {
	id: number;
	lessonId: number;
	fileName: string;
	mimeType: string;
	sizeBytes: number;
	storageKey: string;
	uploadedAt: string;
}

/** A row of lesson_attachment. */
interface AttachmentRow {
	id: number;
	lesson_id: number;
	file_name: string;
	mime_type: string;
	/** bigint: the driver gives a string. */
	size_bytes: string | number;
	storage_key: string;
	uploaded_by: number | null;
	uploaded_at: Date;
}

function toAttachment(r: AttachmentRow): Attachment {
	return {
		id: r.id,
		lessonId: r.lesson_id,
		fileName: r.file_name,
		mimeType: r.mime_type,
		sizeBytes: Number(r.size_bytes),
		storageKey: r.storage_key,
		uploadedAt: new Date(r.uploaded_at).toISOString()
	};
}

/** Records an attached file; returns it. */
export async function insertAttachment(tx: Tx, file: Omit<Attachment, 'id' | 'uploadedAt'>, uploadedBy: number): Promise<Attachment> {
	const [row] = await tx<AttachmentRow[]>`
		insert into lesson_attachment (lesson_id, file_name, mime_type, size_bytes, storage_key, uploaded_by)
		values (${file.lessonId}, ${file.fileName}, ${file.mimeType}, ${file.sizeBytes}, ${file.storageKey}, ${uploadedBy})
		returning *`;
	return toAttachment(row);
}

/** Files attached to a lesson, oldest first. */
export async function attachmentsOfLesson(sql: Q, lessonId: number): Promise<Attachment[]> {
	const rows = await sql<AttachmentRow[]>`select * from lesson_attachment where lesson_id = ${lessonId} order by uploaded_at, id`;
	return rows.map(toAttachment);
}

/** One attached file of a lesson, or undefined. */
export async function findAttachment(sql: Q, lessonId: number, attachmentId: number): Promise<Attachment | undefined> {
	const [row] = await sql<AttachmentRow[]>`select * from lesson_attachment where id = ${attachmentId} and lesson_id = ${lessonId}`;
	return row && toAttachment(row);
}

/** Storage keys of a lesson's files (to remove the files after the lesson is deleted). */
export async function attachmentKeysOfLesson(sql: Q, lessonId: number): Promise<string[]> {
	const rows = await sql<{ storage_key: string }[]>`select storage_key from lesson_attachment where lesson_id = ${lessonId}`;
	return rows.map((r) => r.storage_key);
}

/** Every student ever in the journal's group (its materials are theirs and their parents'). */
export async function journalMemberIds(sql: Q, journalId: number): Promise<number[]> {
	const rows = await sql<{ student_id: number }[]>`
		select distinct m.student_id from journal j join group_member m on m.group_id = j.group_id where j.id = ${journalId}`;
	return rows.map((r) => r.student_id);
}
