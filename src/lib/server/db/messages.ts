/**
 * Conversations, messages, announcements and the notification outbox (R-2.8, R-2.9, R-4.4.7):
 * every query of messaging. Writes take a transaction the command opened.
 */
import type { Sql, Tx } from './client.ts';
import type { NotificationKind } from '../../domain/messages.ts';

type Db = Sql | Tx;

/** A bigserial id comes back as a string. */
interface BigIdRow {
	id: string;
}

// ───────────────────────── people and groups ─────────────────────────

/** A person one may write to, by name. */
export interface PersonName {
	personId: number;
	fullName: string;
}

/** The people of the school with the given ids (others are left out). */
export async function peopleOfSchool(sql: Db, schoolId: number, ids: readonly number[]): Promise<PersonName[]> {
	if (ids.length === 0) return [];
	return sql<PersonName[]>`
		select id as "personId", concat_ws(' ', last_name, first_name, middle_name) as "fullName"
		from person where school_id = ${schoolId} and id = any(${ids as number[]}::int[]) order by last_name, first_name, id`;
}

/** A class of the year: its grade and letter. */
export async function classOfYear(sql: Db, yearId: number, classId: number): Promise<{ classId: number; grade: number; letter: string } | undefined> {
	const [row] = await sql<{ classId: number; grade: number; letter: string }[]>`
		select id as "classId", grade, letter from class where id = ${classId} and year_id = ${yearId}`;
	return row;
}

/** Pupils of the class enrolled on the day. */
const enrolledOn = (sql: Db, classId: number, today: string) => sql`
	select student_id from enrolment where class_id = ${classId} and arrived_on <= ${today}::date and (departed_on is null or departed_on >= ${today}::date)`;

/** The parents of the class's pupils enrolled today. */
export async function parentsOfClass(sql: Db, schoolId: number, classId: number, today: string): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select distinct g.parent_id as id from guardian g join person p on p.id = g.parent_id
		where p.school_id = ${schoolId} and g.student_id in (${enrolledOn(sql, classId, today)}) order by 1`;
	return rows.map((row) => row.id);
}

/** The class's pupils enrolled today. */
export async function studentsOfClass(sql: Db, schoolId: number, classId: number, today: string): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select distinct p.id from person p where p.school_id = ${schoolId} and p.id in (${enrolledOn(sql, classId, today)}) order by 1`;
	return rows.map((row) => row.id);
}

/** Everyone who teaches a journal of a class of the grade in the year, and the class teachers of those classes. */
export async function teachersOfGrade(sql: Db, yearId: number, grade: number): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select jt.teacher_id as id from journal_teacher jt join journal j on j.id = jt.journal_id
		join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		where c.year_id = ${yearId} and c.grade = ${grade}
		union
		select class_teacher_id from class where year_id = ${yearId} and grade = ${grade} and class_teacher_id is not null
		order by 1`;
	return rows.map((row) => row.id);
}

/** Every member of staff of the school (a staff role, or a class to lead in the year). */
export async function staffOfSchoolIds(sql: Db, schoolId: number, yearId: number): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select p.id from person p where p.school_id = ${schoolId}
		and (exists (select 1 from staff_role r where r.person_id = p.id)
			or exists (select 1 from class c where c.class_teacher_id = p.id and c.year_id = ${yearId}))
		order by 1`;
	return rows.map((row) => row.id);
}

/** A member of staff a family writes to, with what they are to the family («классный руководитель 7А», «математика, 7А»). */
export interface StaffContact extends PersonName {
	what: string;
}

/**
 * Those a family of the classes writes to: the classes' teachers (with their subjects) and class
 * teachers, and the school's administration.
 */
