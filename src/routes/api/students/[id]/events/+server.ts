import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { studentFor } from '$lib/server/queries/diary';
import { subscribeDiary } from '$lib/server/diary-events';

/** A comment line now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

/**
 * The live channel of one pupil's diary (X-LIVE): a server-sent event stream that says `changed`
 * whenever a mark, absence, comment, lesson or period mark of the pupil is committed; the page then
 * reads its data again. Only for those who may read the pupil (the same 404 for anyone else);
 * it carries no data, so nothing in it can be forged into the diary.
 */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const { studentId } = unwrap(await studentFor(await requestContext(), actor, params.id));
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
			const unsubscribe = subscribeDiary(studentId, (what) => send(`event: changed\ndata: ${JSON.stringify({ what })}\n\n`));
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
