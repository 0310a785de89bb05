-- Journal control (R-4.5.5, R-4.4.2): when homework was entered, the school's rule for it, and
-- the reminders the deputy sends teachers about their journals. Forward-only: earlier files are never edited.

-- The school day the lesson's homework was first entered (null: none, or entered before this was kept).
alter table lesson add column homework_on date;
-- Lessons that had homework before: entered no later than the row was made.
update lesson set homework_on = created_at::date where nullif(btrim(homework), '') is not null;

-- Homework is due this many days after the lesson's day at the latest (0: on the lesson's day).
alter table grading_rules add column homework_due_days smallint not null default 0 check (homework_due_days between 0 and 14);

-- A reminder sent to a teacher: what was found in their journals when it was sent, each finding
-- with a key (the lesson, the journal and period) by which it is found again until it is fixed.
create table control_notice (
	id          serial primary key,
	school_id   integer not null references school(id) on delete cascade,
	teacher_id  integer not null references person(id) on delete cascade,
	sent_by     integer references person(id) on delete set null,
	sent_at     timestamptz not null default now(),
	-- The school's day it was sent.
	sent_on     date not null,
	-- [{"key": "work:12", "text": "…", "journalId": 3}, …]; the shape is checked by the application.
	findings    jsonb not null check (jsonb_typeof(findings) = 'array')
);
create index control_notice_teacher on control_notice (teacher_id, sent_at desc);