export async function familyContacts(sql: Db, schoolId: number, yearId: number, classIds: readonly number[]): Promise<StaffContact[]> {
	return sql<StaffContact[]>`
		with contact as (
			select c.class_teacher_id as person_id, 0 as rank, concat('классный руководитель ', c.grade, c.letter) as what
			from class c where c.id = any(${classIds as number[]}::int[]) and c.class_teacher_id is not null
			union all
			select jt.teacher_id, 1, concat(s.name, ', ', c.grade, c.letter)
			from journal_teacher jt join journal j on j.id = jt.journal_id join subject s on s.id = j.subject_id
			join study_group g on g.id = j.group_id join class c on c.id = g.class_id
			where c.id = any(${classIds as number[]}::int[]) and c.year_id = ${yearId}
			union all
			select r.person_id, 2, case r.role when 'director' then 'директор' when 'deputy' then 'заместитель директора' else 'администратор' end
			from staff_role r join person p on p.id = r.person_id where p.school_id = ${schoolId} and r.role in ('admin', 'director', 'deputy')
		)
		select p.id as "personId", concat_ws(' ', p.last_name, p.first_name, p.middle_name) as "fullName",
			string_agg(distinct x.what, '; ') as what, min(x.rank) as rank
		from contact x join person p on p.id = x.person_id
		group by p.id, p.last_name, p.first_name, p.middle_name
		order by min(x.rank), p.last_name, p.first_name`;
}

/** People of the school whose names contain the text (for choosing whom to write to), staff and families alike. */
export async function searchPeople(sql: Db, schoolId: number, text: string, limit = 30): Promise<PersonName[]> {
	const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return sql<PersonName[]>`
		select id as "personId", concat_ws(' ', last_name, first_name, middle_name) as "fullName"
		from person where school_id = ${schoolId} and concat_ws(' ', last_name, first_name, middle_name) ilike ${pattern}
		order by last_name, first_name, id limit ${limit}`;
}

// ───────────────────────── sending ─────────────────────────

/** Locks the sender's row so two sends of one person are counted one after the other (the rate limit). */
export async function lockSender(tx: Tx, personId: number): Promise<void> {
	await tx`select id from person where id = ${personId} for update`;
}

/** When the sender sent since the moment: each single message and each group send once. */
export async function sendTimesSince(tx: Db, senderId: number, since: Date): Promise<Date[]> {
	const rows = await tx<{ sent_at: Date }[]>`
		select sent_at from message where sender_id = ${senderId} and batch_id is null and sent_at > ${since}
		union all
		select sent_at from message_batch where sender_id = ${senderId} and sent_at > ${since}`;
	return rows.map((row) => new Date(row.sent_at));
}

/** Records a group send; returns its id. */
export async function insertBatch(tx: Tx, batch: { schoolId: number; senderId: number; label: string; subject: string; body: string }): Promise<string> {
	const [row] = await tx<BigIdRow[]>`
		insert into message_batch (school_id, sender_id, label, subject, body)
		values (${batch.schoolId}, ${batch.senderId}, ${batch.label}, ${batch.subject}, ${batch.body}) returning id`;
	return row.id;
}

/** Starts one conversation per recipient, each with the first message; returns the conversation of each recipient. */
export async function insertConversations(
	tx: Tx,
	start: { schoolId: number; senderId: number; recipientIds: readonly number[]; subject: string; body: string; batchId: string | null }
): Promise<Array<{ conversationId: string; recipientId: number }>> {
	const rows = await tx<{ id: string; other_id: number }[]>`
		insert into conversation (school_id, subject, starter_id, other_id, batch_id)
		select ${start.schoolId}, ${start.subject}, ${start.senderId}, r, ${start.batchId}::bigint
		from unnest(${start.recipientIds as number[]}::int[]) as r
		returning id, other_id`;
	await tx`
		insert into message (thread_id, sender_id, recipient_id, subject, body, batch_id)
		select c.id, ${start.senderId}, c.other_id, ${start.subject}, ${start.body}, ${start.batchId}::bigint
		from conversation c where c.id = any(${rows.map((row) => row.id)}::bigint[])`;
	return rows.map((row) => ({ conversationId: String(row.id), recipientId: row.other_id }));
}

