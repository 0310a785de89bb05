-- Journal events in the notification outbox, each person's choices of how to hear of them, and
-- the daily digest. Forward-only: earlier files are never edited.

-- A mark or a period mark set, homework added, a lesson missed without a valid reason, a risk of
-- «2» or «н/а» for the period: kinds of their own, told to the pupil and the pupil's parents.
alter table notification drop constraint if exists notification_kind_check;
alter table notification add constraint notification_kind_check
	check (kind in ('message', 'announcement', 'report', 'timetable', 'mark', 'homework', 'absence', 'risk'));

-- Many marks of one save reach a person as one notification: while a notification is unread and
-- not yet taken by a deliverer, a new event of the same topic (the marks of one pupil in one
-- journal, the absences of one pupil on one day, the homework of one lesson) is added to it.
-- The topic is cleared when the notification is read or its letter is claimed.
alter table notification add column topic text;
-- How many events the notification tells of (the marks of a save, the lessons of a day).
alter table notification add column items integer not null default 1;
create unique index notification_open_topic on notification (person_id, topic) where topic is not null;

-- The daily digest: a notification whose recipient asked for one letter a day waits in 'digest'
-- until the school's hour; the deliverer then claims all of a person's waiting ones at once and
-- sends them as one letter (they share its Message-ID in email_message_id).
alter table notification drop constraint notification_email_state;
alter table notification add constraint notification_email_state
	check (email_state in ('none', 'pending', 'sending', 'sent', 'failed', 'skipped', 'digest'));
drop index notification_email_due;
create index notification_email_due on notification (email_next_at) where email_state in ('pending', 'sending', 'digest');

-- A person's choice per kind of event: e-mail and push on or off, and when (at once, in the daily
-- digest, or never — then only in the product). No row: e-mail and push at once.
create table notification_preference (
	person_id  integer not null references person(id) on delete cascade,
	kind       text not null,
	email      boolean not null default true,
	push       boolean not null default true,
	timing     text not null default 'now' check (timing in ('now', 'digest', 'off')),
	primary key (person_id, kind)
);

-- A person's quiet hours in the school's time zone (e.g. 22:00–07:00): e-mail and push wait until
-- they end, nothing is dropped. Minutes after midnight; from > to spans midnight.
create table notification_quiet (
	person_id    integer primary key references person(id) on delete cascade,
	from_minute  smallint not null check (from_minute between 0 and 1439),
	to_minute    smallint not null check (to_minute between 0 and 1439),
	check (from_minute <> to_minute)
);

-- A pupil at risk of «2» or «н/а» for a period in a journal, told once while it lasts: the row is
-- made when the risk is first seen (and the notification written) and removed when it is gone.
create table risk_notice (
	journal_id  integer not null references journal(id) on delete cascade,
	student_id  integer not null references person(id) on delete cascade,
	period_id   integer not null references period(id) on delete cascade,
	risk        text not null,
	noticed_at  timestamptz not null default now(),
	primary key (journal_id, student_id, period_id)
);

-- Web push (VAPID): the person's subscribed browsers, and each notification's push delivery, done
-- like its e-mail (claimed with FOR UPDATE SKIP LOCKED and a lease, retried with backoff). A
-- notification is due for push only when its recipient has a subscription at the time.
create table push_subscription (
	id          bigserial primary key,
	person_id   integer not null references person(id) on delete cascade,
	endpoint    text not null unique,
	p256dh      text not null,
	auth        text not null,
	created_at  timestamptz not null default now()
);
create index push_subscription_person on push_subscription (person_id);

alter table notification add column push_state text not null default 'none'
	check (push_state in ('none', 'pending', 'sending', 'sent', 'failed', 'skipped'));
alter table notification add column push_attempts smallint not null default 0;
alter table notification add column push_next_at timestamptz;
alter table notification add column push_sent_at timestamptz;
alter table notification add column push_error text;
create index notification_push_due on notification (push_next_at) where push_state in ('pending', 'sending');

-- Which subscription took which notification: a retry sends only to the browsers that did not.
create table push_delivery (
	notification_id  bigint not null references notification(id) on delete cascade,
	subscription_id  bigint not null references push_subscription(id) on delete cascade,
	delivered_at     timestamptz not null default now(),
	primary key (notification_id, subscription_id)
);

-- Keys the deployment makes once and keeps (the VAPID key pair), shared by every instance.
create table app_secret (
	name        text primary key,
	value       text not null,
	created_at  timestamptz not null default now()
);

-- The class teacher's weekly automatic notice: every Monday at 9:00 (school time) the prepared text
-- goes to the parents of the class's failing pupils and of those who missed lessons of the past
-- week without a valid reason. A row: the rule is on, with its words and who turned it on (the
-- notice is sent as them, under their rights at the time).
create table weekly_notice_rule (
	class_id    integer primary key references class(id) on delete cascade,
	author_id   integer not null references person(id) on delete cascade,
	subject     text not null,
	template    text not null,
	created_at  timestamptz not null default now()
);

-- One run per class and week (its Monday), written in the transaction of the send: two instances
-- at 9:00 cannot both send — the second finds the row taken and writes nothing.
create table weekly_notice_run (
	class_id    integer not null references class(id) on delete cascade,
	week        date not null,
	recipients  integer not null default 0,
	ran_at      timestamptz not null default now(),
	primary key (class_id, week)
);
