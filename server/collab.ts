/**
 * The live-journal websocket on /collab, shared by production (server/main.ts) and `vite dev`
 * (server/dev-plugin.ts). The upgrade checks the Origin and the session cookie; Hocuspocus then
 * asks the one policy whether this person may read or write the journal named by the document.
 * Storing and validating journal edits is the live-journal issue's work.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { Hocuspocus } from '@hocuspocus/server';
import { readConfig } from '../src/lib/server/config.ts';
import { database } from '../src/lib/server/db/client.ts';
import { SESSION_COOKIE, validateSessionToken } from '../src/lib/server/auth/session.ts';
import { currentYearId, loadActor } from '../src/lib/server/db/people.ts';
import { findJournal } from '../src/lib/server/db/journal.ts';
import { decide, type Actor } from '../src/lib/domain/policy.ts';
import { todayIn } from '../src/lib/domain/dates.ts';

const config = readConfig();
// A journal update is small; 1 MiB leaves room for a first sync of a big journal and no more.
const MAX_MESSAGE_BYTES = 1024 * 1024;
const DOCUMENT_NAME = /^journal:(\d{1,9})$/;

const hocuspocus = new Hocuspocus({
	name: 'zhurnal',
	quiet: true,
	async onAuthenticate({ documentName, context, connectionConfig }) {
		const actor = (context as { actor?: Actor }).actor;
		const match = DOCUMENT_NAME.exec(documentName);
		if (!actor || !match) throw new Error('forbidden');
		const journal = await findJournal((await database()).sql, Number(match[1]));
		if (!journal) throw new Error('forbidden');
		const resource = { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId } as const;
		if (!decide(actor, 'read', resource).allow) throw new Error('forbidden');
		connectionConfig.readOnly = !decide(actor, 'write', resource).allow;
	}
});

const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

function reject(socket: Duplex, status: number, text: string): void {
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function cookie(request: IncomingMessage, name: string): string | undefined {
	for (const part of (request.headers.cookie ?? '').split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return decodeURIComponent(rest.join('='));
	}
	return undefined;
}

async function actorOf(request: IncomingMessage): Promise<Actor | undefined> {
	const token = cookie(request, SESSION_COOKIE);
	if (!token) return undefined;
	const sql = (await database()).sql;
	const found = await validateSessionToken(sql, token, config.sessionDays);
	if (!found) return undefined;
	const yearId = await currentYearId(sql, found.account.schoolId, config.today ?? todayIn(config.timeZone));
	return loadActor(sql, found.account.personId, found.account.schoolId, yearId);
}

/** Handles an HTTP upgrade on /collab: same origin and a valid session, or the socket is refused. */
export async function handleCollabUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
	socket.on('error', () => socket.destroy());
	const origin = request.headers.origin;
	const expected = config.origin ?? (request.headers.host ? [`http://${request.headers.host}`, `https://${request.headers.host}`] : []);
	if (origin && !([] as string[]).concat(expected).includes(origin)) return reject(socket, 403, 'Forbidden');
	let actor: Actor | undefined;
	try {
		actor = await actorOf(request);
	} catch {
		return reject(socket, 500, 'Internal Server Error');
	}
	if (!actor) return reject(socket, 401, 'Unauthorized');
	// Parents and students never connect to a journal.
	if (!actor.roles.some((role) => role !== 'parent' && role !== 'student')) return reject(socket, 403, 'Forbidden');
	sockets.handleUpgrade(request, socket, head, (ws) => {
		ws.on('error', () => ws.terminate());
		hocuspocus.handleConnection(ws, request, { actor });
	});
}

/** Closes every live connection (on shutdown). */
export function closeCollab(): void {
	hocuspocus.closeConnections();
	for (const client of sockets.clients) client.terminate();
}
