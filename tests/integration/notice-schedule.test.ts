/**
 * The notification outbox's scheduled work, with the clock moved (the schedule's look is called
 * with chosen moments): the daily risk check tells the families of pupils at risk of «н/а» as the
 * period's end nears — once, also when two instances look at once — and an announcement published
 * for a later day is neither shown nor notified before it, then goes out once when its day comes.
 *
 * The world: 7А in the 2nd quarter (05.11–27.12.2026, marks due 26.12). Иванов has no marks (too
 * few: «н/а»), Смирнова four «5», Орлов four «2» (told of his «2» when the marks were set).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { sharedConfig } from '../../src/lib/server/config';
import { noticeTick } from '../../src/lib/server/notice-schedule';
import { flushRiskChecks } from '../../src/lib/server/commands/journal-notices';
import { todayIn, addDays } from '../../src/lib/domain/dates';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLessons, buildWorld, fillCells, type Account, type Journal, type Klass, type Person } from '../factories';

let school: TestSchool;
let as: SignedIn;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let w: { admin: Account; teacher: Account; klass: Klass; algebra: Journal; ivanov: Person; smirnova: Person; orlov: Person; ivanova: Account; smirnov: Account; orlova: Account };

/** A moment of the school's clock (Europe/Moscow in tests: UTC+3). */
const moscow = (local: string) => new Date(`${local}+03:00`);
// The clock is moved: the school's day comes from `now`, not from the fixed TODAY of the test server.
const tick = (now: Date) => noticeTick(sql, { ...sharedConfig()!, today: undefined }, now);
const riskNotices = () =>
	sql<{ personId: number; title: string }[]>`select person_id as "personId", title from notification where kind = 'risk' order by person_id, id`;

beforeAll(async () => {
	school = await startEmptySchool({ NOTICE_SCHEDULE_MS: 'off' });
	as = signedIn(school.server.url);
	sql = (await database()).sql;
	w = await buildWorld(async (make) => {
		await make.year();
		const admin = await make.staff('Админова Ирина Петровна', ['admin'], { login: 'adm-schedule' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'algebra-schedule' });
		const klass = await make.class({ grade: 7, letter: 'А', classTeacher: teacher });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: klass });
		const smirnova = await make.student('Смирнова Ольга Андреевна', { class: klass });
		const orlov = await make.student('Орлов Иван Юрьевич', { class: klass });
		return {
			admin,
			teacher,
			klass,
			algebra: await make.journal({ group: klass, subject: await make.subject('Алгебра'), teachers: [teacher] }),
			ivanov,
			smirnova,
			orlov,
			ivanova: await make.parent('Иванова Елена Викторовна', { children: [ivanov], login: 'ivanova-schedule' }),
			smirnov: await make.parent('Смирнов Андрей Павлович', { children: [smirnova], login: 'smirnov-schedule' }),
			orlova: await make.parent('Орлова Мария Петровна', { children: [orlov], login: 'orlova-schedule' })
		};
	});
	const teacher = await as(w.teacher);
	const lessons = await addLessons(teacher, w.algebra, ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);
	await fillCells(school.server.url, teacher, w.algebra, [
		...lessons.map((lesson) => ({ lesson, student: w.smirnova, marks: [5] })),
		...lessons.map((lesson) => ({ lesson, student: w.orlov, marks: [2] }))
	]);
	// Орлов's risk is judged once the journal's edits pause, after their commit.
	await flushRiskChecks();
}, 60_000);

afterAll(async () => {
	await school?.stop();
});

