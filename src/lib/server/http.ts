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
