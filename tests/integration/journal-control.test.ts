/**
 * Journal control through the real server on a small hand-built school (R-4.5.5, R-4.4.2, R-4.4.5,
 * every figure below was counted by hand from the world described here, not by the
 * code under test. Then the deputy sends the reminders in one action, each teacher sees only their
 * own findings, and a finding fixed in the journal reads «исправлено» and leaves the control page.
 *
 * The world, today Monday 21.12.2026, in the second quarter (05.11–27.12, marks due 26.12, so
 * period marks are checked from 19.12): 7А with Иванов Пётр (has an account), Смирнова Ольга and
 * Козлов Денис; Иванова Марина is Пётр's mother (account), Смирнов Андрей Ольга's father (none).
 * 5Б has nobody yet. Петрова teaches 7А algebra, Сидоров 7А history.
 *   Algebra: 01.12 «Квадратные уравнения», homework «№ 101» entered that day;
 *            03.12 test «Контрольная работа № 2», marks Иванов 5, Смирнова 4, Козлов none;
 *            08.12 no topic, homework «№ 120» entered on 10.12 (late: due on the lesson's day);
 *            17.12 test «Контрольная работа № 3», no marks yet (only 4 days ago: not overdue).
 *            Quarter marks: Иванов 5, Смирнова 4; Козлов none.
 *   History: 02.12 «Реформы Петра I», homework «§ 12» that day, Иванов 4. No quarter marks.
 *   Пётр opened his diary, and so did his mother; nobody else.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ReportCell, ReportTable } from '../../src/lib/domain/reports';
import { formatReportCell, NO_DATA } from '../../src/lib/domain/reports';
import type { ControlPage, NoticeView } from '../../src/lib/server/queries/journal-control';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLesson, buildWorld, fillCells, onDay, setPeriodMark, STANDARD_WORK_TYPES, type Account, type Journal, type Person, type Year } from '../factories';
import type { DocLesson } from '../../src/lib/domain/journal-doc';

let school: TestSchool;
let as: SignedIn;
let w: { year: Year; admin: Account; deputy: Account; petrova: Account; sidorov: Account; petr: Account; olga: Person; denis: Person; mother: Account; algebra: Journal; history: Journal };
let test2: DocLesson;
let noTopic: DocLesson;

beforeAll(async () => {
	school = await startEmptySchool({ TODAY: '2026-12-21' });
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const year = await make.year({ workTypes: [...STANDARD_WORK_TYPES] });
		const deputy = await make.staff('Зайцева Елена Юрьевна', ['deputy'], { login: 'zavuch' });
		const admin = await make.staff('Белова Анна Сергеевна', ['admin'], { login: 'control-admin' });
		const petrova = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const sidorov = await make.teacher('Сидоров Павел Ильич', { login: 'istorik' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		await make.class({ grade: 5, letter: 'Б' });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh, login: 'uchenik' });
		const olga = await make.student('Смирнова Ольга Андреевна', { class: seventh });
		const denis = await make.student('Козлов Денис Игоревич', { class: seventh });
		const mother = await make.parent('Иванова Марина Викторовна', { children: [petr], login: 'roditel' });
		await make.parent('Смирнов Андрей Петрович', { children: [olga] });
		const algebra = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [petrova] });
		const history = await make.journal({ group: seventh, subject: await make.subject('История'), teachers: [sidorov] });
		return { year, admin, deputy, petrova, sidorov, petr, olga, denis, mother, algebra, history };
	});
	const base = school.server.url;
	const petrova = await as(w.petrova);
	const sidorov = await as(w.sidorov);
	const work = (code: string) => w.year.workType(code).id;
	const q2 = w.year.period('2 четверть');

	await onDay('2026-12-01', () => addLesson(petrova, w.algebra, { date: '2026-12-01', topic: 'Квадратные уравнения', workTypeId: work('answer'), homework: '№ 101' }));
	await onDay('2026-12-02', async () => {
		const lesson = await addLesson(sidorov, w.history, { date: '2026-12-02', topic: 'Реформы Петра I', workTypeId: work('answer'), homework: '§ 12' });
		await fillCells(base, sidorov, w.history, [{ lesson, student: w.petr, marks: [4] }]);
	});
	test2 = await onDay('2026-12-03', async () => {
		const lesson = await addLesson(petrova, w.algebra, { date: '2026-12-03', topic: 'Контрольная работа № 2', workTypeId: work('test') });
		await fillCells(base, petrova, w.algebra, [
			{ lesson, student: w.petr, marks: [5] },
			{ lesson, student: w.olga, marks: [4] }
		]);
		return lesson;
	});
	noTopic = await onDay('2026-12-08', () => addLesson(petrova, w.algebra, { date: '2026-12-08', workTypeId: work('answer') }));
	await onDay('2026-12-10', async () => {
		const { status } = await petrova.api('PATCH', `/api/journals/${w.algebra.id}/lessons/${noTopic.id}`, { homework: '№ 120' });
		expect(status).toBe(200);
	});
	await onDay('2026-12-17', () => addLesson(petrova, w.algebra, { date: '2026-12-17', topic: 'Контрольная работа № 3', workTypeId: work('test') }));
	await onDay('2026-12-20', async () => {
		await setPeriodMark(petrova, w.algebra, { student: w.petr, period: q2, value: '5', justification: 'Отвечал на консультациях' });
		await setPeriodMark(petrova, w.algebra, { student: w.olga, period: q2, value: '4', justification: 'Отвечала на консультациях' });
	});
	// The family open Пётр's diary.
	expect((await (await as(w.petr)).request(`/diary/${w.petr.id}`)).status).toBe(200);
	expect((await (await as(w.mother)).request(`/diary/${w.petr.id}`)).status).toBe(200);
});
afterAll(async () => school?.stop());

const control = async (query = '') => (await as(w.deputy)).pageData<ControlPage>(`/reports/control${query}`);
const table = (page: ControlPage, title: RegExp): ReportTable => {
	const found = page.report.tables.find((t) => title.test(t.title));
	expect(found, `table ${title}`).toBeDefined();
	return found!;
};
/** A table's rows as a person reads them. */
const shown = (t: ReportTable): string[][] => t.rows.map((row: ReportCell[]) => row.map((cell, i) => formatReportCell(cell, t.columns[i].format)));

