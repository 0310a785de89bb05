-- R-5.2: at least three marks for a period mark, and optionally more for subjects with more
-- lessons a week: steps [{"fromHours": 3, "minMarks": 5}, …], ascending by hours; empty (the
-- default, also for rules saved before) means the one minimum of min_marks for every journal.
-- The shape of a step is checked by the application. Forward-only: 001 and 002 are never edited.

alter table grading_rules
	add column min_marks_by_hours jsonb not null default '[]'
	check (jsonb_typeof(min_marks_by_hours) = 'array');
