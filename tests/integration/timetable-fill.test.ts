/**
 * Lessons from the timetable without anyone opening the journal: the server fills every journal's
 * columns up to today as it starts and again when the school's day changes — the holiday skipped,
 * nothing added twice — and the journal page shows the week ahead by the timetable, greyed.
 *
 * The world: the year 2026/2027 with quarters (the second 05.11–27.12) and a day of health on
 * Wednesday 25.11; the deputy enters 7А's mathematics on Monday 23.11 (Monday 1st, Wednesday 3rd,
 * Friday 3rd lesson); the server is then started again on Friday 27.11.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readConfig, sharedConfig } from '../../src/lib/server/config';
import { pluralRu } from '../../src/lib/domain/plural';
import { database } from '../../src/lib/server/db/client';
import { forgetStarted } from '../../src/lib/server/start';
import { startTimetableFill } from '../../src/lib/server/timetable-fill';
import { startServer, type RunningServer } from '../../server/main';
import { signedIn, startEmptySchool, type TestSchool } from '../helpers/server';
import { TEST_SCHOOL_ENV } from '../helpers/demo-template';
import { buildWorld, onDay, type Account, type Journal } from '../factories';

let school: TestSchool;
let server: RunningServer;
let w: { deputy: Account; anna: Account; maths: Journal };

async function lessonsOf(journalId: number): Promise<Array<[string, number]>> {
	const sql = (await database()).sql;
	const rows = await sql<{ date: string; lesson_no: number }[]>`select date::text, lesson_no from lesson where journal_id = ${journalId} order by date, lesson_no`;
	return rows.map((r) => [r.date, r.lesson_no]);
}

beforeAll(async () => {
	school = await startEmptySchool();
	server = school.server;
	w = await buildWorld(async (make) => {
		await make.year({ holidays: [{ name: 'День здоровья', startsOn: '2026-11-25', endsOn: '2026-11-25' }] });
		const klass = await make.class({ grade: 7, letter: 'А' });
		const anna = await make.teacher('Петрова Анна Ивановна', { login: 'anna' });
		return {
			deputy: await make.staff('Орлова Нина Павловна', ['deputy'], { login: 'zavuch' }),
			anna,
			maths: await make.journal({ group: klass, subject: await make.subject('Математика'), teachers: [anna] })
		};
	});
}, 120_000);

afterAll(async () => {
	await server?.close();
	forgetStarted();
	await school?.db.drop();
});

describe('R-4.1.7 the journal gets the timetable’s lessons every day by itself', () => {
	test('R-4.1.7: the server fills the journal up to today as it starts, the holiday skipped, without the journal being opened', async () => {
		const as = signedIn(server.url);
		await onDay('2026-11-23', async () => {
			for (const [weekday, lessonNo] of [[1, 1], [3, 3], [5, 3]]) {
				const response = await (await as(w.deputy)).request('/timetable?/add', { form: { journalId: String(w.maths.id), weekday: String(weekday), lessonNo: String(lessonNo), room: '21', parity: '0' } });
				expect(await response.text()).toContain('Урок добавлен в расписание');
			}
		});
		// Entered on Monday: Monday's lesson only; today is Friday and nobody has opened the journal.
		expect(await lessonsOf(w.maths.id)).toEqual([['2026-11-23', 1]]);

		// The server starts again (a new day, an update): the fill runs as it starts.
		await server.close();
		forgetStarted();
		server = await startServer(
			readConfig({ ...TEST_SCHOOL_ENV, DEMO: '0', DATA_DIR: school.db.dataDir, DATABASE_URL: school.db.databaseUrl ?? '', PORT: '0', HOST: '127.0.0.1', BACKUP_HOUR: 'off' })
		);
		await server.timetableFill.idle();
		// Wednesday 25.11 is the day of health.
		expect(await lessonsOf(w.maths.id)).toEqual([['2026-11-23', 1], ['2026-11-27', 3]]);
		const sql = (await database()).sql;
		const audit = await sql<{ actor_id: number | null; source: string }[]>`select actor_id, source from audit_log where action = 'timetable.fill' and entity_id = ${w.maths.id}`;
		expect(audit).toEqual([{ actor_id: null, source: 'timetable' }]);
	});

	test('R-4.1.7: when the school’s day changes the next look fills the new day once; a second look adds nothing', async () => {
		const config = sharedConfig()!;
		const sql = (await database()).sql;
		const friday = startTimetableFill(sql, config, 20);
		await friday.idle();
		await new Promise((resolve) => setTimeout(resolve, 100));
		await friday.stop();
		// Still Friday: the start-up fill already did it.
		expect(await lessonsOf(w.maths.id)).toEqual([['2026-11-23', 1], ['2026-11-27', 3]]);
		await onDay('2026-11-30', async () => {
			const fill = startTimetableFill(sql, config, 20);
			try {
				for (let i = 0; i < 200 && (await lessonsOf(w.maths.id)).length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
				// Several looks later, still one Monday lesson.
				await new Promise((resolve) => setTimeout(resolve, 100));
			} finally {
				await fill.stop();
			}
		});
		expect(await lessonsOf(w.maths.id)).toEqual([['2026-11-23', 1], ['2026-11-27', 3], ['2026-11-30', 1]]);
	});

	test('R-4.1.7: the journal page gives the week ahead by the timetable, for greyed columns after the last lesson', async () => {
		const journal = await (await signedIn(server.url)(w.anna)).pageData<{ upcoming: Array<{ date: string; lessonNo: number }> }>(`/journal/${w.maths.id}`);
		expect(journal.upcoming.map((u) => [u.date, u.lessonNo])).toEqual([['2026-11-30', 1], ['2026-12-02', 3], ['2026-12-04', 3]]);
	});

	test('R-4.4.4: the plan is laid onto the timetable’s dates of the year — the lessons held, then those to come — with the hours against the timetable', async () => {
		const anna = await signedIn(server.url)(w.anna);
		const items = [
			{ topic: 'Натуральные числа', hours: '1' },
			{ topic: 'Дроби', hours: '2' },
			{ topic: 'Контрольная работа', hours: '1', plannedOn: '09.12.2026' },
			{ topic: 'Проценты', hours: '1' }
		];
		const saved = await anna.request(`/journal/${w.maths.id}/plan?/save`, { form: { items: JSON.stringify(items) } });
		expect(saved.status).toBe(200);
		type PlanPage = { timetabled: boolean; items: Array<{ topic: string; plannedDates: string[] }>; hours: { scheduleText: string | null; scheduleDifference: number | null } };
		const page = await anna.pageData<PlanPage>(`/journal/${w.maths.id}/plan`);
		expect(page.timetabled).toBe(true);
		// Held: Monday 23.11 and Friday 27.11 (the day of health skipped); then Mondays, Wednesdays and Fridays by the timetable.
		// The test is planned for 09.12: 02.12, 04.12 and 07.12 stay without a topic.
		expect(page.items.map((i) => [i.topic, i.plannedDates])).toEqual([
			['Натуральные числа', ['2026-11-23']],
			['Дроби', ['2026-11-27', '2026-11-30']],
			['Контрольная работа', ['2026-12-09']],
			['Проценты', ['2026-12-11']]
		]);
		// The year's lessons: the two held, and every Monday, Wednesday and Friday after today inside the quarters.
		const quarters = [['2026-11-05', '2026-12-27'], ['2027-01-12', '2027-03-20'], ['2027-03-30', '2027-05-26']];
		let scheduled = 2;
		for (let day = new Date('2026-11-28T00:00:00Z'); day <= new Date('2027-05-31T00:00:00Z'); day.setUTCDate(day.getUTCDate() + 1)) {
			const iso = day.toISOString().slice(0, 10);
			if ([1, 3, 5].includes(day.getUTCDay()) && quarters.some(([from, to]) => from <= iso && iso <= to)) scheduled++;
		}
		expect(page.hours.scheduleDifference).toBe(scheduled - 5);
		expect(page.hours.scheduleText).toBe(`Уроков за год по расписанию: ${scheduled} — на ${scheduled - 5} ${pluralRu(scheduled - 5, ['урок', 'урока', 'уроков'])} больше, чем часов в плане.`);

		// The journal's greyed week ahead carries the plan's topics of those days.
		const journal = await anna.pageData<{ upcoming: Array<{ date: string; topic: string | null }> }>(`/journal/${w.maths.id}`);
		expect(journal.upcoming.map((u) => [u.date, u.topic])).toEqual([['2026-11-30', 'Дроби'], ['2026-12-02', null], ['2026-12-04', null]]);
	});
});
