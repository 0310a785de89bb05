-- E-mail delivery of notifications from the outbox. Forward-only: earlier files are never edited.
--
-- A deliverer claims a due row with FOR UPDATE SKIP LOCKED and moves it to 'sending' with a lease
-- (email_next_at is then the moment the lease runs out); a row left in 'sending' by a killed
-- process is taken again only after that. 'skipped': the recipient has no e-mail address.
alter table notification drop constraint notification_email_state_check;
alter table notification add constraint notification_email_state
	check (email_state in ('none', 'pending', 'sending', 'sent', 'failed', 'skipped'));
-- The Message-ID given at the first claim and kept for every retry, so a duplicate is recognisable.
alter table notification add column email_message_id text;
-- The address the letter went to (the person's address at the time of the claim).
alter table notification add column email_to text;
-- What the SMTP server answered when it accepted the letter.
alter table notification add column email_accepted text;
drop index notification_email_due;
create index notification_email_due on notification (email_next_at) where email_state in ('pending', 'sending');
