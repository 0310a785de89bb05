/**
 * The live-journal websocket on /collab, shared by production (server/main.ts) and `vite dev`
 * (server/dev-plugin.ts). The upgrade checks the Origin and the session cookie and refuses
 * parents and students; Hocuspocus then runs small extensions: auth (the one policy decides
 * read-write or read-only), the journal (build from rows, check, commit, revert), and with
 * REDIS_URL the Redis extension that shares documents between instances. docs/collab-protocol.md
 * is the contract.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';
import { readConfig, type Config } from '../../src/lib/server/config.ts';
import { database } from '../../src/lib/server/db/client.ts';
import { SESSION_COOKIE, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { actorOf as actorOfAccount } from '../../src/lib/server/queries/people.ts';
import { registerCollabBridge, type CollabBridge } from '../../src/lib/server/collab-bridge.ts';
import { deliverDiaryChanged, registerDiaryRelay, type DiaryChange } from '../../src/lib/server/diary-events.ts';
import { deliverInboxChanged, registerInboxRelay, type InboxChange } from '../../src/lib/server/inbox-events.ts';

import { journalDocumentName } from '../../src/lib/domain/journal-doc.ts';
import { liveResource, may, type Actor } from '../../src/lib/domain/policy.ts';
import { todayIn } from '../../src/lib/domain/dates.ts';
import { schoolTimeZone } from '../../src/lib/server/school-zone.ts';
import { authExtension } from './auth-extension.ts';
import { JournalExtension } from './journal-extension.ts';
import { SettingsFanout } from './settings-fanout.ts';
import { SocketGuard, type SocketIdentity } from './guard.ts';
import { recheckAccess, type AccessScope, type GuardedSocket } from './access.ts';
import { TruthChannel } from './truth-channel.ts';
import { withDatabase } from './db-retry.ts';

/** A message larger than this closes the connection: a journal update is small (STACK-NOTES: ws accepts 100 MiB by default). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** How long shutdown waits for queued checks and commits. */
const DRAIN_MS = 5000;
/** Marks an announcement on the diary channel as one of a person's mail and notifications. */
const INBOX_PREFIX = 'inbox:';
/** With Redis, how long a document opened only to push a change waits for the other instances' state. */
const PEER_SYNC_MS = 300;

/** The live journal server of this process. */
export interface CollabServer {
	/** Handles an HTTP upgrade on /collab. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
	/** Finishes queued commits, closes every connection and the Redis clients. */
	close(): Promise<void>;
	/** The Hocuspocus instance (for tests and diagnostics). */
	hocuspocus: Hocuspocus;
}

const sql = async () => (await database()).sql;

