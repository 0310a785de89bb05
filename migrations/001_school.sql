-- The school's schema. The database itself refuses nonsense: foreign keys, CHECKs, uniques.
-- Forward-only: later changes go into new numbered files.

create table school (
	id          serial primary key,
	name        text not null check (length(btrim(name)) > 0),
	short_name  text not null check (length(btrim(short_name)) > 0),
	-- Per-school settings that are not yet tables of their own (timezone, bell times).
	settings    jsonb not null default '{}'::jsonb,
	created_at  timestamptz not null default now()
);

create table school_year (
	id         serial primary key,
	school_id  integer not null references school(id) on delete cascade,
	name       text not null check (name ~ '^\d{4}/\d{4}$'),
	starts_on  date not null,
	ends_on    date not null,
	check (ends_on > starts_on),
	unique (school_id, name)
);

-- Quarters, trimesters or half-years; grade_from/grade_to let grades split the year differently.
create table period (
	id              serial primary key,
	year_id         integer not null references school_year(id) on delete cascade,
	kind            text not null check (kind in ('quarter', 'trimester', 'half')),
	ordinal         smallint not null check (ordinal between 1 and 4),
	name            text not null,
	starts_on       date not null,
	ends_on         date not null,
	-- R-5.3: period marks are due by the penultimate day of the period.
	marks_deadline  date not null,
	grade_from      smallint not null default 1 check (grade_from between 1 and 11),
	grade_to        smallint not null default 11 check (grade_to between 1 and 11),
	closed_at       timestamptz,
	check (ends_on > starts_on),
	check (marks_deadline between starts_on and ends_on),
	check (grade_to >= grade_from),
	unique (year_id, kind, ordinal, grade_from)
);

create table holiday (
	id         serial primary key,
	year_id    integer not null references school_year(id) on delete cascade,
	name       text not null,
	starts_on  date not null,
	ends_on    date not null,
	check (ends_on >= starts_on)
);

-- Every human: staff, students, parents. Login lives in account; roles in staff_role,
-- enrolment (student) and guardian (parent).
create table person (
	id                   serial primary key,
	school_id            integer not null references school(id) on delete cascade,
	last_name            text not null check (length(btrim(last_name)) > 0),
	first_name           text not null check (length(btrim(first_name)) > 0),
	middle_name          text,
	birth_date           date,
	email                text,
	phone                text,
	-- R-4.3.7: profile data is verified at least monthly.
	profile_verified_on  date,
	created_at           timestamptz not null default now()
);
create index person_school on person (school_id);

create table account (
	id                   serial primary key,
	person_id            integer not null unique references person(id) on delete cascade,
	login                text not null check (login ~ '^[a-z0-9._-]{3,64}$'),
	password_hash        text not null,
	disabled_at          timestamptz,
	created_at           timestamptz not null default now(),
	password_changed_at  timestamptz not null default now()
);
create unique index account_login on account (login);

create table staff_role (
	person_id  integer not null references person(id) on delete cascade,
	role       text not null check (role in ('admin', 'director', 'deputy', 'teacher')),
	granted_at timestamptz not null default now(),
	primary key (person_id, role)
);

create table class (
	id                serial primary key,
	year_id           integer not null references school_year(id) on delete cascade,
	grade             smallint not null check (grade between 1 and 11),
	letter            text not null check (letter ~ '^[А-ЯЁ]$'),
	class_teacher_id  integer references person(id) on delete set null,
	unique (year_id, grade, letter)
);

-- R-4.3.6: arrival and departure of a student; rows are closed, never deleted.
create table enrolment (
	id           serial primary key,
	student_id   integer not null references person(id) on delete cascade,
	class_id     integer not null references class(id) on delete cascade,
	arrived_on   date not null,
	departed_on  date,
	note         text,
	check (departed_on is null or departed_on >= arrived_on)
);
create index enrolment_class on enrolment (class_id);
create index enrolment_student on enrolment (student_id);

create table guardian (
	parent_id   integer not null references person(id) on delete cascade,
	student_id  integer not null references person(id) on delete cascade,
	relation    text not null default 'родитель',
	primary key (parent_id, student_id),
	check (parent_id <> student_id)
);
create index guardian_student on guardian (student_id);

