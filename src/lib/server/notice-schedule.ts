/**
 * The notification outbox's scheduled work, looked at once a minute by every instance: announcements
 * published for a later day are released when it comes (`releaseDueAnnouncements`: each claimed by
 * one instance), and from 9:00 school time the daily risk check tells families of pupils at risk
 * of «2» or «н/а» as a period's end nears (`checkRisksNearPeriodEnd`: one run per school and day,
 * taken in its own transaction). The timer never keeps the process alive; stopping waits for a
 * look in progress.
 */
import type { Config } from './config.ts';
import type { Sql } from './db/client.ts';
import { schoolsInYearOn } from './db/notifications.ts';
import { checkRisksNearPeriodEnd } from './commands/journal-notices.ts';
import { releaseDueAnnouncements } from './commands/messages.ts';
import { todayIn } from '../domain/dates.ts';
import { minuteOfDayIn, RISK_CHECK_HOUR } from '../domain/notifications.ts';

/** The running schedule. */
export interface NoticeSchedule {
	stop(): Promise<void>;
}

/** What one look did: announcements released, and people told of a risk (by the checks this instance ran). */
export interface NoticeTick {
	released: number;
	toldOfRisk: number[];
}

/**
 * One look at the clock `now`: releases the due announcements and, from 9:00, runs the day's risk
 * checks not yet run. The day is the school's today: a fixed TODAY (a demo) when configured, so a
 * demo's marks are judged on the day the demo is set in, else the day of `now` in TZ_SCHOOL.
 */
export async function noticeTick(sql: Sql, config: Config, now: Date): Promise<NoticeTick> {
	const today = config.today ?? todayIn(config.timeZone, now);
	const released = await releaseDueAnnouncements({ sql, today });
	const toldOfRisk: number[] = [];
	if (config.riskNoticeDays > 0 && minuteOfDayIn(config.timeZone, now) >= RISK_CHECK_HOUR * 60)
		for (const schoolId of await schoolsInYearOn(sql, today))
			toldOfRisk.push(...((await checkRisksNearPeriodEnd(sql, { schoolId, today, days: config.riskNoticeDays })) ?? []));
	return { released, toldOfRisk };
}

/** Starts the schedule; the first look is a few seconds after start. */
export function startNoticeSchedule(sql: Sql, config: Config, everyMs = 60_000): NoticeSchedule {
	let running: Promise<unknown> | undefined;
	const look = () => {
		if (running) return;
		running = noticeTick(sql, config, new Date())
			.catch((error: unknown) => console.error('Объявления по расписанию и проверка риска:', error instanceof Error ? error.message : error))
			.finally(() => (running = undefined));
	};
	const first = setTimeout(look, Math.min(everyMs, 5_000));
	first.unref();
	const timer = setInterval(look, everyMs);
	timer.unref();
	return {
		stop: async () => {
			clearTimeout(first);
			clearInterval(timer);
			await running;
		}
	};
}
