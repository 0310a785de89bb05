/**
 * The daily fill of lesson columns from the timetable: at start and then whenever the
 * school's day has changed since the last fill, every journal gets the timetable's lessons up to
 * today without anyone opening it first. A look every few minutes costs one date comparison; the
 * fill itself is idempotent. The timer never keeps the process alive; stopping waits for a run in
 * progress so the database can close after it.
 */
import type { Config } from './config.ts';
import type { Sql } from './db/client.ts';
import { fillTimetableLessons } from './commands/timetable.ts';
import { today } from './start.ts';
import { pluralRu } from '../domain/plural.ts';

/** How often the day is looked at. */
export const TIMETABLE_FILL_LOOK_MS = 5 * 60 * 1000;

/** The running fill. */
export interface TimetableFill {
	/** Resolves when the run in progress (if any) is over: for tests and shutdown. */
	idle(): Promise<void>;
	stop(): Promise<void>;
}

/** Starts the fill now and looks again every `everyMs`; a failed run is logged and tried again at the next look. */
export function startTimetableFill(sql: Sql, config: Config, everyMs: number = TIMETABLE_FILL_LOOK_MS): TimetableFill {
	let filledDay: string | undefined;
	let running: Promise<void> | undefined;
	let stopped = false;
	const run = () => {
		// The configured day is read each time: a school's today moves at its midnight (and in tests, when told).
		const day = today(config);
		if (stopped || running || day === filledDay) return;
		running = fillTimetableLessons({ sql, today: day })
			.then(
				(filled) => {
					filledDay = day;
					const n = filled.lessons;
					const m = filled.journals;
					if (n > 0) console.log(`Расписание на ${day}: ${n} ${pluralRu(n, ['урок', 'урока', 'уроков'])} в ${m} ${pluralRu(m, ['журнале', 'журналах', 'журналах'])}.`);
				},
				(error: unknown) => console.error('Уроки по расписанию не добавлены:', error instanceof Error ? error.message : error)
			)
			.finally(() => (running = undefined));
	};
	const timer = setInterval(run, everyMs);
	timer.unref();
	run();
	return {
		idle: async () => {
			await running;
		},
		stop: async () => {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}
