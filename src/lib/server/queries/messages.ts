/** What the messages, announcements and notifications pages show: each the actor's own. */
import { appConfig, type Ctx } from '../context.ts';
import { todayIn } from '../../domain/dates.ts';
import { classesOfYear } from '../db/school.ts';
import { loadActor } from '../db/people.ts';
import {
	announcementsFor,
	batchReadState,
	blockersOf,
	familyContacts,
	findConversation,
	groupsOfJournals,
	mailbox,
	messagesOf,
	notificationsOf,
	peopleOfSchool,
	searchPeople,
	unreadNotifications,
	type AnnouncementRow
} from '../db/messages.ts';
import { filesOfAnnouncements, filesOfConversation, findMessageFile, type MessageFile, type StoredMessageFile } from '../db/message-files.ts';
import { parseId } from '../../domain/ids.ts';
import { MESSAGES_TEXT, readStateLabel, targetValue } from '../../domain/messages.ts';
import { conversationResource, decide, may, messageToResource, STAFF_ROLES, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/** A choice of whom to write to: the form value and its words. */
export interface TargetChoice {
	value: string;
	label: string;
}

const isStaff = (actor: Actor) => actor.roles.some((role) => STAFF_ROLES.includes(role));
const isLeadership = (actor: Actor) => actor.roles.some((role) => role === 'admin' || role === 'director' || role === 'deputy');

/** The longest search text. */
const MAX_SEARCH = 100;

/** One conversation in the mailbox. */
export interface MailboxConversation {
	kind: 'conversation';
	conversationId: string;
	subject: string;
	otherName: string;
	lastAt: string;
	lastBody: string;
	lastFromMe: boolean;
	unread: number;
	/** The group it was sent to, for its sender («всем родителям 7А»), with the send's «прочитано N из M». */
	group: string | null;
	readState: string | null;
}

/** A group message its sender sent, while nobody has answered it: one row, its recipients inside. */
export interface MailboxGroup {
	kind: 'group';
	batchId: string;
	group: string;
	subject: string;
	lastAt: string;
	lastBody: string;
	readState: string;
	recipients: Array<{ conversationId: string; name: string; read: boolean }>;
}

const preview = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

/**
 * The person's conversations (newest first), found by text when given. A group message shows to
 * its sender as one row with «прочитано N из M» and its recipients inside; a recipient's
 * conversation becomes a row of its own once they answer.
 */
export async function mailboxPage(ctx: Ctx, actor: Actor, search: string) {
	const text = search.trim().slice(0, MAX_SEARCH);
	const rows = await mailbox(ctx.sql, actor.personId, text);
	const items: Array<MailboxConversation | MailboxGroup> = [];
	const groups = new Map<string, MailboxGroup>();
	for (const row of rows) {
		const readState = row.batchTotal !== null ? readStateLabel(row.batchRead ?? 0, row.batchTotal) : null;
		if (row.batchId && row.batchLabel && row.lastFromMe && row.unread === 0) {
			let group = groups.get(row.batchId);
			if (!group) {
				group = { kind: 'group', batchId: row.batchId, group: row.batchLabel, subject: row.subject, lastAt: new Date(row.lastAt).toISOString(), lastBody: preview(row.lastBody), readState: readState ?? '', recipients: [] };
				groups.set(row.batchId, group);
				items.push(group);
			}
			group.recipients.push({ conversationId: row.conversationId, name: row.otherName, read: row.theyRead });
			continue;
		}
		items.push({
			kind: 'conversation',
			conversationId: row.conversationId,
			subject: row.subject,
			otherName: row.otherName,
			lastAt: new Date(row.lastAt).toISOString(),
			lastBody: preview(row.lastBody),
			lastFromMe: row.lastFromMe,
			unread: row.unread,
			group: row.batchLabel,
			readState
		});
	}
	return { search: text, items };
}

/**
 * Whom the actor may choose to write to. Staff: the groups of the classes they teach or lead
 * (every class for the administration) — their parents, their pupils — the teachers of those
 * grades and all staff; one person by searching a name (only those the policy lets them write to).
 * A family: the teachers and class teachers of their classes and the administration.
 */
export async function composeChoices(ctx: Ctx, actor: Actor, yearId: number | undefined, search: string) {
	const groups: TargetChoice[] = [];
	let people: TargetChoice[] = [];
	const text = search.trim().slice(0, MAX_SEARCH);
	if (yearId !== undefined && isStaff(actor)) {
		const own = isLeadership(actor) ? undefined : [...new Set([...actor.teachingClassIds, ...actor.classTeacherOf])];
		const classes = own && own.length === 0 ? [] : await classesOfYear(ctx.sql, yearId, own);
		for (const c of classes) groups.push({ value: targetValue({ kind: 'class_parents', classId: c.classId }), label: `Всем родителям ${c.name}` });
		for (const c of classes) groups.push({ value: targetValue({ kind: 'class_students', classId: c.classId }), label: `Всем ученикам ${c.name}` });
		for (const grade of [...new Set(classes.map((c) => c.grade))])
			groups.push({ value: targetValue({ kind: 'grade_teachers', grade }), label: `Учителям ${grade}-х классов` });
		groups.push({ value: targetValue({ kind: 'staff' }), label: 'Всем сотрудникам' });
	}
	if (yearId !== undefined && !isStaff(actor)) {
		people = (await familyContacts(ctx.sql, actor.schoolId, yearId, actor.familyClassIds)).map((c) => ({
			value: targetValue({ kind: 'person', personId: c.personId }),
			label: `${c.fullName} — ${c.what}`
		}));
	}
	if (text.length >= 2) {
		// Each found person is judged by the policy, so only those the actor may write to are offered.
		for (const person of await searchPeople(ctx.sql, actor.schoolId, text)) {
			if (person.personId === actor.personId) continue;
			const facts = await loadActor(ctx.sql, person.personId, actor.schoolId, yearId);
			if (!may(actor, 'write', messageToResource(actor.schoolId, facts))) continue;
			if (people.some((p) => p.value === `person:${person.personId}`)) continue;
			people.push({ value: targetValue({ kind: 'person', personId: person.personId }), label: person.fullName });
		}
	}
	return { groups, people, peopleSearch: text };
}

/** The label of a chosen person (a link «написать» from elsewhere), when the actor may write to them. */
export async function chosenPerson(ctx: Ctx, actor: Actor, yearId: number | undefined, personId: number): Promise<TargetChoice | undefined> {
	const [person] = await peopleOfSchool(ctx.sql, actor.schoolId, [personId]);
	if (!person || person.personId === actor.personId) return undefined;
	const facts = await loadActor(ctx.sql, person.personId, actor.schoolId, yearId);
	return may(actor, 'write', messageToResource(actor.schoolId, facts)) ? { value: `person:${person.personId}`, label: person.fullName } : undefined;
}

/** One conversation with its messages (oldest first) and their files; for the sender of a group message, its read state. Only for its two people. */
export async function conversationPage(ctx: Ctx, actor: Actor, conversationId: string) {
	const conversation = await findConversation(ctx.sql, conversationId);
	if (!conversation || !decide(actor, 'read', conversationResource(conversation.schoolId, [conversation.starterId, conversation.otherId])).allow)
		return refuse('not_found', 'Переписка не найдена.');
	const otherId = conversation.starterId === actor.personId ? conversation.otherId : conversation.starterId;
	const [[other], messages, files, batch, blocked] = await Promise.all([
		peopleOfSchool(ctx.sql, conversation.schoolId, [otherId]),
		messagesOf(ctx.sql, conversation.id),
		filesOfConversation(ctx.sql, conversation.id),
		conversation.batchId && conversation.starterId === actor.personId ? batchReadState(ctx.sql, conversation.batchId) : Promise.resolve(undefined),
		blockersOf(ctx.sql, otherId, [actor.personId])
	]);
	return done({
		conversationId: conversation.id,
		subject: conversation.subject,
		otherName: other?.fullName ?? '',
		/** The reader blocked the other one. */
		blockedByMe: blocked.size > 0,
		group: batch ? { label: batch.label, readState: readStateLabel(batch.read, batch.total) } : null,
		messages: messages.map((m) => ({
			id: m.id,
			mine: m.senderId === actor.personId,
			senderName: m.senderName,
			body: m.body,
			sentAt: new Date(m.sentAt).toISOString(),
			read: m.readAt !== null,
			files: files.get(m.id) ?? []
		}))
	});
}

/** How many of the actor's notifications are unread (the badge). */
export function unreadCount(ctx: Ctx, actor: Actor): Promise<number> {
	return unreadNotifications(ctx.sql, actor.personId);
}

/** The actor's notifications, newest first. */
export async function notificationsPage(ctx: Ctx, actor: Actor) {
	const rows = await notificationsOf(ctx.sql, actor.personId);
	return rows.map((n) => ({ ...n, createdAt: new Date(n.createdAt).toISOString(), readAt: n.readAt ? new Date(n.readAt).toISOString() : null }));
}

/** An announcement as a page shows it. */
export type AnnouncementItem = ReturnType<typeof announcementItem> & { files: MessageFile[] };

function announcementItem(row: AnnouncementRow) {
	return {
		id: row.id,
		classId: row.classId,
		title: row.title,
		body: row.body,
		authorName: row.authorName,
		scope: row.scope,
		publishedAt: new Date(row.publishedAt).toISOString(),
		expiresAt: row.expiresAt ? new Date(row.expiresAt).toISOString() : null,
		pinned: row.pinned,
		scheduled: row.scheduled,
		// The school's day it is shown from (a later day's start is midnight in the school's zone).
		fromDay: row.scheduled ? todayIn(appConfig().timeZone, new Date(row.publishedAt)) : null,
		read: row.readAt !== null || row.scheduled,
		readState: row.total !== null && !row.scheduled ? readStateLabel(row.read ?? 0, row.total) : null
	};
}

/**
 * The announcements the actor reads today, pinned first, then newest first, with
 * their files: the school's and those of their classes and groups for someone they are; the
 * administration sees all. `only`: just that one, if the actor reads it.
 */
export async function announcementsOf(ctx: Ctx, actor: Actor, limit = 50, only?: number): Promise<AnnouncementItem[]> {
	const staff = isStaff(actor);
	const classIds = [...new Set([...actor.teachingClassIds, ...actor.classTeacherOf, ...actor.familyClassIds])];
	const rows = await announcementsFor(ctx.sql, {
		schoolId: actor.schoolId,
		today: ctx.today,
		personId: actor.personId,
		isStaff: staff,
		isParent: actor.roles.includes('parent'),
		isStudent: actor.roles.includes('student'),
		classIds,
		everything: isLeadership(actor),
		limit,
		only
	});
	const files = await filesOfAnnouncements(ctx.sql, rows.map((row) => row.id));
	return rows.map((row) => ({ ...announcementItem(row), files: files.get(row.id) ?? [] }));
}

/**
 * The announcements a family reads in a child's diary: the school's and those of
 * the child's class (a parent of two children sees only this child's class here), newest first.
 */
export async function announcementsOfClass(ctx: Ctx, actor: Actor, classId: number | null, limit = 3): Promise<AnnouncementItem[]> {
	const all = await announcementsOf(ctx, actor, 50);
	return all.filter((a) => a.classId === null || a.classId === classId).slice(0, limit);
}

/**
 * A file of a message or an announcement, for download: only to the two people of a conversation it
 * goes with, or to whoever reads its announcement today. Anyone else is told it is not there.
 */
export async function messageFileFor(ctx: Ctx, actor: Actor, fileId: unknown): Promise<Outcome<StoredMessageFile>> {
	const id = parseId(fileId);
	const file = id === undefined ? undefined : await findMessageFile(ctx.sql, id, actor.personId);
	if (!file || file.schoolId !== actor.schoolId) return refuse('not_found', MESSAGES_TEXT.fileNotFound);
	const readable = file.announcementId !== null ? (await announcementsOf(ctx, actor, 1, file.announcementId)).length > 0 : file.inConversation;
	return readable ? done(file) : refuse('not_found', MESSAGES_TEXT.fileNotFound);
}

/** Where the actor may publish an announcement: the school (administration), their classes (class teacher), groups they teach. */
export async function announcementScopes(ctx: Ctx, actor: Actor, yearId: number | undefined): Promise<TargetChoice[]> {
	if (yearId === undefined || !isStaff(actor)) return [];
	const scopes: TargetChoice[] = [];
	const leadership = isLeadership(actor);
	if (leadership) scopes.push({ value: 'school', label: 'Вся школа' });
	const classes = await classesOfYear(ctx.sql, yearId, leadership ? undefined : actor.classTeacherOf);
	for (const c of classes) scopes.push({ value: `class:${c.classId}`, label: `Класс ${c.name}` });
	// A teacher's groups (the administration has the classes and the school).
	if (!leadership && actor.journalIds.length > 0)
		for (const g of await groupsOfJournals(ctx.sql, yearId, actor.journalIds)) scopes.push({ value: `group:${g.groupId}`, label: `Группа ${g.name}` });
	return scopes;
}
