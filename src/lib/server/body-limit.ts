/**
 * How large a request body may be (X-AUDIT). Forms and JSON are small; only the lesson-file upload
 * and a message or an announcement with files take megabytes. The limit is checked in `hooks.server.ts` before anything reads the
 * body — and before the session is looked up — so an anonymous sign-in cannot make the server
 * buffer 25 MB. A body without Content-Length (chunked) is counted as it streams and cut off at the
 * same limit; adapter-node's BODY_SIZE_LIMIT (`server/main.ts`) is the ceiling for every route.
 */
import { MAX_ATTACHMENT_BYTES } from '../domain/journal-rules.ts';

/** The largest body of a form or JSON request: many times what any of our forms or scripts send. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** The largest body of a lesson-file upload, or of a message's files together: the largest file plus room for the multipart framing. */
export const UPLOAD_BODY_BYTES = MAX_ATTACHMENT_BYTES + 1024 * 1024;

/** The one route that takes files: POST /api/journals/:id/lessons/:lessonId/attachments. */
const UPLOAD_ROUTE = /^\/api\/journals\/[^/]+\/lessons\/[^/]+\/attachments\/?$/;

/** The pages that send a message, a reply or an announcement with files: POST /messages, /messages/:id, /announcements. */
const MESSAGE_ROUTE = /^\/(messages(\/[^/]+)?|announcements)\/?$/;

/** The largest body of an import (X-IMPORT): the file, and the same file again as text when the preview is applied. */
export const IMPORT_BODY_BYTES = 12 * 1024 * 1024;

/** The page that takes a school's spreadsheet: POST /admin/import. */
const IMPORT_ROUTE = /^\/admin\/import\/?$/;

/** The largest backup file the first-start page takes: a school's database and its lesson files. */
export const RESTORE_BODY_BYTES = 4 * 1024 * 1024 * 1024;

/** The first-start page's restore upload: POST /setup/:token/restore (a raw body, streamed to disk). */
const RESTORE_ROUTE = /^\/setup\/[^/]+\/restore\/?$/;

/** What a person reads when a request is refused for its size. */
export const BODY_MESSAGES = {
	tooLarge: 'Запрос слишком велик.'
} as const;

/** The largest body this request may carry. */
export function bodyLimitOf(method: string, pathname: string): number {
	if (method === 'POST' && (UPLOAD_ROUTE.test(pathname) || MESSAGE_ROUTE.test(pathname))) return UPLOAD_BODY_BYTES;
	if (method === 'POST' && RESTORE_ROUTE.test(pathname)) return RESTORE_BODY_BYTES;
	return method === 'POST' && IMPORT_ROUTE.test(pathname) ? IMPORT_BODY_BYTES : SMALL_BODY_BYTES;
}

/** True when the request says its body is larger than `limit` (a Content-Length that is not a number counts as too large). */
export function declaresTooLarge(request: Request, limit: number): boolean {
	const declared = request.headers.get('content-length');
	if (declared === null) return false;
	const bytes = Number(declared);
	return !Number.isSafeInteger(bytes) || bytes < 0 || bytes > limit;
}

/**
 * The same request with its body cut off after `limit` bytes: reading past the limit fails with
 * `tooLarge()` (for a page or endpoint, an HTTP 413 error) and nothing more is read into memory.
 */
export function withBodyLimit(request: Request, limit: number, tooLarge: () => unknown): Request {
	const body = request.body;
	if (!body) return request;
	const reader = body.getReader();
	let size = 0;
	const limited = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const { done, value } = await reader.read();
			if (done) return controller.close();
			size += value.byteLength;
			if (size > limit) {
				// Stop reading, but do not cancel the client's stream: adapter-node would destroy the
				// socket, and the client would get a reset instead of our 413.
				controller.error(tooLarge());
				return;
			}
			controller.enqueue(value);
		},
		cancel: (reason) => reader.cancel(reason)
	});
	return new Request(request, { body: limited, duplex: 'half' } as RequestInit);
}

/** The 413 answer: JSON `{ message }` for scripts, plain text for a browser's form post. */
export function tooLargeResponse(request: Request): Response {
	const headers = { 'cache-control': 'no-store', connection: 'close' };
	if ((request.headers.get('accept') ?? '').includes('application/json')) {
		return Response.json({ message: BODY_MESSAGES.tooLarge }, { status: 413, headers });
	}
	return new Response(BODY_MESSAGES.tooLarge, { status: 413, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
}
