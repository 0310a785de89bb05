/**
 * The embedded database's own thread: PGlite and its socket server run here, so PGlite's
 * synchronous WebAssembly work (every query, every flush to disk) never holds up the main
 * thread's websockets and HTTP. The main thread reaches it through the `postgres` driver on the
 * Unix socket, exactly as before; this thread only answers that socket.
 *
 * Plain JavaScript on purpose: a worker is a separate module graph that Node loads itself, and
 * the same file must load under tsx (`npm start`, scripts), Vite's dev server and Vitest.
 *
 * workerData: { pgdata, socketPath }. Messages out: { type: 'ready' } once the socket listens,
 * { type: 'error', message, stack } when opening failed, { type: 'closed' } after a 'close'
 * message was handled (PGlite closed, everything on disk). A { type: 'dump', id } message is
 * answered with { type: 'dump', id, bytes } (PGlite's own uncompressed tar of the data directory,
 * transferred) or { type: 'dump', id, message } when the dump failed.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

if (!parentPort) throw new Error('pglite-worker.js runs only as a worker thread');
const port = parentPort;
const { pgdata, socketPath } = workerData;

/** @type {PGlite | undefined} */
let pg;
/** @type {PGLiteSocketServer | undefined} */
let server;

async function open() {
	pg = await PGlite.create(pgdata);
	fs.rmSync(socketPath, { force: true });
	// One connection: PGlite is a single session, so two connections would share one transaction
	// state. The driver keeps its own queue in front of it.
	server = new PGLiteSocketServer({ db: pg, path: socketPath, maxConnections: 1 });
	await server.start();
}

async function close() {
	try {
		await server?.stop();
	} finally {
		if (pg && !pg.closed) await pg.close();
		fs.rmSync(socketPath, { force: true });
	}
}

/** PGlite's own dump of its data directory (for a backup), as transferable bytes. */
async function dump() {
	if (!pg) throw new Error('PGlite is not open');
	const file = await pg.dumpDataDir('none');
	return await file.arrayBuffer();
}

port.on('message', (message) => {
	if (message?.type === 'dump') {
		dump().then(
			(bytes) => port.postMessage({ type: 'dump', id: message.id, bytes }, [bytes]),
			(error) => port.postMessage({ type: 'dump', id: message.id, message: String(error?.message ?? error) })
		);
		return;
	}
	if (message?.type !== 'close') return;
	close().then(
		() => port.postMessage({ type: 'closed' }),
		(error) => port.postMessage({ type: 'closed', message: String(error?.message ?? error) })
	);
});

open().then(
	() => port.postMessage({ type: 'ready' }),
	async (error) => {
		port.postMessage({ type: 'error', message: String(error?.message ?? error), stack: error?.stack });
		await close().catch(() => {});
	}
);