/** Starts the live journal server for the configuration and registers its bridge for HTTP writers. */
export function startCollab(config: Config): CollabServer {
	const journals = new JournalExtension(sql, { compactAfter: config.collabCompactAfter, today: () => config.today ?? todayIn(schoolTimeZone() ?? config.timeZone) });
	const extensions: Extension[] = [authExtension(async () => ({ sql: await sql(), today: config.today ?? todayIn(schoolTimeZone() ?? config.timeZone) })), journals];
	const redis = config.redisUrl ? redisExtension(config.redisUrl, config.redisPrefix) : undefined;
	if (redis) extensions.unshift(redis);
	// With Redis: commits, heartbeats and claims between instances, and the relay's round trip.
	const truth = config.redisUrl ? new TruthChannel(config.redisUrl, config.redisPrefix, journals.truthEvents()) : undefined;
	journals.useChannel(truth);
	const hocuspocus = new Hocuspocus({ name: 'zhurnal', quiet: true, extensions });
	const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

	// Opens the document (rebuilding it from rows that already hold the change), lets the other
	// instances' state arrive through Redis, applies the change, and lets go.
	async function withDocument(journalId: number, apply: (session: NonNullable<ReturnType<JournalExtension['sessionOf']>>) => Promise<void>): Promise<void> {
		const name = journalDocumentName(journalId);
		const loaded = journals.sessionOf(hocuspocus.documents.get(name));
		if (loaded) return apply(loaded);
		if (!redis) return; // Not open here and no other instance: the next load reads the rows.
		const direct = await hocuspocus.openDirectConnection(name, {});
		try {
			await new Promise((resolve) => setTimeout(resolve, PEER_SYNC_MS));
			const session = journals.sessionOf(direct.document ?? undefined);
			if (session) await apply(session);
		} finally {
			await direct.disconnect();
		}
	}

	const guarded = guardedSockets(hocuspocus, config, journals);
	const refreshSettings = (schoolId: number) =>
		Promise.all(journals.all().filter((session) => session.facts.schoolId === schoolId).map((session) => session.settingsChanged()));
	const fanout = config.redisUrl
		? new SettingsFanout(config.redisUrl, config.redisPrefix, (schoolId) => void refreshSettings(schoolId), (scope) => void guarded.recheck(scope))
		: undefined;
	// X-LIVE: open diaries on every instance hear what was committed on any of them.
	if (fanout) {
		fanout.onDiary = (ids, what) =>
			what.startsWith(INBOX_PREFIX) ? deliverInboxChanged(ids, what.slice(INBOX_PREFIX.length) as InboxChange) : deliverDiaryChanged(ids, what as DiaryChange);
		registerDiaryRelay((studentIds, what) => void fanout.announceDiary(studentIds, what));
		// People's mail and notifications ride the same channel, told apart by a prefix.
		registerInboxRelay((personIds, what) => void fanout.announceDiary(personIds, `${INBOX_PREFIX}${what}`));
	}

	const bridge: CollabBridge = {
		lessonsChanged: (journalId, lessonIds) => withDocument(journalId, (session) => session.lessonsChanged(lessonIds)),
		cellsChanged: (journalId, cells) => withDocument(journalId, (session) => session.cellsChanged(cells)),
		periodMarksChanged: (journalId) => withDocument(journalId, (session) => session.periodMarksChanged()),
		studentsChanged: (journalId) => withDocument(journalId, (session) => session.studentsChanged()),
		// The journals open here; with Redis, the other instances hear it and refresh theirs.
		settingsChanged: async (schoolId) => {
			await Promise.all([refreshSettings(schoolId), fanout?.announce(schoolId)]);
		},
		// This instance's connections of the account or school are judged again; with Redis, the others' too.
		accessChanged: async (scope) => {
			await Promise.all([guarded.recheck(scope), fanout?.announceAccess(scope)]);
		}
	};
	registerCollabBridge(bridge);

	let closing: Promise<void> | undefined;
	return {
		hocuspocus,
		async handleUpgrade(request, socket, head) {
			socket.on('error', () => socket.destroy());
			if (!originAllowed(request, config)) return refuse(socket, 403, 'Forbidden');
			let who: { actor: Actor; identity: SocketIdentity } | undefined;
			try {
				// The session is read with the same bounded retry as a journal: a short outage is waited out.
				who = await withDatabase('session', () => actorOf(request, config));
			} catch {
				return refuse(socket, 503, 'Service Unavailable');
			}
			if (!who) return refuse(socket, 401, 'Unauthorized');
			const { actor, identity } = who;
			// Parents and students never connect to a journal: the policy's live channel.
			if (!may(actor, 'read', liveResource(actor.schoolId))) return refuse(socket, 403, 'Forbidden');
			sockets.handleUpgrade(request, socket, head, (ws) => {
				ws.on('error', () => ws.terminate());
				// Each document connection's context: the actor (replaced when rights are judged again) and the session behind it.
				const context = { actor, accountId: identity.accountId, sessionId: identity.sessionId };
				// The guard goes first: every frame passes it before Hocuspocus sees it.
				guarded.add(ws, identity, context);
				hocuspocus.handleConnection(ws, request, context);
			});
		},
		close: () =>
			(closing ??= (async () => {
				registerCollabBridge(undefined);
				registerDiaryRelay(undefined);
				registerInboxRelay(undefined);
				guarded.stop();
				await Promise.race([Promise.all(journals.all().map((s) => s.idle())), new Promise((r) => setTimeout(r, DRAIN_MS))]);
				hocuspocus.closeConnections();
				for (const client of sockets.clients) client.terminate();
				if (redis) await redis.onDestroy().catch(() => undefined);
				truth?.close();
				await fanout?.close();
			})())
	};
}

