/**
 * The journal extension: builds a document from the tables when Hocuspocus loads it, starts a
 * JournalSession that checks and commits every change, and lets an unloading document finish its
 * queued work first (so a journal reopened at once is rebuilt from rows that include it).
 */
import type { Connection, Document, Extension, afterLoadDocumentPayload, afterUnloadDocumentPayload, beforeUnloadDocumentPayload, connectedPayload, onLoadDocumentPayload } from '@hocuspocus/server';
import type { Sql } from '../../src/lib/server/db/client.ts';
import { journalIdOf, type ServerMessage } from '../../src/lib/domain/journal-doc.ts';
import { fillDocument, loadJournalRows } from './document.ts';
import { JournalSession, type TruthLink } from './journal-session.ts';
import { withDatabase } from './db-retry.ts';
import type { CellNews, TruthEvents } from './truth-channel.ts';

/** Builds, watches and releases journal documents. */
export class JournalExtension implements Extension {
	extensionName = 'zhurnal-journal';
	private readonly sessions = new Map<string, JournalSession>();
	private link: TruthLink | undefined;
	/** True while relaying between instances is late (the status line of every connection says so). */
	private relayLate = false;

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

	/** With several instances: the truth channel between them (truth-channel.ts). */
	useChannel(link: TruthLink | undefined): void {
		this.link = link;
	}

	/** What the truth channel tells this instance's journals, and asks of them. */
	truthEvents(): TruthEvents {
		return {
			claims: () => {
				const claims: Record<string, string[]> = {};
				for (const [name, session] of this.sessions) {
					const keys = session.claims();
					if (keys.length > 0) claims[name] = keys;
				}
				return claims;
			},
			cell: (news: CellNews) => this.sessions.get(news.doc)?.heard(news),
			late: (late) => this.setRelayLate(late),
			tick: () => {
				for (const session of this.sessions.values()) session.sweep();
			}
		};
	}

	/** Fills the new document from the rows (read again within a bounded wait if the database drops the connection). */
	async onLoadDocument({ documentName, document }: onLoadDocumentPayload): Promise<void> {
		const journalId = journalIdOf(documentName);
		const sql = await this.sql();
		const rows = journalId === undefined ? undefined : await withDatabase(documentName, () => loadJournalRows(sql, journalId));
		if (!rows) throw new Error('not-found');
		fillDocument(document, rows);
		this.sessions.get(documentName)?.dispose();
		this.sessions.set(documentName, new JournalSession(document, rows, sql, this.options.compactAfter, this.options.today, this.link));
	}

	/** A new connection hears at once that relaying is late, if it is. */
	async connected({ connection }: connectedPayload): Promise<void> {
		if (this.relayLate) send(connection, { type: 'relay', late: true });
	}

	/** Starts watching once the document is complete. */
	async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
		this.sessionOf(document)?.attach();
	}

	// Tells every connection that relaying became late or is on time again; once it is back, every
	// open journal is read back from the tables (what was relayed meanwhile is unknown).
	private setRelayLate(late: boolean): void {
		if (late === this.relayLate) return;
		this.relayLate = late;
		if (late) console.error('[collab] relaying between instances is late');
		for (const session of this.sessions.values()) {
			for (const connection of session.document.getConnections()) send(connection, { type: 'relay', late });
			if (!late) session.reconcile();
		}
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

function send(connection: Connection, message: ServerMessage): void {
	try {
		connection.sendStateless(JSON.stringify(message));
	} catch {
		// The connection closed meanwhile.
	}
}
