-- R-2.8, R-3.6: «new since your last visit» on a family's home page. When a person last opened a
-- pupil's diary (a parent: each child's; a pupil: their own). Not a school record: no audit.

create table diary_visit (
	viewer_id   integer not null references person(id) on delete cascade,
	student_id  integer not null references person(id) on delete cascade,
	seen_at     timestamptz not null,
	primary key (viewer_id, student_id)
);
