-- The thematic plan (календарно-тематическое планирование) of a journal: its topics in order,
-- each with its hours, type of work, homework and the date it is planned for. Laid onto the
-- journal's lessons, it writes their topics; `plan_topic` and `plan_homework` keep what the plan
-- last wrote into a lesson, so a topic the teacher typed (any other text) is never overwritten.
-- Forward-only: earlier files are never edited.

create table plan_item (
	id            serial primary key,
	journal_id    integer not null references journal(id) on delete cascade,
	position      smallint not null check (position between 1 and 400),
	topic         text not null check (length(topic) between 1 and 500),
	hours         smallint not null check (hours between 1 and 40),
	work_type_id  integer references work_type(id) on delete set null,
	homework      text check (homework is null or length(homework) <= 1000),
	planned_on    date,
	unique (journal_id, position)
);

alter table lesson add column plan_topic text;
alter table lesson add column plan_homework text;
