/**
 * The one result shape of every command and query module: done with a value, or refused with a
 * machine-readable code and the Russian sentence a person reads. Transports translate the code
 * (HTTP status, a form's failure, a websocket message); no caller ever compares message strings.
 */

/** Why a command or a query refused. */
export type FailureCode =
	/** Nobody is signed in (or the session is over). */
	| 'unauthenticated'
	/** The policy said no. */
	| 'forbidden'
	/** No such thing, or not the actor's to see (one answer for both). */
	| 'not_found'
	/** The input breaks a rule; the message says which. */
	| 'invalid'
	/** A period mark differs from the suggested one and needs a justification. */
	| 'justification_required'
	/** The state forbids it now: a closed period, a lesson with marks, a login taken. */
	| 'conflict'
	/** The file is larger than allowed. */
	| 'too_large'
	/** The file's type is not accepted. */
	| 'unsupported_type'
	/** Too many attempts; try again after `retryAfter` seconds. */
	| 'rate_limited';

/** A refusal, with whatever else its caller needs to show it (`E`). */
export type Failure<E extends object = object> = { ok: false; code: FailureCode; message: string } & E;

/** Done (`value`) or refused (`Failure`). */
export type Outcome<T = undefined, E extends object = object> = { ok: true; value: T } | Failure<E>;

/** A success carrying the value. */
export function done<T>(value: T): { ok: true; value: T } {
	return { ok: true, value };
}

/** A refusal with its code, message and extras. */
export function refuse<E extends object = object>(code: FailureCode, message: string, extra?: E): Failure<E> {
	return { ok: false, code, message, ...(extra as E) };
}

/** The HTTP status a refusal is answered with. */
export function httpStatusOf(code: FailureCode): 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 {
	switch (code) {
		case 'unauthenticated':
			return 401;
		case 'forbidden':
			return 403;
		case 'not_found':
			return 404;
		case 'conflict':
			return 409;
		case 'too_large':
			return 413;
		case 'unsupported_type':
			return 415;
		case 'rate_limited':
			return 429;
		case 'invalid':
		case 'justification_required':
			return 400;
	}
}
