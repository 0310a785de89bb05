-- First start without the demo: a one-time setup link creates the school and its first
-- administrator. Only the SHA-256 of the link's token is kept (as for sessions); a token is
-- good until one of them is used, after which every token is spent and the school exists.
-- Also the curriculum, below. Forward-only: 001–006 are never edited.

create table setup_token (
	id          serial primary key,
	token_hash  text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	created_at  timestamptz not null default now(),
	used_at     timestamptz
);

-- The curriculum (учебный план): lessons a week of each subject in each grade, per school year.
-- Thematic plans and reports check a journal's hours against it; a subject a grade does not
-- study has no row.
create table curriculum (
	year_id         integer not null references school_year(id) on delete cascade,
	subject_id      integer not null references subject(id) on delete cascade,
	grade           smallint not null check (grade between 1 and 11),
	hours_per_week  numeric(4, 1) not null check (hours_per_week > 0 and hours_per_week <= 40),
	primary key (year_id, subject_id, grade)
);
create index curriculum_subject on curriculum (subject_id);
