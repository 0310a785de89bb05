/**
 * The thematic plan through the real server (R-4.4.4, R-2.2, R-2.8): the teacher imports a plan of
 * 34 topics from an XLSX file, its hours are checked against the curriculum, laying it fills the
 * topics of the journal's lessons (live in the open journal), a topic the teacher typed stays,
 * a new lesson takes its topic from the plan, progress to date is shown; a teacher of another
 * journal can copy the plan but not change it.
 *
 * The world: the year 2026/2027; 7А and 7Б study История, 2 lessons a week by the curriculum
 * (68 hours a year); 7А's journal has 34 lessons, Tuesdays from 15.09.2026 (two weeks late).
 * The plan is imported and laid on 14.09.2026, while the first quarter is open (a closed period's
 * lessons keep their topics); progress is read on the school's today, 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { database } from '../../src/lib/server/db/client';
import { addDays } from '../../src/lib/domain/dates';
import { DOC_MAPS, type DocLesson } from '../../src/lib/domain/journal-doc';
import { openJournal, sessionCookie } from '../helpers/collab';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLesson, buildWorld, onDay, type Account, type Journal } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let teacherA: Account;
let teacherB: Account;
let parent: Account;
let deputy: Account;
let pupil: { id: number };
let journalA: Journal;
let journalB: Journal;
let lessonIds: number[];

const TOPIC = (n: number) => `Тема ${n}: ${['Древний Египет', 'Месопотамия', 'Индия', 'Китай'][n % 4]}`;

/** A plan of 34 topics as a school exports it: a title, then «№», «Тема», «Часы», «Дата» (Tuesdays from 01.09.2026), «Домашнее задание». */
async function planXlsx(): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('КТП');
	sheet.addRow(['Календарно-тематическое планирование по истории, 7 класс']);
	sheet.addRow(['№', 'Тема', 'Часы', 'Дата', 'Домашнее задание']);
	for (let n = 1; n <= 34; n++) {
		const date = addDays('2026-09-01', 7 * (n - 1));
		sheet.addRow([n, TOPIC(n), 1, new Date(`${date}T00:00:00Z`), n % 2 ? `§ ${n}` : '']);
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Posts a form (multipart when it carries a file) to an action of the plan page, as a browser without scripts does. */
async function act(who: Account, journal: Journal, action: string, fields: Record<string, string | Blob> = {}) {
	const client = await as(who);
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	const response = await fetch(`${school.server.url}/journal/${journal.id}/plan?/${action}`, {
		method: 'POST',
		body,
		headers: { origin: school.server.url, cookie: client.cookieHeader() }
	});
	return { status: response.status, text: await response.text() };
}

/** The plan's rows and the journal's topics, to prove a refused change wrote nothing. */
async function snapshot() {
	const [row] = await sql`
		select (select count(*) from plan_item)::int as items,
			(select md5(coalesce(string_agg(concat_ws('|', journal_id, position, topic, hours, planned_on), ',' order by journal_id, position), '')) from plan_item) as plan,
			(select md5(string_agg(concat_ws('|', id, topic, homework, plan_topic), ',' order by id)) from lesson) as lessons,
			(select count(*) from audit_log)::int as audits`;
	return row;
}

interface PlanData {
	items: Array<{ position: number; topic: string; hours: number; plannedOn: string | null; homework: string | null; lessonDates: string[] }>;
	hours: { planHours: number; curriculumHours: number | null; difference: number | null; text: string; lessonsText: string | null; scheduleDifference: number | null; scheduleText: string | null };
	progress: { planned: number; taught: number; difference: number; text: string; familyText: string } | null;
	canWrite: boolean;
	sources: Array<{ journalId: number; topics: number }>;
}

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	({ teacherA, teacherB, journalA, journalB, parent, pupil, deputy } = await buildWorld(async (make) => {
		const year = await make.year();
		const history = await make.subject('История');
		const a = await make.class({ grade: 7, letter: 'А' });
		const b = await make.class({ grade: 7, letter: 'Б' });
		const teacherA = await make.teacher('Орлова Вера Павловна', { login: 'orlova' });
		const teacherB = await make.teacher('Титов Илья Ильич', { login: 'titov' });
		const pupil = await make.student('Лисицын Павел Андреевич', { class: a });
		const parent = await make.parent('Лисицына Ольга Петровна', { children: [pupil], login: 'lisitsyna' });
		const journalA = await make.journal({ group: a, subject: history, teachers: [teacherA], hoursPerWeek: 2 });
		const journalB = await make.journal({ group: b, subject: history, teachers: [teacherB], hoursPerWeek: 2 });
		await make.tx`insert into curriculum (year_id, subject_id, grade, hours_per_week) values (${year.id}, ${history.id}, 7, 2)`;
		const deputy = await make.staff('Зорина Нина Львовна', ['deputy'], { login: 'zorina' });
		return { teacherA, teacherB, journalA, journalB, parent, pupil, deputy };
	}));
	// The journal's lessons, whatever made them (the timetable, or the teacher by hand): 34 Tuesdays from 15.09.2026.
	const rows = await sql<{ id: number }[]>`
		insert into lesson (journal_id, date, lesson_no, teacher_id)
		select ${journalA.id}, d::date, 2, ${teacherA.id} from generate_series('2026-09-15'::date, '2027-05-04'::date, '7 days') d
		returning id`;
	lessonIds = rows.map((r) => r.id).sort((x, y) => x - y);
	expect(lessonIds).toHaveLength(34);
}, 120_000);

