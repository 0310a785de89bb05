/**
 * Subgroups, their journals and the teaching load through the real server: the administrator
 * splits a class for English, creates the journals from the curriculum, assigns a teacher to each,
 * and moves a student between the subgroups in the middle of the second quarter. Marks are given
 * and checked through the live journal's websocket, as teachers give them.
 *
 * The world: the year 2026/2027 with quarters (the second 05.11–27.12); 7А with three students;
 * English 3 hours a week in grade 7; today is 27.11.2026 (moved with onDay() for substitutions).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { cellKey, DOC_MAPS, type DocStudent } from '../../src/lib/domain/journal-doc';
import { signedIn, type SignedIn, startEmptySchool, type TestSchool } from '../helpers/server';
import { openJournal } from '../helpers/collab';
import { addLesson, buildWorld, fillCells, onDay, type Account, type Klass, type Person, type Subject } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let w: { admin: Account; anna: Account; boris: Account; vera: Account; classTeacher: Account; klass: Klass; english: Subject; ivanov: Person; petrov: Person; sidorov: Person };
const groups: { first: number; second: number } = { first: 0, second: 0 };
const journals: { first: number; second: number } = { first: 0, second: 0 };

async function post(who: Account, path: string, form: Record<string, string>): Promise<{ status: number; text: string }> {
	const response = await (await as(who)).request(path, { form });
	return { status: response.status, text: await response.text() };
}

/** Memberships, journals, teachers, marks and audit rows, to prove a refusal changed nothing. */
async function snapshot() {
	const [row] = await sql`select
		(select coalesce(string_agg(group_id || ':' || student_id || ':' || from_on || ':' || coalesce(to_on::text, '-'), ',' order by id), '') from group_member) as members,
		(select count(*) from study_group)::int as groups, (select count(*) from journal)::int as journals,
		(select count(*) from journal_teacher)::int as teachers, (select count(*) from mark)::int as marks,
		(select count(*) from audit_log)::int as audits`;
	return row;
}

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const year = await make.year();
		const classTeacher = await make.teacher('Орлова Вера Павловна', { login: 'orlova' });
		const klass = await make.class({ grade: 7, letter: 'А', classTeacher });
		const english = await make.subject('Английский язык');
		await make.tx`insert into curriculum (year_id, subject_id, grade, hours_per_week) values (${year.id}, ${english.id}, 7, 3)`;
		return {
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			anna: await make.teacher('Петрова Анна Ивановна', { login: 'anna' }),
			boris: await make.teacher('Смирнов Борис Олегович', { login: 'boris' }),
			vera: await make.teacher('Кузнецова Вера Андреевна', { login: 'vera' }),
			classTeacher,
			klass,
			english,
			ivanov: await make.student('Иванов Пётр Сергеевич', { class: klass }),
			petrov: await make.student('Петров Олег Ильич', { class: klass }),
			sidorov: await make.student('Сидоров Лев Маркович', { class: klass })
		};
	});
}, 120_000);

afterAll(async () => {
	await school?.stop();
});