describe('R-4.5.5 journal control finds what the hand count finds', () => {
	test('topics and homework per teacher and per class: Петрова 4 lessons, 3 with a topic, 2 with homework; Сидоров 1 of 1', async () => {
		const page = await control();
		expect(page.report.subtitle).toBe('2 четверть, по 21.12.2026');
		expect(shown(table(page, /по учителям$/))).toEqual([
			['Петрова Анна Ивановна', '4', '75,0', '50,0'],
			['Сидоров Павел Ильич', '1', '100,0', '100,0']
		]);
		expect(shown(table(page, /по классам$/))).toEqual([['7А', '5', '80,0', '60,0']]);
		expect(shown(table(page, /^Уроки без темы$/))).toEqual([['08.12.2026', '7А', 'Алгебра', 'Петрова Анна Ивановна']]);
	});

	test('R-4.4.2 homework entered two days after the lesson is late by the school’s rule (on the lesson’s day)', async () => {
		const page = await control();
		const late = table(page, /^Домашнее задание внесено позже срока/);
		expect(late.title).toBe('Домашнее задание внесено позже срока (в день урока)');
		expect(shown(late)).toEqual([['08.12.2026', '7А', 'Алгебра', 'Петрова Анна Ивановна', '10.12.2026']]);
	});

	test('R-4.4.5 the test of 03.12 lacks one pupil’s mark after 18 days; the test of 17.12 is not yet due', async () => {
		const page = await control();
		expect(shown(table(page, /^Контрольные, лабораторные и практические работы/))).toEqual([
			['03.12.2026', '7А', 'Алгебра', 'Контрольная работа', 'Петрова Анна Ивановна', '1']
		]);
	});

	test('pupils without marks for 14 days are all three; for 30 days only Козлов, who has none', async () => {
		expect(shown(table(await control(), /^Ученики без отметок 14 дней/))).toEqual([
			['Иванов Пётр Сергеевич', '7А', '03.12.2026'],
			['Козлов Денис Игоревич', '7А', 'нет'],
			['Смирнова Ольга Андреевна', '7А', '03.12.2026']
		]);
		expect(shown(table(await control('?days=30'), /^Ученики без отметок 30 дней/))).toEqual([['Козлов Денис Игоревич', '7А', 'нет']]);
	});

	test('R-5.3 five days before the deadline: algebra lacks one quarter mark, history all three', async () => {
		const page = await control();
		const missing = table(page, /^Не выставлены отметки за период/);
		expect(missing.title).toBe('Не выставлены отметки за период (срок — 26.12.2026)');
		expect(shown(missing)).toEqual([
			['7А', 'Алгебра', 'Петрова Анна Ивановна', '1'],
			['7А', 'История', 'Сидоров Павел Ильич', '3']
		]);
	});

	test('R-6.2 one pupil of three and one parent of two opened the diary; an empty class’s shares are «нет данных»', async () => {
		const openings = table(await control(), /^Открывали электронный дневник/);
		expect(shown(openings)).toEqual([
			['5Б', '0', '0', NO_DATA, '0', '0', NO_DATA],
			['7А', '3', '1', '33,3', '2', '1', '50,0']
		]);
	});
});

