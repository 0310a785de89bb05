/**
 * Notifications by e-mail through a real SMTP server started here: a message to the
 * parents of 7А reaches each parent with an address once, with the Cyrillic subject and only the
 * notification's own words; a server that refuses (451) and then drops the connection is retried
 * with backoff until it accepts, once; the app killed with SIGKILL while the server holds a letter
 * sends it again after a restart with the same Message-ID, and it is accepted once. The app runs
 * as a child process (it is killed); the test reads and prepares the database only while no
 * server holds it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { closeDatabase, openDatabase, type Sql } from '../../src/lib/server/db/client';
import { parentsOfClass, peopleOfSchool } from '../../src/lib/server/db/messages';
import { claimLetters, letterStates } from '../../src/lib/server/db/notification-email';
import { notificationLetter } from '../../src/lib/domain/notification-email';
import { freshDemoDatabase, type FreshDatabase } from '../helpers/database';
import { spawnServer, type ChildServer } from '../helpers/process';
import { Client } from '../helpers/server';
import { until } from '../helpers/wait';
import { startSmtp, type Answer, type Letter, type TestSmtp } from '../helpers/smtp';


const FROM = 'Школа № 1 <journal@school.example>';
let db: FreshDatabase;
let server: ChildServer | undefined;
let smtp: TestSmtp;
let env: Record<string, string>;
/** What the SMTP server does with the next letters (then it accepts). */
const plans: Answer[] = [];
/** Every letter whose data arrived, with what the server did with it. */
const seen: Array<Letter & { plan: Answer }> = [];
let held: ((letter: Letter) => void) | undefined;

let facts: { classId: number; teacherName: string; schoolName: string; withAddress: Array<{ personId: number; email: string }>; withoutAddress: number };

/** Runs `fn` on the test's database while no server holds it. */
async function withDatabase<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
	const { sql } = await openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
	try {
		return await fn(sql);
	} finally {
		await closeDatabase();
	}
}

beforeAll(async () => {
	db = await freshDemoDatabase();
	// Every parent of 7А gets a known address but one, who has none.
	facts = await withDatabase(async (sql) => {
		const [klass] = await sql<{ id: number; schoolId: number; teacherId: number; schoolName: string }[]>`
			select c.id, y.school_id as "schoolId", c.class_teacher_id as "teacherId", s.short_name as "schoolName"
			from class c join school_year y on y.id = c.year_id join school s on s.id = y.school_id
			join account a on a.person_id = c.class_teacher_id
			where a.login = 'klruk' and c.grade = 7 order by y.starts_on desc limit 1`;
		const parents = await parentsOfClass(sql, klass.schoolId, klass.id, '2026-11-27');
		const [withoutAddress, ...others] = parents;
		await sql`update person set email = null where id = ${withoutAddress}`;
		const withAddress = others.map((personId) => ({ personId, email: `roditel.${personId}@family.example` }));
		for (const p of withAddress) await sql`update person set email = ${p.email} where id = ${p.personId}`;
		const [teacher] = await peopleOfSchool(sql, klass.schoolId, [klass.teacherId]);
		return { classId: klass.id, teacherName: teacher.fullName, schoolName: klass.schoolName, withAddress, withoutAddress };
	});
	expect(facts.withAddress.length).toBeGreaterThanOrEqual(3);

	smtp = await startSmtp((letter) => {
		const plan = plans.shift() ?? 'accept';
		seen.push({ ...letter, plan });
		// Held: the test kills the app now; the letter is never answered, so never accepted.
		if (plan === 'hold') held?.(letter);
		return plan;
	});
	env = {
		...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
		DATA_DIR: db.dataDir,
		SMTP_URL: smtp.url,
		SMTP_FROM: FROM,
		MAIL_RETRY_MS: '150',
		MAIL_ATTEMPTS: '5',
		MAIL_LEASE_MS: '1500',
		MAIL_POLL_MS: '100'
	};
	server = await spawnServer(env);
});

afterAll(async () => {
	await server?.stop();
	await smtp?.close();
	await db?.drop();
});

async function klruk(): Promise<Client> {
	const client = new Client(server!.url);
	expect((await client.signIn('klruk')).status).toBe(303);
	return client;
}

const lettersTo = <L extends Letter>(list: L[], address: string, subject: string): L[] => list.filter((l) => l.to === address && l.subject === subject);

test('R-2.8: a message to the parents of 7А arrives by e-mail once to each parent with an address, with the Cyrillic subject and only the notification’s words', async () => {
	const teacher = await klruk();
	const response = await teacher.request('/messages?/send', { form: { to: `parents:${facts.classId}`, subject: 'Родительское собрание', body: 'Собрание в пятницу в 18:00, кабинет 12.' } });
	expect(response.status).toBe(200);
	const subject = `Сообщение от ${facts.teacherName}: Родительское собрание`;
	await until(() => facts.withAddress.every((p) => lettersTo(smtp.accepted, p.email, subject).length > 0), { what: 'a letter to each parent', timeout: 15_000 });
	const port = new URL(server!.url).port;
	for (const parent of facts.withAddress) {
		const [letter, ...again] = lettersTo(smtp.accepted, parent.email, subject);
		expect(again).toHaveLength(0);
		expect(letter.recipients).toEqual([parent.email]);
		expect(letter.from).toBe(FROM);
		expect(letter.messageId).toMatch(/^<notification\.\d+@school\.example>$/);
		// The whole text is the recipient's own notification: its title, body and link.
		const link = /Открыть в журнале: http:\/\/localhost:\d+(\/messages\/\d+)/.exec(letter.text)?.[1];
		expect(link).toBeDefined();
		expect(letter.text).toBe(notificationLetter({ title: subject, body: 'Собрание в пятницу в 18:00, кабинет 12.', link: link!, origin: `http://localhost:${port}`, schoolName: facts.schoolName }).text);
		for (const other of facts.withAddress) if (other !== parent) expect(letter.text).not.toContain(other.email);
	}
});

