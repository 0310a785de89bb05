-- Timetable changes (a replacement, a move, a cancellation, an extra lesson) notify the teachers
-- concerned and the class's families through the notification outbox: a kind of its own.
alter table notification drop constraint if exists notification_kind_check;
alter table notification add constraint notification_kind_check check (kind in ('message', 'announcement', 'report', 'timetable'));
