-- The timetable (расписание): the weekly template per class is `timetable_slot` (001); here it
-- gains odd/even weeks and a teacher of its own, and the changes made for a date arrive:
-- replacements (замена) for one lesson or a range of days, moves, cancellations and extra lessons,
-- each with a reason. A replacement gives its substitute the journal's lessons it covers, and only
-- those (src/lib/server/db/people.ts loadActor). Lessons the timetable put into a journal are
-- marked so; a lesson with marks that the timetable no longer holds is kept and flagged for the
-- teacher instead of being deleted. Forward-only: earlier files are never edited.

-- 0: every week; 1: odd weeks; 2: even weeks (counted from the week of the year's first day).
alter table timetable_slot add column parity smallint not null default 0 check (parity between 0 and 2);
-- The teacher of the slot when not the journal's (first) teacher.
alter table timetable_slot add column teacher_id integer references person(id) on delete set null;
create index timetable_slot_day on timetable_slot (weekday, lesson_no);

create table timetable_change (
	id             serial primary key,
	journal_id     integer not null references journal(id) on delete cascade,
	kind           text not null check (kind in ('replace', 'move', 'cancel', 'extra')),
	-- The lesson's date (move, cancel), the first day (replace), the new lesson's day (extra).
	date           date not null,
	-- The lesson's number; a replacement without one covers every lesson of the journal in the range.
	lesson_no      smallint check (lesson_no between 0 and 10),
	to_date        date not null,
	new_date       date,
	new_lesson_no  smallint check (new_lesson_no between 0 and 10),
	new_room       text check (new_room is null or length(new_room) <= 20),
	-- The substitute of a replacement.
	teacher_id     integer references person(id) on delete cascade,
	reason         text not null check (length(btrim(reason)) between 1 and 200),
	author_id      integer references person(id) on delete set null,
	created_at     timestamptz not null default now(),
	check (to_date >= date),
	check ((kind = 'replace') = (teacher_id is not null)),
	check (kind not in ('move', 'extra') or (new_date is not null and new_lesson_no is not null))
);
create index timetable_change_journal on timetable_change (journal_id, date);
create index timetable_change_teacher on timetable_change (teacher_id) where teacher_id is not null;

alter table lesson add column from_timetable boolean not null default false;
alter table lesson add column timetable_flag text check (timetable_flag is null or length(timetable_flag) <= 300);