describe('R-2.8, R-4.3.10 the daily risk check as the period ends', () => {
	test('R-2.8: Орлов’s «2» was told when the marks were set; four weeks before the end nobody is told of Иванов', async () => {
		const before = await riskNotices();
		expect(before.map((n) => n.personId).sort()).toEqual([w.orlov.id, w.orlova.id].sort());
		await tick(moscow('2026-11-30T10:00:00'));
		expect(await riskNotices()).toEqual(before);
	});

	test('R-2.8: before 9:00 the day’s check does not run', async () => {
		await tick(moscow('2026-12-14T08:30:00'));
		expect(await sql`select 1 from risk_check_run where day = '2026-12-14'`).toHaveLength(0);
	});

	test('R-2.8: within two weeks of the end, Иванов and his mother are told of «н/а» once; Смирнова and Орлов are not told again', async () => {
		const before = await riskNotices();
		const told = (await tick(moscow('2026-12-14T10:00:00'))).toldOfRisk;
		expect(told.sort()).toEqual([w.ivanov.id, w.ivanova.id].sort());
		const added = (await riskNotices()).filter((n) => !before.some((b) => b.personId === n.personId && b.title === n.title));
		expect(added.map((n) => n.personId).sort()).toEqual([w.ivanov.id, w.ivanova.id].sort());
		expect(added.find((n) => n.personId === w.ivanova.id)?.title).toBe('Пётр · Риск «н/а» по предмету «Алгебра» за период «2 четверть»');
		// Later the same day, and the next day: told already.
		await tick(moscow('2026-12-14T15:00:00'));
		await tick(moscow('2026-12-15T10:00:00'));
		expect((await riskNotices()).length).toBe(before.length + 2);
	});

	test('R-2.8: two instances looking at the same moment tell the families once (the day’s run row is taken by one)', async () => {
		// Forget what was told, as if the day had not been looked at by anyone.
		await sql`delete from risk_notice`;
		await sql`delete from notification where kind = 'risk'`;
		const [a, b] = await Promise.all([tick(moscow('2026-12-16T09:00:00')), tick(moscow('2026-12-16T09:00:00'))]);
		expect([...a.toldOfRisk, ...b.toldOfRisk].sort()).toEqual([w.ivanov.id, w.ivanova.id, w.orlov.id, w.orlova.id].sort());
		expect(a.toldOfRisk.length === 0 || b.toldOfRisk.length === 0).toBe(true);
		expect((await riskNotices()).length).toBe(4);
		expect(await sql`select told from risk_check_run where day = '2026-12-16'`).toEqual([{ told: 4 }]);
	});
});

type Board = { announcements: Array<{ id: number; title: string; scheduled: boolean }> };

describe('R-4.4.7 an announcement shown from a later day', () => {
	const publish = async (form: Record<string, string>) => (await as(w.admin)).request('/announcements?/publish', { form });
	const base = { scope: 'school', title: 'Родительское собрание', body: 'В пятницу в 18:00, актовый зал.', families: 'on' };
	/** A day after the real one (the database's clock decides when it is shown). */
	const later = addDays(todayIn('Europe/Moscow'), 3);
	const notified = (title: string) => sql<{ personId: number }[]>`select person_id as "personId" from notification where kind = 'announcement' and title = ${`Объявление: ${title}`} order by 1`;

	test('R-4.4.7: «показывать с» in the past, or after «до», is refused in Russian and nothing is written', async () => {
		const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from announcement`;
		const past = await publish({ ...base, from: '2026-11-01' });
		expect(past.status).toBe(400);
		expect(await past.text()).toContain('«показывать с»');
		const reversed = await publish({ ...base, from: addDays(later, 2), until: later });
		expect(reversed.status).toBe(400);
		expect(await reversed.text()).toContain('не позже даты «показывать до»');
		expect(await sql`select count(*)::int as n from announcement`).toEqual([{ n }]);
	});

	test('R-4.4.7: published for a later day, it is not shown to families nor notified; its author sees it marked as waiting', async () => {
		const response = await publish({ ...base, from: later });
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('будет показано и разослано');
		expect(await notified(base.title)).toHaveLength(0);
		const mother = await (await as(w.ivanova)).pageData<Board>('/announcements');
		expect(mother.announcements.map((a) => a.title)).not.toContain(base.title);
		const admin = await (await as(w.admin)).pageData<Board>('/announcements');
		expect(admin.announcements.find((a) => a.title === base.title)?.scheduled).toBe(true);
		await tick(new Date());
		expect(await notified(base.title)).toHaveLength(0);
	});

	test('R-4.4.7: when its day comes, the families are notified once, also with two instances releasing at once, and see it', async () => {
		// The day came: the announcement's start is moved into the past, as the clock would.
		await sql`update announcement set published_at = now() - interval '1 minute' where title = ${base.title}`;
		const [a, b] = await Promise.all([tick(new Date()), tick(new Date())]);
		expect(a.released + b.released).toBe(1);
		expect((await notified(base.title)).map((n) => n.personId)).toEqual([w.ivanova.id, w.smirnov.id, w.orlova.id].sort((x, y) => x - y));
		const [row] = await sql<{ reach: number; notify_pending: boolean }[]>`select reach, notify_pending from announcement where title = ${base.title}`;
		expect(row).toEqual({ reach: 3, notify_pending: false });
		const mother = await (await as(w.ivanova)).pageData<Board>('/announcements');
		expect(mother.announcements.find((a) => a.title === base.title)?.scheduled).toBe(false);
		await tick(new Date());
		expect(await notified(base.title)).toHaveLength(3);
	});
});
