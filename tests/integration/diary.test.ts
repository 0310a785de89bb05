/**
 * The diary through the real server in a mark-free grade and in a graded
 * one: a first-grader's parent reads no marks, averages, forecasts or chart — the diary says the
 * grade is taught without marks — and still sees lessons with topics, absences and the period
 * marks set (зач.); a seventh-grader's diary keeps its averages, suggestions and forecasts.
 *
 * The world (today 27.11.2026): in 1А Васильева teaches mathematics; this week Алиса Кузнецова was
 * ill on Tuesday and got a 5 on Wednesday, while the school still graded grade 1 (it is mark-free
 * again since). In 7А Петрова teaches Пётр Иванов algebra, Russian, history and physics: three marks
 * in each in the first quarter, whose marks she set by its deadline, and three more in the second.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MARK_FREE_NOTE } from '../../src/lib/domain/grading-settings';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLessons, buildWorld, fillCells, marksOf, onDay, setPeriodMark, type Account, type Journal, type Period } from '../factories';

let school: TestSchool;
let as: SignedIn;

interface DiaryData {
	card: { fullName: string; className: string | null; grade: number | null };
	markFree: boolean;
	subjects: Array<{ subject: string; marks: Array<{ value: number; date: string }>; average: number | null; suggestion: { mark: string }; forecast: { expected: string; risks: string[] } | null; need: string | null }>;
	periodMarks: Array<{ subject: string; kind: string; periodName: string | null; value: string }>;
	absences: unknown[];
	week: { monday: string; days: Array<{ date: string; lessons: Array<{ subject: string; topic: string | null; marks: Array<{ value: number }>; absence: string | null }> }> };
}

async function diaryAs(who: Account, studentId: number, query = ''): Promise<{ data: DiaryData; html: string }> {
	const client = await as(who);
	const data = await client.pageData<DiaryData>(`/diary/${studentId}${query}`);
	const page = await client.request(`/diary/${studentId}${query}`);
	expect(page.status).toBe(200);
	return { data, html: await page.text() };
}

/** The administrator's grading rules form with the defaults, and the mark-free grades given. */
function rules(markFreeGrades: string[]): URLSearchParams {
	const form = new URLSearchParams({ scaleMin: '2', scaleMax: '5', thresholds: '5: 4,6; 4: 3,6; 3: 2,6', minMarks: '3', absenceCodes: 'н, б, уп, оп' });
	for (const grade of markFreeGrades) form.append('markFreeGrades', grade);
	return form;
}

/** Marks of Пётр in each 7А subject: the first quarter's and the second's. */
const MARKS = {
	Алгебра: { first: [5, 5, 4], firstMark: '5', second: [5, 4, 5] },
	'Русский язык': { first: [4, 4, 3], firstMark: '4', second: [4, 4, 4] },
	История: { first: [5, 4, 4], firstMark: '4', second: [3, 4, 4] },
	Физика: { first: [3, 3, 4], firstMark: '3', second: [4, 3, 3] }
} as const;

let w: { alisa: { id: number }; mother: Account; firstTeacher: Account; maths: Journal; petr: Account; teacher: Account; journals: Record<keyof typeof MARKS, Journal>; q1: Period; q2: Period };