function redisExtension(url: string, prefix: string): Redis {
	const parsed = new URL(url);
	return new Redis({
		prefix,
		host: parsed.hostname || '127.0.0.1',
		port: Number(parsed.port || 6379),
		options: {
			...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
			...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
			...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) || 0 } : {})
		}
	});
}

function refuse(socket: Duplex, status: number, text: string): void {
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

// A browser always sends Origin on a websocket; a foreign one is cross-site websocket hijacking.
function originAllowed(request: IncomingMessage, config: Config): boolean {
	const origin = request.headers.origin;
	if (!origin) return true;
	const expected = config.origin ? [config.origin] : request.headers.host ? [`http://${request.headers.host}`, `https://${request.headers.host}`] : [];
	return expected.includes(origin);
}

function cookie(request: IncomingMessage, name: string): string | undefined {
	for (const part of (request.headers.cookie ?? '').split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return decodeURIComponent(rest.join('='));
	}
	return undefined;
}

async function actorOf(request: IncomingMessage, config: Config): Promise<{ actor: Actor; identity: SocketIdentity } | undefined> {
	const token = cookie(request, SESSION_COOKIE);
	if (!token) return undefined;
	const db = await sql();
	const found = await validateSessionToken(db, token, config.sessionDays);
	if (!found) return undefined;
	const { actor } = await actorOfAccount({ sql: db, today: config.today ?? todayIn(schoolTimeZone() ?? config.timeZone) }, found.account);
	// The socket keeps its session and account: rights are judged again while it is open (access.ts).
	const { account, session } = found;
	return { actor, identity: { accountId: account.accountId, sessionId: session.id, schoolId: account.schoolId, name: account.fullName } };
}

/**
 * The guarded sockets of this process: each gets a SocketGuard (guard.ts); every
 * `collabRecheckMs` all of them are judged again (access.ts), and a journal due for compaction is
 * rebuilt once nobody has changed a cell for `collabCompactIdleMs`.
 */
function guardedSockets(hocuspocus: Hocuspocus, config: Config, journals: JournalExtension) {
	const open = new Set<GuardedSocket>();
	const contextOf = async () => ({ sql: await sql(), today: config.today ?? todayIn(schoolTimeZone() ?? config.timeZone) });
	const connectionOf = (documentName: string, ws: WebSocket) => hocuspocus.documents.get(documentName)?.connections.get(ws)?.connection;
	const clientIdTaken = (documentName: string, clientId: number, ws: WebSocket) => {
		for (const [other, { clients }] of hocuspocus.documents.get(documentName)?.connections ?? []) if (other !== ws && clients.has(clientId)) return true;
		return false;
	};
	let running: Promise<void> | undefined;
	const recheck = (scope: AccessScope) => recheckAccess(hocuspocus, open, scope, contextOf);
	const periodic = setInterval(() => {
		running ??= recheck('all').finally(() => (running = undefined));
	}, config.collabRecheckMs);
	const compaction = setInterval(
		() => {
			for (const session of journals.all()) if (session.compactDue(config.collabCompactIdleMs)) session.compact();
		},
		Math.min(config.collabCompactIdleMs, 10_000)
	);
	periodic.unref();
	compaction.unref();
	return {
		add(ws: WebSocket, identity: SocketIdentity, context: { actor: Actor }): void {
			const entry: GuardedSocket = { guard: new SocketGuard(ws, identity, config.collabRate, connectionOf, clientIdTaken), context };
			open.add(entry);
			ws.once('close', () => open.delete(entry));
		},
		recheck,
		stop(): void {
			clearInterval(periodic);
			clearInterval(compaction);
		}
	};
}

let current: CollabServer | undefined;

/** Handles an HTTP upgrade on /collab with the process's live journal server (started on first use). */
export function handleCollabUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
	current ??= startCollab(readConfig());
	return current.handleUpgrade(request, socket, head);
}

/** Uses the given server for handleCollabUpgrade (server/main.ts starts it with its configuration). */
export function useCollab(server: CollabServer): void {
	current = server;
}

/** Closes the process's live journal server, if started. */
export async function closeCollab(): Promise<void> {
	const server = current;
	current = undefined;
	await server?.close();
}
