-- Messages, announcements and in-product notifications. Forward-only: earlier files are never edited.

-- A conversation between two people of one school. A message to a group («всем родителям 7А») makes
-- one conversation per recipient, so replies stay private; `batch_id` ties them to the send.
create table message_batch (
	id          bigserial primary key,
	school_id   integer not null references school(id) on delete cascade,
	sender_id   integer not null references person(id) on delete cascade,
	-- What the sender chose, in words («всем родителям 7А»).
	label       text not null,
	subject     text not null,
	body        text not null,
	sent_at     timestamptz not null default now()
);
create index message_batch_sender on message_batch (sender_id, sent_at);

create table conversation (
	id           bigserial primary key,
	school_id    integer not null references school(id) on delete cascade,
	subject      text not null,
	starter_id   integer not null references person(id) on delete cascade,
	other_id     integer not null references person(id) on delete cascade,
	batch_id     bigint references message_batch(id) on delete set null,
	created_at   timestamptz not null default now(),
	check (starter_id <> other_id)
);
create index conversation_starter on conversation (starter_id);
create index conversation_other on conversation (other_id);

-- The existing message table: a row is one message of a conversation (thread_id), read when its
-- recipient opened the conversation. Threads written before (their first message's id) become
-- conversations under the same id.
insert into conversation (id, school_id, subject, starter_id, other_id, created_at)
select m.id, p.school_id, m.subject, m.sender_id, m.recipient_id, m.sent_at
from message m join person p on p.id = m.sender_id
where m.thread_id = m.id and m.sender_id <> m.recipient_id;
select setval(pg_get_serial_sequence('conversation', 'id'), coalesce((select max(id) from conversation), 0) + 1, false);
delete from message where thread_id is null or thread_id not in (select id from conversation);
alter table message alter column thread_id set not null;
alter table message add constraint message_thread foreign key (thread_id) references conversation(id) on delete cascade;
alter table message add column batch_id bigint references message_batch(id) on delete set null;
create index message_thread on message (thread_id, sent_at);
create index message_batch_idx on message (batch_id);
create index message_sender on message (sender_id, sent_at);

-- A person who no longer takes messages from another (the administration's still arrive).
create table message_block (
	person_id   integer not null references person(id) on delete cascade,
	blocked_id  integer not null references person(id) on delete cascade,
	created_at  timestamptz not null default now(),
	primary key (person_id, blocked_id),
	check (person_id <> blocked_id)
);

-- Announcements: school-wide (no class), per class, or per group; for whom; pinned; until when.
alter table announcement add column group_id integer references study_group(id) on delete cascade;
alter table announcement add column for_families boolean not null default true;
alter table announcement add column for_students boolean not null default true;
alter table announcement add column for_staff boolean not null default true;
alter table announcement add column pinned boolean not null default false;
-- How many people it reached when published (the «из N» of its read state).
alter table announcement add column reach integer;
alter table announcement add constraint announcement_audience check (for_families or for_students or for_staff);
create index announcement_school on announcement (school_id, published_at);

create table announcement_read (
	announcement_id  integer not null references announcement(id) on delete cascade,
	person_id        integer not null references person(id) on delete cascade,
	read_at          timestamptz not null default now(),
	primary key (announcement_id, person_id)
);

-- The outbox of notifications: one row per recipient, written in the same transaction as the
-- message or announcement that caused it. In the product it is shown at once; the e-mail columns
-- are for a deliverer that claims rows with FOR UPDATE SKIP LOCKED.
create table notification (
	id               bigserial primary key,
	school_id        integer not null references school(id) on delete cascade,
	person_id        integer not null references person(id) on delete cascade,
	kind             text not null check (kind in ('message', 'announcement', 'report')),
	title            text not null,
	body             text not null default '',
	link             text not null,
	created_at       timestamptz not null default now(),
	read_at          timestamptz,
	-- Delivery by other channels: 'none' (not asked for), 'pending', 'sent', 'failed'.
	email_state      text not null default 'none' check (email_state in ('none', 'pending', 'sent', 'failed')),
	email_attempts   smallint not null default 0,
	email_next_at    timestamptz,
	email_sent_at    timestamptz,
	email_error      text
);
create index notification_person on notification (person_id, created_at);
create index notification_unread on notification (person_id) where read_at is null;
create index notification_email_due on notification (email_next_at) where email_state = 'pending';
