/**
 * The journal's events in the notification outbox and each person's notification settings
 * (R-2.8): one statement writes an event's notifications for its pupils and their parents,
 * joining a still unread, not yet delivered one of the same topic; the choices per kind and the
 * quiet hours; the «told once» state of a pupil's risk for a period. Writes take the command's
 * transaction.
 */
import type { Sql, Tx } from './client.ts';
import { JOURNAL_FACTS_COLUMNS, JOURNAL_FACTS_TABLES, journalFactsFrom, type JournalFacts, type JournalFactsRow } from './journal-facts.ts';
import type { NotificationKind } from '../../domain/messages.ts';
import type { NotificationPreference, NotificationTiming, QuietHours } from '../../domain/notifications.ts';

type Db = Sql | Tx;

/** One pupil an event is about: the topic that joins their notifications, and where it leads. */
export interface NoticePupil {
	studentId: number;
	topic: string | null;
	link: string;
}

/**
 * Writes an event's notifications in one statement: for every pupil, to the pupil and each of
 * their parents (nobody else: a parent hears only of their own child), never to `actorId`. A
 * parent's title starts with the child's first name. A person's unread, undelivered notification
 * of the same topic takes the event instead of a new row: its count grows, its title becomes
 * `titleMany`, its body grows by the new one (or is replaced). `emailInMs`: due for e-mail that
 * long from now (the first event's time is kept, so a long save is one letter); undefined: no e-mail.
 * A recipient with a subscribed browser is due for push after `settleMs`.
 * Returns who was told.
 */
export async function insertJournalNotices(
	tx: Tx,
	n: {
		schoolId: number;
		actorId: number;
		kind: NotificationKind;
		pupils: readonly NoticePupil[];
		title: string;
		titleMany: string;
		body: string;
		replace: boolean;
		emailInMs: number | undefined;
		/** How long a push waits for more events of the same save (a recipient with a subscribed browser). */
		settleMs: number;
	}
): Promise<number[]> {
	if (n.pupils.length === 0) return [];
	const email = n.emailInMs !== undefined;
	const rows = await tx<{ personId: number }[]>`
		insert into notification as n (school_id, person_id, kind, title, body, link, topic, email_state, email_next_at, push_state, push_next_at)
		select ${n.schoolId}, r.person_id, ${n.kind},
			case when r.person_id = x.student_id then ${n.title}::text else concat(s.first_name, ' · ', ${n.title}::text) end,
			${n.body}, x.link, x.topic, ${email ? 'pending' : 'none'},
			case when ${email}::boolean then now() + make_interval(secs => ${(n.emailInMs ?? 0) / 1000}) end,
			case when push.subscribed then 'pending' else 'none' end,
			case when push.subscribed then now() + make_interval(secs => ${n.settleMs / 1000}) end
		from unnest(${n.pupils.map((p) => p.studentId)}::int[], ${n.pupils.map((p) => p.topic) as string[]}::text[], ${n.pupils.map((p) => p.link)}::text[])
			as x(student_id, topic, link)
		join person s on s.id = x.student_id
		cross join lateral (select x.student_id as person_id union select g.parent_id from guardian g where g.student_id = x.student_id) r
		cross join lateral (select exists (select 1 from push_subscription ps where ps.person_id = r.person_id) as subscribed) push
		where r.person_id <> ${n.actorId}
		on conflict (person_id, topic) where topic is not null do update set
			items = n.items + 1,
			title = replace(excluded.title, ${n.title}::text, ${n.titleMany}::text),
			body = case when ${n.replace}::boolean or n.body = '' then excluded.body else left(n.body || '; ' || excluded.body, 1000) end
		returning person_id as "personId"`;
	return [...new Set(rows.map((row) => row.personId))];
}

/** A journal's subject name (for the words of its notifications). */
export async function subjectOfJournal(sql: Db, journalId: number): Promise<string> {
	const [row] = await sql<{ name: string }[]>`select s.name from journal j join subject s on s.id = j.subject_id where j.id = ${journalId}`;
	return row?.name ?? '';
}

