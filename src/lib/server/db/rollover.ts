/**
 * The SQL of the year's rollover: the years with their classes, and one class carried into the
 * next year — the class, its pupils present at the year's end, its subgroups with their members,
 * its journals with their teachers — or graduated. No transactions: the command opens one.
 */
import type { Sql, Tx } from './client.ts';
import type { RolloverYear } from '../../domain/rollover.ts';

type Q = Sql | Tx;

/** The school's years with their classes and whether a rollover closed them. */
export async function rolloverYears(sql: Q, schoolId: number): Promise<RolloverYear[]> {
	const rows = await sql<Array<{ id: number; name: string; starts_on: string; ends_on: string; closed: boolean; classes: unknown }>>`
		select y.id, y.name, y.starts_on, y.ends_on, y.closed_at is not null as closed,
			coalesce((select json_agg(json_build_object('classId', c.id, 'grade', c.grade, 'letter', c.letter) order by c.grade, c.letter)
				from class c where c.year_id = y.id), '[]') as classes
		from school_year y where y.school_id = ${schoolId} order by y.starts_on desc`;
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		startsOn: r.starts_on,
		endsOn: r.ends_on,
		closed: r.closed,
		classes: typeof r.classes === 'string' ? JSON.parse(r.classes) : (r.classes as RolloverYear['classes'])
	}));
}

/** The pupils of a class present on its year's last day (arrived by then, not departed before). */
async function presentPupils(tx: Tx, classId: number, lastDay: string): Promise<number[]> {
	const rows = await tx<{ student_id: number }[]>`
		select distinct student_id from enrolment
		where class_id = ${classId} and arrived_on <= ${lastDay} and (departed_on is null or departed_on >= ${lastDay})`;
	return rows.map((r) => r.student_id);
}

/** Closes the class's open enrolments and group memberships on the year's last day; returns the pupils present then. */
async function closeClass(tx: Tx, classId: number, lastDay: string): Promise<number[]> {
	const present = await presentPupils(tx, classId, lastDay);
	await tx`update enrolment set departed_on = ${lastDay} where class_id = ${classId} and departed_on is null and arrived_on <= ${lastDay}`;
	await tx`
		update group_member set to_on = ${lastDay}
		where to_on is null and from_on <= ${lastDay} and group_id in (select id from study_group where class_id = ${classId})`;
	return present;
}

/** Graduates a class: its pupils' enrolments end on the year's last day with the reason; returns how many pupils. */
export async function graduateClass(tx: Tx, classId: number, lastDay: string, reason: string): Promise<number> {
	const present = await closeClass(tx, classId, lastDay);
	if (present.length) {
		await tx`
			update enrolment set departure_reason = ${reason}
			where class_id = ${classId} and departed_on = ${lastDay} and departure_reason is null and student_id = any(${present})`;
	}
	return present.length;
}

/** What carrying a class forward made. */
export interface CarriedClass {
	classId: number;
	pupils: number;
	subgroups: number;
	journals: number;
}

/**
 * Carries a class into the next year as `grade`/`letter`: the new class (same class teacher) with
 * its whole-class group and the pupils present on the old year's last day from the new year's
 * first; each subgroup with the members it had on the last day; each journal with its teachers
 * (substitutions stay behind). The old class's enrolments and memberships close on the last day.
 */
