import type { RequestHandler } from './$types';
import { requireApiActor } from '$lib/server/guard';
import { subscribeInbox } from '$lib/server/inbox-events';

/** A comment line now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

/**
 * The live channel of the signed-in person's mail and notifications (X-LIVE): a server-sent event
 * stream that says `changed` when a message, an announcement or a notification of theirs is
 * committed; the page then reads its badge and lists again. Read-only, and it carries no data.
 */
export const GET: RequestHandler = async ({ locals, request }) => {
	const actor = requireApiActor(locals);
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
			const unsubscribe = subscribeInbox(actor.personId, (what) => send(`event: changed\ndata: ${JSON.stringify({ what })}\n\n`));
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
};
