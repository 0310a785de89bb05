/**
 * Each person's notification settings decide what the deliverer sends by e-mail, through a
 * real SMTP server started here: «не присылать» sends nothing; «сводкой раз в день» sends one
 * letter with the day's items at the school's hour; quiet hours delay the letters until they end,
 * never drop them. Four parents of 7А choose through their settings page; the teacher then gives
 * marks, homework and an absence to each one's child. A parent with no choices is the control.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { sharedConfig } from '../../src/lib/server/config';
import { clockText, minuteOfDayIn } from '../../src/lib/domain/notifications';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { until } from '../helpers/wait';
import { addLesson, addLessons, buildWorld, fillCells, type Account, type Journal, type Person } from '../factories';

let school: TestSchool;
let smtp: TestSmtp;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
type Family = { child: Person; parent: Account; email: string };
let w: { teacher: Account; algebra: Journal; now: Family; off: Family; digest: Family; quiet: Family };

const JOURNAL_KINDS = ['mark', 'homework', 'absence', 'risk', 'message', 'announcement', 'timetable'];
const lettersTo = (f: Family) => smtp.accepted.filter((l) => l.to === f.email);
const stateOf = (f: Family) =>
	sql<{ kind: string; email_state: string; email_next_at: Date | null; email_error: string | null }[]>`
		select kind, email_state, email_next_at, email_error from notification where person_id = ${f.parent.id} order by id`;

/** Saves a parent's settings through their page, as the form sends them. */
async function choose(f: Family, form: Record<string, string>): Promise<{ status: number; text: string }> {
	const response = await (await as(f.parent)).request('/account/notifications?/save', { form });
	return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
	smtp = await startSmtp();
	school = await startEmptySchool({
		SMTP_URL: smtp.url,
		SMTP_FROM: 'Школа № 1 <journal@school.example>',
		MAIL_POLL_MS: '100',
		MAIL_RETRY_MS: '150',
		MAIL_LEASE_MS: '3000',
		// The marks of one save join one letter: it waits this long for them.
		NOTIFY_SETTLE_MS: '2000'
	});
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		await make.year();
		const klass = await make.class({ grade: 7, letter: 'А' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'anna-p' });
		const family = async (child: string, parent: string, login: string): Promise<Family> => {
			const pupil = await make.student(child, { class: klass });
			const account = await make.parent(parent, { children: [pupil], login });
			const email = `${login}@family.example`;
			await make.tx`update person set email = ${email} where id = ${account.id}`;
			return { child: pupil, parent: account, email };
		};
		return {
			teacher,
			algebra: await make.journal({ group: klass, subject: await make.subject('Алгебра'), teachers: [teacher] }),
			now: await family('Иванов Пётр Сергеевич', 'Иванова Мария Петровна', 'mama-now'),
			off: await family('Петров Олег Ильич', 'Петров Илья Олегович', 'papa-off'),
			digest: await family('Сидорова Анна Павловна', 'Сидоров Павел Андреевич', 'papa-digest'),
			quiet: await family('Козлова Вера Игоревна', 'Козлова Ольга Викторовна', 'mama-quiet')
		};
	});
}, 60_000);

afterAll(async () => {
	await school?.stop();
	await smtp?.close();
});