beforeAll(async () => {
	school = await startEmptySchool();
	const base = school.server.url;
	as = signedIn(base);
	let admin: Account;
	({ admin, ...w } = await buildWorld(async (make) => {
		const year = await make.year();
		const firstTeacher = await make.teacher('Васильева Татьяна Петровна', { login: 'vasilieva' });
		const first = await make.class({ grade: 1, letter: 'А', classTeacher: firstTeacher });
		const alisa = await make.student('Кузнецова Алиса Дмитриевна', { class: first });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh, login: 'uchenik' });
		const journals = {} as Record<keyof typeof MARKS, Journal>;
		for (const subject of Object.keys(MARKS) as Array<keyof typeof MARKS>)
			journals[subject] = await make.journal({ group: seventh, subject: await make.subject(subject), teachers: [teacher] });
		return {
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			alisa,
			mother: await make.parent('Кузнецова Елена Викторовна', { children: [alisa], login: 'kuznetsova' }),
			firstTeacher,
			maths: await make.journal({ group: first, subject: await make.subject('Математика'), teachers: [firstTeacher] }),
			petr,
			teacher,
			journals,
			q1: year.period('1 четверть'),
			q2: year.period('2 четверть')
		};
	}));

	// Grade 1: this week's lessons; the 5 was given while the school graded grade 1.
	const grading = await as(admin);
	expect((await grading.request('/admin/grading?/rules', { form: rules([]) })).status).toBe(200);
	const firstTeacher = await as(w.firstTeacher);
	const [, tuesday, wednesday] = await addLessons(firstTeacher, w.maths, [
		{ date: '2026-11-23', topic: 'Сложение в пределах 10' },
		{ date: '2026-11-24', topic: 'Вычитание в пределах 10' },
		{ date: '2026-11-25', topic: 'Задачи на сложение' }
	]);
	await fillCells(base, firstTeacher, w.maths, [
		{ lesson: tuesday, student: w.alisa, absence: 'б' },
		{ lesson: wednesday, student: w.alisa, marks: [5] }
	]);
	expect((await grading.request('/admin/grading?/rules', { form: rules(['1']) })).status).toBe(200);

	// Grade 7: the first quarter as it went, with its marks set by the deadline; then the second.
	const teacher = await as(w.teacher);
	await onDay('2026-10-22', async () => {
		for (const [subject, marks] of Object.entries(MARKS) as Array<[keyof typeof MARKS, (typeof MARKS)[keyof typeof MARKS]]>) {
			const lessons = await addLessons(teacher, w.journals[subject], ['2026-10-12', '2026-10-14', '2026-10-16']);
			await fillCells(base, teacher, w.journals[subject], marksOf(w.petr, lessons, marks.first));
			await setPeriodMark(teacher, w.journals[subject], { student: w.petr, period: w.q1, value: marks.firstMark });
		}
	});
	for (const [subject, marks] of Object.entries(MARKS) as Array<[keyof typeof MARKS, (typeof MARKS)[keyof typeof MARKS]]>) {
		const lessons = await addLessons(teacher, w.journals[subject], ['2026-11-16', '2026-11-18', '2026-11-20']);
		await fillCells(base, teacher, w.journals[subject], marksOf(w.petr, lessons, marks.second));
	}
});

afterAll(async () => {
	await school?.stop();
});

describe('R-2.4, R-2.8 the diary of a student in a mark-free grade (grade 1 by default)', () => {
	test('says the grade is taught without marks and shows no marks, averages, suggestions, forecasts, risks, advice or chart', async () => {
		// Even a stray lesson mark (Wednesday's 5, set before the school made grade 1 mark-free) gives no numbers.
		const { data, html } = await diaryAs(w.mother, w.alisa.id);
		expect(data.card.grade).toBe(1);
		expect(data.markFree).toBe(true);
		expect(data.subjects).toEqual([]);
		expect(html).toContain(MARK_FREE_NOTE);
		for (const graded of ['Оценки по предметам', 'Средний', 'Прогноз', 'По правилам школы', 'mark-chip']) expect(html).not.toContain(graded);
		// Marks, averages and the chart open from buttons; there is none to open, not even for the week's stray 5.
		expect(html).not.toContain('aria-expanded');
		expect(data.week.days.flatMap((d) => d.lessons).flatMap((l) => l.marks)).toEqual([]);
	});

	test('still shows the week’s lessons with topics, the absences, and a period mark зач. once the teacher sets it', async () => {
		const before = await diaryAs(w.mother, w.alisa.id);
		// This week, Monday to Saturday, in day order: the absence on Tuesday.
		expect(before.data.week.monday).toBe('2026-11-23');
		const lessons = before.data.week.days.flatMap((d) => d.lessons);
		expect(lessons.map((l) => l.topic)).toEqual(['Сложение в пределах 10', 'Вычитание в пределах 10', 'Задачи на сложение']);
		expect(lessons.map((l) => l.absence)).toEqual([null, 'б', null]);
		expect(before.data.absences).toHaveLength(1);
		expect(before.html).toContain('aria-label="Пропуски"');
		expect(before.data.periodMarks).toEqual([]);

		// The first grade's teacher sets зач. for the second quarter through the journal's marks sheet.
		const saved = await (await as(w.firstTeacher)).request(`/journal/${w.maths.id}/marks?/set`, {
			form: { studentId: String(w.alisa.id), kind: 'period', periodId: String(w.q2.id), value: 'зач.', justification: '' }
		});
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain('Сохранено');

		const after = await diaryAs(w.mother, w.alisa.id);
		expect(after.data.periodMarks).toEqual([{ subject: 'Математика', kind: 'period', periodName: '2 четверть', value: 'зач.' }]);
		expect(after.html).toContain('aria-label="Отметки за периоды"');
		expect(after.html).toContain('зач.');
		expect(after.data.subjects).toEqual([]);
	});
});

