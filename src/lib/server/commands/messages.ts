/**
 * Messages and announcements (R-2.9, R-4.3.4, R-4.4.7, R-4.5.6, R-2.8, X-AUDIT): writing to a
 * person or a group, answering, reading, publishing an announcement. Each command checks the
 * policy, then the input with the domain rules, then writes the rows, their notifications (the
 * outbox, one per recipient) and an audit row in one transaction, and only then tells the
 * recipients' open pages.
 */
import type { Ctx } from '../context.ts';
import { appConfig } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import type { Tx } from '../db/client.ts';
import { loadActor } from '../db/people.ts';
import {
	administrationOf,
	announcementAudience,
	announcementLink,
	blockersOf,
	claimDueAnnouncement,
	classOfYear,
	findConversation,
	groupWithJournals,
	insertAnnouncement,
	insertBatch,
	insertConversations,
	insertNotifications,
	insertReply,
	lockSender,
	markAnnouncementsRead,
	markAnnouncementReleased,
	markConversationRead,
	markNotificationsRead,
	markTimetableNotificationsRead,
	messagesOf,
	parentsOfClass,
	peopleOfSchool,
	sendTimesSince,
	setMessageBlock,
	staffOfSchoolIds,
	studentsOfClass,
	teachersOfGrade
} from '../db/messages.ts';
import { notifyInboxChanged } from '../inbox-events.ts';
import { firstMessageOf, insertMessageFiles } from '../db/message-files.ts';
import { readUpload, withStoredUploads, type Upload } from './attachments.ts';
import { MAX_ATTACHMENT_BYTES } from '../../domain/journal-rules.ts';
import {
	checkAnnouncement,
	checkMessage,
	checkMessageFiles,
	checkSendRate,
	groupLabel,
	MESSAGES_TEXT as T,
	parseTarget,
	previewOf,
	SEND_WINDOW_MINUTES,
	subjectOf,
	type MessageTarget
} from '../../domain/messages.ts';
import { className } from '../../domain/school-structure.ts';
import { formatDate } from '../../domain/dates.ts';
import { announcementsResource, conversationResource, decide, messageToResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** Whether this server sends notifications by e-mail too (SMTP_URL and SMTP_FROM set): then each is due for e-mail at once. */
const emailOn = () => appConfig().mail !== undefined;

/**
 * The files a form sent with a message or an announcement, each checked as a lesson's file is
 * (`readUpload`) and all together by count and size. A file input left empty (a nameless empty
 * part) is no file.
 */
async function readFiles(files: unknown): Promise<Outcome<Upload[]>> {
	const given = (Array.isArray(files) ? files : []).filter((f): f is File => f instanceof File && !(f.size === 0 && f.name === ''));
	const together = checkMessageFiles(given.map((f) => f.size), MAX_ATTACHMENT_BYTES);
	if (!together.ok) return refuse('too_large', together.reason);
	const uploads: Upload[] = [];
	for (const file of given) {
		const upload = await readUpload(file);
		if (!upload.ok) return refuse(upload.code, `«${file.name}»: ${upload.message}`);
		uploads.push(upload.value);
	}
	return done(uploads);
}

/** A message sent: the conversation (one recipient) or how many conversations a group send started. */
export interface MessageSent {
	/** The conversation, when the message went to one person. */
	conversationId: string | null;
	/** How many people it went to. */
	recipients: number;
	message: string;
}

/** The recipients of a target with its words for a group, or a refusal. */
async function recipientsOf(ctx: Ctx, actor: Actor, yearId: number | undefined, target: MessageTarget): Promise<Outcome<{ ids: number[]; label: string | null }>> {
	if (target.kind === 'person') {
		const [person] = await peopleOfSchool(ctx.sql, actor.schoolId, [target.personId]);
		return person ? done({ ids: [person.personId], label: null }) : refuse('invalid', T.recipientNotFound);
	}
	if (yearId === undefined) return refuse('invalid', T.recipientNotFound);
	let ids: number[];
	let label: string;
	if (target.kind === 'class_parents' || target.kind === 'class_students') {
		const klass = await classOfYear(ctx.sql, yearId, target.classId);
		if (!klass) return refuse('invalid', T.recipientNotFound);
		ids = target.kind === 'class_parents' ? await parentsOfClass(ctx.sql, actor.schoolId, klass.classId, ctx.today) : await studentsOfClass(ctx.sql, actor.schoolId, klass.classId, ctx.today);
		label = groupLabel(target, className(klass.grade, klass.letter));
	} else {
		ids = target.kind === 'grade_teachers' ? await teachersOfGrade(ctx.sql, yearId, target.grade) : await staffOfSchoolIds(ctx.sql, actor.schoolId, yearId);
		label = groupLabel(target);
	}
	ids = ids.filter((id) => id !== actor.personId);
	return ids.length ? done({ ids, label }) : refuse('invalid', T.nobodyInGroup);
}

/** The policy's answer for every recipient: the first refusal, or none. */
async function refusalFor(ctx: Ctx, actor: Actor, yearId: number | undefined, recipientIds: readonly number[]): Promise<string | undefined> {
	const blockers = await blockersOf(ctx.sql, actor.personId, recipientIds);
	for (const id of recipientIds) {
		const recipient = await loadActor(ctx.sql, id, actor.schoolId, yearId);
		const blocks = blockers.has(id) ? [actor.personId] : [];
		const decision = decide(actor, 'write', messageToResource(actor.schoolId, { ...recipient, blocks }));
		if (!decision.allow) return decision.reason;
	}
	return undefined;
}

/** The rate limit's refusal for the sender now, inside the transaction (the sender's row is locked). */
async function rateRefusal(tx: Tx, senderId: number) {
	await lockSender(tx, senderId);
	const now = new Date();
	const recent = await sendTimesSince(tx, senderId, new Date(now.getTime() - SEND_WINDOW_MINUTES * 60_000));
	const rate = checkSendRate(recent, now);
	return rate.ok ? undefined : refuse('rate_limited', rate.reason, { retryAfter: rate.retryAfter });
}

/**
 * Writes a message to one person or to a group. A group («всем родителям 7А»,
 * «учителям 5-х классов») gets one conversation per recipient, so replies stay private, tied by
 * one send whose read state the sender sees; files go with it, stored once. Checks: the target
 * exists in the school; the message (`checkMessage`) and its files (`readFiles`); the policy for every recipient (nothing is written if any is
 * refused); the sender's rate limit (`checkSendRate`, under a lock of the sender's row). Writes
 * the conversations, their first messages, one notification per recipient and an audit row.
 */
export async function sendMessage(
	ctx: Ctx,
	actor: Actor,
	yearId: number | undefined,
	input: { to?: unknown; subject?: unknown; body?: unknown; files?: unknown }
): Promise<Outcome<MessageSent, { retryAfter?: number }>> {
	const allowed = decide(actor, 'write', { kind: 'messages', schoolId: actor.schoolId });
	if (!allowed.allow) return refuse('forbidden', allowed.reason);
	const target = parseTarget(input.to);
	if (!target) return refuse('invalid', T.recipientNeeded);
	const checked = checkMessage(input);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const files = await readFiles(input.files);
	if (!files.ok) return files;
	const recipients = await recipientsOf(ctx, actor, yearId, target);
	if (!recipients.ok) return recipients;
	const refusal = await refusalFor(ctx, actor, yearId, recipients.value.ids);
	if (refusal) return refuse('forbidden', refusal);

	const { ids, label } = recipients.value;
	const subject = subjectOf(checked.value);
	const body = checked.value.body;
	const [sender] = await peopleOfSchool(ctx.sql, actor.schoolId, [actor.personId]);
	const outcome = await withStoredUploads(files.value, (stored) => ctx.sql.begin(async (tx): Promise<Outcome<MessageSent, { retryAfter?: number }>> => {
		const limited = await rateRefusal(tx, actor.personId);
		if (limited) return limited;
		const batchId = label ? await insertBatch(tx, { schoolId: actor.schoolId, senderId: actor.personId, label, subject, body }) : null;
		const started = await insertConversations(tx, { schoolId: actor.schoolId, senderId: actor.personId, recipientIds: ids, subject, body, batchId });
		if (stored.length > 0)
			await insertMessageFiles(tx, actor.schoolId, batchId ? { batchId } : { messageId: await firstMessageOf(tx, started[0].conversationId) }, stored, actor.personId);
		await insertNotifications(tx, {
			schoolId: actor.schoolId,
			kind: 'message',
			recipients: started.map((s) => ({ personId: s.recipientId, link: `/messages/${s.conversationId}` })),
			title: `Сообщение от ${sender?.fullName ?? 'сотрудника школы'}: ${subject}`,
			body: previewOf(body),
			email: emailOn()
		});
		await writeAudit(tx, {
			actorId: actor.personId,
			action: 'message.send',
			entity: batchId ? 'message_batch' : 'conversation',
			entityId: batchId ?? started[0].conversationId,
			newValue: { to: label ?? ids[0], recipients: ids.length, subject, ...filesAudit(stored) }
		});
		return done({ conversationId: batchId ? null : started[0].conversationId, recipients: ids.length, message: T.sent });
	}));
	if (outcome.ok) notifyInboxChanged(ids, 'message');
	return outcome;
}

/**
 * Sends prepared letters as one group send: each letter's text goes to its recipients,
 * one conversation per recipient, all under one send — so the sender's rate limit counts it once —
 * with the same checks as `sendMessage`: the policy for every recipient (nothing is written if any
 * is refused), each text (`checkMessage`), the rate limit; conversations, notifications and an
 * audit row in one transaction. With `claim`, the send first takes its row (the weekly run) in that
 * transaction and writes nothing when it was taken already.
 */
export async function sendPreparedMessages(
	ctx: Ctx,
	actor: Actor,
	yearId: number | undefined,
	input: { label: string; subject: string; template: string; letters: ReadonlyArray<{ recipientIds: readonly number[]; body: string }> },
	/** Taken in the send's transaction before anything is written (a weekly run); false: refused as sent already. */
	claim?: (tx: Tx, recipients: number) => Promise<boolean>
): Promise<Outcome<MessageSent, { retryAfter?: number }>> {
	const allowed = decide(actor, 'write', { kind: 'messages', schoolId: actor.schoolId });
	if (!allowed.allow) return refuse('forbidden', allowed.reason);
	const letters = input.letters.map((l) => ({ ...l, recipientIds: l.recipientIds.filter((id) => id !== actor.personId) })).filter((l) => l.recipientIds.length > 0);
	if (letters.length === 0) return refuse('invalid', T.nobodyInGroup);
	for (const letter of letters) {
		const checked = checkMessage({ subject: input.subject, body: letter.body });
		if (!checked.ok) return refuse('invalid', checked.reason);
	}
	const ids = [...new Set(letters.flatMap((l) => l.recipientIds))];
	const refusal = await refusalFor(ctx, actor, yearId, ids);
	if (refusal) return refuse('forbidden', refusal);
	const subject = subjectOf({ subject: input.subject, body: input.template });
	const [sender] = await peopleOfSchool(ctx.sql, actor.schoolId, [actor.personId]);
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<MessageSent, { retryAfter?: number }>> => {
		const limited = await rateRefusal(tx, actor.personId);
		if (limited) return limited;
		if (claim && !(await claim(tx, ids.length))) return refuse('conflict', T.sentAlready);
		const batchId = await insertBatch(tx, { schoolId: actor.schoolId, senderId: actor.personId, label: input.label, subject, body: input.template });
		for (const letter of letters) {
			const started = await insertConversations(tx, { schoolId: actor.schoolId, senderId: actor.personId, recipientIds: letter.recipientIds, subject, body: letter.body, batchId });
			await insertNotifications(tx, {
				schoolId: actor.schoolId,
				kind: 'message',
				recipients: started.map((s) => ({ personId: s.recipientId, link: `/messages/${s.conversationId}` })),
				title: `Сообщение от ${sender?.fullName ?? 'сотрудника школы'}: ${subject}`,
				body: previewOf(letter.body),
				email: emailOn()
			});
		}
		await writeAudit(tx, { actorId: actor.personId, action: 'message.send', entity: 'message_batch', entityId: batchId, newValue: { to: input.label, recipients: ids.length, subject } });
		return done({ conversationId: null, recipients: ids.length, message: T.sent });
	});
	if (outcome.ok) notifyInboxChanged(ids, 'message');
	return outcome;
}