test('R-2.8: the server refusing (451) and then dropping the connection: the letter is tried again after a wait and accepted once, under one Message-ID', async () => {
	const parent = facts.withAddress[0];
	plans.push('tempfail', 'drop');
	const teacher = await klruk();
	const response = await teacher.request('/messages?/send', { form: { to: `person:${parent.personId}`, subject: 'Оценки за четверть', body: 'Прошу зайти после уроков.' } });
	expect(response.status).toBe(303);
	const subject = `Сообщение от ${facts.teacherName}: Оценки за четверть`;
	const [letter] = await until(() => lettersTo(smtp.accepted, parent.email, subject).length > 0 && lettersTo(smtp.accepted, parent.email, subject), { what: 'the letter after the retries', timeout: 15_000 });
	const attempts = lettersTo(seen, parent.email, subject);
	expect(attempts.map((a) => a.plan)).toEqual(['tempfail', 'drop', 'accept']);
	expect(new Set(attempts.map((a) => a.messageId))).toEqual(new Set([letter.messageId]));
	expect(lettersTo(smtp.accepted, parent.email, subject)).toHaveLength(1);
});

test('R-2.8: kill -9 of the app while the SMTP server holds a letter; after a restart it is sent again with the same Message-ID and accepted once', async () => {
	const parent = facts.withAddress[1];
	plans.push('hold');
	const arrived = new Promise<Letter>((resolve) => (held = resolve));
	const teacher = await klruk();
	const response = await teacher.request('/messages?/send', { form: { to: `person:${parent.personId}`, subject: 'Экскурсия', body: 'Экскурсия переносится на вторник.' } });
	expect(response.status).toBe(303);
	const inFlight = await arrived;
	await server!.kill9();
	server = await spawnServer(env);
	const subject = `Сообщение от ${facts.teacherName}: Экскурсия`;
	expect(inFlight.subject).toBe(subject);
	const [letter] = await until(() => lettersTo(smtp.accepted, parent.email, subject).length > 0 && lettersTo(smtp.accepted, parent.email, subject), { what: 'the letter after the restart', timeout: 20_000 });
	expect(letter.messageId).toBe(inFlight.messageId);
	expect(lettersTo(seen, parent.email, subject).map((a) => a.plan)).toEqual(['hold', 'accept']);
	expect(lettersTo(smtp.accepted, parent.email, subject)).toHaveLength(1);
});

test('R-2.8: what the outbox recorded, and two deliverers never claim the same letter', async () => {
	// Across the whole file no letter was accepted twice.
	expect(new Set(smtp.accepted.map((l) => l.messageId)).size).toBe(smtp.accepted.length);
	await server!.stop();
	server = undefined;
	await withDatabase(async (sql) => {
		const rows = (await letterStates(sql)).filter((r) => r.state !== 'none');
		const byMessageId = new Map(rows.map((r) => [r.messageId, r]));
		for (const letter of smtp.accepted) expect(byMessageId.get(letter.messageId)).toMatchObject({ state: 'sent', error: null, to: letter.to });
		expect(rows.filter((r) => r.state !== 'sent' && r.state !== 'skipped')).toEqual([]);
		const skipped = rows.filter((r) => r.state === 'skipped');
		expect(skipped.map((r) => r.personId)).toEqual([facts.withoutAddress]);
		expect(skipped[0]).toMatchObject({ attempts: 0, error: 'нет адреса электронной почты', messageId: expect.stringMatching(/^<notification\./) });
		const retried = smtp.accepted.find((l) => l.subject.endsWith('Оценки за четверть'))!;
		expect(byMessageId.get(retried.messageId)).toMatchObject({ attempts: 3, accepted: expect.stringContaining('принято') });
		const restarted = smtp.accepted.find((l) => l.subject.endsWith('Экскурсия'))!;
		expect(byMessageId.get(restarted.messageId)).toMatchObject({ attempts: 2 });

		// Every sent letter due again: two deliverers claiming at once take disjoint letters, and
		// while their leases run nobody takes them a third time.
		await sql`update notification set email_state = 'pending', email_next_at = now() where email_state = 'sent'`;
		const [a, b] = await Promise.all([claimLetters(sql, { limit: 3, leaseMs: 60_000, host: 'a' }), claimLetters(sql, { limit: 3, leaseMs: 60_000, host: 'b' })]);
		const ids = [...a, ...b].map((l) => l.id);
		expect(ids.length).toBe(Math.min(6, smtp.accepted.length));
		expect(new Set(ids).size).toBe(ids.length);
		// A claimed letter keeps the Message-ID of its first claim, whoever claims it.
		for (const l of [...a, ...b]) expect(l.messageId).toMatch(/@school\.example>$/);
		const rest = await claimLetters(sql, { limit: 100, leaseMs: 60_000, host: 'c' });
		expect(rest.map((l) => l.id).filter((id) => ids.includes(id))).toEqual([]);
		expect(await claimLetters(sql, { limit: 100, leaseMs: 60_000, host: 'd' })).toEqual([]);
	});
});
