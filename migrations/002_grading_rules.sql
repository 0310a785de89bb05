-- Grading rules per school and school year (R-2.5, R-5.1, R-5.2, X-MARKS), edited by the
-- administrator; and what R-5.3 needs to reopen a closed period for a named reason.
-- Forward-only: 001 is never edited.

create table grading_rules (
	id                   serial primary key,
	school_id            integer not null references school(id) on delete cascade,
	year_id              integer not null references school_year(id) on delete cascade,
	scale_min            smallint not null check (scale_min between 1 and 12),
	scale_max            smallint not null check (scale_max between 1 and 12),
	-- [{"mark": 5, "from": 4.6}, …], highest mark first; the shape is checked by the application.
	thresholds           jsonb not null check (jsonb_typeof(thresholds) = 'array'),
	min_marks            smallint not null default 3 check (min_marks between 1 and 20),
	required_work_types  text[] not null default '{}',
	no_top_with_fail     boolean not null default false,
	-- The same shape as absence.code: short lowercase Russian words, at least one, no nulls.
	absence_codes        text[] not null check (
		cardinality(absence_codes) between 1 and 10
		and array_position(absence_codes, null) is null
		and array_to_string(absence_codes, ',') ~ '^[а-яё]{1,4}(,[а-яё]{1,4})*$'
	),
	mark_free_grades     smallint[] not null default '{1}' check (
		array_position(mark_free_grades, null) is null
		and mark_free_grades <@ '{1,2,3,4,5,6,7,8,9,10,11}'::smallint[]
	),
	updated_by           integer references person(id) on delete set null,
	updated_at           timestamptz not null default now(),
	check (scale_min < scale_max),
	unique (school_id, year_id)
);

-- R-5.3: the administrator may reopen a closed period until a date, for a reason that is kept.
alter table period add column reopened_until date;
alter table period add column reopen_reason text;
alter table period add constraint period_reopen_reason check (
	(reopened_until is null) = (reopen_reason is null)
	and (reopen_reason is null or length(btrim(reopen_reason)) > 0)
);
