-- The end of a school year: the rollover moves the classes up into the next year and closes the
-- old one, which stays readable but takes no more writes. Forward-only: earlier files are never edited.
alter table school_year add column closed_at timestamptz;