describe('R-7.1 the school report of the same world, beside the previous period and last year', () => {
	const report = async () => (await as(w.deputy)).pageData<ControlPage>(`/reports/school?period=${w.year.period('2 четверть').id}`);

	test('7А: two pupils attested of three, one excellent and one good; the first quarter and last year have no marks: «нет данных»', async () => {
		const page = await report();
		expect(shown(table(page, /^Успеваемость и качество по классам$/))).toEqual([
			['5Б', '0', '0', '0', '0', '0', '0', NO_DATA, NO_DATA, NO_DATA],
			['5-е классы', '0', '0', '0', '0', '0', '0', NO_DATA, NO_DATA, NO_DATA],
			['7А', '3', '2', '1', '1', '0', '0', '100,0', '100,0', '82,0'],
			['7-е классы', '3', '2', '1', '1', '0', '0', '100,0', '100,0', '82,0'],
			['Школа', '3', '2', '1', '1', '0', '0', '100,0', '100,0', '82,0']
		]);
		expect(shown(table(page, /^Сравнение с предыдущим периодом/))).toEqual([
			['2 четверть', '3', '2', '1', '1', '0', '0', '100,0', '100,0', '82,0'],
			['1 четверть', '3', '0', '0', '0', '0', '0', NO_DATA, NO_DATA, NO_DATA],
			['Прошлый год', NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA]
		]);
	});

	test('by subject and by teacher: algebra’s two quarter marks (5 and 4), history none yet', async () => {
		const page = await report();
		const algebra = ['2', '4,50', '1', '1', '0', '0', '0', '100,0', '100,0', '82,0'];
		expect(shown(table(page, /^Отметки за период по предметам$/))).toEqual([['Алгебра', ...algebra]]);
		expect(shown(table(page, /^Отметки за период по учителям$/))).toEqual([['Петрова Анна Ивановна', ...algebra]]);
	});
});

describe('R-7.1 the year report counts year marks', () => {
	test('no year marks are set yet: three pupils, none attested, every rate «нет данных»; the picker offers the year', async () => {
		const page = await (await as(w.deputy)).pageData<ControlPage>('/reports/school?period=0');
		expect(page.report.subtitle).toBe('Учебный год (годовые отметки)');
		expect(page.periods.at(-1)).toEqual({ id: 0, name: 'Учебный год (годовые отметки)' });
		const none = [NO_DATA, NO_DATA, NO_DATA];
		expect(shown(table(page, /^Успеваемость и качество по классам$/)).at(-1)).toEqual(['Школа', '3', '0', '0', '0', '0', '0', ...none]);
		expect(shown(table(page, /^Сравнение с прошлым годом$/))).toEqual([
			['Учебный год (годовые отметки)', '3', '0', '0', '0', '0', '0', ...none],
			['Прошлый год', ...none, ...none, ...none]
		]);
		expect(table(page, /^Годовые отметки по предметам$/).rows).toEqual([]);
	});
});