/** The pupils of a journal's group on a day. */
export async function pupilsOfJournalOn(sql: Db, journalId: number, date: string): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select m.student_id as id from journal j join group_member m on m.group_id = j.group_id
		where j.id = ${journalId} and m.from_on <= ${date}::date and (m.to_on is null or m.to_on >= ${date}::date) order by 1`;
	return rows.map((row) => row.id);
}

/**
 * Records the pupil's risk for the period: true when it is new (none, or another risk, was
 * recorded), so it is told once while it lasts; `risk` null removes it (the next one is new again).
 */
export async function noteRisk(tx: Tx, r: { journalId: number; studentId: number; periodId: number; risk: string | null }): Promise<boolean> {
	if (r.risk === null) {
		await tx`delete from risk_notice where journal_id = ${r.journalId} and student_id = ${r.studentId} and period_id = ${r.periodId}`;
		return false;
	}
	const rows = await tx`
		insert into risk_notice (journal_id, student_id, period_id, risk) values (${r.journalId}, ${r.studentId}, ${r.periodId}, ${r.risk})
		on conflict (journal_id, student_id, period_id) do update set risk = excluded.risk, noticed_at = now()
			where risk_notice.risk <> excluded.risk
		returning journal_id`;
	return rows.length > 0;
}

// ───────────────────────── a person's choices ─────────────────────────

/** The person's stored choices per kind (kinds never chosen are absent). */
export async function preferencesOf(sql: Db, personId: number): Promise<NotificationPreference[]> {
	return sql<NotificationPreference[]>`
		select kind, email, push, timing from notification_preference where person_id = ${personId} order by kind`;
}

/** The person's quiet hours, or null. */
export async function quietHoursOf(sql: Db, personId: number): Promise<QuietHours | null> {
	const [row] = await sql<QuietHours[]>`select from_minute as "from", to_minute as "to" from notification_quiet where person_id = ${personId}`;
	return row ?? null;
}

/** Stores the person's choices for every kind given and the quiet hours (null: none). */
export async function saveNotificationSettings(tx: Tx, personId: number, preferences: readonly NotificationPreference[], quiet: QuietHours | null): Promise<void> {
	if (preferences.length > 0)
		await tx`
			insert into notification_preference (person_id, kind, email, push, timing)
			select ${personId}, x.kind, x.email::boolean, x.push::boolean, x.timing
			from unnest(${preferences.map((p) => p.kind)}::text[], ${preferences.map((p) => String(p.email))}::text[], ${preferences.map((p) => String(p.push))}::text[],
				${preferences.map((p) => p.timing) as NotificationTiming[]}::text[]) as x(kind, email, push, timing)
			on conflict (person_id, kind) do update set email = excluded.email, push = excluded.push, timing = excluded.timing`;
	if (quiet === null) await tx`delete from notification_quiet where person_id = ${personId}`;
	else
		await tx`
			insert into notification_quiet (person_id, from_minute, to_minute) values (${personId}, ${quiet.from}, ${quiet.to})
			on conflict (person_id) do update set from_minute = excluded.from_minute, to_minute = excluded.to_minute`;
}

/** The school's hour of the daily digest, when it chose one. */
export async function digestHourOf(sql: Db, schoolId: number): Promise<number | undefined> {
	const [row] = await sql<{ hour: number | null }[]>`select (settings ->> 'digestHour')::int as hour from school where id = ${schoolId}`;
	return row?.hour ?? undefined;
}

/** The person's e-mail address, when they have one. */
export async function emailOf(sql: Db, personId: number): Promise<string | null> {
	const [row] = await sql<{ email: string | null }[]>`select nullif(btrim(email), '') as email from person where id = ${personId}`;
	return row?.email ?? null;
}

/** Marks read the person's notifications of the journal that lead to the pupil's diary; returns how many. */
export async function markDiaryNotificationsRead(sql: Db, personId: number, studentId: number): Promise<number> {
	const rows = await sql`
		update notification set read_at = now(), topic = null
		where person_id = ${personId} and read_at is null and kind in ('mark', 'homework', 'absence', 'risk')
			and link like ${`/diary/${studentId}?%`}
		returning id`;
	return rows.length;
}

/** Whether a risk of the pupil in the journal is on record (told, not yet gone). */
export async function riskNoted(sql: Db, journalId: number, studentId: number): Promise<boolean> {
	const rows = await sql`select 1 from risk_notice where journal_id = ${journalId} and student_id = ${studentId} limit 1`;
	return rows.length > 0;
}

// ───────────────────────── the daily risk check ─────────────────────────

/** The schools with a school year on the day (the daily check looks at each). */
export async function schoolsInYearOn(sql: Db, day: string): Promise<number[]> {
	const rows = await sql<{ id: number }[]>`
		select distinct school_id as id from school_year where ${day}::date between starts_on and ends_on order by 1`;
	return rows.map((row) => row.id);
}

/**
 * Takes the school's daily risk check for the day in `tx`: true for the one transaction that
 * inserted the row; another instance's insert waits for it and then finds the row taken.
 */
export async function claimRiskCheck(tx: Tx, schoolId: number, day: string): Promise<boolean> {
	const rows = await tx`insert into risk_check_run (school_id, day) values (${schoolId}, ${day}::date) on conflict do nothing returning school_id`;
	return rows.length > 0;
}

/** Records how many people the day's risk check told. */
export async function recordRiskCheck(tx: Tx, schoolId: number, day: string, told: number): Promise<void> {
	await tx`update risk_check_run set told = ${told} where school_id = ${schoolId} and day = ${day}::date`;
}

/** The school's journals (of the year on the day) whose class has a begun period ending within `days` days from the day. */
export async function journalsNearPeriodEnd(sql: Db, schoolId: number, day: string, days: number): Promise<JournalFacts[]> {
	const rows = await sql<JournalFactsRow[]>`
		select ${JOURNAL_FACTS_COLUMNS(sql)} from ${JOURNAL_FACTS_TABLES(sql)}
		where y.school_id = ${schoolId} and ${day}::date between y.starts_on and y.ends_on
			and exists (select 1 from period p where p.year_id = y.id and c.grade between p.grade_from and p.grade_to
				and p.starts_on <= ${day}::date and p.ends_on between ${day}::date and ${day}::date + ${days}::int)
		order by j.id`;
	return rows.map(journalFactsFrom);
}

// ───────────────────────── delivery state for the administration ─────────────────────────

/** How many of the school's notifications since a moment are in each state, per channel ('product': all, and read). */
export interface DeliveryCount {
	channel: 'product' | 'email' | 'push';
	state: string;
	n: number;
}

/** The counts of the school's notifications made since `since`, by channel and state (e-mail and push not asked for are left out). */
export async function deliveryCounts(sql: Db, schoolId: number, since: Date): Promise<DeliveryCount[]> {
	return sql<DeliveryCount[]>`
		select 'product' as channel, case when read_at is null then 'unread' else 'read' end as state, count(*)::int as n
			from notification where school_id = ${schoolId} and created_at >= ${since} group by 2
		union all
		select 'email', email_state, count(*)::int from notification where school_id = ${schoolId} and created_at >= ${since} and email_state <> 'none' group by 2
		union all
		select 'push', push_state, count(*)::int from notification where school_id = ${schoolId} and created_at >= ${since} and push_state <> 'none' group by 2
		order by 1, 2`;
}

/** A notification whose e-mail or push failed: to whom, of what kind, when, and the error — never its words. */
export interface DeliveryFailure {
	id: string;
	channel: 'email' | 'push';
	kind: NotificationKind;
	personName: string;
	createdAt: Date;
	error: string;
}

/** The school's latest failed deliveries (e-mail and push given up), newest first. */
export async function latestDeliveryFailures(sql: Db, schoolId: number, limit: number): Promise<DeliveryFailure[]> {
	return sql<DeliveryFailure[]>`
		select * from (
			select n.id::text as id, 'email' as channel, n.kind, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as "personName",
				n.created_at as "createdAt", coalesce(n.email_error, '') as error
			from notification n join person p on p.id = n.person_id where n.school_id = ${schoolId} and n.email_state = 'failed'
			union all
			select n.id::text, 'push', n.kind, concat_ws(' ', p.last_name, p.first_name, p.middle_name), n.created_at, coalesce(n.push_error, '')
			from notification n join person p on p.id = n.person_id where n.school_id = ${schoolId} and n.push_state = 'failed'
		) f order by "createdAt" desc, id desc limit ${limit}`;
}
