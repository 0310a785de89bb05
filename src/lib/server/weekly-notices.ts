/**
 * The schedule of the class teachers' weekly automatic notices (R-4.3.10): once a minute the
 * server looks at the school's clock, and on a Monday from 9:00 runs the notices not yet sent this
 * week (`runWeeklyNotices`). Every instance looks; the week's run row, taken in the send's
 * transaction, lets only one of them send. The timer never keeps the process alive; stopping waits
 * for a run in progress.
 */
import type { Config } from './config.ts';
import type { Sql } from './db/client.ts';
import { runWeeklyNotices } from './commands/class-week.ts';
import { todayIn } from '../domain/dates.ts';
import { weeklyNoticeDue } from '../domain/class-week.ts';
import { minuteOfDayIn } from '../domain/notifications.ts';

/** The running schedule. */
export interface WeeklyNoticeSchedule {
	stop(): Promise<void>;
}

/** One look at the clock `now`: runs the week's due notices on a Monday from 9:00; returns the classes sent to. */
export async function weeklyNoticeTick(sql: Sql, config: Config, now: Date): Promise<number> {
	const today = todayIn(config.timeZone, now);
	const monday = weeklyNoticeDue(today, Math.floor(minuteOfDayIn(config.timeZone, now) / 60));
	if (!monday) return 0;
	return runWeeklyNotices({ sql, today: monday }, monday);
}

/** Starts the schedule; the first look is a minute after start. */
export function startWeeklyNotices(sql: Sql, config: Config, everyMs = 60_000): WeeklyNoticeSchedule {
	let running: Promise<unknown> | undefined;
	const timer = setInterval(() => {
		if (running) return;
		running = weeklyNoticeTick(sql, config, new Date())
			.catch((error: unknown) => console.error('Еженедельные уведомления родителям:', error instanceof Error ? error.message : error))
			.finally(() => (running = undefined));
	}, everyMs);
	timer.unref();
	return {
		stop: async () => {
			clearInterval(timer);
			await running;
		}
	};
}
