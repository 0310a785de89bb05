/**
 * The journal extension: builds a document from the tables when Hocuspocus loads it, starts a
 * JournalSession that checks and commits every change, and lets an unloading document finish its
 * queued work first (so a journal reopened at once is rebuilt from rows that include it).
 */
import type { Document, Extension, afterLoadDocumentPayload, afterUnloadDocumentPayload, beforeUnloadDocumentPayload, onLoadDocumentPayload } from '@hocuspocus/server';
import type { Sql } from '../../src/lib/server/db/client.ts';
import { journalIdOf } from '../../src/lib/domain/journal-doc.ts';
import { fillDocument, loadJournalRows } from './document.ts';
import { JournalSession } from './journal-session.ts';

/** Builds, watches and releases journal documents. */
export class JournalExtension implements Extension {
	extensionName = 'zhurnal-journal';
	private readonly sessions = new Map<string, JournalSession>();

	constructor(
		private readonly sql: () => Promise<Sql>,
		private readonly options: { compactAfter?: number; today?: () => string } = {}
	) {}

	/** The session of a loaded document, if it is one of ours. */
	sessionOf(document: Document | undefined): JournalSession | undefined {
		const session = document && this.sessions.get(document.name);
		return session?.document === document ? session : undefined;
	}

	/** Every open session (for shutdown). */
	all(): JournalSession[] {
		return [...this.sessions.values()];
	}

	/** Fills the new document from the rows. */
	async onLoadDocument({ documentName, document }: onLoadDocumentPayload): Promise<void> {
		const journalId = journalIdOf(documentName);
		const sql = await this.sql();
		const rows = journalId === undefined ? undefined : await loadJournalRows(sql, journalId);
		if (!rows) throw new Error('not-found');
		fillDocument(document, rows);
		this.sessions.get(documentName)?.dispose();
		this.sessions.set(documentName, new JournalSession(document, rows, sql, this.options.compactAfter, this.options.today));
	}

	/** Starts watching once the document is complete. */
	async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
		this.sessionOf(document)?.attach();
	}

	/** Lets queued checks and commits finish before the document goes. */
	async beforeUnloadDocument({ document }: beforeUnloadDocumentPayload): Promise<void> {
		await this.sessionOf(document)?.idle();
	}

	/** Forgets the session of an unloaded document. */
	async afterUnloadDocument({ documentName, instance }: afterUnloadDocumentPayload): Promise<void> {
		const session = this.sessions.get(documentName);
		if (session && instance.documents.get(documentName) !== session.document) {
			session.dispose();
			this.sessions.delete(documentName);
		}
	}
}