/** The conversation the actor takes part in, or one refusal for «no such» and «not yours». */
async function ownConversation(ctx: Ctx, actor: Actor, conversationId: unknown, action: 'read' | 'write') {
	const id = typeof conversationId === 'string' && /^[1-9]\d{0,17}$/.test(conversationId) ? conversationId : undefined;
	const conversation = id ? await findConversation(ctx.sql, id) : undefined;
	if (!conversation) return refuse('not_found', T.conversationNotFound);
	const participants = [conversation.starterId, conversation.otherId];
	if (!decide(actor, 'read', conversationResource(conversation.schoolId, participants)).allow) return refuse('not_found', T.conversationNotFound);
	if (action === 'write') {
		const otherId = conversation.starterId === actor.personId ? conversation.otherId : conversation.starterId;
		const blocked = (await blockersOf(ctx.sql, actor.personId, [otherId])).size > 0;
		const decision = decide(actor, 'write', conversationResource(conversation.schoolId, participants, blocked));
		if (!decision.allow) return refuse('forbidden', decision.reason);
	}
	return done(conversation);
}

/**
 * Answers in a conversation: only its two people may; the reply goes to the other one,
 * privately even when the conversation began as a group message. Checks: the conversation is the
 * actor's; the message; its files (`readFiles`); the rate limit. Writes the message, its files, the
 * other's notification and an audit row.
 */
