-- First start without the demo: a one-time setup link creates the school and its first
-- administrator. Only the SHA-256 of the link's token is kept (as for sessions); a token is
-- good until one of them is used, after which every token is spent and the school exists.
-- Forward-only: 001–006 are never edited.

create table setup_token (
	id          serial primary key,
	token_hash  text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	created_at  timestamptz not null default now(),
	used_at     timestamptz
);