/** A conversation as its two people see it. */
export interface ConversationRow {
	id: string;
	schoolId: number;
	subject: string;
	starterId: number;
	otherId: number;
	batchId: string | null;
}

/** The conversation, or undefined. */
export async function findConversation(sql: Db, id: string): Promise<ConversationRow | undefined> {
	const [row] = await sql<ConversationRow[]>`
		select id::text as id, school_id as "schoolId", subject, starter_id as "starterId", other_id as "otherId", batch_id::text as "batchId"
		from conversation where id = ${id}`;
	return row;
}

/** Adds a reply to the conversation. */
export async function insertReply(tx: Tx, reply: { conversationId: string; senderId: number; recipientId: number; subject: string; body: string }): Promise<string> {
	const [row] = await tx<BigIdRow[]>`
		insert into message (thread_id, sender_id, recipient_id, subject, body)
		values (${reply.conversationId}, ${reply.senderId}, ${reply.recipientId}, ${reply.subject}, ${reply.body}) returning id`;
	return String(row.id);
}

/** Marks every message of the conversation sent to the reader as read; returns how many were unread. */
export async function markConversationRead(tx: Db, conversationId: string, readerId: number): Promise<number> {
	const rows = await tx`update message set read_at = now() where thread_id = ${conversationId} and recipient_id = ${readerId} and read_at is null returning id`;
	return rows.length;
}

/** Of the recipients, those who blocked the sender. */
export async function blockersOf(sql: Db, senderId: number, recipientIds: readonly number[]): Promise<Set<number>> {
	if (recipientIds.length === 0) return new Set();
	const rows = await sql<{ id: number }[]>`
		select person_id as id from message_block where blocked_id = ${senderId} and person_id = any(${recipientIds as number[]}::int[])`;
	return new Set(rows.map((row) => row.id));
}

/** Blocks (or unblocks) messages from one person to another; returns whether anything changed. */
export async function setMessageBlock(tx: Db, personId: number, blockedId: number, on: boolean): Promise<boolean> {
	const rows = on
		? await tx`insert into message_block (person_id, blocked_id) values (${personId}, ${blockedId}) on conflict do nothing returning person_id`
		: await tx`delete from message_block where person_id = ${personId} and blocked_id = ${blockedId} returning person_id`;
	return rows.length > 0;
}