describe('R-2.5, R-2.7 the diary of a student in a graded grade keeps its numbers', () => {
	test('a seventh-grader (7А) sees marks by subject with averages, suggestions and forecasts, and no mark-free note', async () => {
		const { data, html } = await diaryAs(w.petr, w.petr.id);
		expect(data.card.grade).toBe(7);
		expect(data.markFree).toBe(false);
		// The teacher set the closed first quarter's marks by its deadline.
		expect(data.periodMarks).toHaveLength(4);
		for (const [subject, marks] of Object.entries(MARKS)) expect(data.periodMarks).toContainEqual({ subject, kind: 'period', periodName: '1 четверть', value: marks.firstMark });
		expect(data.subjects.map((s) => s.subject).sort()).toEqual(Object.keys(MARKS).sort());
		const withMarks = data.subjects.filter((s) => s.average !== null);
		expect(withMarks).toHaveLength(4);
		for (const s of withMarks) expect(s.forecast?.expected).toMatch(/^[2-5]$|^н\/а$/);
		expect(html).toContain('aria-label="Оценки по предметам"');
		expect(html).toContain('Прогноз');
		expect(html).toContain('aria-expanded');
		expect(html).not.toContain(MARK_FREE_NOTE);
	});

	test('the marks listed are the chosen period’s, the very ones its average is of; another period and the year are one tap away', async () => {
		const algebra = (data: DiaryData) => data.subjects.find((s) => s.subject === 'Алгебра')!;
		// Today is in the second quarter: 5, 4, 5 — not the year's six marks.
		const now = algebra((await diaryAs(w.petr, w.petr.id)).data);
		expect(now.marks.map((m) => m.value)).toEqual([...MARKS.Алгебра.second]);
		expect(now.average).toBeCloseTo(14 / 3, 10);
		const first = algebra((await diaryAs(w.petr, w.petr.id, `?period=${w.q1.id}`)).data);
		expect(first.marks.map((m) => m.value)).toEqual([...MARKS.Алгебра.first]);
		expect(first.average).toBeCloseTo(14 / 3, 10);
		// A period that is over forecasts nothing and advises nothing: its mark is set.
		expect(first.forecast).toBeNull();
		expect(first.need).toBeNull();
		const year = algebra((await diaryAs(w.petr, w.petr.id, '?period=year')).data);
		expect(year.marks.map((m) => m.value)).toEqual([...MARKS.Алгебра.first, ...MARKS.Алгебра.second]);
	});

	test('R-2.7 the period under way says what the lessons left allow', async () => {
		const { data, html } = await diaryAs(w.petr, w.petr.id);
		// Физика 4, 3, 3 (3,33) in the second quarter, without a timetable: lessons left by the weeks left.
		const physics = data.subjects.find((s) => s.subject === 'Физика')!;
		expect(physics.need).toMatch(/^До конца четверти \d+ урок/);
		expect(physics.need).toContain('до 4 —');
		expect(html).toContain(physics.need!);
	});

	test('R-2.4 a quarter mark set by the teacher appears in the diary’s «Итоговые отметки»', async () => {
		const uchenik = w.petr.id;
		const journalId = w.journals.Алгебра.id;
		const subject = 'Алгебра';
		const quarter = w.q2.id;
		const teacher = await as(w.teacher);
		const { json: column } = await teacher.api('GET', `/api/journals/${journalId}/period-marks?column=p${quarter}`);
		const suggested = column.students.find((s: { studentId: number }) => s.studentId === uchenik).suggested as string;
		// 5, 4, 5 in the second quarter.
		expect(suggested).toBe('5');
		const saved = await teacher.request(`/api/journals/${journalId}/period-marks`, {
			method: 'PUT',
			json: { studentId: uchenik, kind: 'period', periodId: quarter, value: suggested }
		});
		expect(saved.status).toBe(200);
		const { data, html } = await diaryAs(w.petr, uchenik);
		expect(data.periodMarks).toContainEqual({ subject, kind: 'period', periodName: '2 четверть', value: suggested });
		expect(html).toContain('aria-label="Итоговые отметки"');
	});
});

