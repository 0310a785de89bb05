/**
 * The class teacher's weekly automatic notice: turned on from the weekly check page with
 * its text, it goes every Monday at 9:00 (school time) to the parents of the pupils failing this
 * period and of those who missed lessons of the past week without a valid reason — once per class
 * and week, also when two instances look at the clock at the same moment. The clock is moved: the
 * schedule's look is called with chosen moments.
 *
 * The world (lessons in the week of 23.11.2026): 7А, class teacher Кузнецова who teaches its
 * algebra. Орлов has «2» twice (failing), Иванов missed 24.11 without a valid reason («н»),
 * Смирнова has a «5». Parents: Орлова, Иванова, Смирнов.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { sharedConfig } from '../../src/lib/server/config';
import { weeklyNoticeTick } from '../../src/lib/server/weekly-notices';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLessons, buildWorld, fillCells, type Account, type Journal, type Klass, type Person } from '../factories';

let school: TestSchool;
let as: SignedIn;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let w: { classTeacher: Account; teacher: Account; klass: Klass; algebra: Journal; ivanov: Person; smirnova: Person; orlov: Person; ivanova: Account; smirnov: Account; orlova: Account };

/** Who got a conversation of the weekly notice, with its text. */
const noticeRecipients = () =>
	sql<{ personId: number; body: string }[]>`
		select m.recipient_id as "personId", m.body from message m join message_batch b on b.id = m.batch_id
		where b.label = 'родителям учеников 7А' order by m.recipient_id`;

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	sql = (await database()).sql;
	w = await buildWorld(async (make) => {
		await make.year();
		const classTeacher = await make.teacher('Кузнецова Ирина Олеговна', { login: 'klruk-weekly' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'algebra-weekly' });
		const klass = await make.class({ grade: 7, letter: 'А', classTeacher });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: klass });
		const smirnova = await make.student('Смирнова Ольга Андреевна', { class: klass });
		const orlov = await make.student('Орлов Иван Юрьевич', { class: klass });
		return {
			classTeacher,
			teacher,
			klass,
			algebra: await make.journal({ group: klass, subject: await make.subject('Алгебра'), teachers: [classTeacher] }),
			ivanov,
			smirnova,
			orlov,
			ivanova: await make.parent('Иванова Елена Викторовна', { children: [ivanov], login: 'ivanova-weekly' }),
			smirnov: await make.parent('Смирнов Андрей Павлович', { children: [smirnova], login: 'smirnov-weekly' }),
			orlova: await make.parent('Орлова Мария Петровна', { children: [orlov], login: 'orlova-weekly' })
		};
	});
	const teacher = await as(w.classTeacher);
	const [l23, l24] = await addLessons(teacher, w.algebra, ['2026-11-23', '2026-11-24']);
	await fillCells(school.server.url, teacher, w.algebra, [
		{ lesson: l23, student: w.orlov, marks: [2] },
		{ lesson: l24, student: w.orlov, marks: [2] },
		{ lesson: l23, student: w.smirnova, marks: [5] },
		{ lesson: l24, student: w.ivanov, absence: 'н' }
	]);
}, 60_000);

afterAll(async () => {
	await school?.stop();
});

/** A moment of the school's clock (Europe/Moscow in tests: UTC+3). */
const moscow = (local: string) => new Date(`${local}+03:00`);

describe('R-4.3.10 the weekly automatic notice to parents', () => {
	test('R-4.3.10: a teacher who does not lead the class may not turn it on; the class teacher turns it on with her text', async () => {
		const form = { on: 'on', subject: 'Итоги недели', template: 'Уважаемые родители! У ученика {ученик}: {причина}. Кузнецова И. О.' };
		const refused = await (await as(w.teacher)).request(`/reports/class/${w.klass.id}/week?/weekly`, { form });
		expect(refused.status).toBe(403);
		expect(await sql`select 1 from weekly_notice_rule`).toHaveLength(0);
		const empty = await (await as(w.classTeacher)).request(`/reports/class/${w.klass.id}/week?/weekly`, { form: { ...form, template: ' ' } });
		expect(empty.status).toBe(400);
		const saved = await (await as(w.classTeacher)).request(`/reports/class/${w.klass.id}/week?/weekly`, { form });
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain('Каждый понедельник в 9:00');
		const page = await (await as(w.classTeacher)).pageData<{ weekly: { on: boolean }; template: string }>(`/reports/class/${w.klass.id}/week`);
		expect(page.weekly.on).toBe(true);
		expect(page.template).toContain('Кузнецова И. О.');
	});

	test('R-4.3.10: before Monday 9:00 nothing goes; at 9:05 two instances looking at once send it once, to the parents of the listed pupils only', async () => {
		const config = sharedConfig()!;
		expect(await weeklyNoticeTick(sql, config, moscow('2026-11-29T10:00:00'))).toBe(0); // a Sunday
		expect(await weeklyNoticeTick(sql, config, moscow('2026-11-30T08:59:00'))).toBe(0); // Monday, too early
		expect(await noticeRecipients()).toHaveLength(0);

		const sent = await Promise.all([weeklyNoticeTick(sql, config, moscow('2026-11-30T09:05:00')), weeklyNoticeTick(sql, config, moscow('2026-11-30T09:05:00'))]);
		expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
		const recipients = await noticeRecipients();
		expect(recipients.map((r) => r.personId).sort()).toEqual([w.ivanova.id, w.orlova.id].sort());
		expect(recipients.find((r) => r.personId === w.orlova.id)!.body).toContain('У ученика Орлов Иван');
		expect(recipients.find((r) => r.personId === w.ivanova.id)!.body).toContain('пропуски уроков без уважительной причины за неделю: 1');
		// The parents are notified, like any message.
		expect(await sql`select 1 from notification where person_id = ${w.orlova.id} and kind = 'message'`).toHaveLength(1);

		// Later that Monday, and next time this instance looks: nothing again.
		expect(await weeklyNoticeTick(sql, config, moscow('2026-11-30T15:00:00'))).toBe(0);
		expect(await noticeRecipients()).toHaveLength(2);
		const [run] = await sql<{ week: string; recipients: number }[]>`select week::text as week, recipients from weekly_notice_run where class_id = ${w.klass.id}`;
		expect(run).toEqual({ week: '2026-11-30', recipients: 2 });
	});

	test('R-4.3.10: turned off, the next Monday sends nothing', async () => {
		const off = await (await as(w.classTeacher)).request(`/reports/class/${w.klass.id}/week?/weekly`, { form: { subject: '', template: '' } });
		expect(off.status).toBe(200);
		expect(await weeklyNoticeTick(sql, sharedConfig()!, moscow('2026-12-07T09:30:00'))).toBe(0);
		expect(await noticeRecipients()).toHaveLength(2);
	});
});
