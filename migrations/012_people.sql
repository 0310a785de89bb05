-- People kept by the administrator and brought in from a school's spreadsheets. Forward-only:
-- earlier files are never edited.

-- The school's own number of a person (личное дело, табельный номер): an import matches people by
-- it when the file has one. Unique within a school where given.
alter table person add column school_key text check (school_key is null or length(btrim(school_key)) between 1 and 64);
create unique index person_school_key on person (school_id, school_key) where school_key is not null;
-- Imports without the school's number match by name and date of birth.
create index person_name_birth on person (school_id, lower(last_name), lower(first_name), birth_date);

-- R-4.3.6: where a departed student went and why (the enrolment row is closed, never deleted).
alter table enrolment add column departed_to text;
alter table enrolment add column departure_reason text;
