/**
 * A real SMTP server for the e-mail tests (the `smtp-server` package on a free local port) and the
 * reading of the letters it receives: headers with MIME encoded-words, a base64 text body.
 */
import net from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A letter as the SMTP server received it. */
export interface Letter {
	messageId: string;
	from: string;
	to: string;
	recipients: string[];
	subject: string;
	text: string;
}

/** Decodes a header's MIME encoded-words (RFC 2047), consecutive words together. */
export function decodeWords(value: string): string {
	return value.replace(/\?=\s+=\?/g, '?==?').replace(/(=\?utf-8\?[bq]\?[^?]*\?=)+/gi, (run) => {
		const bytes: Buffer[] = [];
		for (const [, encoding, data] of run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi))
			bytes.push(
				encoding.toLowerCase() === 'b'
					? Buffer.from(data, 'base64')
					: Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
			);
		return Buffer.concat(bytes).toString('utf8');
	});
}

/** Reads a received letter: its headers and its (base64 or plain) text. */
export function parseLetter(raw: string, recipients: string[]): Letter {
	const split = raw.search(/\r?\n\r?\n/);
	const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
	const body = raw.slice(split).trim();
	const headers = new Map<string, string>();
	for (const line of head.split(/\r?\n/)) {
		const colon = line.indexOf(':');
		headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	const base64 = headers.get('content-transfer-encoding')?.toLowerCase() === 'base64';
	return {
		messageId: headers.get('message-id') ?? '',
		from: decodeWords(headers.get('from') ?? ''),
		to: headers.get('to') ?? '',
		recipients,
		subject: decodeWords(headers.get('subject') ?? ''),
		text: base64 ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body
	};
}

/** What the server does with a letter: accepts it (250), refuses it for now (451), drops every connection, or holds it unanswered. */
export type Answer = 'accept' | 'tempfail' | 'drop' | 'hold';

/** A started SMTP server. */
export interface TestSmtp {
	/** `smtp://127.0.0.1:PORT`, for SMTP_URL. */
	url: string;
	/** Every letter accepted, in order. */
	accepted: Letter[];
	close(): Promise<void>;
}

/** Starts an SMTP server that answers each letter as `answer` says (by default it accepts every one) and keeps the accepted ones. */
export async function startSmtp(answer: (letter: Letter) => Answer = () => 'accept'): Promise<TestSmtp> {
	const accepted: Letter[] = [];
	const sockets = new Set<net.Socket>();
	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		disableReverseLookup: true,
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const letter = parseLetter(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address));
				const what = answer(letter);
				if (what === 'tempfail') return callback(Object.assign(new Error('Почтовый ящик временно недоступен, попробуйте позже'), { responseCode: 451 }));
				if (what === 'drop') {
					for (const socket of sockets) socket.destroy();
					return;
				}
				// Held: never answered, so never accepted.
				if (what === 'hold') return;
				accepted.push(letter);
				callback(null, `принято, номер ${accepted.length}`);
			});
		}
	});
	smtp.on('error', () => {});
	smtp.server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const port = await new Promise<number>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as net.AddressInfo).port)));
	return { url: `smtp://127.0.0.1:${port}`, accepted, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}
