/**
 * A teacher's week as an iCalendar file (R-4.1.7), to put on a phone: one event per lesson they
 * take, from the school's bell times in the school's time zone, with the room and the class and
 * subject; replacements, moves and extra lessons already applied (cancelled lessons are not there).
 */
import type { TeacherLesson } from '../queries/timetable.ts';
import ical from 'ical-generator';

/** A lesson of the week: what `teacherWeek` returns. */
export type CalendarLesson = TeacherLesson;

/** What the file holds. */
export interface CalendarWeek {
	teacherName: string;
	monday: string;
	timeZone: string;
	bells: ReadonlyArray<{ lesson: number; start: string; end: string }>;
	lessons: readonly CalendarLesson[];
	/** Where the journal of a lesson opens (the site's origin), for the event's link. */
	origin: string;
}

/**
 * The date and time as a wall-clock reading: ical-generator writes a Date of an event with a time
 * zone by its local fields (`DTSTART;TZID=…:20261127T083000`), so the fields are set to the bell
 * time of the school's day, whatever zone the server runs in.
 */
function wallClock(date: string, time: string): Date {
	const [y, m, d] = date.split('-').map(Number);
	const [hh, mm] = time.split(':').map(Number);
	return new Date(y, m - 1, d, hh, mm, 0, 0);
}

/** The zone's offset from UTC on the day («+03:00»), by the platform's time-zone data. */
function offsetOn(timeZone: string, date: string): string {
	const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(`${date}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
	const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
	return m ? `${m[1]}${m[2]}${m[3] ?? '00'}` : '+0000';
}

/**
 * The zone's definition for the week (a VTIMEZONE, which a calendar needs besides the zone's
 * name): the offset of the week's Monday — a file holds one week, and the zones of Russia have no
 * summer time.
 */
function vtimezone(timeZone: string, monday: string): string {
	const offset = offsetOn(timeZone, monday);
	return [
		'BEGIN:VTIMEZONE',
		`TZID:${timeZone}`,
		'BEGIN:STANDARD',
		`DTSTART:${monday.replaceAll('-', '')}T000000`,
		`TZOFFSETFROM:${offset}`,
		`TZOFFSETTO:${offset}`,
		'END:STANDARD',
		'END:VTIMEZONE'
	].join('\r\n');
}

/** The .ics text of the week; lessons without bell times are left out (they have no hour). */
export function teacherWeekIcs(week: CalendarWeek): string {
	const calendar = ical({ name: `Уроки: ${week.teacherName}`, prodId: { company: 'Журнал', product: 'Расписание', language: 'RU' } });
	calendar.timezone({ name: week.timeZone, generator: (zone) => vtimezone(zone, week.monday) });
	for (const l of week.lessons) {
		const bell = week.bells.find((b) => b.lesson === l.lessonNo);
		if (!bell) continue;
		calendar.createEvent({
			id: `lesson-${l.journalId}-${l.date}-${l.lessonNo}@zhurnal`,
			start: wallClock(l.date, bell.start),
			end: wallClock(l.date, bell.end),
			timezone: week.timeZone,
			summary: `${l.lessonNo}-й урок: ${l.title}${l.change ? ` (${l.change})` : ''}`,
			location: l.room ? `каб. ${l.room}` : null,
			description: l.change ? `${l.change[0].toUpperCase()}${l.change.slice(1)}: ${l.reason ?? ''}` : null,
			url: `${week.origin}/journal/${l.journalId}`
		});
	}
	return calendar.toString();
}
