/**
 * Waiting in integration tests: on the thing itself (`until`), never for a guessed time, except
 * to give something every chance to happen that must NOT happen (`settle`), where no event can
 * say "it will not happen now".
 */

/**
 * Polls the condition (which may query HTTP or the database) until it gives something other than
 * undefined or false, and resolves with that; rejects after `timeout` ms naming `what`.
 */
export async function until<T>(
	condition: () => T | undefined | false | Promise<T | undefined | false>,
	options: { what: string; timeout?: number; every?: number }
): Promise<T> {
	const deadline = Date.now() + (options.timeout ?? 10_000);
	for (;;) {
		const value = await condition();
		if (value !== undefined && value !== false) return value as T;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
		await new Promise((resolve) => setTimeout(resolve, options.every ?? 25));
	}
}

/**
 * A bounded wait that proves a negative: after it, the test checks that something did NOT happen
 * (a second instance did not store an edit again). Say why in `why`; everything that can be
 * awaited as an event should be awaited instead.
 */
export function settle(ms: number, why: string): Promise<void> {
	if (!why) throw new Error('settle() needs a reason');
	return new Promise((resolve) => setTimeout(resolve, ms));
}
