/** Files attached to messages and announcements: their rows, and whose they are to read. */
import type { Sql, Tx } from './client.ts';

type Db = Sql | Tx;

/** A file as a message or an announcement shows it. */
export interface MessageFile {
	id: number;
	fileName: string;
	mimeType: string;
	sizeBytes: number;
}

/** A stored file with where it lives on disk. */
export interface StoredMessageFile extends MessageFile {
	storageKey: string;
	schoolId: number;
	announcementId: number | null;
}

/** What a file goes with: a group send (all its conversations), one message, or an announcement. */
export type FileOwner = { batchId: string } | { messageId: string } | { announcementId: number };

/** Records files already on disk as going with `owner`. */
export async function insertMessageFiles(
	tx: Tx,
	schoolId: number,
	owner: FileOwner,
	files: ReadonlyArray<{ fileName: string; mimeType: string; sizeBytes: number; storageKey: string }>,
	uploadedBy: number
): Promise<void> {
	const batchId = 'batchId' in owner ? owner.batchId : null;
	const messageId = 'messageId' in owner ? owner.messageId : null;
	const announcementId = 'announcementId' in owner ? owner.announcementId : null;
	for (const f of files) {
		await tx`
			insert into message_file (school_id, batch_id, message_id, announcement_id, file_name, mime_type, size_bytes, storage_key, uploaded_by)
			values (${schoolId}, ${batchId}::bigint, ${messageId}::bigint, ${announcementId}::int, ${f.fileName}, ${f.mimeType}, ${f.sizeBytes}, ${f.storageKey}, ${uploadedBy})`;
	}
}

/** The first message of a conversation (the one its starter wrote). */
export async function firstMessageOf(tx: Db, conversationId: string): Promise<string> {
	const [row] = await tx<{ id: string }[]>`select id::text as id from message where thread_id = ${conversationId} order by sent_at, id limit 1`;
	return row.id;
}

const FILE_COLUMNS = (sql: Db) => sql`f.id, f.file_name as "fileName", f.mime_type as "mimeType", f.size_bytes::float8 as "sizeBytes"`;

/** The files of each message of a conversation (a group send's files show with its first message), by message id. */
export async function filesOfConversation(sql: Db, conversationId: string): Promise<Map<string, MessageFile[]>> {
	const rows = await sql<Array<MessageFile & { messageId: string }>>`
		select m.id::text as "messageId", ${FILE_COLUMNS(sql)}
		from message m join message_file f on f.message_id = m.id or (m.batch_id is not null and f.batch_id = m.batch_id)
		where m.thread_id = ${conversationId}
		order by f.id`;
	const byMessage = new Map<string, MessageFile[]>();
	for (const { messageId, ...file } of rows) byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), file]);
	return byMessage;
}

/** The files of each of these announcements, by announcement id. */
export async function filesOfAnnouncements(sql: Db, announcementIds: readonly number[]): Promise<Map<number, MessageFile[]>> {
	if (announcementIds.length === 0) return new Map();
	const rows = await sql<Array<MessageFile & { announcementId: number }>>`
		select f.announcement_id as "announcementId", ${FILE_COLUMNS(sql)}
		from message_file f where f.announcement_id = any(${announcementIds as number[]}::int[])
		order by f.id`;
	const byAnnouncement = new Map<number, MessageFile[]>();
	for (const { announcementId, ...file } of rows) byAnnouncement.set(announcementId, [...(byAnnouncement.get(announcementId) ?? []), file]);
	return byAnnouncement;
}

/**
 * The file, with `inConversation` telling whether the person is one of the two people of a
 * conversation it goes with (for an announcement's file, whether they may read the announcement is
 * the announcements' query to say).
 */
export async function findMessageFile(sql: Db, fileId: number, personId: number): Promise<(StoredMessageFile & { inConversation: boolean }) | undefined> {
	const [row] = await sql<Array<StoredMessageFile & { inConversation: boolean }>>`
		select ${FILE_COLUMNS(sql)}, f.storage_key as "storageKey", f.school_id as "schoolId", f.announcement_id as "announcementId",
			exists (
				select 1 from message m join conversation c on c.id = m.thread_id
				where (m.id = f.message_id or (m.batch_id is not null and m.batch_id = f.batch_id))
					and ${personId} in (c.starter_id, c.other_id)
			) as "inConversation"
		from message_file f where f.id = ${fileId}`;
	return row;
}
