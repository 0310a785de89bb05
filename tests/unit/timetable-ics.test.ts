/**
 * A teacher's week as iCalendar: each lesson is an event at the school's bell time in
 * the school's zone, whatever zone the server itself runs in; a lesson with no bell time is left
 * out; the zone is defined in the file.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { teacherWeekIcs, type CalendarWeek } from '../../src/lib/server/documents/timetable-ics';

const week: CalendarWeek = {
	teacherName: 'Петрова Анна Ивановна',
	monday: '2026-11-30',
	timeZone: 'Asia/Yekaterinburg',
	bells: [
		{ lesson: 1, start: '08:30', end: '09:15' },
		{ lesson: 2, start: '09:25', end: '10:10' }
	],
	origin: 'https://school.example',
	lessons: [
		{ date: '2026-11-30', lessonNo: 1, journalId: 7, title: '7А, Алгебра', room: '21', change: null, reason: null },
		{ date: '2026-12-02', lessonNo: 2, journalId: 7, title: '7А, Алгебра', room: null, change: 'замена', reason: 'Курсы' },
		{ date: '2026-12-03', lessonNo: 8, journalId: 7, title: '7А, Алгебра', room: '21', change: null, reason: null }
	]
};

const zone = process.env.TZ;
afterEach(() => {
	if (zone === undefined) delete process.env.TZ;
	else process.env.TZ = zone;
});

describe('R-4.1.7 a teacher’s week for a phone', () => {
	test('R-4.1.7: lessons at the bell times in the school’s zone, with room and link; none without a bell', () => {
		for (const serverZone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
			process.env.TZ = serverZone;
			const ics = teacherWeekIcs(week);
			expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
			expect(ics).toContain('DTSTART;TZID=Asia/Yekaterinburg:20261130T083000');
			expect(ics).toContain('DTEND;TZID=Asia/Yekaterinburg:20261130T091500');
			expect(ics).toContain('DTSTART;TZID=Asia/Yekaterinburg:20261202T092500');
			expect(ics).toContain('TZOFFSETTO:+0500');
			expect(ics).toContain('LOCATION:каб. 21');
			expect(ics).toContain('SUMMARY:2-й урок: 7А\\, Алгебра (замена)');
			expect(ics).toContain('DESCRIPTION:Замена: Курсы');
			expect(ics).toContain('URL;VALUE=URI:https://school.example/journal/7');
		}
	});
});