/** The school's administration (administrators, the director, deputies): whom a report goes to. */
export async function administrationOf(sql: Db, schoolId: number): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select distinct r.person_id as id from staff_role r join person p on p.id = r.person_id
		where p.school_id = ${schoolId} and r.role in ('admin', 'director', 'deputy') order by 1`;
	return rows.map((row) => row.id);
}

// ───────────────────────── reading ─────────────────────────

/** One conversation in a mailbox. */
export interface MailboxRow {
	conversationId: string;
	subject: string;
	otherId: number;
	otherName: string;
	lastAt: Date;
	lastBody: string;
	lastFromMe: boolean;
	unread: number;
	/** Every message the person sent in it has been read by the other. */
	theyRead: boolean;
	/** For the sender of a group message: the send, its words, and how many of its recipients read it. */
	batchId: string | null;
	batchLabel: string | null;
	batchRead: number | null;
	batchTotal: number | null;
}

/** The person's conversations, newest first; with text, only those where a message or the other's name contains it. */
export async function mailbox(sql: Db, personId: number, search: string, limit = 100): Promise<MailboxRow[]> {
	const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
	return sql<MailboxRow[]>`
		with mine as (
			select c.*, case when c.starter_id = ${personId} then c.other_id else c.starter_id end as other
			from conversation c where c.starter_id = ${personId} or c.other_id = ${personId}
		)
		select m.id::text as "conversationId", m.subject, m.other as "otherId",
			concat_ws(' ', p.last_name, p.first_name, p.middle_name) as "otherName",
			last.sent_at as "lastAt", last.body as "lastBody", last.sender_id = ${personId} as "lastFromMe",
			(select count(*)::int from message x where x.thread_id = m.id and x.recipient_id = ${personId} and x.read_at is null) as unread,
			not exists (select 1 from message x where x.thread_id = m.id and x.sender_id = ${personId} and x.read_at is null) as "theyRead",
			case when m.starter_id = ${personId} and m.batch_id is not null then m.batch_id::text end as "batchId",
			case when m.starter_id = ${personId} and m.batch_id is not null then b.label end as "batchLabel",
			case when m.starter_id = ${personId} and m.batch_id is not null then
				(select count(*)::int from message x where x.batch_id = m.batch_id and x.read_at is not null) end as "batchRead",
			case when m.starter_id = ${personId} and m.batch_id is not null then
				(select count(*)::int from message x where x.batch_id = m.batch_id) end as "batchTotal"
		from mine m
		join person p on p.id = m.other
		left join message_batch b on b.id = m.batch_id
		join lateral (select sent_at, body, sender_id from message x where x.thread_id = m.id order by sent_at desc, id desc limit 1) last on true
		where ${pattern}::text is null
			or m.subject ilike ${pattern}
			or concat_ws(' ', p.last_name, p.first_name, p.middle_name) ilike ${pattern}
			or exists (select 1 from message x where x.thread_id = m.id and x.body ilike ${pattern})
		order by last.sent_at desc, m.id desc
		limit ${limit}`;
}

/** One message of a conversation. */
export interface MessageRow {
	id: string;
	senderId: number;
	senderName: string;
	body: string;
	sentAt: Date;
	readAt: Date | null;
}

/** The conversation's messages, oldest first. */
export async function messagesOf(sql: Db, conversationId: string): Promise<MessageRow[]> {
	return sql<MessageRow[]>`
		select m.id::text as id, m.sender_id as "senderId", concat_ws(' ', p.last_name, p.first_name, p.middle_name) as "senderName",
			m.body, m.sent_at as "sentAt", m.read_at as "readAt"
		from message m join person p on p.id = m.sender_id
		where m.thread_id = ${conversationId} order by m.sent_at, m.id`;
}

/** A group send's read state: its words, how many recipients, how many read. */
export async function batchReadState(sql: Db, batchId: string): Promise<{ label: string; read: number; total: number } | undefined> {
	const [row] = await sql<{ label: string; read: number; total: number }[]>`
		select b.label,
			(select count(*)::int from message x where x.batch_id = b.id and x.read_at is not null) as read,
			(select count(*)::int from message x where x.batch_id = b.id) as total
		from message_batch b where b.id = ${batchId}`;
	return row;
}

// ───────────────────────── announcements ─────────────────────────

/** A group of a class with its journals (an announcement for the group). */
export async function groupWithJournals(sql: Db, yearId: number, groupId: number): Promise<{ groupId: number; classId: number; name: string; journalIds: number[] } | undefined> {
	const [row] = await sql<{ groupId: number; classId: number; name: string; journalIds: number[] }[]>`
		select g.id as "groupId", g.class_id as "classId", concat(c.grade, c.letter, ' · ', g.name) as name,
			coalesce((select array_agg(j.id order by j.id) from journal j where j.group_id = g.id), '{}') as "journalIds"
		from study_group g join class c on c.id = g.class_id where g.id = ${groupId} and c.year_id = ${yearId}`;
	return row;
}

/** The groups of the year the journals belong to, with their class («7А · английский, группа 1»). */
export async function groupsOfJournals(sql: Db, yearId: number, journalIds: readonly number[]): Promise<Array<{ groupId: number; classId: number; name: string }>> {
	return sql<Array<{ groupId: number; classId: number; name: string }>>`
		select distinct g.id as "groupId", g.class_id as "classId", concat(c.grade, c.letter, ' · ', case when g.whole_class then 'весь класс, ' || s.name else g.name end) as name, c.grade, c.letter
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		where c.year_id = ${yearId} and j.id = any(${journalIds as number[]}::int[])
		order by c.grade, c.letter, name`;
}

/** Inserts an announcement; returns its id. */
export async function insertAnnouncement(
	tx: Tx,
	a: {
		schoolId: number; classId: number | null; groupId: number | null; authorId: number; title: string; body: string; families: boolean; students: boolean; staff: boolean; pinned: boolean;
		expiresAt: string | null; reach: number;
		/** A later moment it is shown from (its notifications then wait for the release); null: now. */
		publishedAt: string | null;
	}
): Promise<number> {
	const [row] = await tx<{ id: number }[]>`
		insert into announcement (school_id, class_id, group_id, author_id, title, body, for_families, for_students, for_staff, pinned, expires_at, reach, published_at, notify_pending)
		values (${a.schoolId}, ${a.classId}, ${a.groupId}, ${a.authorId}, ${a.title}, ${a.body}, ${a.families}, ${a.students}, ${a.staff}, ${a.pinned}, ${a.expiresAt}::timestamptz, ${a.reach},
			coalesce(${a.publishedAt}::timestamptz, now()), ${a.publishedAt !== null})
		returning id`;
	return row.id;
}

/** An announcement whose day came and whose notifications are still to be written. */
export interface DueAnnouncement {
	id: number;
	schoolId: number;
	classId: number | null;
	groupId: number | null;
	authorId: number | null;
	title: string;
	body: string;
	families: boolean;
	students: boolean;
	staff: boolean;
	/** The school year of its class, else the school's year on its day. */
	yearId: number | null;
}

/**
 * Claims one announcement whose day came and whose notifications are still to be written, for the
 * rest of `tx` (FOR UPDATE SKIP LOCKED: another instance takes another one, or none).
 */
export async function claimDueAnnouncement(tx: Tx): Promise<DueAnnouncement | undefined> {
	const [row] = await tx<DueAnnouncement[]>`
		select a.id, a.school_id as "schoolId", a.class_id as "classId", a.group_id as "groupId", a.author_id as "authorId", a.title, a.body,
			a.for_families as families, a.for_students as students, a.for_staff as staff,
			coalesce((select c.year_id from class c where c.id = a.class_id),
				(select y.id from school_year y where y.school_id = a.school_id and (a.published_at at time zone 'UTC')::date between y.starts_on - 1 and y.ends_on order by y.starts_on desc limit 1)) as "yearId"
		from announcement a
		where a.notify_pending and a.published_at <= now()
		order by a.published_at, a.id
		limit 1
		for update of a skip locked`;
	return row;
}

/** Records that a due announcement's notifications were written, and how many it reached. */
export async function markAnnouncementReleased(tx: Tx, id: number, reach: number): Promise<void> {
	await tx`update announcement set notify_pending = false, reach = ${reach} where id = ${id}`;
}

/**
 * Everyone an announcement reaches: parents and pupils (of the school, the class enrolled today,
 * or the group's current members) and staff (of the school; of the class: those who teach or
 * lead it; of the group: its teachers and the class teacher).
 */
export async function announcementAudience(
	sql: Db,
	a: { schoolId: number; yearId: number; classId: number | null; groupId: number | null; families: boolean; students: boolean; staff: boolean; today: string }
): Promise<number[]> {
	const pupils = a.groupId !== null
		? sql`select student_id from group_member where group_id = ${a.groupId} and from_on <= ${a.today}::date and (to_on is null or to_on >= ${a.today}::date)`
		: a.classId !== null
			? enrolledOn(sql, a.classId, a.today)
			: sql`select e.student_id from enrolment e join class c on c.id = e.class_id
				where c.year_id = ${a.yearId} and e.arrived_on <= ${a.today}::date and (e.departed_on is null or e.departed_on >= ${a.today}::date)`;
	const staff = a.groupId !== null
		? sql`select jt.teacher_id from journal_teacher jt join journal j on j.id = jt.journal_id where j.group_id = ${a.groupId}
			union select class_teacher_id from class where id = ${a.classId} and class_teacher_id is not null`
		: a.classId !== null
			? sql`select jt.teacher_id from journal_teacher jt join journal j on j.id = jt.journal_id join study_group g on g.id = j.group_id
				where g.class_id = ${a.classId} union select class_teacher_id from class where id = ${a.classId} and class_teacher_id is not null`
			: sql`select person_id from staff_role union select class_teacher_id from class where year_id = ${a.yearId} and class_teacher_id is not null`;
	const rows = await sql<{ id: number }[]>`
		select distinct p.id from person p where p.school_id = ${a.schoolId} and (
			(${a.students} and p.id in (${pupils}))
			or (${a.families} and p.id in (select parent_id from guardian where student_id in (${pupils})))
			or (${a.staff} and p.id in (${staff})))
		order by 1`;
	return rows.map((row) => row.id);
}

/** One announcement as a reader sees it. */
export interface AnnouncementRow {
	id: number;
	/** The class it is for (a class's or a group's), or null for the whole school. */
	classId: number | null;
	title: string;
	body: string;
	authorName: string | null;
	scope: string | null;
	publishedAt: Date;
	expiresAt: Date | null;
	pinned: boolean;
	/** Published for a later day: its author and the administration see it before; nobody else does. */
	scheduled: boolean;
	readAt: Date | null;
	/** For its author and the administration: how many of those it reached read it. */
	read: number | null;
	total: number | null;
}

/**
 * The announcements the reader sees on the school's today (one shown until a day is shown all that
 * day; one published for a later day only by its author and the administration, until it comes),
 * pinned first, then newest first: the school's, their
 * classes' (as staff: those they teach or lead; as a family: their own or their children's) and
 * their groups', each only when it is for someone the reader is (families, pupils, staff).
 * `everything` (the administration) sees all of the school's. `only`: just that one, if the reader sees it.
 */
export async function announcementsFor(
	sql: Db,
	r: { schoolId: number; today: string; personId: number; isStaff: boolean; isParent: boolean; isStudent: boolean; classIds: readonly number[]; everything: boolean; limit: number; only?: number }
): Promise<AnnouncementRow[]> {
	return sql<AnnouncementRow[]>`
		select a.id, a.class_id as "classId", a.title, a.body, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as "authorName",
			case when g.id is not null then concat(c.grade, c.letter, ' · ', g.name) when c.id is not null then concat(c.grade, c.letter) end as scope,
			a.published_at as "publishedAt", a.expires_at as "expiresAt", a.pinned, ar.read_at as "readAt", a.published_at > now() as scheduled,
			case when a.author_id = ${r.personId} or ${r.everything} then (select count(*)::int from announcement_read x where x.announcement_id = a.id) end as read,
			case when a.author_id = ${r.personId} or ${r.everything} then a.reach end as total
		from announcement a
		left join person p on p.id = a.author_id
		left join class c on c.id = a.class_id
		left join study_group g on g.id = a.group_id
		left join announcement_read ar on ar.announcement_id = a.id and ar.person_id = ${r.personId}
		where a.school_id = ${r.schoolId} and (a.expires_at is null or a.expires_at >= ${r.today}::date)
			and (a.published_at <= now() or a.author_id = ${r.personId} or ${r.everything})
			and (${r.only ?? null}::int is null or a.id = ${r.only ?? null}::int)
			and (${r.everything} or a.author_id = ${r.personId} or (
				(a.class_id is null or a.class_id = any(${r.classIds as number[]}::int[]))
				and ((${r.isStaff} and a.for_staff) or (${r.isParent} and a.for_families) or (${r.isStudent} and a.for_students))))
		order by a.pinned desc, a.published_at desc, a.id desc
		limit ${r.limit}`;
}

/** The link of an announcement's notification: the board, at the announcement. */
export const announcementLink = (id: number) => `/announcements#a${id}`;

