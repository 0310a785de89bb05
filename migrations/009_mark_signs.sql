-- Marks with a plus or a minus («5−», «4+», X-MARKS): a school setting, off by default, with how
-- much a plus adds to (a minus takes from) the mark in averages, 0 to 0.5 (0.25 by default: «5−»
-- counts 4.75). A mark row keeps its sign beside its value, so a mark set without one reads as
-- before. Forward-only: earlier migrations are never edited.

alter table mark add column sign smallint not null default 0 check (sign between -1 and 1);

alter table grading_rules add column mark_signs boolean not null default false;
alter table grading_rules add column sign_worth numeric(3, 2) not null default 0.25 check (sign_worth between 0 and 0.5);
