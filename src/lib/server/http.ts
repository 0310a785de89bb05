/**
 * Transport helpers of the HTTP side: an outcome of a command or a query becomes a value, an
 * HTTP error or a form failure here, the same way on every page and endpoint.
 */
import { error, fail, isHttpError } from '@sveltejs/kit';
import { httpStatusOf, type Failure, type Outcome } from './commands/outcome.ts';
import { JOURNAL_MESSAGES } from '../domain/journal-rules.ts';

/** The value of a success; a refusal becomes the HTTP error of its code with its Russian message. */
export function unwrap<T, E extends object>(outcome: Outcome<T, E>): T {
	if (!outcome.ok) error(httpStatusOf(outcome.code), outcome.message);
	return outcome.value;
}

/** A refusal as a form action's failure: `{ message, …data }` with the status of its code (forbidden stays an error page). */
export function formFailure<D extends Record<string, unknown> = Record<never, never>>(failure: Failure, data?: D) {
	if (failure.code === 'forbidden' || failure.code === 'unauthenticated') error(httpStatusOf(failure.code), failure.message);
	return fail(failure.code === 'rate_limited' ? 429 : 400, { ...(data as D), message: failure.message });
}

/** The JSON body of a request as an object, or 415 / 400. */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
	if (!(request.headers.get('content-type') ?? '').includes('application/json')) error(415, JOURNAL_MESSAGES.badRequest);
	let body: unknown;
	try {
		body = await request.json();
	} catch (thrown) {
		// A body cut off at its limit while streaming stays the 413 it is; anything else is malformed.
		if (isHttpError(thrown, 413)) throw thrown;
		error(400, JOURNAL_MESSAGES.badRequest);
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) error(400, JOURNAL_MESSAGES.badRequest);
	return body as Record<string, unknown>;
}

/** A comment line now and then keeps proxies from closing a quiet event stream. */
const HEARTBEAT_MS = 25_000;

/**
 * A server-sent event stream that says `changed` (with what changed) each time `subscribe`'s
 * listener is called, until the client goes away; the page then reads its data again. It carries
 * no data of its own, so nothing in it can be forged into a page. `subscribe` returns its unsubscribe.
 */
export function changeStream(request: Request, subscribe: (changed: (what: string) => void) => () => void): Response {
	const encoder = new TextEncoder();
	let stop = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			const send = (text: string) => {
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					stop();
				}
			};
			send('retry: 5000\n: открыт\n\n');
			const unsubscribe = subscribe((what) => send(`event: changed\ndata: ${JSON.stringify({ what })}\n\n`));
			const heartbeat = setInterval(() => send(': \n\n'), HEARTBEAT_MS);
			stop = () => {
				clearInterval(heartbeat);
				unsubscribe();
			};
			request.signal.addEventListener('abort', () => {
				stop();
				try {
					controller.close();
				} catch {
					// Already closed.
				}
			});
		},
		cancel() {
			stop();
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'private, no-store', 'x-accel-buffering': 'no' }
	});
}
