/**
 * The journal's events reach the pupil and the pupil's parents as notifications, written
 * with the change itself: marks typed in the live journal (the marks of one save as one
 * notification per person), a lesson missed without a valid reason, homework, a period mark, and
 * a risk of «2» for the period told once while it lasts. Nobody else hears of them: not another
 * pupil's parent, not the teacher who wrote them.
 *
 * The world: 7А with Иванов (and his mother) and Петров (and his father), algebra taught by
 * Петрова; today is 27.11.2026, in the second quarter.
 */
import { flushRiskChecks } from '../../src/lib/server/commands/journal-notices';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLesson, addLessons, buildWorld, fillCells, setPeriodMark, type Account, type Journal, type Period, type Person } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let w: { teacher: Account; algebra: Journal; q2: Period; ivanov: Account; petrov: Person; mother: Account; father: Account };

interface Row {
	person_id: number;
	kind: string;
	title: string;
	body: string;
	link: string;
	items: number;
}

const rowsOf = (kind: string) => sql<Row[]>`select person_id, kind, title, body, link, items from notification where kind = ${kind} order by id`;

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const year = await make.year();
		const klass = await make.class({ grade: 7, letter: 'А' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'anna-n' });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: klass, login: 'petya-n' });
		const petrov = await make.student('Петров Олег Ильич', { class: klass });
		return {
			teacher,
			algebra: await make.journal({ group: klass, subject: await make.subject('Алгебра'), teachers: [teacher] }),
			q2: year.period('2 четверть'),
			ivanov,
			petrov,
			mother: await make.parent('Иванова Мария Петровна', { children: [ivanov], login: 'mama-n' }),
			father: await make.parent('Петров Илья Олегович', { children: [petrov], login: 'papa-n' })
		};
	});
}, 60_000);

afterAll(async () => {
	await school?.stop();
});

describe('R-2.8 the journal tells the pupil and the parents', () => {
	test('R-2.8: three marks of one save reach Иванов and his mother as one notification each, leading to the diary; nobody else hears', async () => {
		const teacher = await as(w.teacher);
		const lessons = await addLessons(teacher, w.algebra, ['2026-11-23', '2026-11-24', '2026-11-25']);
		await fillCells(school.server.url, teacher, w.algebra, lessons.map((lesson, i) => ({ lesson, student: w.ivanov, marks: [[5, 4, 5][i]] })));
		const rows = await rowsOf('mark');
		expect(rows.map((r) => r.person_id).sort()).toEqual([w.ivanov.id, w.mother.id].sort());
		const forPupil = rows.find((r) => r.person_id === w.ivanov.id)!;
		expect(forPupil).toMatchObject({ items: 3, title: 'Новые оценки по предмету «Алгебра»', body: '23.11: 5; 24.11: 4; 25.11: 5', link: `/diary/${w.ivanov.id}?week=2026-11-23` });
		expect(rows.find((r) => r.person_id === w.mother.id)!.title).toBe('Пётр · Новые оценки по предмету «Алгебра»');

		// The mother sees it in her list; once read, the next mark is a notification of its own.
		const mother = await as(w.mother);
		const page = await mother.pageData<{ notifications: Array<{ title: string }> }>('/notifications');
		expect(JSON.stringify(page)).toContain('Новые оценки по предмету «Алгебра»');
		expect((await mother.request('/notifications?/readAll', { form: {} })).status).toBe(200);
		const [lesson] = await addLessons(teacher, w.algebra, ['2026-11-26']);
		await fillCells(school.server.url, teacher, w.algebra, [{ lesson, student: w.ivanov, marks: [3] }]);
		const after = (await rowsOf('mark')).filter((r) => r.person_id === w.mother.id);
		expect(after).toHaveLength(2);
		expect(after[1]).toMatchObject({ items: 1, title: 'Пётр · Оценка по предмету «Алгебра»: 3', body: '26.11: 3' });
	});

	test('R-2.8: a lesson missed without a valid reason is told; an illness is not', async () => {
		const teacher = await as(w.teacher);
		const lesson = await addLesson(teacher, w.algebra, '2026-11-27');
		await fillCells(school.server.url, teacher, w.algebra, [
			{ lesson, student: w.ivanov, absence: 'н' },
			{ lesson, student: w.petrov, absence: 'б' }
		]);
		const rows = await rowsOf('absence');
		expect(rows.map((r) => r.person_id).sort()).toEqual([w.ivanov.id, w.mother.id].sort());
		expect(rows[0]).toMatchObject({ title: expect.stringContaining('Пропуск урока без уважительной причины, 27.11'), body: 'Алгебра («н»)' });
	});

	test('R-2.8: homework given with a lesson reaches every pupil of the group and each one’s parents, with their own child’s link', async () => {
		const teacher = await as(w.teacher);
		await addLesson(teacher, w.algebra, { date: '2026-11-20', homework: '№ 245, 247 на с. 61' });
		const rows = await rowsOf('homework');
		expect(rows.map((r) => r.person_id).sort()).toEqual([w.ivanov.id, w.mother.id, w.petrov.id, w.father.id].sort());
		const forFather = rows.find((r) => r.person_id === w.father.id)!;
		expect(forFather).toMatchObject({ title: 'Олег · Домашнее задание по предмету «Алгебра», 20.11', body: '№ 245, 247 на с. 61', link: `/diary/${w.petrov.id}?week=2026-11-16` });
	});

	test('R-2.8: a period mark reaches the pupil and the parent', async () => {
		const teacher = await as(w.teacher);
		await setPeriodMark(teacher, w.algebra, { student: w.ivanov, period: w.q2, value: '5', justification: 'Итог по работам четверти' });
		const rows = await rowsOf('mark');
		const last = rows.filter((r) => r.title.includes('2 четверть'));
		expect(last.map((r) => r.person_id).sort()).toEqual([w.ivanov.id, w.mother.id].sort());
		expect(last.find((r) => r.person_id === w.ivanov.id)!.title).toBe('2 четверть по предмету «Алгебра»: 5');
	});

	test('R-2.8: Петров falling to a «2» for the quarter is told once while it lasts, to him and his father only', async () => {
		const teacher = await as(w.teacher);
		const lessons = await addLessons(teacher, w.algebra, ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);
		await fillCells(school.server.url, teacher, w.algebra, lessons.slice(0, 3).map((lesson) => ({ lesson, student: w.petrov, marks: [2] })));
		// The risk is judged once the journal's edits pause, after their commit.
		await flushRiskChecks();
		const risks = await rowsOf('risk');
		expect(risks.map((r) => r.person_id).sort()).toEqual([w.petrov.id, w.father.id].sort());
		expect(risks[0].title).toContain('Риск «2» по предмету «Алгебра»');
		// Another «2» changes nothing: the risk was told.
		await fillCells(school.server.url, teacher, w.algebra, [{ lesson: lessons[3], student: w.petrov, marks: [2] }]);
		await flushRiskChecks();
		expect(await rowsOf('risk')).toHaveLength(2);
	});

	test('R-2.8: opening the child’s diary reads the journal’s notifications about that child, and only those', async () => {
		const unread = () => sql<{ kind: string }[]>`select kind from notification where person_id = ${w.mother.id} and read_at is null order by id`;
		expect((await unread()).length).toBeGreaterThan(0);
		const mother = await as(w.mother);
		expect((await mother.request(`/diary/${w.ivanov.id}`)).status).toBe(200);
		expect(await unread()).toEqual([]);
	});
});