describe('R-4.5.5 the deputy reminds each teacher of their own findings and sees them fixed', () => {
	test('a teacher may not send reminders; the deputy sends one to each of the two teachers', async () => {
		const before = await control();
		expect(before.pending).toEqual([
			{ teacherName: 'Петрова Анна Ивановна', count: 3 },
			{ teacherName: 'Сидоров Павел Ильич', count: 1 }
		]);
		const q2 = String(w.year.period('2 четверть').id);
		const refused = await (await as(w.petrova)).request('/reports/control?/remind', { form: { period: q2 } });
		expect(refused.status).toBe(403);
		const sent = await (await as(w.deputy)).request('/reports/control?/remind', { form: { period: q2 } });
		expect(sent.status).toBe(200);
		expect(await sent.text()).toContain('Напоминания отправлены: 2 учителям, 4 замечания.');

		const petrova = (await (await as(w.petrova)).pageData<{ controlNotices: NoticeView[] }>('/')).controlNotices;
		expect(petrova).toHaveLength(1);
		expect(petrova[0].senderName).toBe('Зайцева Елена Юрьевна');
		expect(petrova[0].findings.map((f) => [f.text, f.fixed])).toEqual([
			['7А, Алгебра, 03.12.2026: Контрольная работа — нет отметки у 1 ученика', false],
			['7А, Алгебра, 08.12.2026: урок без темы', false],
			['7А, Алгебра: нет отметки за 2 четверть у 1 ученика (срок — 26.12.2026)', false]
		]);
		const sidorov = (await (await as(w.sidorov)).pageData<{ controlNotices: NoticeView[] }>('/')).controlNotices;
		expect(sidorov.map((n) => n.findings.map((f) => f.text))).toEqual([['7А, История: нет отметки за 2 четверть у 3 учеников (срок — 26.12.2026)']]);
	});

	test('a second click stores no duplicate notices: with nothing new, it is refused in Russian and each teacher still has one', async () => {
		const q2 = String(w.year.period('2 четверть').id);
		expect((await control()).pending).toEqual([]);
		const again = await (await as(w.deputy)).request('/reports/control?/remind', { form: { period: q2 } });
		expect(again.status).toBe(400);
		expect(await again.text()).toContain('Новых замечаний нет: о найденных учителям уже напомнили');
		for (const teacher of [w.petrova, w.sidorov]) expect((await (await as(teacher)).pageData<{ controlNotices: NoticeView[] }>('/')).controlNotices).toHaveLength(1);
		expect(table(await control(), /^Напоминания учителям$/).rows).toHaveLength(2);
	});

	test('the teacher marks the test and names the lesson: those two read «исправлено» and leave the control page', async () => {
		const petrova = await as(w.petrova);
		await fillCells(school.server.url, petrova, w.algebra, [{ lesson: test2, student: w.denis, marks: [3] }]);
		const { status } = await petrova.api('PATCH', `/api/journals/${w.algebra.id}/lessons/${noTopic.id}`, { topic: 'Решение задач' });
		expect(status).toBe(200);

		const [notice] = (await petrova.pageData<{ controlNotices: NoticeView[] }>('/')).controlNotices;
		expect(notice.findings.map((f) => f.fixed)).toEqual([true, true, false]);
		expect(notice.fixed).toBe(false);

		const page = await control();
		expect(table(page, /^Контрольные, лабораторные и практические работы/).rows).toEqual([]);
		expect(table(page, /^Уроки без темы$/).rows).toEqual([]);
		expect(shown(table(page, /^Напоминания учителям$/))).toEqual([
			['21.12.2026', 'Сидоров Павел Ильич', '1', '0', 'не исправлено'],
			['21.12.2026', 'Петрова Анна Ивановна', '3', '2', 'не исправлено']
		]);
	});
});

describe('R-4.4.3 the school sets the days by which homework is entered', () => {
	test('a teacher is refused; a wrong number is refused in Russian and changes nothing', async () => {
		expect((await (await as(w.petrova)).request('/admin/grading?/homework', { form: { homeworkDueDays: '2' } })).status).toBe(403);
		const admin = await as(w.admin);
		for (const value of ['abc', '15', '-1', '1,5', '']) {
			const response = await admin.request('/admin/grading?/homework', { form: { homeworkDueDays: value } });
			expect(response.status, value).toBe(400);
			expect(await response.text()).toContain('Срок внесения домашнего задания — целое число дней от 0 до 14');
		}
		expect((await admin.pageData<{ homeworkDueDays: number }>('/admin/grading')).homeworkDueDays).toBe(0);
	});

	test('two days allowed: the homework of 08.12 entered on 10.12 is no longer late, and the page says the rule', async () => {
		const admin = await as(w.admin);
		const saved = await admin.request('/admin/grading?/homework', { form: { homeworkDueDays: '2' } });
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain('Сохранено: срок внесения домашнего задания.');
		expect((await admin.pageData<{ homeworkDueDays: number }>('/admin/grading')).homeworkDueDays).toBe(2);
		const late = table(await control(), /^Домашнее задание внесено позже срока/);
		expect(late.title).toBe('Домашнее задание внесено позже срока (не позже чем через 2 дня после урока)');
		expect(late.rows).toEqual([]);
		// One more day is late again.
		expect((await admin.request('/admin/grading?/homework', { form: { homeworkDueDays: '1' } })).status).toBe(200);
		expect(shown(table(await control(), /^Домашнее задание внесено позже срока/))).toEqual([['08.12.2026', '7А', 'Алгебра', 'Петрова Анна Ивановна', '10.12.2026']]);
	});
});