describe('R-4.3.3 R-4.4.6 subgroups of a class, their journals and the teaching load', () => {
	test('the administrator splits the class for a subject, creates the journals from the curriculum and assigns a teacher to each, audited', async () => {
		for (const name of ['1 группа', '2 группа']) {
			const added = await post(w.admin, '/admin/groups?/add', { classId: String(w.klass.id), subjectId: String(w.english.id), name });
			expect(added.text).toContain(`Группа «${name}» добавлена.`);
		}
		const made = await sql`select id, name from study_group where class_id = ${w.klass.id} and subject_id = ${w.english.id} order by name`;
		[groups.first, groups.second] = made.map((g) => g.id as number);

		const created = await post(w.admin, '/admin/groups?/journals', { classId: String(w.klass.id) });
		expect(created.text).toContain('Создано 2 журнала по учебному плану.');
		const rows = await sql`select id, group_id, hours_per_week::float8 as hours from journal order by group_id`;
		expect(rows.map((r) => [r.group_id, r.hours])).toEqual([
			[groups.first, 3],
			[groups.second, 3]
		]);
		[journals.first, journals.second] = rows.map((r) => r.id as number);
		// Once more: nothing is missing, nothing is added.
		expect((await post(w.admin, '/admin/groups?/journals', { classId: String(w.klass.id) })).text).toContain('Все журналы по учебному плану уже созданы.');

		expect((await post(w.admin, '/admin/load?/assign', { journalId: String(journals.first), teacherId: String(w.anna.id) })).text).toContain('Петрова Анна Ивановна ведёт этот журнал.');
		expect((await post(w.admin, '/admin/load?/assign', { journalId: String(journals.second), teacherId: String(w.boris.id) })).text).toContain('Смирнов Борис Олегович ведёт этот журнал.');
		const load = await (await as(w.admin)).pageData<{ journals: Array<{ className: string; subject: string; group: string | null; teachers: Array<{ name: string }> }> }>('/admin/load');
		expect(load.journals.map((j) => [j.className, j.subject, j.group, j.teachers.map((t) => t.name)])).toEqual([
			['7А', 'Английский язык', '1 группа', ['Петрова Анна Ивановна']],
			['7А', 'Английский язык', '2 группа', ['Смирнов Борис Олегович']]
		]);
		const audits = await sql`select action from audit_log where action like 'group.%' or action like 'journal.%' or action like 'load.%' order by id`;
		expect(audits.map((a) => a.action)).toEqual(['group.add', 'group.add', 'journal.create_from_curriculum', 'load.assign', 'load.assign']);
	});

	test('a student moved between subgroups mid-quarter keeps each mark in the journal where it was given', async () => {
		const first = '2026-09-01';
		for (const [student, group] of [
			[w.ivanov, groups.first],
			[w.petrov, groups.first],
			[w.sidorov, groups.second]
		] as const) {
			const placed = await post(w.admin, '/admin/groups?/move', { studentId: String(student.id), groupId: String(group), from: first });
			expect(placed.status, placed.text).toBe(200);
		}
		const anna = await as(w.anna);
		const boris = await as(w.boris);
		const firstEarly = await addLesson(anna, { id: journals.first }, '2026-11-16');
		const firstLate = await addLesson(anna, { id: journals.first }, '2026-11-23');
		const secondEarly = await addLesson(boris, { id: journals.second }, '2026-11-17');
		const secondLate = await addLesson(boris, { id: journals.second }, '2026-11-24');
		await fillCells(school.server.url, anna, { id: journals.first }, [{ lesson: firstEarly, student: w.ivanov, marks: [5] }]);

		// A move from before that mark would leave it outside the group: refused, nothing changes.
		const before = await snapshot();
		const early = await post(w.admin, '/admin/groups?/move', { studentId: String(w.ivanov.id), groupId: String(groups.second), from: '16.11.2026' });
		expect(early.status).toBe(400);
		expect(early.text).toContain('В журнале группы «1 группа» у ученика есть записи с 16.11.2026 и позже');
		expect(await snapshot()).toEqual(before);

		const moved = await post(w.admin, '/admin/groups?/move', { studentId: String(w.ivanov.id), groupId: String(groups.second), from: '2026-11-20' });
		expect(moved.text).toContain('Иванов Пётр Сергеевич с 20.11.2026 в группе «2 группа».');
		// History: the old row is closed the day before, a new one opens; none is deleted.
		const rows = await sql`select group_id, from_on::text as from_on, to_on::text as to_on from group_member m
			where student_id = ${w.ivanov.id} and group_id = any(${[groups.first, groups.second]}) order by from_on`;
		expect(rows.map((r) => [r.group_id, r.from_on, r.to_on])).toEqual([
			[groups.first, first, '2026-11-19'],
			[groups.second, '2026-11-20', null]
		]);

		// The new group's journal shows him from the day he joined: before it he cannot be marked, after it he can.
		const second = await openJournal(school.server.url, boris.cookieHeader(), journals.second);
		try {
			const shown = second.doc.getMap(DOC_MAPS.students).get(String(w.ivanov.id)) as DocStudent;
			expect([shown.from, shown.to]).toEqual(['2026-11-20', null]);
			const refused = second.setCell(cellKey(secondEarly.id, w.ivanov.id), { m: [3], a: null, c: null });
			const reject = await second.until(() => second.messages.find((m) => m.type === 'reject' && m.id === refused), 'the refusal of a mark before he joined');
			expect(reject).toMatchObject({ message: 'Ученик не числился в группе 17.11.2026: клетку заполнить нельзя.' });
			const given = second.setCell(cellKey(secondLate.id, w.ivanov.id), { m: [4], a: null, c: null });
			await second.until(() => second.messages.some((m) => m.type === 'ack' && m.ids.includes(given)), 'the ack of his mark in the new group');
		} finally {
			await second.close();
		}

		// The old group's journal keeps his mark and shows him until the day before the move; later cells are closed to him.
		const old = await openJournal(school.server.url, anna.cookieHeader(), journals.first);
		try {
			const shown = old.doc.getMap(DOC_MAPS.students).get(String(w.ivanov.id)) as DocStudent;
			expect([shown.from, shown.to]).toEqual([first, '2026-11-19']);
			expect(old.cells.get(cellKey(firstEarly.id, w.ivanov.id))).toMatchObject({ m: [5] });
			const refused = old.setCell(cellKey(firstLate.id, w.ivanov.id), { m: [2], a: null, c: null });
			await old.until(() => old.messages.find((m) => m.type === 'reject' && m.id === refused), 'the refusal of a mark after he left');
		} finally {
			await old.close();
		}

		const marks = await sql`select l.journal_id, l.date::text as date, k.value from mark k join lesson l on l.id = k.lesson_id where k.student_id = ${w.ivanov.id} order by l.date`;
		expect(marks.map((m) => [m.journal_id, m.date, m.value])).toEqual([
			[journals.first, '2026-11-16', 5],
			[journals.second, '2026-11-24', 4]
		]);
		const page = await (await as(w.admin)).pageData<{ groups: Array<{ name: string; members: Array<{ name: string; fromOn: string }> }> }>(`/admin/groups?class=${w.klass.id}`);
		expect(page.groups.map((g) => [g.name, g.members.map((m) => `${m.name} ${m.fromOn}`)])).toEqual([
			['Весь класс', [`Иванов Пётр ${first}`, `Петров Олег ${first}`, `Сидоров Лев ${first}`]],
			['1 группа', [`Петров Олег ${first}`]],
			['2 группа', [`Иванов Пётр 2026-11-20`, `Сидоров Лев ${first}`]]
		]);
	});

	test('a subgroup is renamed; bad names, dates and moves are refused in Russian and change nothing', async () => {
		expect((await post(w.admin, '/admin/groups?/rename', { groupId: String(groups.first), name: '  Группа   Анны ' })).text).toContain('Группа переименована: «Группа Анны».');
		const before = await snapshot();
		const cases: Array<[string, Record<string, string>, string]> = [
			['/admin/groups?/rename', { groupId: String(groups.second), name: 'группа анны' }, 'Группа «группа анны» по этому предмету в классе уже есть.'],
			['/admin/groups?/rename', { groupId: String(w.klass.wholeClass.id), name: 'Все' }, 'Группа «весь класс» называется по классу и не переименовывается.'],
			['/admin/groups?/add', { classId: String(w.klass.id), subjectId: String(w.english.id), name: ' ' }, 'Укажите название группы.'],
			['/admin/groups?/move', { studentId: String(w.petrov.id), groupId: String(groups.second), from: '31.02.2026' }, 'Укажите дату перевода в виде ДД.ММ.ГГГГ.'],
			['/admin/groups?/move', { studentId: String(w.petrov.id), groupId: String(groups.second), from: '2027-07-01' }, 'Дата перевода должна быть в учебном году'],
			['/admin/groups?/move', { studentId: String(w.ivanov.id), groupId: String(groups.second), from: '2026-11-26' }, 'Ученик уже в группе «2 группа».'],
			['/admin/groups?/move', { studentId: String(w.ivanov.id), groupId: String(groups.first), from: '2026-11-10' }, 'Ученик в группе «2 группа» с 20.11.2026'],
			['/admin/groups?/move', { studentId: String(w.anna.id), groupId: String(groups.second), from: '2026-11-26' }, 'Ученик не числится в классе 26.11.2026.'],
			['/admin/load?/assign', { journalId: String(journals.first), teacherId: String(w.ivanov.id) }, 'Учитель должен быть сотрудником школы.'],
			['/admin/load?/assign', { journalId: String(journals.first), teacherId: String(w.anna.id) }, 'Петрова Анна Ивановна уже ведёт этот журнал.']
		];
		for (const [path, form, message] of cases) {
			const answer = await post(w.admin, path, form);
			expect(answer.status, `${path} ${JSON.stringify(form)}`).toBe(400);
			expect(answer.text).toContain(message);
		}
		expect(await snapshot()).toEqual(before);
	});

	test('only the administrator keeps the load; a subject teacher changes neither groups nor load', async () => {
		const before = await snapshot();
		expect((await post(w.anna, '/admin/load?/assign', { journalId: String(journals.second), teacherId: String(w.anna.id) })).status).toBe(403);
		expect((await post(w.anna, '/admin/groups?/move', { studentId: String(w.petrov.id), groupId: String(groups.second), from: '2026-11-26' })).status).toBe(403);
		expect((await post(w.classTeacher, '/admin/load?/remove', { journalId: String(journals.first), teacherId: String(w.anna.id) })).status).toBe(403);
		expect(await snapshot()).toEqual(before);
	});

	test('a teacher taken off a journal no longer writes in it', async () => {
		expect((await post(w.admin, '/admin/load?/remove', { journalId: String(journals.second), teacherId: String(w.boris.id) })).text).toContain('Смирнов Борис Олегович больше не ведёт этот журнал.');
		const boris = await as(w.boris);
		const live = await openJournal(school.server.url, boris.cookieHeader(), journals.second);
		try {
			expect(live.refused !== undefined || live.readOnly === true).toBe(true);
		} finally {
			await live.close();
		}
		const [audit] = await sql`select actor_id, new_value from audit_log where action = 'load.remove'`;
		expect(audit).toMatchObject({ actor_id: w.admin.id, new_value: { teacherId: w.boris.id } });
	});
});