/**
 * Marks the announcements read by the person, once each, and their notifications: only those the
 * person was notified of (its reach), so its author or the administration looking never counts.
 * Returns how many notifications became read.
 */
export async function markAnnouncementsRead(tx: Db, personId: number, ids: readonly number[]): Promise<number> {
	if (ids.length === 0) return 0;
	const links = ids.map(announcementLink);
	await tx`
		insert into announcement_read (announcement_id, person_id)
		select a.id, ${personId} from unnest(${ids as number[]}::int[]) as a(id)
		where exists (select 1 from notification n where n.person_id = ${personId} and n.kind = 'announcement' and n.link = ${'/announcements#a'} || a.id)
		on conflict do nothing`;
	const rows = await tx`
		update notification set read_at = now()
		where person_id = ${personId} and kind = 'announcement' and read_at is null and link = any(${links}::text[]) returning id`;
	return rows.length;
}

// ───────────────────────── notifications ─────────────────────────

/**
 * Writes one notification per recipient (the outbox), in the caller's transaction. With `email`
 * (the server sends e-mail) each is also due for e-mail at once; without it, e-mail is not asked for.
 * A recipient with a subscribed browser is due for web push at once.
 */
export async function insertNotifications(
	tx: Tx,
	n: { schoolId: number; kind: NotificationKind; recipients: ReadonlyArray<{ personId: number; link: string }>; title: string; body: string; email: boolean }
): Promise<void> {
	if (n.recipients.length === 0) return;
	await tx`
		insert into notification (school_id, person_id, kind, title, body, link, email_state, email_next_at, push_state, push_next_at)
		select ${n.schoolId}, r.person_id, ${n.kind}, ${n.title}, ${n.body}, r.link,
			${n.email ? 'pending' : 'none'}, case when ${n.email}::boolean then now() end,
			case when push.subscribed then 'pending' else 'none' end, case when push.subscribed then now() end
		from unnest(${n.recipients.map((r) => r.personId)}::int[], ${n.recipients.map((r) => r.link)}::text[]) as r(person_id, link)
		cross join lateral (select exists (select 1 from push_subscription ps where ps.person_id = r.person_id) as subscribed) push`;
}

