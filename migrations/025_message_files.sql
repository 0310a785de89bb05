-- Files attached to messages and announcements (R-2.9, R-4.4.7): the same kinds and sizes as a
-- lesson's files, stored beside them. A group send's file is stored once for all its conversations
-- (`batch_id`); a message to one person or a reply has its own (`message_id`); an announcement's
-- file is read by whoever reads the announcement. Forward-only: earlier files are never edited.
create table message_file (
	id               serial primary key,
	school_id        integer not null references school(id) on delete cascade,
	batch_id         bigint references message_batch(id) on delete cascade,
	message_id       bigint references message(id) on delete cascade,
	announcement_id  integer references announcement(id) on delete cascade,
	file_name        text not null,
	mime_type        text not null,
	size_bytes       bigint not null check (size_bytes > 0),
	storage_key      text not null unique,
	uploaded_by      integer references person(id) on delete set null,
	uploaded_at      timestamptz not null default now(),
	check (num_nonnulls(batch_id, message_id, announcement_id) = 1)
);
create index message_file_batch on message_file (batch_id) where batch_id is not null;
create index message_file_message on message_file (message_id) where message_id is not null;
create index message_file_announcement on message_file (announcement_id) where announcement_id is not null;