describe('R-4.3.3 a substitute keeps a journal only on the days of the substitution', () => {
	test('the administrator adds a substitute for a range of days: on those days they write, before and after they do not', async () => {
		const added = await post(w.admin, '/admin/load?/substitute', { journalId: String(journals.first), teacherId: String(w.vera.id), from: '25.11.2026', to: '2026-11-27' });
		expect(added.text).toContain('Кузнецова Вера Андреевна заменяет в журнале с 25.11.2026 по 27.11.2026.');
		const [audit] = await sql`select actor_id, new_value from audit_log where action = 'load.substitute'`;
		expect(audit).toMatchObject({ actor_id: w.admin.id, new_value: { journalId: journals.first, teacherId: w.vera.id, from: '2026-11-25', to: '2026-11-27' } });
		const load = await (await as(w.admin)).pageData<{ journals: Array<{ journalId: number; substitutes: Array<{ name: string; fromOn: string; toOn: string }> }> }>('/admin/load');
		expect(load.journals.find((j) => j.journalId === journals.first)?.substitutes).toEqual([{ substituteId: expect.any(Number), name: 'Кузнецова Вера Андреевна', fromOn: '2026-11-25', toOn: '2026-11-27' }]);

		const vera = await as(w.vera);
		const [lesson] = await sql`select id from lesson where journal_id = ${journals.first} and date = '2026-11-23'`;
		// Today (27.11) is a day of the substitution: the journal opens writable and her mark is committed.
		const live = await openJournal(school.server.url, vera.cookieHeader(), journals.first);
		try {
			expect(live.readOnly).toBe(false);
			const given = live.setCell(cellKey(lesson.id, w.petrov.id), { m: [4], a: null, c: null });
			await live.until(() => live.messages.some((m) => m.type === 'ack' && m.ids.includes(given)), 'the ack of the substitute\'s mark');
		} finally {
			await live.close();
		}
		const [mark] = await sql`select value, author_id from mark where lesson_id = ${lesson.id} and student_id = ${w.petrov.id}`;
		expect(mark).toEqual({ value: 4, author_id: w.vera.id });

		// The day after and the day before the substitution the journal is not hers.
		for (const day of ['2026-11-28', '2026-11-24']) {
			await onDay(day, async () => {
				const outside = await openJournal(school.server.url, vera.cookieHeader(), journals.first);
				try {
					expect(outside.refused, `on ${day}`).toBeDefined();
				} finally {
					await outside.close();
				}
				const lessonAdd = await vera.api('POST', `/api/journals/${journals.first}/lessons`, { date: day });
				expect(lessonAdd.status, `a lesson on ${day}`).toBe(404);
			});
		}
	});

	test('bad substitutions are refused in Russian and change nothing; a teacher adds none', async () => {
		const [{ count: before }] = await sql`select count(*)::int as count from journal_substitute`;
		const audits = (await snapshot()).audits;
		const cases: Array<[Record<string, string>, string]> = [
			[{ teacherId: String(w.boris.id), from: '2026-12-10', to: '2026-12-01' }, 'Дата окончания замены раньше даты начала.'],
			[{ teacherId: String(w.boris.id), from: '2026-12-10', to: '' }, 'Укажите даты замены в виде ДД.ММ.ГГГГ'],
			[{ teacherId: String(w.boris.id), from: '2026-08-20', to: '2026-09-10' }, 'Замена должна быть в учебном году'],
			[{ teacherId: String(w.anna.id), from: '2026-12-01', to: '2026-12-05' }, 'Петрова Анна Ивановна и так ведёт этот журнал.'],
			[{ teacherId: String(w.vera.id), from: '2026-11-27', to: '2026-12-05' }, 'Кузнецова Вера Андреевна уже заменяет в этом журнале в эти дни.'],
			[{ teacherId: String(w.ivanov.id), from: '2026-12-01', to: '2026-12-05' }, 'Учитель должен быть сотрудником школы.']
		];
		for (const [form, message] of cases) {
			const answer = await post(w.admin, '/admin/load?/substitute', { journalId: String(journals.first), ...form });
			expect(answer.status, JSON.stringify(form)).toBe(400);
			expect(answer.text).toContain(message);
		}
		expect((await post(w.anna, '/admin/load?/substitute', { journalId: String(journals.first), teacherId: String(w.boris.id), from: '2026-12-01', to: '2026-12-05' })).status).toBe(403);
		const [{ count: after }] = await sql`select count(*)::int as count from journal_substitute`;
		expect(after).toBe(before);
		expect((await snapshot()).audits).toBe(audits);
	});
});

describe('R-4.4.6 X-LIVE an open journal follows a move between subgroups', () => {
	test('the open journal of the group a pupil joins shows the pupil at once, and the one left shows the date they left', async () => {
		const cookie = (await as(w.admin)).cookieHeader();
		const second = await openJournal(school.server.url, cookie, journals.second);
		const first = await openJournal(school.server.url, cookie, journals.first);
		try {
			const students = () => second.doc.getMap<DocStudent>(DOC_MAPS.students);
			expect(students().has(String(w.petrov.id))).toBe(false);
			const moved = await post(w.admin, '/admin/groups?/move', { studentId: String(w.petrov.id), groupId: String(groups.second), from: '2026-11-27' });
			expect(moved.status, moved.text).toBe(200);
			await second.until(() => students().has(String(w.petrov.id)), 'the moved pupil in the open journal of the group joined');
			await first.until(() => JSON.stringify(first.doc.getMap<DocStudent>(DOC_MAPS.students).get(String(w.petrov.id)) ?? {}).includes('2026-11-26'), 'the last day in the group left');
		} finally {
			await second.close();
			await first.close();
		}
	});
});
