-- The year's archive as a job in the database, so every instance shows the same progress and only
-- one makes a school's archive at a time. The file itself is written under the DATA_DIR of the
-- instance that made it (`instance` names it). Forward-only: earlier files are never edited.
create table archive_job (
	id            serial primary key,
	school_id     integer not null references school(id) on delete cascade,
	year_id       integer not null references school_year(id) on delete cascade,
	started_by    integer references person(id) on delete set null,
	state         text not null check (state in ('running', 'done', 'failed')),
	-- Files to make, and made so far.
	total         integer not null default 0 check (total >= 0),
	made          integer not null default 0 check (made >= 0),
	-- The archive's file name (archive-<year>-<moment>.zip).
	file_name     text not null,
	-- The instance making it (host and process), for the operator.
	instance      text not null,
	-- Why it failed (Russian), when it did.
	error         text,
	started_at    timestamptz not null default now(),
	-- Renewed after every file; a running job whose heartbeat is old lost its instance.
	heartbeat_at  timestamptz not null default now(),
	finished_at   timestamptz
);
-- One running job per school: the insert that starts one is the claim.
create unique index archive_job_running on archive_job (school_id) where state = 'running';
create index archive_job_school on archive_job (school_id, id desc);
