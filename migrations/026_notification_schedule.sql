-- The notification outbox's scheduled work: the daily look for pupils at risk as a period's end
-- nears, and announcements published for a later day. Forward-only: earlier files are never edited.

-- One daily risk check per school and day, written in the check's own transaction: two instances
-- looking at the same moment cannot both tell the families — the second finds the row taken.
create table risk_check_run (
	school_id   integer not null references school(id) on delete cascade,
	day         date not null,
	told        integer not null default 0,
	ran_at      timestamptz not null default now(),
	primary key (school_id, day)
);

-- An announcement may be published for a later day («показывать с»): it is shown from
-- `published_at` on, and its notifications are written then. `notify_pending`: its notifications
-- are still to be written (set only for such announcements; cleared by the one release that
-- claims it with FOR UPDATE SKIP LOCKED).
alter table announcement add column notify_pending boolean not null default false;
create index announcement_notify_due on announcement (published_at) where notify_pending;