export async function replyInConversation(
	ctx: Ctx,
	actor: Actor,
	conversationId: unknown,
	input: { body?: unknown; files?: unknown }
): Promise<Outcome<{ message: string }, { retryAfter?: number }>> {
	const found = await ownConversation(ctx, actor, conversationId, 'write');
	if (!found.ok) return found;
	const conversation = found.value;
	const checked = checkMessage({ body: input.body });
	if (!checked.ok) return refuse('invalid', checked.reason);
	const files = await readFiles(input.files);
	if (!files.ok) return files;
	const otherId = conversation.starterId === actor.personId ? conversation.otherId : conversation.starterId;
	const [sender] = await peopleOfSchool(ctx.sql, actor.schoolId, [actor.personId]);
	const outcome = await withStoredUploads(files.value, (stored) => ctx.sql.begin(async (tx): Promise<Outcome<{ message: string }, { retryAfter?: number }>> => {
		const limited = await rateRefusal(tx, actor.personId);
		if (limited) return limited;
		const messageId = await insertReply(tx, { conversationId: conversation.id, senderId: actor.personId, recipientId: otherId, subject: conversation.subject, body: checked.value.body });
		if (stored.length > 0) await insertMessageFiles(tx, conversation.schoolId, { messageId }, stored, actor.personId);
		// The reader answered: what was sent to them is read.
		await markConversationRead(tx, conversation.id, actor.personId);
		await insertNotifications(tx, {
			schoolId: conversation.schoolId,
			kind: 'message',
			recipients: [{ personId: otherId, link: `/messages/${conversation.id}` }],
			title: `Ответ от ${sender?.fullName ?? 'собеседника'}: ${conversation.subject}`,
			body: previewOf(checked.value.body),
			email: emailOn()
		});
		await writeAudit(tx, { actorId: actor.personId, action: 'message.reply', entity: 'message', entityId: messageId, newValue: { conversation: conversation.id, ...filesAudit(stored) } });
		return done({ message: T.sent });
	}));
	if (outcome.ok) notifyInboxChanged([otherId, actor.personId], 'message');
	return outcome;
}

