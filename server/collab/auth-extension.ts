/**
 * Who may open a journal document, asked of the one access policy: teachers of the journal, the
 * class teacher and administrators read and write; the director, deputies and other teachers of
 * the class read; everyone else is refused. The actor was attached to the connection on upgrade.
 */
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { Sql } from '../../src/lib/server/db/client.ts';
import { findJournal } from '../../src/lib/server/db/journal.ts';
import { journalIdOf } from '../../src/lib/domain/journal-doc.ts';
import { decide, type Actor } from '../../src/lib/domain/policy.ts';

/** The Hocuspocus extension that decides read-write, read-only or no access per document. */
export function authExtension(sql: () => Promise<Sql>): Extension {
	return {
		extensionName: 'zhurnal-auth',
		async onAuthenticate({ documentName, context, connectionConfig }: onAuthenticatePayload) {
			const actor = (context as { actor?: Actor }).actor;
			const journalId = journalIdOf(documentName);
			if (!actor || journalId === undefined) throw new Error('forbidden');
			const journal = await findJournal(await sql(), journalId);
			if (!journal) throw new Error('forbidden');
			const resource = { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId } as const;
			if (!decide(actor, 'read', resource).allow) throw new Error('forbidden');
			connectionConfig.readOnly = !decide(actor, 'write', resource).allow;
		}
	};
}