interface HomeCard {
	studentId: number;
	since: string | null;
	news: { markCount: number; marks: Array<{ subject: string; value: number }>; absenceCount: number };
	next: { date: string; lessons: Array<{ lessonNo: number; subject: string; room: string | null; homework: string | null; givenOn: string | null }> };
}

describe('R-2.8, R-3.6 a family’s home page: what is new since the diary was last opened, and tomorrow’s homework', () => {
	const selfCard = async () => (await (await as(w.petr)).pageData<{ self: HomeCard }>('/')).self;

	test('new marks are counted until the pupil opens the diary, then only what came after; a teacher reading the diary changes nothing', async () => {
		// As if Пётр had never opened his diary (the tests above did, as him).
		await (await database()).sql`delete from diary_visit where viewer_id = ${w.petr.id}`;
		const before = await selfCard();
		expect(before.since).toBeNull();
		// Never opened: the last week's entries (every mark of this test was entered just now).
		expect(before.news.markCount).toBeGreaterThanOrEqual(24);

		// The teacher reading Пётр's diary is no visit of his.
		await diaryAs(w.teacher, w.petr.id);
		expect((await selfCard()).news.markCount).toBe(before.news.markCount);

		await diaryAs(w.petr, w.petr.id);
		const seen = await selfCard();
		expect(seen.since).not.toBeNull();
		expect(seen.news).toMatchObject({ markCount: 0, absenceCount: 0 });

		const teacher = await as(w.teacher);
		const [lesson] = await addLessons(teacher, w.journals.Алгебра, ['2026-11-26']);
		await fillCells(school.server.url, teacher, w.journals.Алгебра, [
			{ lesson, student: w.petr, marks: [4] }
		]);
		const after = await selfCard();
		expect(after.news.markCount).toBe(1);
		expect(after.news.marks).toEqual([expect.objectContaining({ subject: 'Алгебра', value: 4 })]);
	});

	test('«на завтра» lists the next school day’s lessons by the timetable with the homework given at the lesson before', async () => {
		const sql = (await database()).sql;
		// Today is Friday 27.11; the next school day is Saturday 28.11, with algebra second, in room 21.
		await sql`insert into timetable_slot (journal_id, weekday, lesson_no, room, valid_from) values (${w.journals.Алгебра.id}, 6, 2, '21', '2026-09-01')`;
		const teacher = await as(w.teacher);
		const [lesson] = await addLessons(teacher, w.journals.Алгебра, [{ date: '2026-11-27', homework: '№ 101, 102' }]);
		expect(lesson.homework).toBe('№ 101, 102');
		const card = await selfCard();
		expect(card.next.date).toBe('2026-11-28');
		expect(card.next.lessons).toEqual([{ lessonNo: 2, subject: 'Алгебра', room: '21', homework: '№ 101, 102', givenOn: '2026-11-27', files: 0 }]);
		const html = await (await (await as(w.petr)).request('/')).text();
		expect(html).toContain('На завтра');
		expect(html).toContain('№ 101, 102');
	});
});
