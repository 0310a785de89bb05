/**
 * Messages through the real pages (R-2.9, R-4.3.4, R-2.8, X-AUDIT): who may write to whom is
 * enforced on the server — a refusal says why in Russian and writes nothing; a group message
 * becomes one private conversation per recipient with one notification each; the sender sees
 * «прочитано N из M»; a sender is rate limited.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, type Account, type Klass } from '../factories';
import { MESSAGING_REFUSALS } from '../../src/lib/domain/policy';
import { SEND_LIMIT } from '../../src/lib/domain/messages';

let school: TestSchool;
let as: SignedIn;
let w: {
	admin: Account;
	classTeacher: Account;
	mathTeacher: Account;
	klass: Klass;
	other: Klass;
	pupil: Account;
	pupil2: Account;
	mother: Account;
	father2: Account;
	parent3: Account;
	otherParent: Account;
};

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const admin = await make.staff('Админова Ирина Петровна', ['admin'], { login: 'adm1', password: 'adm-pass-1' });
		const classTeacher = await make.teacher('Классова Нина Олеговна', { login: 'klass1', password: 'klass-pass-1' });
		const mathTeacher = await make.teacher('Счётов Пётр Ильич', { login: 'math1', password: 'math-pass-1' });
		const klass = await make.class({ grade: 7, letter: 'А', classTeacher });
		const other = await make.class({ grade: 5, letter: 'Б' });
		const math = await make.subject('Математика');
		await make.journal({ group: other, subject: math, teachers: [mathTeacher] });
		const pupil = await make.student('Сидоров Иван Петрович', { class: klass, login: 'ivan1', password: 'ivan-pass-1' });
		const pupil2 = await make.student('Петров Олег Ильич', { class: klass, login: 'oleg1', password: 'oleg-pass-1' });
		const pupil3 = await make.student('Орлова Мария Юрьевна', { class: klass });
		const otherPupil = await make.student('Зайцев Максим Олегович', { class: other });
		return {
			admin,
			classTeacher,
			mathTeacher,
			klass,
			other,
			pupil,
			pupil2,
			mother: await make.parent('Сидорова Анна Павловна', { children: [pupil], login: 'mama1', password: 'mama-pass-1' }),
			father2: await make.parent('Петров Илья Сергеевич', { children: [pupil2], login: 'papa2', password: 'papa-pass-2' }),
			parent3: await make.parent('Орлов Юрий Иванович', { children: [pupil3], login: 'papa3', password: 'papa-pass-3' }),
			otherParent: await make.parent('Зайцева Ольга Сергеевна', { children: [otherPupil], login: 'mama5', password: 'mama-pass-5' })
		};
	});
});

afterAll(async () => {
	await school?.stop();
});

const counts = async () => {
	const { sql } = await database();
	const [row] = await sql<{ conversations: number; messages: number; notifications: number }[]>`
		select (select count(*)::int from conversation) as conversations, (select count(*)::int from message) as messages,
			(select count(*)::int from notification) as notifications`;
	return row;
};
const send = async (who: Account, form: Record<string, string>) => (await as(who)).request('/messages?/send', { form });
type Conversation = { kind: 'conversation'; conversationId: string; otherName: string; group: string | null; readState: string | null; unread: number; lastBody: string };
type GroupSend = { kind: 'group'; group: string; readState: string; recipients: Array<{ conversationId: string; name: string; read: boolean }> };
type Mailbox = { items: Array<Conversation | GroupSend> };
const conversationsOf = (box: Mailbox) => box.items.filter((i): i is Conversation => i.kind === 'conversation');
const groupOf = (box: Mailbox, label: string) => box.items.find((i): i is GroupSend => i.kind === 'group' && i.group === label);

describe('R-2.9 who may write to whom is the policy’s, enforced on the server', () => {
	test('a pupil writing to another pupil is refused with a Russian message, and nothing is written', async () => {
		const before = await counts();
		const response = await send(w.pupil, { to: `person:${w.pupil2.id}`, subject: 'Привет', body: 'Пойдём после уроков в кино?' });
		expect(response.status).toBe(403);
		expect(await response.text()).toContain(MESSAGING_REFUSALS.familyToFamily.split(':')[0]);
		expect(await counts()).toEqual(before);
	});

	test('a parent of 5Б may not write to the class teacher of 7А, who does not teach 5Б; a parent of 7А may', async () => {
		const before = await counts();
		const refused = await send(w.otherParent, { to: `person:${w.classTeacher.id}`, body: 'Здравствуйте!' });
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('Родители и ученики пишут учителям');
		expect(await counts()).toEqual(before);

		const allowed = await send(w.mother, { to: `person:${w.classTeacher.id}`, subject: 'Справка', body: 'Ваня завтра пропустит первый урок: врач.' });
		expect(allowed.status).toBe(303);
		expect(allowed.headers.get('location')).toMatch(/^\/messages\/\d+$/);
		expect(await counts()).toEqual({ conversations: before.conversations + 1, messages: before.messages + 1, notifications: before.notifications + 1 });
	});

	test('a teacher writes to the parents of a class they teach, not of another; a message without text is refused', async () => {
		const refused = await send(w.mathTeacher, { to: `parents:${w.klass.id}`, body: 'Контрольная в пятницу.' });
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('Учителя пишут ученикам и родителям только тех классов');
		const empty = await send(w.classTeacher, { to: `parents:${w.klass.id}`, body: '   ' });
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('Напишите текст сообщения.');
	});
});

describe('R-4.3.4 a group message: one private conversation per recipient, read state for the sender', () => {
	let conversations: GroupSend['recipients'];

	test('the class teacher writes to all parents of 7А: three conversations, three notifications, audited once', async () => {
		const before = await counts();
		const response = await send(w.classTeacher, { to: `parents:${w.klass.id}`, subject: 'Родительское собрание', body: 'Собрание в четверг в 18:00, каб. 12.' });
		expect(response.status).toBe(200);
		expect(await counts()).toEqual({ conversations: before.conversations + 3, messages: before.messages + 3, notifications: before.notifications + 3 });
		const { sql } = await database();
		const audit = await sql`select entity, new_value from audit_log where action = 'message.send' and actor_id = ${w.classTeacher.id}`;
		expect(audit).toHaveLength(1);
		expect(audit[0].new_value).toMatchObject({ to: 'всем родителям 7А', recipients: 3 });

		const teacherBox = await (await as(w.classTeacher)).pageData<Mailbox>('/messages');
		// Unanswered, the send is one row for its sender, its three recipients inside.
		const group = groupOf(teacherBox, 'всем родителям 7А')!;
		conversations = group.recipients;
		expect(conversations.map((c) => c.name).sort()).toEqual(['Орлов Юрий Иванович', 'Петров Илья Сергеевич', 'Сидорова Анна Павловна']);
		expect(group.readState).toBe('прочитано 0 из 3');
		expect(conversations.every((c) => !c.read)).toBe(true);
	});

	test('each parent sees only their own conversation, with a badge; opening it reads it and the sender sees «прочитано 1 из 3»', async () => {
		const mother = await as(w.mother);
		const { sql } = await database();
		const unread = async () => (await sql<{ n: number }[]>`select count(*)::int as n from notification where person_id = ${w.mother.id} and read_at is null`)[0].n;
		expect(await unread()).toBe(1);
		const box = await mother.pageData<Mailbox>('/messages');
		const mine = conversationsOf(box).filter((c) => c.otherName === 'Классова Нина Олеговна' && c.lastBody.includes('Собрание'));
		expect(mine).toHaveLength(1);
		expect(mine[0].unread).toBe(1);
		expect(mine[0].readState).toBeNull();

		const foreign = conversations.find((c) => c.name !== 'Сидорова Анна Павловна')!;
		expect((await mother.request(`/messages/${foreign.conversationId}`)).status).toBe(404);
		expect((await mother.request(`/messages/${mine[0].conversationId}`)).status).toBe(200);
		expect(await unread()).toBe(0);
		const again = await mother.pageData<Mailbox>('/messages');
		expect(conversationsOf(again).find((c) => c.conversationId === mine[0].conversationId)!.unread).toBe(0);

		const teacherBox = await (await as(w.classTeacher)).pageData<Mailbox>('/messages');
		const group = groupOf(teacherBox, 'всем родителям 7А')!;
		expect(group.readState).toBe('прочитано 1 из 3');
		expect(group.recipients.filter((r) => r.read).map((r) => r.name)).toEqual(['Сидорова Анна Павловна']);
	});

	test('a reply goes to the teacher only: the other parents never see it', async () => {
		const mother = await as(w.mother);
		const box = await mother.pageData<Mailbox>('/messages');
		const mine = conversationsOf(box).find((c) => c.lastBody.includes('Собрание'))!;
		const replied = await mother.request(`/messages/${mine.conversationId}?/reply`, { form: { body: 'Спасибо, приду.' } });
		expect(replied.status).toBe(200);
		const teacher = await (await as(w.classTeacher)).pageData<Mailbox>('/messages?s=приду');
		// Answered, the mother's conversation is a row of its own, still showing the send's read state.
		expect(conversationsOf(teacher).map((c) => [c.otherName, c.unread, c.readState])).toEqual([['Сидорова Анна Павловна', 1, 'прочитано 1 из 3']]);
		for (const other of [w.father2, w.parent3]) {
			const theirs = await (await as(other)).pageData<Mailbox>('/messages?s=приду');
			expect(theirs.items).toEqual([]);
		}
		// Nobody but its two people answers in a conversation.
		const intruder = await (await as(w.father2)).request(`/messages/${mine.conversationId}?/reply`, { form: { body: 'Я тоже!' } });
		expect(intruder.status).toBe(404);
	});
});

describe('R-2.9 a recipient blocks a sender and reports them to the administration', () => {
	test('the father blocks the class teacher: her answer and a new message are refused and not written; the director still gets through; unblocked, she writes again', async () => {
		const father = await as(w.father2);
		const box = await father.pageData<Mailbox>('/messages');
		const theirs = conversationsOf(box).find((c) => c.otherName === 'Классова Нина Олеговна')!;
		expect((await father.request(`/messages/${theirs.conversationId}?/block`, { form: {} })).status).toBe(200);
		const before = await counts();
		const teacher = await as(w.classTeacher);
		const answer = await teacher.request(`/messages/${theirs.conversationId}?/reply`, { form: { body: 'Вы получили моё сообщение?' } });
		expect(answer.status).toBe(403);
		expect(await answer.text()).toContain(MESSAGING_REFUSALS.blocked);
		const anew = await send(w.classTeacher, { to: `person:${w.father2.id}`, body: 'Напоминаю о собрании.' });
		expect(anew.status).toBe(403);
		const group = await send(w.classTeacher, { to: `parents:${w.klass.id}`, body: 'Всем родителям.' });
		expect(group.status).toBe(403);
		expect(await counts()).toEqual(before);
		expect((await send(w.admin, { to: `person:${w.father2.id}`, body: 'Из администрации.' })).status).toBe(303);

		expect((await father.request(`/messages/${theirs.conversationId}?/unblock`, { form: {} })).status).toBe(200);
		expect((await teacher.request(`/messages/${theirs.conversationId}?/reply`, { form: { body: 'Вы получили моё сообщение?' } })).status).toBe(200);
		const { sql } = await database();
		const audit = await sql<{ action: string }[]>`select action from audit_log where actor_id = ${w.father2.id} and action like 'message.%' order by id`;
		expect(audit.map((a) => a.action)).toEqual(['message.block', 'message.unblock']);
	});

	test('a report reaches the administration as a notification with the reported message, audited', async () => {
		const father = await as(w.father2);
		const theirs = conversationsOf(await father.pageData<Mailbox>('/messages')).find((c) => c.otherName === 'Классова Нина Олеговна')!;
		expect((await father.request(`/messages/${theirs.conversationId}?/report`, { form: {} })).status).toBe(200);
		const notes = await (await as(w.admin)).pageData<{ notifications: Array<{ kind: string; title: string; body: string }> }>('/notifications');
		expect(notes.notifications[0]).toMatchObject({ kind: 'report', title: 'Жалоба: Петров Илья Сергеевич — на сообщения от Классова Нина Олеговна', body: '«Вы получили моё сообщение?»' });
		// Nobody outside the conversation reports it.
		expect((await (await as(w.mother)).request(`/messages/${theirs.conversationId}?/report`, { form: {} })).status).toBe(404);
	});
});

describe('R-2.9 a sender is rate limited', () => {
	test(`after ${SEND_LIMIT} sends in ten minutes the next is refused with a Russian message and nothing is written`, async () => {
		// The maths teacher has sent nothing yet (his refused messages were never written).
		const teacher = await as(w.mathTeacher);
		for (let i = 0; i < SEND_LIMIT; i++) {
			const response = await teacher.request('/messages?/send', { form: { to: `person:${w.admin.id}`, body: `Вопрос ${i + 1}` } });
			expect(response.status).toBe(303);
		}
		const before = await counts();
		const limited = await teacher.request('/messages?/send', { form: { to: `person:${w.admin.id}`, body: 'Ещё один' } });
		expect(limited.status).toBe(429);
		expect(await limited.text()).toContain('Слишком много сообщений подряд');
		expect(await counts()).toEqual(before);
	});
});

type Board = { announcements: Array<{ id: number; title: string; pinned: boolean; read: boolean; readState: string | null; scope: string | null }> };
const publish = async (who: Account, form: Record<string, string>) => (await as(who)).request('/announcements?/publish', { form });

describe('R-4.4.7, R-4.5.6, R-3.6 announcements: who publishes where, who reads them, «прочитано»', () => {
	test('the class teacher publishes for 7А: its pupils and parents are notified in the same transaction, 5Б never sees it', async () => {
		const before = await counts();
		const response = await publish(w.classTeacher, { scope: `class:${w.klass.id}`, title: 'Экскурсия в музей', body: 'В субботу едем в музей, сбор в 9:00.', families: 'on', students: 'on' });
		expect(response.status).toBe(200);
		// Three pupils and three parents of 7А.
		expect((await counts()).notifications).toBe(before.notifications + 6);
		const others = await (await as(w.otherParent)).pageData<Board>('/announcements');
		expect(others.announcements.map((a) => a.title)).not.toContain('Экскурсия в музей');
		const pupils = await (await as(w.pupil)).pageData<Board>('/announcements');
		expect(pupils.announcements.map((a) => a.title)).toContain('Экскурсия в музей');
	});

	test('a teacher of 5Б may not publish for 7А but may for the group they teach; nothing is written when refused', async () => {
		const before = await counts();
		const refused = await publish(w.mathTeacher, { scope: `class:${w.klass.id}`, title: 'Контрольная', body: 'В пятницу.', families: 'on' });
		expect(refused.status).toBe(403);
		expect(await counts()).toEqual(before);
		const schoolWide = await publish(w.mathTeacher, { scope: 'school', title: 'Контрольная', body: 'В пятницу.', families: 'on' });
		expect(schoolWide.status).toBe(403);
		const group = await publish(w.mathTeacher, { scope: `group:${w.other.wholeClass.id}`, title: 'Контрольная по математике', body: 'В пятницу.', families: 'on' });
		expect(group.status).toBe(200);
		const theirs = await (await as(w.otherParent)).pageData<Board>('/announcements');
		expect(theirs.announcements.map((a) => a.title)).toContain('Контрольная по математике');
	});

	test('an announcement without an audience or with a past last day is refused in Russian', async () => {
		const none = await publish(w.admin, { scope: 'school', title: 'Пусто', body: 'Никому.' });
		expect(none.status).toBe(400);
		expect(await none.text()).toContain('Выберите, для кого объявление');
		const past = await publish(w.admin, { scope: 'school', title: 'Старое', body: 'Вчера.', staff: 'on', until: '2020-01-01' });
		expect(past.status).toBe(400);
	});

	test('a pinned school-wide announcement for staff comes first for staff and never reaches families', async () => {
		expect((await publish(w.admin, { scope: 'school', title: 'Педсовет', body: 'В понедельник в 15:00.', staff: 'on', pinned: 'on' })).status).toBe(200);
		const teacher = await (await as(w.classTeacher)).pageData<Board>('/announcements');
		expect(teacher.announcements[0]).toMatchObject({ title: 'Педсовет', pinned: true, scope: null });
		const mother = await (await as(w.mother)).pageData<Board>('/announcements');
		expect(mother.announcements.map((a) => a.title)).not.toContain('Педсовет');
	});

	test('reading marks it read once; its author sees «прочитано 2 из 6» (the pupil and the mother opened it)', async () => {
		const mother = await as(w.mother);
		await mother.pageData<Board>('/announcements');
		const again = await mother.pageData<Board>('/announcements');
		expect(again.announcements.find((a) => a.title === 'Экскурсия в музей')).toMatchObject({ read: true, readState: null });
		const author = await (await as(w.classTeacher)).pageData<Board>('/announcements');
		expect(author.announcements.find((a) => a.title === 'Экскурсия в музей')!.readState).toBe('прочитано 2 из 6');
	});
});