/**
 * Reads a conversation: its messages to the reader become read, and so do the reader's
 * notifications that lead to it; the other person's open pages hear it (their «прочитано»).
 * Refused as «not found» to anyone but its two people.
 */
export async function readConversation(ctx: Ctx, actor: Actor, conversationId: unknown): Promise<Outcome<{ conversationId: string }>> {
	const found = await ownConversation(ctx, actor, conversationId, 'read');
	if (!found.ok) return found;
	const conversation = found.value;
	const changed = await ctx.sql.begin(async (tx) => {
		const messages = await markConversationRead(tx, conversation.id, actor.personId);
		const notifications = await markNotificationsRead(tx, actor.personId, `/messages/${conversation.id}`);
		return messages + notifications;
	});
	if (changed > 0) notifyInboxChanged([conversation.starterId, conversation.otherId], 'read');
	return done({ conversationId: conversation.id });
}

/**
 * Blocks (or unblocks) the other person of a conversation: they may no longer write to the
 * actor, in it or anew, unless they speak for the school. Only its two people may; audited.
 */
export async function blockInConversation(ctx: Ctx, actor: Actor, conversationId: unknown, on: boolean): Promise<Outcome<{ message: string }>> {
	const found = await ownConversation(ctx, actor, conversationId, 'read');
	if (!found.ok) return found;
	const conversation = found.value;
	const otherId = conversation.starterId === actor.personId ? conversation.otherId : conversation.starterId;
	await ctx.sql.begin(async (tx) => {
		if (await setMessageBlock(tx, actor.personId, otherId, on))
			await writeAudit(tx, { actorId: actor.personId, action: on ? 'message.block' : 'message.unblock', entity: 'person', entityId: otherId, newValue: { conversation: conversation.id } });
	});
	return done({ message: on ? T.blocked : T.unblocked });
}

