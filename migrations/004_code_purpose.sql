-- R-3.1: a code either activates a person who has no account yet (they choose the login) or
-- resets the password of an existing account (the login stays). Codes issued before this
-- migration are activation codes, so one given to a person who has an account since can no
-- longer replace that account. Forward-only: 001–003 are never edited.

alter table activation_code
	add column purpose text not null default 'activate'
	check (purpose in ('activate', 'reset'));