create table subject (
	id          serial primary key,
	school_id   integer not null references school(id) on delete cascade,
	name        text not null,
	short_name  text not null,
	-- Grade-1 style subjects graded зачёт/незачёт or not at all.
	mark_free   boolean not null default false,
	unique (school_id, name)
);

-- A group is the whole class or a subgroup of it for one subject (R-4.3.3, R-4.4.6).
create table study_group (
	id          serial primary key,
	class_id    integer not null references class(id) on delete cascade,
	subject_id  integer references subject(id) on delete cascade,
	name        text not null,
	whole_class boolean not null default false,
	check (whole_class = (subject_id is null))
);
create unique index study_group_whole on study_group (class_id) where whole_class;

-- Membership history: a move between subgroups closes one row and opens another.
create table group_member (
	id          serial primary key,
	group_id    integer not null references study_group(id) on delete cascade,
	student_id  integer not null references person(id) on delete cascade,
	from_on     date not null,
	to_on       date,
	check (to_on is null or to_on >= from_on)
);
create index group_member_group on group_member (group_id);
create index group_member_student on group_member (student_id);

-- A journal is one group × one subject × one school year (the year is the class's).
create table journal (
	id              serial primary key,
	group_id        integer not null references study_group(id) on delete cascade,
	subject_id      integer not null references subject(id) on delete cascade,
	hours_per_week  numeric(4, 1) not null default 1 check (hours_per_week > 0),
	unique (group_id, subject_id)
);

-- The teaching load: who teaches which journal (class × subject × teacher).
create table journal_teacher (
	journal_id  integer not null references journal(id) on delete cascade,
	teacher_id  integer not null references person(id) on delete cascade,
	primary key (journal_id, teacher_id)
);
create index journal_teacher_teacher on journal_teacher (teacher_id);

create table timetable_slot (
	id          serial primary key,
	journal_id  integer not null references journal(id) on delete cascade,
	weekday     smallint not null check (weekday between 1 and 6),
	lesson_no   smallint not null check (lesson_no between 0 and 10),
	room        text,
	valid_from  date not null,
	valid_to    date,
	check (valid_to is null or valid_to >= valid_from)
);
create index timetable_slot_journal on timetable_slot (journal_id);

-- Types of work and their weights, per school and year (X-MARKS).
create table work_type (
	id         serial primary key,
	school_id  integer not null references school(id) on delete cascade,
	year_id    integer references school_year(id) on delete cascade,
	code       text not null check (code ~ '^[a-z_]{2,32}$'),
	name       text not null,
	weight     numeric(4, 2) not null check (weight > 0 and weight <= 10),
	-- R-4.4.5: topics are mandatory for test, laboratory and practical works.
	topic_required boolean not null default false,
	unique (school_id, year_id, code)
);

create table lesson (
	id            serial primary key,
	journal_id    integer not null references journal(id) on delete cascade,
	date          date not null,
	lesson_no     smallint check (lesson_no between 0 and 10),
	topic         text,
	work_type_id  integer references work_type(id),
	homework      text,
	teacher_id    integer references person(id) on delete set null,
	created_at    timestamptz not null default now(),
	updated_at    timestamptz not null default now()
);
create index lesson_journal_date on lesson (journal_id, date);

-- One or more marks per student per lesson (5/4): position orders them.
create table mark (
	id            bigserial primary key,
	lesson_id     integer not null references lesson(id) on delete cascade,
	student_id    integer not null references person(id) on delete cascade,
	position      smallint not null default 1 check (position between 1 and 4),
	value         smallint not null check (value between 1 and 12),
	work_type_id  integer references work_type(id),
	weight        numeric(4, 2) not null default 1 check (weight > 0 and weight <= 10),
	author_id     integer references person(id) on delete set null,
	created_at    timestamptz not null default now(),
	updated_at    timestamptz not null default now(),
	unique (lesson_id, student_id, position)
);
create index mark_student on mark (student_id);

create table absence (
	lesson_id   integer not null references lesson(id) on delete cascade,
	student_id  integer not null references person(id) on delete cascade,
	-- The school's codes are configurable; the shape is fixed: a short lowercase Russian word.
	code        text not null check (code ~ '^[а-яё]{1,4}$'),
	author_id   integer references person(id) on delete set null,
	created_at  timestamptz not null default now(),
	primary key (lesson_id, student_id)
);
create index absence_student on absence (student_id);

create table cell_comment (
	lesson_id   integer not null references lesson(id) on delete cascade,
	student_id  integer not null references person(id) on delete cascade,
	comment     text not null check (length(comment) <= 500),
	author_id   integer references person(id) on delete set null,
	updated_at  timestamptz not null default now(),
	primary key (lesson_id, student_id)
);

-- Period, year, exam and final marks (R-4.3.11), with the justification of R-5.1.
create table period_mark (
	id             serial primary key,
	journal_id     integer not null references journal(id) on delete cascade,
	student_id     integer not null references person(id) on delete cascade,
	kind           text not null check (kind in ('period', 'year', 'exam', 'final')),
	period_id      integer references period(id) on delete cascade,
	value          text not null check (value ~ '^([1-9]|1[0-2])$' or value in ('н/а', 'осв.', 'зач.', 'незач.')),
	suggested      text,
	justification  text,
	author_id      integer references person(id) on delete set null,
	set_at         timestamptz not null default now(),
	check ((kind = 'period') = (period_id is not null))
);
create unique index period_mark_unique on period_mark (journal_id, student_id, kind, coalesce(period_id, 0));

create table lesson_attachment (
	id           serial primary key,
	lesson_id    integer not null references lesson(id) on delete cascade,
	file_name    text not null,
	mime_type    text not null,
	size_bytes   bigint not null check (size_bytes > 0),
	storage_key  text not null unique,
	uploaded_by  integer references person(id) on delete set null,
	uploaded_at  timestamptz not null default now()
);

create table announcement (
	id            serial primary key,
	school_id     integer not null references school(id) on delete cascade,
	class_id      integer references class(id) on delete cascade,
	author_id     integer references person(id) on delete set null,
	title         text not null check (length(btrim(title)) > 0),
	body          text not null,
	published_at  timestamptz not null default now(),
	expires_at    timestamptz
);

create table message (
	id            bigserial primary key,
	thread_id     bigint,
	sender_id     integer not null references person(id) on delete cascade,
	recipient_id  integer not null references person(id) on delete cascade,
	subject       text not null default '',
	body          text not null check (length(body) > 0),
	sent_at       timestamptz not null default now(),
	read_at       timestamptz
);
create index message_recipient on message (recipient_id, sent_at);

-- Sessions after the Lucia guide: only the SHA-256 of the token is stored.
create table session (
	id          text primary key check (id ~ '^[0-9a-f]{64}$'),
	account_id  integer not null references account(id) on delete cascade,
	created_at  timestamptz not null default now(),
	expires_at  timestamptz not null,
	user_agent  text,
	ip          text
);
create index session_account on session (account_id);

-- Activation codes (R-3.1, R-4.1.5): single-use, expiring, revocable; stored hashed.
create table activation_code (
	id          serial primary key,
	person_id   integer not null references person(id) on delete cascade,
	code_hash   text not null unique check (code_hash ~ '^[0-9a-f]{64}$'),
	hint        text not null,
	created_by  integer references person(id) on delete set null,
	created_at  timestamptz not null default now(),
	expires_at  timestamptz not null,
	used_at     timestamptz,
	revoked_at  timestamptz,
	check (used_at is null or revoked_at is null)
);
create index activation_code_person on activation_code (person_id);

-- Every login and activation attempt; rate limits are computed from it, so they hold across instances.
create table login_event (
	id          bigserial primary key,
	at          timestamptz not null default now(),
	kind        text not null check (kind in ('login', 'activation')),
	login       text,
	account_id  integer references account(id) on delete set null,
	ip          text,
	success     boolean not null
);
create index login_event_login on login_event (login, at);
create index login_event_ip on login_event (ip, at);

-- The append-only audit log (X-AUDIT): who, when, what, old, new, where from.
create table audit_log (
	id         bigserial primary key,
	at         timestamptz not null default now(),
	actor_id   integer references person(id) on delete set null,
	action     text not null,
	entity     text not null,
	entity_id  text,
	old_value  jsonb,
	new_value  jsonb,
	source     text not null default 'web'
);
create index audit_log_entity on audit_log (entity, entity_id);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
	raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
	for each row execute function audit_log_append_only();

-- Live journal snapshots (the Y.Doc state beside the version of rows it reflects).
create table journal_snapshot (
	journal_id    integer primary key references journal(id) on delete cascade,
	state         bytea not null,
	rows_version  bigint not null default 0,
	updated_at    timestamptz not null default now()
);