/**
 * Reports the other person of a conversation to the school's administration: each of them
 * gets a notification with the reported person's last message, in one transaction with the audit
 * row. Only its two people may report.
 */
export async function reportConversation(ctx: Ctx, actor: Actor, conversationId: unknown): Promise<Outcome<{ message: string }>> {
	const found = await ownConversation(ctx, actor, conversationId, 'read');
	if (!found.ok) return found;
	const conversation = found.value;
	const otherId = conversation.starterId === actor.personId ? conversation.otherId : conversation.starterId;
	const [people, administration, messages] = await Promise.all([
		peopleOfSchool(ctx.sql, conversation.schoolId, [actor.personId, otherId]),
		administrationOf(ctx.sql, conversation.schoolId),
		messagesOf(ctx.sql, conversation.id)
	]);
	const nameOf = (id: number) => people.find((p) => p.personId === id)?.fullName ?? '';
	const last = messages.filter((m) => m.senderId === otherId).at(-1);
	const recipients = administration.filter((id) => id !== actor.personId && id !== otherId);
	await ctx.sql.begin(async (tx) => {
		await insertNotifications(tx, {
			schoolId: conversation.schoolId,
			kind: 'report',
			recipients: recipients.map((personId) => ({ personId, link: '/notifications' })),
			title: `Жалоба: ${nameOf(actor.personId)} — на сообщения от ${nameOf(otherId)}`,
			body: last ? `«${previewOf(last.body)}»` : '',
			email: emailOn()
		});
		await writeAudit(tx, { actorId: actor.personId, action: 'message.report', entity: 'person', entityId: otherId, newValue: { conversation: conversation.id, message: last?.id ?? null } });
	});
	notifyInboxChanged(recipients, 'message');
	return done({ message: T.reported });
}

/** Marks every notification of the actor read (the list's «прочитать все»). */
export async function readAllNotifications(ctx: Ctx, actor: Actor): Promise<Outcome<{ read: number }>> {
	const read = await markNotificationsRead(ctx.sql, actor.personId);
	if (read > 0) notifyInboxChanged([actor.personId], 'read');
	return done({ read });
}

/**
 * The actor saw the timetable's changes: their change notifications are read — all of
 * them on the timetable page; those leading to a journal when it opens; those of a child's week
 * when the family opens it. The caller has already shown the page (the actor may see it).
 */
