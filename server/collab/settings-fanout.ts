/**
 * With several instances (REDIS_URL), a school's new settings (grading rules, types of work,
 * periods) must reach its journals open on every instance, not only on the one that saved them.
 * The Hocuspocus Redis extension carries document updates, but an instance does not know which
 * journals the others have open; so the saving instance announces the school on a Redis channel
 * and every other instance refreshes its own open journals of that school.
 *
 * Committed changes of pupils' diaries travel on a third channel, so an open diary on any instance
 * reads them (X-LIVE). Access changes travel the same way on a sibling channel: an account signed out (or its
 * password changed or reset), or a school's rights changed, and every other instance judges its
 * own open connections of that account or school again.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Whose access changed. */
export type AccessAnnouncement = { accountId: number } | { schoolId: number };

/** Announces and hears "this school's settings changed" and "this access changed" between instances. */
export class SettingsFanout {
	private readonly publisher: Redis;
	private readonly subscriber: Redis;
	private readonly channel: string;
	private readonly accessChannel: string;
	private readonly diaryChannel: string;
	/** Hears other instances' «these pupils' diaries changed» (set by whoever serves diaries here). */
	onDiary: (studentIds: number[], what: string) => void = () => undefined;
	/** Tells this instance's own announcements from the others'. */
	private readonly instance = randomUUID();

	constructor(url: string, prefix: string, onChanged: (schoolId: number) => void, onAccess: (scope: AccessAnnouncement) => void = () => undefined) {
		this.channel = `${prefix}:settings`;
		this.accessChannel = `${prefix}:access`;
		this.diaryChannel = `${prefix}:diary`;
		this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
		this.subscriber = new Redis(url, { lazyConnect: false });
		// A Redis outage must not crash the journal server; ioredis reconnects by itself.
		this.publisher.on('error', (error) => console.error('[collab] settings fan-out:', error.message));
		this.subscriber.on('error', (error) => console.error('[collab] settings fan-out:', error.message));
		void this.subscriber.subscribe(this.channel, this.accessChannel, this.diaryChannel).catch((error) => console.error('[collab] settings fan-out:', error.message));
		this.subscriber.on('message', (channel: string, message: string) => {
			if (channel === this.diaryChannel) {
				const diary = parseDiary(message);
				if (diary && diary.from !== this.instance) this.onDiary(diary.studentIds, diary.what);
				return;
			}
			const parsed = parse(message);
			if (!parsed || parsed.from === this.instance) return;
			if (channel === this.channel && parsed.schoolId !== undefined) onChanged(parsed.schoolId);
			if (channel === this.accessChannel) {
				if (parsed.accountId !== undefined) onAccess({ accountId: parsed.accountId });
				else if (parsed.schoolId !== undefined) onAccess({ schoolId: parsed.schoolId });
			}
		});
	}

	/** Tells the other instances that the school's settings changed; never fails the caller. */
	announce(schoolId: number): Promise<void> {
		return this.publish(this.channel, { schoolId });
	}

	/** Tells the other instances that an account's or a school's access changed; never fails the caller. */
	announceAccess(scope: AccessAnnouncement): Promise<void> {
		return this.publish(this.accessChannel, scope);
	}

	/** Tells the other instances that these pupils' diaries changed (X-LIVE); never fails the caller. */
	announceDiary(studentIds: readonly number[], what: string): Promise<void> {
		return this.publish(this.diaryChannel, { studentIds: [...studentIds], what });
	}

	/** Closes both connections. */
	async close(): Promise<void> {
		this.subscriber.disconnect();
		this.publisher.disconnect();
	}

	private async publish(channel: string, body: AccessAnnouncement | { studentIds: number[]; what: string }): Promise<void> {
		try {
			await this.publisher.publish(channel, JSON.stringify({ ...body, from: this.instance }));
		} catch (error) {
			console.error('[collab] settings fan-out:', error instanceof Error ? error.message : error);
		}
	}
}

function parse(message: string): { schoolId?: number; accountId?: number; from: string } | undefined {
	try {
		const value = JSON.parse(message) as { schoolId?: unknown; accountId?: unknown; from?: unknown };
		if (typeof value.from !== 'string') return undefined;
		const schoolId = Number.isSafeInteger(value.schoolId) ? (value.schoolId as number) : undefined;
		const accountId = Number.isSafeInteger(value.accountId) ? (value.accountId as number) : undefined;
		return schoolId === undefined && accountId === undefined ? undefined : { schoolId, accountId, from: value.from };
	} catch {
		return undefined;
	}
}

function parseDiary(message: string): { studentIds: number[]; what: string; from: string } | undefined {
	try {
		const value = JSON.parse(message) as { studentIds?: unknown; what?: unknown; from?: unknown };
		if (typeof value.from !== 'string' || typeof value.what !== 'string' || !Array.isArray(value.studentIds)) return undefined;
		return { studentIds: value.studentIds.filter((id): id is number => Number.isSafeInteger(id)), what: value.what, from: value.from };
	} catch {
		return undefined;
	}
}
