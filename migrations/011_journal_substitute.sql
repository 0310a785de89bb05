-- Substitutes (замена): a teacher who keeps a journal for a range of days while its teacher is
-- away. On those days (the school's today inside the range) the substitute is one of the
-- journal's teachers for the policy; before and after, not. Forward-only: earlier files are never edited.

create table journal_substitute (
	id          serial primary key,
	journal_id  integer not null references journal(id) on delete cascade,
	teacher_id  integer not null references person(id) on delete cascade,
	from_on     date not null,
	to_on       date not null,
	check (to_on >= from_on)
);
create index journal_substitute_journal on journal_substitute (journal_id);
create index journal_substitute_teacher on journal_substitute (teacher_id);