export async function readTimetableNotifications(ctx: Ctx, actor: Actor, seen: 'all' | { journalId: number } | { studentId: number }): Promise<void> {
	const link = seen === 'all' ? undefined : 'journalId' in seen ? `/journal/${seen.journalId}` : `/diary/${seen.studentId}/timetable`;
	const read = await markTimetableNotificationsRead(ctx.sql, actor.personId, link);
	if (read > 0) notifyInboxChanged([actor.personId], 'read');
}

/** The actor saw these announcements: each is read once, with its notifications. */
export async function readAnnouncements(ctx: Ctx, actor: Actor, ids: readonly number[]): Promise<void> {
	if (ids.length === 0) return;
	const read = await ctx.sql.begin((tx) => markAnnouncementsRead(tx, actor.personId, ids));
	if (read > 0) notifyInboxChanged([actor.personId], 'read');
}

/** An announcement published: its id, how many it reached, a sentence to show. */
export interface AnnouncementPublished {
	announcementId: number;
	reach: number;
	message: string;
	/** Published for a later day: shown and notified then. */
	scheduled: boolean;
}

/** Reads a scope as the form sends it: `school`, `class:3`, `group:12`. */
function parseScope(value: unknown): { kind: 'school' } | { kind: 'class' | 'group'; id: number } | undefined {
	if (value === 'school' || value === undefined || value === '') return { kind: 'school' };
	const match = typeof value === 'string' ? /^(class|group):([1-9]\d{0,9})$/.exec(value) : null;
	return match ? { kind: match[1] as 'class' | 'group', id: Number(match[2]) } : undefined;
}

/**
 * Publishes an announcement: for the school (the administration), a
 * class (its class teacher) or a group (its teacher), for families, pupils and/or staff, pinned or
 * not, shown from a later day («показывать с»: shown and notified only then, by
 * `releaseDueAnnouncements`) or now, until a day or always, with files. Checks: the scope exists in the current year; the
 * policy; the announcement (`checkAnnouncement`) and its files (`readFiles`). Writes the announcement, one notification per person it
 * reaches (the outbox) and an audit row in one transaction, then tells their open pages.
 */
export async function publishAnnouncement(
	ctx: Ctx,
	actor: Actor,
	yearId: number | undefined,
	input: { scope?: unknown; title?: unknown; body?: unknown; families?: unknown; students?: unknown; staff?: unknown; pinned?: unknown; until?: unknown; from?: unknown; files?: unknown }
): Promise<Outcome<AnnouncementPublished>> {
	const scope = parseScope(input.scope);
	if (!scope || yearId === undefined) return refuse('invalid', T.scopeNotFound);
	let classId: number | null = null;
	let groupId: number | null = null;
	let journalIds: number[] | undefined;
	if (scope.kind === 'class') {
		const klass = await classOfYear(ctx.sql, yearId, scope.id);
		if (!klass) return refuse('invalid', T.scopeNotFound);
		classId = klass.classId;
	} else if (scope.kind === 'group') {
		const group = await groupWithJournals(ctx.sql, yearId, scope.id);
		if (!group) return refuse('invalid', T.scopeNotFound);
		classId = group.classId;
		groupId = group.groupId;
		journalIds = group.journalIds;
	}
	const decision = decide(actor, 'write', announcementsResource(actor.schoolId, classId === null ? {} : { classId, journalIds }));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const checked = checkAnnouncement(input, ctx.today);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const a = checked.value;
	const files = await readFiles(input.files);
	if (!files.ok) return files;
	// Published for a later day: nobody is reached now; the release writes its notifications then.
	const audience = a.from
		? []
		: (await announcementAudience(ctx.sql, { schoolId: actor.schoolId, yearId, classId, groupId, ...a.audience, today: ctx.today })).filter((id) => id !== actor.personId);
	const timeZone = appConfig().timeZone;
	const expiresAt = a.until ? endOfDay(a.until, timeZone) : null;
	const publishedAt = a.from ? startOfDay(a.from, timeZone) : null;
	const outcome = await withStoredUploads(files.value, (stored) => ctx.sql.begin(async (tx): Promise<Outcome<AnnouncementPublished>> => {
		const announcementId = await insertAnnouncement(tx, {
			schoolId: actor.schoolId,
			classId,
			groupId,
			authorId: actor.personId,
			title: a.title,
			body: a.body,
			...a.audience,
			pinned: a.pinned,
			expiresAt,
			publishedAt,
			reach: audience.length
		});
		if (stored.length > 0) await insertMessageFiles(tx, actor.schoolId, { announcementId }, stored, actor.personId);
		await insertNotifications(tx, {
			schoolId: actor.schoolId,
			kind: 'announcement',
			recipients: audience.map((personId) => ({ personId, link: announcementLink(announcementId) })),
			title: `Объявление: ${a.title}`,
			body: previewOf(a.body),
			email: emailOn()
		});
		await writeAudit(tx, { actorId: actor.personId, action: 'announcement.publish', entity: 'announcement', entityId: announcementId, newValue: { ...a, classId, groupId, reach: audience.length, ...filesAudit(stored) } });
		return done({ announcementId, reach: audience.length, message: a.from ? T.scheduled(formatDate(a.from)) : T.published, scheduled: a.from !== null });
	}));
	if (outcome.ok && audience.length > 0) notifyInboxChanged(audience, 'announcement');
	return outcome;
}

