/**
 * Who may open a journal document, asked of the one access policy: teachers of the journal and
 * administrators read and write; the class teacher reads and writes too (at least absences and
 * comments — what else is the school's setting, checked per edit by the cell command); the
 * director, deputies and other teachers of the class read; everyone else is refused, the same way
 * whether the journal exists or not. The actor was attached to the connection on upgrade.
 * A database that does not answer is not a refusal: the read is tried again within a bounded
 * wait, then the client is told `database-unavailable`, never `permission-denied`.
 */
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { Ctx } from '../../src/lib/server/context.ts';
import { journalPage } from '../../src/lib/server/queries/journal.ts';
import { journalIdOf } from '../../src/lib/domain/journal-doc.ts';
import type { Actor } from '../../src/lib/domain/policy.ts';
import { withDatabase } from './db-retry.ts';

/** The Hocuspocus extension that decides read-write, read-only or no access per document. */
export function authExtension(contextOf: () => Promise<Ctx>): Extension {
	return {
		extensionName: 'zhurnal-auth',
		async onAuthenticate({ documentName, context, connectionConfig }: onAuthenticatePayload) {
			const actor = (context as { actor?: Actor }).actor;
			const journalId = journalIdOf(documentName);
			if (!actor || journalId === undefined) throw new Error('forbidden');
			// The same query the journal page asks: found and readable, and whether writable. It
			// answers a refusal as a value; a throw is the database's.
			const page = await withDatabase(documentName, async () => journalPage(await contextOf(), actor, journalId));
			if (!page.ok) throw new Error('forbidden');
			connectionConfig.readOnly = !page.value.canWrite;
		}
	};
}
