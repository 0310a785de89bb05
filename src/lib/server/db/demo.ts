/**
 * The statements of the demo school generator (src/lib/server/demo/generate.ts) that are not
 * bulk inserts (those go through bulk.ts): whether the database is empty, the school and its
 * year, what the closed periods' marks are read from, and the first message of a conversation.
 */
import type { Sql, Tx } from './client.ts';
import type { ClassTeacherWrites } from '../../domain/policy.ts';

/** Whether a school exists. */
interface TakenRow {
	taken: boolean;
}

/** True when no school exists yet, i.e. the demo may be generated. */
export async function isDatabaseEmpty(sql: Sql): Promise<boolean> {
	const [row] = await sql<TakenRow[]>`select exists (select 1 from school) as taken`;
	return !row.taken;
}

/** A school's settings as stored (jsonb): its time zone, bell times and what a class teacher writes in other teachers' journals. */
export type DemoSchoolSettings = {
	timezone: string;
	bells: Array<{ lesson: number; start: string; end: string }>;
	classTeacherWrites: ClassTeacherWrites;
};

/** A new row's id. */
interface IdRow {
	id: number;
}

/** Inserts the school; returns its id. */
export async function insertDemoSchool(tx: Tx, school: { name: string; shortName: string; settings: DemoSchoolSettings }): Promise<number> {
	const [row] = await tx<IdRow[]>`
		insert into school (name, short_name, settings)
		values (${school.name}, ${school.shortName}, ${tx.json(school.settings)})
		returning id`;
	return row.id;
}

/** Inserts a school year of the school; returns its id. */
export async function insertDemoYear(tx: Tx, schoolId: number, year: { name: string; startsOn: string; endsOn: string }): Promise<number> {
	const [row] = await tx<IdRow[]>`
		insert into school_year (school_id, name, starts_on, ends_on)
		values (${schoolId}, ${year.name}, ${year.startsOn}, ${year.endsOn})
		returning id`;
	return row.id;
}

/** The ids of the year's classes, in id order. */
export async function classIdsOfYear(tx: Tx, yearId: number): Promise<number[]> {
	const rows = await tx<IdRow[]>`select id from class where year_id = ${yearId} order by id`;
	return rows.map((row) => row.id);
}

/** A journal of the year and the teacher of it with the smallest id. */
interface JournalTeacherRow {
	journal_id: number;
	teacher_id: number;
}

/** For each journal of the year, its teacher with the smallest id (the author of its period marks). */
export async function firstTeacherOfJournals(tx: Tx, yearId: number): Promise<Map<number, number>> {
	const teachers = new Map<number, number>();
	for (const row of await tx<JournalTeacherRow[]>`
		select jt.journal_id, min(jt.teacher_id) as teacher_id from journal_teacher jt join journal j on j.id = jt.journal_id
		join study_group g on g.id = j.group_id join class c on c.id = g.class_id where c.year_id = ${yearId} group by jt.journal_id`)
		teachers.set(row.journal_id, row.teacher_id);
	return teachers;
}

/** A message's id: bigserial, so a string. */
interface MessageIdRow {
	id: string;
}

/** Starts a conversation with its first message; returns the conversation's id (the thread of its messages). */
export async function insertDemoThread(
	tx: Tx,
	message: { senderId: number; recipientId: number; subject: string; body: string; sentAt: string; readAt: string | null }
): Promise<string> {
	const [thread] = await tx<MessageIdRow[]>`
		insert into conversation (school_id, subject, starter_id, other_id, created_at)
		select school_id, ${message.subject}, ${message.senderId}, ${message.recipientId}, ${message.sentAt}
		from person where id = ${message.senderId}
		returning id`;
	await tx`
		insert into message (thread_id, sender_id, recipient_id, subject, body, sent_at, read_at)
		values (${thread.id}, ${message.senderId}, ${message.recipientId}, ${message.subject}, ${message.body}, ${message.sentAt}, ${message.readAt})`;
	return thread.id;
}