/**
 * Releases the announcements whose day came: each is claimed in its own transaction
 * (FOR UPDATE SKIP LOCKED, so of several instances one takes it), its readers are worked out as
 * on that day, and their notifications (the outbox) and the mark that it was released are written
 * together — once. Open pages are told after the commit. Returns how many were released.
 */
export async function releaseDueAnnouncements(ctx: Ctx): Promise<number> {
	let released = 0;
	for (;;) {
		const reached = await ctx.sql.begin(async (tx) => {
			const due = await claimDueAnnouncement(tx);
			if (!due) return undefined;
			const audience =
				due.yearId === null
					? []
					: (await announcementAudience(tx, { schoolId: due.schoolId, yearId: due.yearId, classId: due.classId, groupId: due.groupId, families: due.families, students: due.students, staff: due.staff, today: ctx.today })).filter(
							(id) => id !== due.authorId
						);
			await insertNotifications(tx, {
				schoolId: due.schoolId,
				kind: 'announcement',
				recipients: audience.map((personId) => ({ personId, link: announcementLink(due.id) })),
				title: `Объявление: ${due.title}`,
				body: previewOf(due.body),
				email: emailOn()
			});
			await markAnnouncementReleased(tx, due.id, audience.length);
			await writeAudit(tx, { actorId: null, action: 'announcement.release', entity: 'announcement', entityId: due.id, newValue: { reach: audience.length } });
			return audience;
		});
		if (!reached) return released;
		released += 1;
		if (reached.length > 0) notifyInboxChanged(reached, 'announcement');
	}
}

/** The moment a day begins in the school's time zone, as an ISO string. */
function startOfDay(day: string, timeZone: string): string {
	return new Date(Date.parse(endOfDay(day, timeZone)) + 1 - 24 * 60 * 60 * 1000).toISOString();
}

/** What the audit row says of the files that went with a message or an announcement (nothing when none did). */
function filesAudit(stored: ReadonlyArray<{ fileName: string; sizeBytes: number }>) {
	return stored.length > 0 ? { files: stored.map((f) => ({ fileName: f.fileName, sizeBytes: f.sizeBytes })) } : {};
}

/** The moment a day ends in the school's time zone, as an ISO string. */
function endOfDay(day: string, timeZone: string): string {
	// The offset of the zone at noon of that day (no school changes its clocks at midnight).
	const noon = new Date(`${day}T12:00:00Z`);
	const local = new Date(noon.toLocaleString('en-US', { timeZone }));
	const utc = new Date(noon.toLocaleString('en-US', { timeZone: 'UTC' }));
	const offsetMs = local.getTime() - utc.getTime();
	return new Date(Date.parse(`${day}T23:59:59.999Z`) - offsetMs).toISOString();
}
