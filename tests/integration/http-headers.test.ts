/**
 * What every answer tells the browser (X-AUDIT, R-3.2, R-4.4.1): signed-in pages may not be framed,
 * cached or run scripts we did not send; a lesson file is always downloaded, never shown or run
 * on our origin; a file is what its bytes say, not what the uploader claims; and a request body
 * larger than its route needs is refused before anyone reads it.
 *
 * The world: 7А's algebra journal, taught by Петрова, with one lesson; Пётр Иванов (with an
 * account) in 7А.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, Client, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { SAMPLES } from '../helpers/sample-files';
import { addLesson, buildWorld, type Account, type Journal } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let base: string;
let as: SignedIn;
let w: { journal: Journal; teacher: Account; petr: Account };
let lessonId: number;

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	base = school.server.url;
	as = signedIn(base);
	w = await buildWorld(async (make) => {
		await make.year();
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh, login: 'uchenik' });
		return { journal: await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] }), teacher, petr };
	});
	lessonId = (await addLesson(await as(w.teacher), w.journal, '2026-11-16')).id;
});

afterAll(async () => {
	await school?.stop();
});

const attachmentsUrl = () => `/api/journals/${w.journal.id}/lessons/${lessonId}/attachments`;

/** Uploads a file as the teacher, claiming the given Content-Type for it (the part's own header, as a browser would send it). */
async function upload(bytes: Uint8Array<ArrayBuffer>, name: string, claimedType: string): Promise<{ status: number; json: any }> {
	const form = new FormData();
	form.append('file', new Blob([bytes], { type: claimedType }), name);
	const response = await fetch(base + attachmentsUrl(), {
		method: 'POST',
		headers: { cookie: (await as(w.teacher)).cookieHeader(), origin: base, accept: 'application/json' },
		body: form
	});
	return { status: response.status, json: await response.json() };
}

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string> {
	const out = new Map<string, string>();
	for (const part of (header ?? '').split(';')) {
		const [name, ...values] = part.trim().split(/\s+/);
		if (name) out.set(name.toLowerCase(), values.join(' '));
	}
	return out;
}

describe('X-AUDIT signed-in pages', () => {
	test('R-3.2 home and a diary: CSP with frame-ancestors none and a nonce for our scripts, nosniff, same-origin referrer, never cached', async () => {
		const pupil = await as(w.petr);
		for (const pathname of ['/', `/diary/${w.petr.id}`]) {
			const response = await pupil.request(pathname);
			expect(response.status, pathname).toBe(200);
			const csp = directives(response.headers.get('content-security-policy'));
			expect(csp.get('frame-ancestors'), pathname).toBe("'none'");
			expect(csp.get('default-src'), pathname).toBe("'self'");
			expect(csp.get('object-src'), pathname).toBe("'none'");
			expect(csp.get('base-uri'), pathname).toBe("'self'");
			expect(csp.get('form-action'), pathname).toBe("'self'");
			expect(csp.get('connect-src'), pathname).toBe("'self'");
			// Scripts: ours only, and SvelteKit's inline start-up script by the page's nonce.
			const scriptSrc = csp.get('script-src') ?? '';
			expect(scriptSrc).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]+'$/);
			const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
			expect(await response.text()).toContain(`nonce="${nonce}"`);
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			expect(response.headers.get('referrer-policy')).toBe('same-origin');
			expect(response.headers.get('cache-control')).toBe('private, no-store');
		}
		// The page's data, fetched by the client router, is just as private.
		const data = await pupil.request(`/diary/${w.petr.id}/__data.json`);
		expect(data.status).toBe(200);
		expect(data.headers.get('cache-control')).toBe('private, no-store');
	});

	test('the login page may not be framed either', async () => {
		const response = await new Client(base).request('/login');
		expect(directives(response.headers.get('content-security-policy')).get('frame-ancestors')).toBe("'none'");
	});
});

