/**
 * The production server (server/main.ts) for benchmarks, with a way to weigh it: on the IPC
 * message 'heap' it collects garbage and answers { heapUsed, rss } in bytes. Run with
 * node --expose-gc --import tsx bench/serve.ts (bench/harness.ts does).
 */
import { main } from '../server/main.ts';

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message) => {
	if (message !== 'heap') return;
	gc?.();
	gc?.();
	const { heapUsed, rss } = process.memoryUsage();
	process.send?.({ heapUsed, rss });
});
await main();