describe('R-2.8 what a person chooses decides what is sent', () => {
	test('R-2.8: the settings are saved through the page, only as two different times for quiet hours, and read back', async () => {
		const all = (timing: string) => Object.fromEntries(JOURNAL_KINDS.flatMap((k) => [[`${k}.timing`, timing], [`${k}.email`, 'on'], [`${k}.push`, 'on']]));
		expect((await choose(w.off, all('off'))).status).toBe(200);
		expect((await choose(w.digest, all('digest'))).status).toBe(200);
		const bad = await choose(w.quiet, { ...all('now'), quiet: 'on', quietFrom: '22:00', quietTo: '22:00' });
		expect(bad.status).toBe(400);
		expect(bad.text).toContain('Тихие часы укажите как ЧЧ:ММ');
		expect(await sql`select 1 from notification_quiet where person_id = ${w.quiet.parent.id}`).toHaveLength(0);
		// Quiet hours around the school's present moment: an hour before to an hour after.
		const minute = minuteOfDayIn(sharedConfig()!.timeZone, new Date());
		const from = clockText((minute + 1440 - 60) % 1440);
		const to = clockText((minute + 60) % 1440);
		expect((await choose(w.quiet, { ...all('now'), quiet: 'on', quietFrom: from, quietTo: to })).status).toBe(200);
		const page = await (await as(w.quiet.parent)).pageData<{ quiet: { from: string; to: string }; kinds: Array<{ kind: string; timing: string }> }>('/account/notifications');
		expect(page.quiet).toEqual({ from, to });
		const digestPage = await (await as(w.digest.parent)).pageData<{ kinds: Array<{ kind: string; timing: string }> }>('/account/notifications');
		expect(digestPage.kinds.find((k) => k.kind === 'mark')!.timing).toBe('digest');
	});

	test('R-2.8: marks, homework and an absence: the control parent gets three letters at once, «не присылать» none, quiet hours none yet, the digest none yet', async () => {
		const teacher = await as(w.teacher);
		const children = [w.now, w.off, w.digest, w.quiet].map((f) => f.child);
		const lessons = await addLessons(teacher, w.algebra, ['2026-11-23', '2026-11-24']);
		await fillCells(school.server.url, teacher, w.algebra, children.flatMap((child) => lessons.map((lesson, i) => ({ lesson, student: child, marks: [[5, 4][i]] }))));
		await addLesson(teacher, w.algebra, { date: '2026-11-25', homework: 'Параграф 12, задачи 1–5' });
		const absent = await addLesson(teacher, w.algebra, '2026-11-26');
		await fillCells(school.server.url, teacher, w.algebra, children.map((child) => ({ lesson: absent, student: child, absence: 'н' })));

		await until(() => lettersTo(w.now).length >= 3, { what: 'the control parent’s three letters', timeout: 15_000 });
		expect(lettersTo(w.now).map((l) => l.subject).sort()).toEqual(
			['Пётр · Новые оценки по предмету «Алгебра»', 'Пётр · Домашнее задание по предмету «Алгебра», 25.11', 'Пётр · Пропуск урока без уважительной причины, 26.11'].sort()
		);
		await until(async () => (await sql`select 1 from notification where email_state in ('pending', 'sending') and email_next_at <= now()`).length === 0, {
			what: 'every due letter handled',
			timeout: 15_000
		});
		expect(lettersTo(w.off)).toHaveLength(0);
		expect((await stateOf(w.off)).map((r) => [r.email_state, r.email_error])).toEqual(Array(3).fill(['skipped', 'получатель отключил этот канал в настройках']));
		expect(lettersTo(w.quiet)).toHaveLength(0);
		for (const row of await stateOf(w.quiet)) {
			expect(row.email_state).toBe('pending');
			// Waits until the quiet hours end (about an hour from now), not dropped.
			expect(row.email_next_at!.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
			expect(row.email_next_at!.getTime() - Date.now()).toBeLessThanOrEqual(61 * 60_000);
		}
		expect(lettersTo(w.digest)).toHaveLength(0);
		expect((await stateOf(w.digest)).map((r) => r.email_state)).toEqual(['digest', 'digest', 'digest']);
	});

	test('R-2.8: at the school’s digest hour the three notifications go as one letter; when the quiet hours end, the deferred letters go', async () => {
		// The clock moves to the digest hour and past the quiet hours' end.
		await sql`update notification set email_next_at = now() where person_id = ${w.digest.parent.id} and email_state = 'digest'`;
		await until(() => lettersTo(w.digest).length >= 1, { what: 'the digest', timeout: 15_000 });
		const [digest] = lettersTo(w.digest);
		expect(digest.subject).toBe('Уведомления за день: 3 новых');
		expect(digest.text).toContain('Анна · Новые оценки по предмету «Алгебра»');
		expect(digest.text).toContain('Анна · Домашнее задание по предмету «Алгебра», 25.11');
		expect(digest.text).toContain('Анна · Пропуск урока без уважительной причины, 26.11');
		expect(digest.messageId).toMatch(/^<digest\.\d+@/);
		expect((await stateOf(w.digest)).map((r) => r.email_state)).toEqual(['sent', 'sent', 'sent']);

		await sql`delete from notification_quiet where person_id = ${w.quiet.parent.id}`;
		await sql`update notification set email_next_at = now() where person_id = ${w.quiet.parent.id} and email_state = 'pending'`;
		await until(() => lettersTo(w.quiet).length >= 3, { what: 'the deferred letters', timeout: 15_000 });
		// Still one digest, three letters each: nothing was sent twice.
		await until(async () => (await sql`select 1 from notification where email_state in ('pending', 'sending', 'digest') and email_next_at <= now()`).length === 0, {
			what: 'nothing left to send',
			timeout: 15_000
		});
		expect(lettersTo(w.digest)).toHaveLength(1);
		expect(lettersTo(w.quiet)).toHaveLength(3);
		expect(lettersTo(w.now)).toHaveLength(3);
		expect(lettersTo(w.off)).toHaveLength(0);
	});
});