describe('R-4.4.1 a lesson file is what its bytes say, and is only ever downloaded', () => {
	test('a script that claims to be audio is refused with 415 and the Russian reason; nothing is stored', async () => {
		for (const claimed of ['audio/x, text/javascript', 'audio/mpeg']) {
			const refused = await upload(SAMPLES.js, 'диктант.mp3', claimed);
			expect(refused.status, claimed).toBe(415);
			expect(refused.json.message).toMatch(/^Можно прикреплять аудио, видео и документы/);
		}
		expect(await sql`select id from lesson_attachment where lesson_id = ${lessonId}`).toHaveLength(0);
	});

	test('the stored type is the detected one; the download is an attachment with nosniff and a sandboxing CSP', async () => {
		// A real MP3 whose uploader claimed a script type: stored and served as audio/mpeg.
		const saved = await upload(SAMPLES.mp3, 'диктант.mp3', 'audio/x, text/javascript');
		expect(saved.status).toBe(201);
		expect(saved.json.mimeType).toBe('audio/mpeg');
		const response = await fetch(`${base}${attachmentsUrl()}/${saved.json.id}`, { headers: { cookie: (await as(w.petr)).cookieHeader() } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('audio/mpeg');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		const csp = directives(response.headers.get('content-security-policy'));
		expect(csp.has('sandbox')).toBe(true);
		expect(csp.get('default-src')).toBe("'none'");
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		expect(new Uint8Array(await response.arrayBuffer())).toEqual(SAMPLES.mp3);
	});
});

describe('X-AUDIT request bodies are as small as their route needs', () => {
	test('R-3.2 a 1 MB sign-in is refused with 413 in Russian before anyone is looked up', async () => {
		const [{ count: before }] = await sql<{ count: number }[]>`select count(*)::int as count from login_event`;
		const response = await new Client(base).request('/login', { form: { login: 'uchitel', password: 'x'.repeat(1024 * 1024) } });
		expect(response.status).toBe(413);
		expect(await response.text()).toMatch(/слишком велик/);
		const [{ count: after }] = await sql<{ count: number }[]>`select count(*)::int as count from login_event`;
		expect(after).toBe(before);
	});

	test('a JSON body over the limit is refused with 413 too', async () => {
		const teacher = await as(w.teacher);
		const response = await teacher.api('POST', `/api/journals/${w.journal.id}/lessons`, { date: '2026-11-17', topic: 'x'.repeat(200 * 1024) });
		expect(response.status).toBe(413);
		expect(response.json.message).toMatch(/слишком велик/);
	});

	test('a chunked sign-in body (no Content-Length) is cut off at the same limit', async () => {
		const url = new URL(base);
		const head = [
			'POST /login HTTP/1.1',
			`Host: ${url.host}`,
			`Origin: ${base}`,
			'Content-Type: application/x-www-form-urlencoded',
			'Transfer-Encoding: chunked',
			'Connection: close',
			'',
			''
		].join('\r\n');
		const status = await new Promise<number>((resolve, reject) => {
			const socket = net.connect(Number(url.port), url.hostname, () => {
				socket.write(head);
				const chunk = 'password=' + 'x'.repeat(256 * 1024);
				socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
				// Never finished: a server that waits for the end would hang here.
			});
			let answer = '';
			socket.on('data', (data) => {
				answer += data.toString('latin1');
				const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
				if (match) {
					resolve(Number(match[1]));
					socket.destroy();
				}
			});
			socket.on('error', reject);
		});
		expect(status).toBe(413);
	});

	test('R-4.4.1 the upload route still takes a file of several megabytes', async () => {
		const big = new Uint8Array(3 * 1024 * 1024);
		big.set(SAMPLES.mp4);
		const saved = await upload(big, 'урок.mp4', 'video/mp4');
		expect(saved.status).toBe(201);
		expect(saved.json).toMatchObject({ mimeType: 'video/mp4', sizeBytes: big.length });
	});
});
