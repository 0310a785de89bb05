/**
 * The time zone the school chose at setup, kept for the process once known (at start-up, and when
 * the setup link creates the school), so that the school's «today» follows it; TZ_SCHOOL is only
 * the default before a school exists. On globalThis: the SvelteKit bundle and the websocket server
 * are two copies of this module in one process.
 */
const ZONE = Symbol.for('zhurnal.schoolTimeZone');
type Holder = { [ZONE]?: string };

/** Keeps the school's time zone (nothing when there is none yet). */
export function rememberSchoolTimeZone(zone: string | undefined): void {
	if (zone) (globalThis as Holder)[ZONE] = zone;
}

/** The school's time zone, when known. */
export function schoolTimeZone(): string | undefined {
	return (globalThis as Holder)[ZONE];
}
