/**
 * The loop both deliverers of the notification outbox run (e-mail, web push): `run` claims and
 * sends until nothing is due; it starts a moment after start-up, then again `everyMs` after each
 * round ends, never two rounds at once. The timer never keeps the process alive; stopping waits
 * for the round in flight.
 */

/** A running loop. */
export interface Poll {
	/** Stops the timer and waits for the round in flight. */
	stop(): Promise<void>;
	/** Whether `stop` was called (a round checks it between claims). */
	readonly stopped: boolean;
}

/** Starts the loop; a failed round is logged under `what` and the next one comes as usual. */
export function startPoll(what: string, everyMs: number, run: (poll: Poll) => Promise<void>): Poll {
	let stopped = false;
	let running: Promise<void> | undefined;
	let timer: NodeJS.Timeout | undefined;
	const poll: Poll = {
		get stopped() {
			return stopped;
		},
		stop: async () => {
			stopped = true;
			clearTimeout(timer);
			await running;
		}
	};
	const schedule = (ms: number) => {
		if (stopped) return;
		clearTimeout(timer);
		timer = setTimeout(tick, ms);
		timer.unref();
	};
	const tick = () => {
		if (stopped || running) return;
		running = run(poll)
			.catch((error: unknown) => console.error(`${what}:`, error instanceof Error ? error.message : error))
			.finally(() => {
				running = undefined;
				schedule(everyMs);
			});
	};
	schedule(Math.min(everyMs, 1000));
	return poll;
}