afterAll(async () => {
	await school?.stop();
});

const SEPTEMBER = '2026-09-14';

describe('R-4.4.4 a plan of 34 topics imported from XLSX fills the topics of the year’s lessons', () => {
	test('the import saves 34 topics with their dates and homework; the hours mismatch with the curriculum is reported', () => onDay(SEPTEMBER, async () => {
		const imported = await act(teacherA, journalA, 'import', { file: new Blob([(await planXlsx()) as BlobPart])});
		expect(imported.status).toBe(200);
		const page = await (await as(teacherA)).pageData<PlanData>(`/journal/${journalA.id}/plan`);
		expect(page.canWrite).toBe(true);
		expect(page.items).toHaveLength(34);
		expect(page.items[0]).toMatchObject({ position: 1, topic: TOPIC(1), hours: 1, plannedOn: '2026-09-01', homework: '§ 1' });
		expect(page.items[33]).toMatchObject({ position: 34, topic: TOPIC(34), plannedOn: '2027-04-20', homework: null });
		expect(page.hours).toEqual({
			planHours: 34,
			curriculumHours: 68,
			difference: -34,
			text: 'В плане 34 часа, по учебному плану 68 часов (2 в неделю × 34 недели): на 34 часа меньше.',
			lessonsText: 'Уроков в журнале за год: 34 — по одному на каждый час плана.',
			// No timetable: the plan is laid onto the journal's lessons alone.
			scheduleDifference: null,
			scheduleText: null
		});
	}));

	test('laying the plan fills every lesson’s topic in order, live in the open journal', () => onDay(SEPTEMBER, async () => {
		const journal = await openJournal(school.server.url, await sessionCookie(school.server.url, teacherA.login, teacherA.password), journalA.id);
		try {
			const laid = await act(teacherA, journalA, 'lay');
			expect(laid.status).toBe(200);
			const lessons = await sql<{ id: number; date: string; topic: string; homework: string | null }[]>`
				select id, date, topic, homework from lesson where journal_id = ${journalA.id} order by date`;
			expect(lessons.map((l) => l.topic)).toEqual(Array.from({ length: 34 }, (_, i) => TOPIC(i + 1)));
			expect(lessons[0].homework).toBe('§ 1');
			expect(lessons[1].homework).toBeNull();
			// The open journal shows the last lesson's topic without a reload, as a typed topic reaches it.
			const last = lessons[33];
			await journal.until(() => (journal.doc.getMap(DOC_MAPS.lessons).get(String(last.id)) as DocLesson | undefined)?.topic === TOPIC(34), 'the topic in the open journal');
			const [audit] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'lesson.plan'`;
			expect(audit.n).toBe(34);
		} finally {
			await journal.close();
		}
	}));

	test('a topic the teacher typed is not overwritten when the plan is laid again; a new lesson takes its topic from the plan', () => onDay(SEPTEMBER, async () => {
		const teacher = await as(teacherA);
		const third = lessonIds[2];
		const typed = await teacher.api('PATCH', `/api/journals/${journalA.id}/lessons/${third}`, { topic: 'Экскурсия в музей' });
		expect(typed.status).toBe(200);
		expect((await act(teacherA, journalA, 'lay')).status).toBe(200);
		const [row] = await sql<{ topic: string }[]>`select topic from lesson where id = ${third}`;
		expect(row.topic).toBe('Экскурсия в музей');

		// A lesson added by hand on 08.09 comes first: it takes topic 1 and the later lessons follow the plan.
		const added = await addLesson(teacher, journalA, { date: '2026-09-08' });
		expect(added.topic).toBe(TOPIC(1));
		const topics = await sql<{ topic: string }[]>`select topic from lesson where journal_id = ${journalA.id} order by date`;
		expect(topics.slice(0, 4).map((t) => t.topic)).toEqual([TOPIC(1), TOPIC(2), TOPIC(3), 'Экскурсия в музей']);
		expect((await teacher.api('DELETE', `/api/journals/${journalA.id}/lessons/${added.id}`)).status).toBe(204);
		expect((await act(teacherA, journalA, 'lay')).status).toBe(200);
	}));
});

describe('R-2.8 progress through the programme to date', () => {
	test('two weeks late: 11 lessons given of 13 planned by 27.11 — «отставание на 2 урока» for the teacher and the journal page', async () => {
		const page = await (await as(teacherA)).pageData<PlanData>(`/journal/${journalA.id}/plan`);
		expect(page.progress).toEqual({ planned: 13, taught: 11, difference: -2, text: 'отставание на 2 урока', familyText: 'Класс отстаёт от программы на 2 урока.' });
		const journalPage = await (await as(teacherA)).pageData<{ progress: string | null }>(`/journal/${journalA.id}`);
		expect(journalPage.progress).toBe('отставание на 2 урока');
	});

	test('the deputy reads it for every journal with a plan in journal control', async () => {
		const data = await (await as(deputy)).pageData<{ report: { tables: Array<{ title: string; rows: unknown[][] }> } }>('/reports/control');
		const table = data.report.tables.find((t) => t.title === 'Прохождение программы на 27.11.2026');
		expect(table?.rows).toEqual([['7А', 'История', 'Орлова Вера Павловна', 13, 11, 'отставание на 2 урока']]);
	});

	test('the family reads it in plain words under the subject in the diary', async () => {
		// A mark of the second quarter, so that История is among the diary's subjects.
		await sql`insert into mark (lesson_id, student_id, value, author_id)
			select id, ${pupil.id}, 5, ${teacherA.id} from lesson where journal_id = ${journalA.id} and date = '2026-11-17'`;
		const diary = await (await as(parent)).pageData<{ subjects: Array<{ subject: string; programme: string | null }> }>(`/diary/${pupil.id}`);
		expect(diary.subjects).toEqual([expect.objectContaining({ subject: 'История', programme: 'Класс отстаёт от программы на 2 урока.' })]);
	});
});

describe('R-4.4.4, R-3.6 only the journal’s teachers change its plan', () => {
	test('a teacher of another journal reads the plan but cannot change it: refused in Russian, nothing written', async () => {
		const page = await (await as(teacherB)).pageData<PlanData>(`/journal/${journalA.id}/plan`);
		expect(page.canWrite).toBe(false);
		const before = await snapshot();
		for (const [action, fields] of [
			['save', { items: JSON.stringify([{ topic: 'Чужая тема', hours: '1' }]) }],
			['import', { file: new Blob([(await planXlsx()) as BlobPart]) }],
			['lay', {}],
			['copy', { from: String(journalB.id) }]
		] as const) {
			const refused = await act(teacherB, journalA, action, fields);
			expect(refused.status, action).toBe(403);
			expect(refused.text).toContain('Тематический план ведут учителя этого журнала');
		}
		expect(await snapshot()).toEqual(before);
	});

	test('the teacher of 7Б copies 7А’s plan into their own journal (same subject and grade)', async () => {
		const page = await (await as(teacherB)).pageData<PlanData>(`/journal/${journalB.id}/plan`);
		expect(page.sources.map((s) => [s.journalId, s.topics])).toEqual([[journalA.id, 34]]);
		expect((await act(teacherB, journalB, 'copy', { from: String(journalA.id) })).status).toBe(200);
		const copied = await (await as(teacherB)).pageData<PlanData>(`/journal/${journalB.id}/plan`);
		expect(copied.items.map((i) => i.topic)).toEqual(Array.from({ length: 34 }, (_, i) => TOPIC(i + 1)));
	});

	test('a wrong row refuses the whole plan with its line', async () => {
		const before = await snapshot();
		const refused = await act(teacherA, journalA, 'save', { items: JSON.stringify([{ topic: 'Тема', hours: '1' }, { topic: '', hours: '2' }]) });
		expect(refused.text).toContain('Строка 2: укажите тему.');
		expect(await snapshot()).toEqual(before);
	});
});