/** How many of the person's notifications are unread. */
export async function unreadNotifications(sql: Db, personId: number): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from notification where person_id = ${personId} and read_at is null`;
	return row.n;
}

/** One notification. */
export interface NotificationRow {
	id: string;
	kind: NotificationKind;
	title: string;
	body: string;
	link: string;
	createdAt: Date;
	readAt: Date | null;
}

/** The person's notifications, newest first. */
export async function notificationsOf(sql: Db, personId: number, limit = 100): Promise<NotificationRow[]> {
	return sql<NotificationRow[]>`
		select id::text as id, kind, title, body, link, created_at as "createdAt", read_at as "readAt"
		from notification where person_id = ${personId} order by created_at desc, id desc limit ${limit}`;
}

/** Marks the person's notifications read: all of them, or those that lead to the link; a read one takes no more events of its topic. */
export async function markNotificationsRead(sql: Db, personId: number, link?: string): Promise<number> {
	const rows = link === undefined
		? await sql`update notification set read_at = now(), topic = null where person_id = ${personId} and read_at is null returning id`
		: await sql`update notification set read_at = now(), topic = null where person_id = ${personId} and read_at is null and link = ${link} returning id`;
	return rows.length;
}

/**
 * Marks the person's timetable-change notifications read: all of them, or those whose link is
 * `link` or `link` with a query (a child's week: `/diary/7/timetable?week=…`).
 */
export async function markTimetableNotificationsRead(sql: Db, personId: number, link?: string): Promise<number> {
	const rows =
		link === undefined
			? await sql`update notification set read_at = now() where person_id = ${personId} and read_at is null and kind = 'timetable' returning id`
			: await sql`
				update notification set read_at = now()
				where person_id = ${personId} and read_at is null and kind = 'timetable' and (link = ${link} or starts_with(link, ${link + '?'}))
				returning id`;
	return rows.length;
}