export async function carryClass(
	tx: Tx,
	move: { fromClassId: number; toYearId: number; grade: number; letter: string; lastDay: string; firstDay: string }
): Promise<CarriedClass> {
	const { fromClassId, lastDay, firstDay } = move;
	// Who was in which subgroup on the last day, read before the memberships close.
	const members = await tx<{ group_id: number; student_id: number }[]>`
		select m.group_id, m.student_id from group_member m join study_group g on g.id = m.group_id
		where g.class_id = ${fromClassId} and not g.whole_class and m.from_on <= ${lastDay} and (m.to_on is null or m.to_on >= ${lastDay})`;
	const present = await closeClass(tx, fromClassId, lastDay);
	const [klass] = await tx<{ id: number }[]>`
		insert into class (year_id, grade, letter, class_teacher_id)
		select ${move.toYearId}, ${move.grade}, ${move.letter}, class_teacher_id from class where id = ${fromClassId}
		returning id`;
	const groups = await tx<{ id: number; subject_id: number | null; name: string; whole_class: boolean }[]>`
		select id, subject_id, name, whole_class from study_group where class_id = ${fromClassId} order by whole_class desc, id`;
	const newGroup = new Map<number, number>();
	for (const group of groups) {
		const [row] = await tx<{ id: number }[]>`
			insert into study_group (class_id, subject_id, name, whole_class) values (${klass.id}, ${group.subject_id}, ${group.name}, ${group.whole_class})
			returning id`;
		newGroup.set(group.id, row.id);
		const students = group.whole_class ? present : members.filter((m) => m.group_id === group.id && present.includes(m.student_id)).map((m) => m.student_id);
		for (const studentId of students) await tx`insert into group_member (group_id, student_id, from_on) values (${row.id}, ${studentId}, ${firstDay})`;
	}
	// A class made before whole-class groups were required gets one now.
	if (!groups.some((g) => g.whole_class)) {
		const [whole] = await tx<{ id: number }[]>`insert into study_group (class_id, subject_id, name, whole_class) values (${klass.id}, null, 'Весь класс', true) returning id`;
		for (const studentId of present) await tx`insert into group_member (group_id, student_id, from_on) values (${whole.id}, ${studentId}, ${firstDay})`;
	}
	for (const studentId of present) await tx`insert into enrolment (student_id, class_id, arrived_on) values (${studentId}, ${klass.id}, ${firstDay})`;
	const journals = await tx<{ id: number; group_id: number; subject_id: number; hours_per_week: string }[]>`
		select j.id, j.group_id, j.subject_id, j.hours_per_week from journal j join study_group g on g.id = j.group_id
		where g.class_id = ${fromClassId} order by j.id`;
	for (const journal of journals) {
		const [row] = await tx<{ id: number }[]>`
			insert into journal (group_id, subject_id, hours_per_week) values (${newGroup.get(journal.group_id)!}, ${journal.subject_id}, ${journal.hours_per_week})
			returning id`;
		await tx`insert into journal_teacher (journal_id, teacher_id) select ${row.id}, teacher_id from journal_teacher where journal_id = ${journal.id}`;
	}
	return { classId: klass.id, pupils: present.length, subgroups: groups.filter((g) => !g.whole_class).length, journals: journals.length };
}

/** Copies the year's curriculum into the next year when the next has none of its own; returns how many rows. */
export async function carryCurriculum(tx: Tx, fromYearId: number, toYearId: number): Promise<number> {
	const [own] = await tx<{ n: number }[]>`select count(*)::int as n from curriculum where year_id = ${toYearId}`;
	if (own.n > 0) return 0;
	const rows = await tx<{ subject_id: number }[]>`
		insert into curriculum (year_id, subject_id, grade, hours_per_week)
		select ${toYearId}, subject_id, grade, hours_per_week from curriculum where year_id = ${fromYearId}
		returning subject_id`;
	return rows.length;
}

/** Closes the year: every period closed for marks and the year marked closed; a period reopened before stays closed now. */
export async function closeYear(tx: Tx, yearId: number): Promise<void> {
	await tx`update period set closed_at = coalesce(closed_at, now()), reopened_until = null, reopen_reason = null where year_id = ${yearId}`;
	await tx`update school_year set closed_at = now() where id = ${yearId}`;
}

/** True when a rollover closed the year. */
export async function yearClosed(sql: Q, yearId: number): Promise<boolean> {
	const [row] = await sql<{ closed: boolean }[]>`select closed_at is not null as closed from school_year where id = ${yearId}`;
	return row?.closed ?? false;
}
