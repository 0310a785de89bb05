/** The baseline: a bare Hocuspocus 3 server with no extensions, attached the way ours is. */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { Hocuspocus } from '@hocuspocus/server';

const port = Number(process.argv[2]);
const hocuspocus = new Hocuspocus({ quiet: true });
const sockets = new WebSocketServer({ noServer: true });
const server = http.createServer((_, res) => res.end('ok'));
server.on('upgrade', (request, socket, head) =>
	sockets.handleUpgrade(request, socket, head, (ws) => hocuspocus.handleConnection(ws, request, {}))
);
server.listen(port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => process.exit(0));
