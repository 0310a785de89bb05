/** The journal an endpoint acts on: found by its route id and allowed by the one policy, or the HTTP error. */
import { error } from '@sveltejs/kit';
import type { Sql } from '../db/client.ts';
import { journalFacts, type JournalFacts } from '../db/journal-writes.ts';
import { authorize, parseId } from '../guard.ts';
import { JOURNAL_MESSAGES } from '../../domain/journal-rules.ts';
import type { Action, Actor, Resource } from '../../domain/policy.ts';

/** The journal resource the policy judges. */
export function journalResource(journal: JournalFacts): Resource {
	return { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId };
}

/** The journal of the route parameter when the actor may do the action to it; 404 / 403 otherwise. */
export async function journalFor(sql: Sql, actor: Actor, param: string | undefined, action: Action): Promise<JournalFacts> {
	const id = parseId(param);
	const journal = id === undefined ? undefined : await journalFacts(sql, id);
	if (!journal || journal.schoolId !== actor.schoolId) error(404, JOURNAL_MESSAGES.journalNotFound);
	authorize(actor, action, journalResource(journal));
	return journal;
}

/** The JSON body of a request as an object, or 400. */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
	if (!(request.headers.get('content-type') ?? '').includes('application/json')) error(415, JOURNAL_MESSAGES.badRequest);
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		error(400, JOURNAL_MESSAGES.badRequest);
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) error(400, JOURNAL_MESSAGES.badRequest);
	return body as Record<string, unknown>;
}
