/** The floor: a raw websocket echo server. */
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const server = new WebSocketServer({ port, host: '127.0.0.1' }, () => console.log('ready'));
server.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));
process.on('SIGTERM', () => process.exit(0));
