/**
 * Rights are read at the upgrade and when a document is opened; an open connection is judged again
 * when a command announces that an account's or a school's access changed (sign-out, a password
 * changed or reset: collab-bridge.ts `accessChanged`) and every `collabRecheckMs` for what changed
 * in the tables directly (a teaching assignment removed, a role taken away, an account blocked).
 *
 * For each socket: the session must still exist, be unexpired and its account not blocked, else
 * the socket closes with 4401. The person is then looked up again (roles, teaching load); no live
 * channel at all, or a journal they may no longer read, closes it with 4403. A journal they may
 * still read but no longer write turns the connection read-only in place (Hocuspocus then refuses
 * its updates) and the person is told. Rights are never widened in place: that takes a reload.
 */
import type { WebSocket } from 'ws';
import type { Connection, Hocuspocus } from '@hocuspocus/server';
import type { Ctx } from '../../src/lib/server/context.ts';
import { findSession } from '../../src/lib/server/db/accounts.ts';
import { actorOf as actorOfAccount } from '../../src/lib/server/queries/people.ts';
import { journalPage } from '../../src/lib/server/queries/journal.ts';
import { journalIdOf } from '../../src/lib/domain/journal-doc.ts';
import { liveResource, may, type Actor } from '../../src/lib/domain/policy.ts';
import { CLOSE, GUARD_MESSAGES, type SocketGuard } from './guard.ts';

/** Whose connections to judge again. */
export type AccessScope = { accountId: number } | { schoolId: number } | 'all';

/** What a socket carries besides its guard: the context Hocuspocus copies into each of its documents. */
export interface GuardedSocket {
	guard: SocketGuard;
	/** The default context of the socket's connections (`actor` is replaced when rights are judged again). */
	context: { actor: Actor };
}

/** Judges the sockets in scope again; never throws (a failed check is logged and retried next time). */
export async function recheckAccess(hocuspocus: Hocuspocus, sockets: Iterable<GuardedSocket>, scope: AccessScope, contextOf: () => Promise<Ctx>): Promise<void> {
	try {
		await recheck(hocuspocus, sockets, scope, contextOf);
	} catch (error) {
		console.error('[collab] access re-check failed:', error);
	}
}

async function recheck(hocuspocus: Hocuspocus, sockets: Iterable<GuardedSocket>, scope: AccessScope, contextOf: () => Promise<Ctx>): Promise<void> {
	const chosen = [...sockets].filter(({ guard }) =>
		scope === 'all' ? true : 'accountId' in scope ? guard.identity.accountId === scope.accountId : guard.identity.schoolId === scope.schoolId
	);
	if (chosen.length === 0) return;
	const ctx = await contextOf();
	// One lookup per session, however many sockets it has open.
	const bySession = new Map<string, GuardedSocket[]>();
	for (const socket of chosen) bySession.set(socket.guard.identity.sessionId, [...(bySession.get(socket.guard.identity.sessionId) ?? []), socket]);
	for (const [sessionId, group] of bySession) {
		try {
			await recheckSession(ctx, hocuspocus, sessionId, group);
		} catch (error) {
			console.error('[collab] access re-check failed:', error);
		}
	}
}

async function recheckSession(ctx: Ctx, hocuspocus: Hocuspocus, sessionId: string, sockets: GuardedSocket[]): Promise<void> {
	const found = await findSession(ctx.sql, sessionId);
	if (!found || found.session.expiresAt.getTime() <= Date.now() || found.account.disabled) {
		for (const { guard } of sockets) guard.close(CLOSE.sessionEnded, 'session ended');
		return;
	}
	const { actor } = await actorOfAccount(ctx, found.account);
	if (!may(actor, 'read', liveResource(actor.schoolId))) {
		for (const { guard } of sockets) guard.close(CLOSE.accessRevoked, 'no live journal access');
		return;
	}
	for (const socket of sockets) {
		socket.context.actor = actor;
		for (const connection of connectionsOf(hocuspocus, socket.guard.socket)) {
			(connection.context as { actor?: Actor }).actor = actor;
			const page = await journalPage(ctx, actor, journalIdOf(connection.document.name));
			if (!page.ok) {
				socket.guard.close(CLOSE.accessRevoked, `${connection.document.name} no longer readable`);
				break;
			}
			if (!page.value.canWrite && !connection.readOnly) {
				connection.readOnly = true;
				console.warn(`[collab] ${connection.document.name}: account ${socket.guard.identity.accountId} is read-only now`);
				socket.guard.notice(connection.document.name, GUARD_MESSAGES.readOnlyNow);
			}
		}
	}
}

/** The Hocuspocus connections of one socket (one per document it opened). */
export function connectionsOf(hocuspocus: Hocuspocus, socket: WebSocket): Connection[] {
	const found: Connection[] = [];
	for (const document of hocuspocus.documents.values()) {
		const entry = document.connections.get(socket);
		if (entry) found.push(entry.connection);
	}
	return found;
}
