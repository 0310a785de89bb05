/**
 * With several instances (REDIS_URL), a school's new settings (grading rules, types of work,
 * periods) must reach its journals open on every instance, not only on the one that saved them.
 * The Hocuspocus Redis extension carries document updates, but an instance does not know which
 * journals the others have open; so the saving instance announces the school on a Redis channel
 * and every other instance refreshes its own open journals of that school.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Announces and hears "this school's settings changed" between instances. */
export class SettingsFanout {
	private readonly publisher: Redis;
	private readonly subscriber: Redis;
	private readonly channel: string;
	/** Tells this instance's own announcements from the others'. */
	private readonly instance = randomUUID();

	constructor(url: string, prefix: string, onChanged: (schoolId: number) => void) {
		this.channel = `${prefix}:settings`;
		this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
		this.subscriber = new Redis(url, { lazyConnect: false });
		// A Redis outage must not crash the journal server; ioredis reconnects by itself.
		this.publisher.on('error', (error) => console.error('[collab] settings fan-out:', error.message));
		this.subscriber.on('error', (error) => console.error('[collab] settings fan-out:', error.message));
		void this.subscriber.subscribe(this.channel).catch((error) => console.error('[collab] settings fan-out:', error.message));
		this.subscriber.on('message', (channel: string, message: string) => {
			if (channel !== this.channel) return;
			const parsed = parse(message);
			if (parsed && parsed.from !== this.instance) onChanged(parsed.schoolId);
		});
	}

	/** Tells the other instances that the school's settings changed; never fails the caller. */
	async announce(schoolId: number): Promise<void> {
		try {
			await this.publisher.publish(this.channel, JSON.stringify({ schoolId, from: this.instance }));
		} catch (error) {
			console.error('[collab] settings fan-out:', error instanceof Error ? error.message : error);
		}
	}

	/** Closes both connections. */
	async close(): Promise<void> {
		this.subscriber.disconnect();
		this.publisher.disconnect();
	}
}

function parse(message: string): { schoolId: number; from: string } | undefined {
	try {
		const value = JSON.parse(message) as { schoolId?: unknown; from?: unknown };
		return Number.isSafeInteger(value.schoolId) && typeof value.from === 'string' ? { schoolId: value.schoolId as number, from: value.from } : undefined;
	} catch {
		return undefined;
	}
}
