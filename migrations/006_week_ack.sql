-- R-4.3.5: a parent confirms having seen a week of their child's diary («Ознакомлен»); the class
-- teacher sees who has. One row per pupil, parent and week (its Monday).

create table diary_week_ack (
	student_id   integer not null references person(id) on delete cascade,
	parent_id    integer not null references person(id) on delete cascade,
	week_monday  date not null check (extract(isodow from week_monday) = 1),
	acked_at     timestamptz not null default now(),
	primary key (student_id, parent_id, week_monday)
);
