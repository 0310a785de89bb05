-- Categories of access: the optional rights a school grants or withholds per category of user
-- (a role). Only the school's choices are stored; a cell without a row holds the product's default.
create table access_right (
	school_id   integer not null references school(id) on delete cascade,
	category    text not null check (category in ('director', 'deputy', 'class_teacher', 'teacher', 'parent', 'student')),
	access_right text not null check (length(btrim(access_right)) > 0),
	granted     boolean not null,
	primary key (school_id, category, access_right)
);
