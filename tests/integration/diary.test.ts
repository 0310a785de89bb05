/**
 * The diary through the real server in a mark-free grade and in a graded
 * one: a first-grader's parent reads no marks, averages, forecasts or chart — the diary says the
 * grade is taught without marks — and still sees lessons with topics, absences and the period
 * marks set (зач.); a seventh-grader's diary keeps its averages, suggestions and forecasts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { MARK_FREE_NOTE } from '../../src/lib/domain/grading-settings';
import { demoLogins, startTestSchool, type DemoLogin, type TestSchool } from '../helpers/server';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: DemoLogin;

interface DiaryData {
	card: { fullName: string; className: string | null; grade: number | null };
	markFree: boolean;
	subjects: Array<{ subject: string; marks: unknown[]; average: number | null; suggestion: { mark: string }; forecast: { expected: string; risks: string[] } }>;
	periodMarks: Array<{ subject: string; kind: string; periodName: string | null; value: string }>;
	absences: unknown[];
	lessons: Array<{ subject: string; topic: string | null }>;
}

async function diaryAs(login: string, studentId: number): Promise<{ data: DiaryData; html: string }> {
	const client = await as(login);
	const data = await client.pageData<DiaryData>(`/diary/${studentId}`);
	const page = await client.request(`/diary/${studentId}`);
	expect(page.status).toBe(200);
	return { data, html: await page.text() };
}

let firstGrader: number;
let firstGradersParent: string;
let mathsJournal: number;
let q2: number;

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	as = demoLogins(school.server.url);
	// The first-grader of 1А with the most absences, and a parent of theirs who has an account.
	[{ student_id: firstGrader, login: firstGradersParent }] = await sql`
		select e.student_id, a.login
		from enrolment e join class c on c.id = e.class_id join guardian g on g.student_id = e.student_id
		join account a on a.person_id = g.parent_id
		where c.grade = 1 and e.departed_on is null
		order by (select count(*) from absence x where x.student_id = e.student_id) desc, e.student_id, a.login limit 1`;
	[{ id: mathsJournal }] = await sql`
		select j.id from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id join subject s on s.id = j.subject_id
		where c.grade = 1 and g.whole_class and s.name = 'Математика'`;
	[{ id: q2 }] = await sql`select id from period where kind = 'quarter' and ordinal = 2 and grade_from <= 1 and grade_to >= 1`;
});

afterAll(async () => {
	await school?.stop();
});

describe('R-2.4, R-2.8 the diary of a student in a mark-free grade (grade 1 by default)', () => {
	test('says the grade is taught without marks and shows no marks, averages, suggestions, forecasts, risks, advice or chart', async () => {
		// Even a stray lesson mark (set before the school made grade 1 mark-free) gives no numbers.
		const [lesson] = await sql`select id from lesson where journal_id = ${mathsJournal} and date <= '2026-11-27' order by date desc limit 1`;
		const [author] = await sql`select teacher_id from journal_teacher where journal_id = ${mathsJournal} limit 1`;
		await sql`delete from absence where lesson_id = ${lesson.id} and student_id = ${firstGrader}`;
		await sql`insert into mark (lesson_id, student_id, position, value, weight, author_id) values (${lesson.id}, ${firstGrader}, 1, 5, 1, ${author.teacher_id})`;

		const { data, html } = await diaryAs(firstGradersParent, firstGrader);
		expect(data.card.grade).toBe(1);
		expect(data.markFree).toBe(true);
		expect(data.subjects).toEqual([]);
		expect(html).toContain(MARK_FREE_NOTE);
		for (const graded of ['Оценки по предметам', 'Средний балл', 'Прогноз на конец периода', 'Сейчас']) expect(html).not.toContain(graded);
		// The chart opens from a subject's button; there is none to open.
		expect(html).not.toContain('aria-expanded');
	});

	test('still shows the week’s lessons with topics, the absences, and a period mark зач. once the teacher sets it', async () => {
		const before = await diaryAs(firstGradersParent, firstGrader);
		expect(before.data.lessons.length).toBeGreaterThan(0);
		expect(before.data.lessons.every((l) => l.topic)).toBe(true);
		expect(before.data.absences.length).toBeGreaterThan(0);
		expect(before.html).toContain('aria-label="Пропуски"');
		expect(before.data.periodMarks).toEqual([]);

		// The first grade's teacher sets зач. for the second quarter through the journal's marks sheet.
		const [{ login: teacher }] = await sql`
			select a.login from journal_teacher jt join account a on a.person_id = jt.teacher_id where jt.journal_id = ${mathsJournal} order by a.login limit 1`;
		const saved = await (await as(teacher)).request(`/journal/${mathsJournal}/marks?/set`, {
			form: { studentId: String(firstGrader), kind: 'period', periodId: String(q2), value: 'зач.', justification: '' }
		});
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain('Сохранено');

		const after = await diaryAs(firstGradersParent, firstGrader);
		expect(after.data.periodMarks).toEqual([{ subject: 'Математика', kind: 'period', periodName: '2 четверть', value: 'зач.' }]);
		expect(after.html).toContain('aria-label="Отметки за периоды"');
		expect(after.html).toContain('зач.');
		expect(after.data.subjects).toEqual([]);
	});
});

describe('R-2.5, R-2.7 the diary of a student in a graded grade keeps its numbers', () => {
	test('uchenik (7А) sees marks by subject with averages, suggestions and forecasts, and no mark-free note', async () => {
		const [{ person_id: uchenik }] = await sql`select person_id from account where login = 'uchenik'`;
		const { data, html } = await diaryAs('uchenik', uchenik);
		expect(data.card.grade).toBe(7);
		expect(data.markFree).toBe(false);
		// The demo's teachers set the closed first quarter's marks by its deadline.
		expect(data.periodMarks.length).toBeGreaterThan(3);
		for (const m of data.periodMarks) expect(m).toMatchObject({ kind: 'period', periodName: '1 четверть', value: expect.stringMatching(/^[2-5]$|^н\/а$/) });
		expect(data.subjects.length).toBeGreaterThan(3);
		const withMarks = data.subjects.filter((s) => s.average !== null);
		expect(withMarks.length).toBeGreaterThan(3);
		for (const s of withMarks) expect(s.forecast.expected).toMatch(/^[2-5]$|^н\/а$/);
		expect(html).toContain('aria-label="Оценки по предметам"');
		expect(html).toContain('Прогноз на конец периода');
		expect(html).toContain('aria-expanded');
		expect(html).not.toContain(MARK_FREE_NOTE);
	});

	test('R-2.4 a quarter mark set by the teacher appears in the diary’s «Итоговые отметки»', async () => {
		const [{ person_id: uchenik }] = await sql`select person_id from account where login = 'uchenik'`;
		const [{ journal_id: journalId, subject }] = await sql`
			select jt.journal_id, s.name as subject from journal_teacher jt join account a on a.person_id = jt.teacher_id
			join journal j on j.id = jt.journal_id join subject s on s.id = j.subject_id
			join group_member gm on gm.group_id = j.group_id and gm.student_id = ${uchenik}
			where a.login = 'uchitel' order by jt.journal_id limit 1`;
		const [{ id: quarter }] = await sql`select id from period where kind = 'quarter' and ordinal = 2 and 7 between grade_from and grade_to`;
		const teacher = await as('uchitel');
		const { json: column } = await teacher.api('GET', `/api/journals/${journalId}/period-marks?column=p${quarter}`);
		const suggested = column.students.find((s: { studentId: number }) => s.studentId === uchenik).suggested as string;
		const saved = await teacher.request(`/api/journals/${journalId}/period-marks`, {
			method: 'PUT',
			json: { studentId: uchenik, kind: 'period', periodId: quarter, value: suggested }
		});
		expect(saved.status).toBe(200);
		const { data, html } = await diaryAs('uchenik', uchenik);
		expect(data.periodMarks).toContainEqual({ subject, kind: 'period', periodName: '2 четверть', value: suggested });
		expect(html).toContain('aria-label="Итоговые отметки"');
	});
});
