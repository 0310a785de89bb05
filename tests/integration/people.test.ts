/**
 * The school's people through the real server: the administrator adds students (into a class
 * from a date), parents (linked to a child) and staff (with a role), edits their data, links and
 * unlinks parents, records a departure and an arrival mid-year; every change is audited; bad input
 * is refused in Russian and changes nothing; only the administrator may do it.
 *
 * The world: the year 2026/2027 with 5А (Иванов Пётр, taught maths by Петрова) and 6Б; today is 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { cellKey } from '../../src/lib/domain/journal-doc';
import { openJournal } from '../helpers/collab';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLesson, buildWorld, fillCells, type Account, type Journal, type Klass, type Person } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let people: { admin: Account; director: Account; teacher: Account };
let fifth: Klass;
let sixth: Klass;
let petya: Person;
let maths: Journal;

async function post(who: Account, path: string, form: Record<string, string>): Promise<{ status: number; text: string }> {
	const response = await (await as(who)).request(path, { form });
	return { status: response.status, text: await response.text() };
}

/** People, enrolments, memberships, links, roles and audit rows, to prove a refusal changed nothing. */
async function snapshot() {
	const [row] = await sql`select (select count(*) from person)::int as people, (select count(*) from enrolment)::int as enrolments,
		(select coalesce(string_agg(id || ':' || coalesce(departed_on::text, '-'), ',' order by id), '') from enrolment) as departures,
		(select count(*) from group_member)::int as members, (select count(*) from guardian)::int as guardians,
		(select count(*) from staff_role)::int as roles, (select count(*) from audit_log)::int as audits,
		(select string_agg(last_name || coalesce(birth_date::text, '') || coalesce(phone, ''), ',' order by id) from person) as names`;
	return row;
}

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	({ people, fifth, sixth, petya, maths } = await buildWorld(async (make) => {
		await make.year();
		const fifth = await make.class({ grade: 5, letter: 'А' });
		const sixth = await make.class({ grade: 6, letter: 'Б' });
		const petya = await make.student('Иванов Пётр Сергеевич', { class: fifth });
		const people = {
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			director: await make.staff('Ковалёв Игорь Петрович', ['director'], { login: 'director' }),
			teacher: await make.teacher('Петрова Анна Ивановна', { login: 'teacher' })
		};
		const maths = await make.journal({ group: fifth, subject: await make.subject('Математика'), teachers: [people.teacher] });
		return { people, fifth, sixth, petya, maths };
	}));
}, 120_000);

afterAll(async () => {
	await school?.stop();
});

describe('R-4.1.3 the administrator enters students, parents and staff', () => {
	test('a student is added into a class from a date: the person, the enrolment, the whole-class membership, audited', async () => {
		const response = await post(people.admin, '/admin/people?/add', {
			kind: 'student', lastName: ' Смирнова ', firstName: 'Анна', middleName: 'Олеговна', birthDate: '05.09.2015',
			phone: '+7 (912) 345-67-89', email: 'Anna@Mail.ru', schoolKey: 'У-101', classId: String(fifth.id), arrivedOn: '2026-09-01'
		});
		expect(response.status).toBe(200);
		expect(response.text).toContain('Смирнова Анна Олеговна — добавлен(а).');
		const [anna] = await sql`select id, last_name, birth_date, phone, email, school_key from person where last_name = 'Смирнова'`;
		expect(anna).toMatchObject({ last_name: 'Смирнова', birth_date: '2015-09-05', phone: '+7 (912) 345-67-89', email: 'anna@mail.ru', school_key: 'У-101' });
		expect(await sql`select class_id, arrived_on, departed_on from enrolment where student_id = ${anna.id}`).toEqual([{ class_id: fifth.id, arrived_on: '2026-09-01', departed_on: null }]);
		expect(await sql`select group_id, from_on, to_on from group_member where student_id = ${anna.id}`).toEqual([{ group_id: fifth.wholeClass.id, from_on: '2026-09-01', to_on: null }]);
		const [audit] = await sql`select actor_id, action, new_value from audit_log where entity = 'person' and entity_id = ${String(anna.id)}`;
		expect(audit).toMatchObject({ actor_id: people.admin.id, action: 'person.add', new_value: { kind: 'student', classId: fifth.id, lastName: 'Смирнова' } });
		const page = await (await as(people.admin)).pageData<{ people: Array<{ fullName: string; className: string | null }> }>('/admin/people?kind=student');
		expect(page.people.map((p) => [p.fullName, p.className])).toEqual([
			['Иванов Пётр Сергеевич', '5А'],
			['Смирнова Анна Олеговна', '5А']
		]);
	});

	test('a parent is added linked to a child, a member of staff with a role; both audited', async () => {
		expect((await post(people.admin, '/admin/people?/add', { kind: 'parent', lastName: 'Иванова', firstName: 'Мария', childId: String(petya.id) })).status).toBe(200);
		const [mother] = await sql`select id from person where last_name = 'Иванова' and first_name = 'Мария'`;
		expect(await sql`select parent_id, student_id from guardian where student_id = ${petya.id}`).toEqual([{ parent_id: mother.id, student_id: petya.id }]);
		expect((await post(people.admin, '/admin/people?/add', { kind: 'staff', lastName: 'Орлов', firstName: 'Денис', role: 'teacher' })).status).toBe(200);
		const [orlov] = await sql`select p.id, r.role from person p join staff_role r on r.person_id = p.id where p.last_name = 'Орлов'`;
		expect(orlov.role).toBe('teacher');
		const audits = await sql`select action, new_value ->> 'kind' as kind from audit_log where entity = 'person' and entity_id in (${String(mother.id)}, ${String(orlov.id)}) order by id`;
		expect(audits).toEqual([{ action: 'person.add', kind: 'parent' }, { action: 'person.add', kind: 'staff' }]);
		const card = await (await as(people.admin)).pageData<{ children: Array<{ fullName: string }>; kinds: string[] }>(`/admin/people/${mother.id}`);
		expect(card.kinds).toEqual(['parent']);
		expect(card.children.map((c) => c.fullName)).toEqual(['Иванов Пётр Сергеевич']);
	});

	test('bad names, dates, contacts, an unknown class, a date outside the year or a taken number are refused in Russian and change nothing', async () => {
		const before = await snapshot();
		const student = { kind: 'student', lastName: 'Новиков', firstName: 'Илья', classId: String(fifth.id), arrivedOn: '2026-09-01' };
		const cases: Array<[Record<string, string>, string]> = [
			[{ ...student, lastName: '' }, 'Укажите фамилию.'],
			[{ ...student, firstName: 'Илья2' }, 'В фамилии, имени и отчестве — только буквы, пробел, дефис и апостроф.'],
			[{ ...student, birthDate: '31.02.2015' }, 'Дата рождения — в виде ДД.ММ.ГГГГ, например 05.09.2015.'],
			[{ ...student, birthDate: '01.01.2030' }, 'Дата рождения — не позже сегодняшнего дня и не раньше 1900 года.'],
			[{ ...student, email: 'не почта' }, 'Почта — в виде имя@домен, например ivanova@mail.ru.'],
			[{ ...student, phone: '12' }, 'Телефон — цифры (от 5 до 15), можно с +, пробелами, скобками и дефисами.'],
			[{ ...student, classId: '999999' }, 'Класс не найден.'],
			[{ ...student, classId: '' }, 'Выберите класс ученика.'],
			[{ ...student, arrivedOn: '2027-07-01' }, 'Дата прибытия должна быть внутри учебного года 2026/2027.'],
			[{ ...student, schoolKey: 'У-101' }, 'Номер «У-101» уже у другого человека школы.'],
			[{ ...student, kind: 'guest' }, 'Выберите, кого добавить: ученика, родителя или сотрудника.'],
			[{ kind: 'parent', lastName: 'Новикова', firstName: 'Ольга', childId: String(people.teacher.id) }, 'Ученик не найден.'],
			[{ kind: 'staff', lastName: 'Новикова', firstName: 'Ольга', role: 'parent' }, 'Выберите роль сотрудника.']
		];
		for (const [form, message] of cases) {
			const response = await post(people.admin, '/admin/people?/add', form);
			expect(response.status, message).toBe(400);
			expect(response.text).toContain(message);
		}
		expect(await snapshot()).toEqual(before);
	});

	test('the administrator edits a person: the audit keeps the old and the new data', async () => {
		const response = await post(people.admin, `/admin/people/${petya.id}?/save`, { lastName: 'Иванов', firstName: 'Пётр', middleName: 'Сергеевич', birthDate: '12.03.2015', phone: '8 900 123-45-67' });
		expect(response.status).toBe(200);
		expect(response.text).toContain('Данные Иванов Пётр Сергеевич сохранены.');
		const [row] = await sql`select birth_date, phone from person where id = ${petya.id}`;
		expect(row).toEqual({ birth_date: '2015-03-12', phone: '8 900 123-45-67' });
		const [audit] = await sql`select old_value, new_value from audit_log where action = 'person.update' and entity_id = ${String(petya.id)}`;
		expect(audit.old_value).toMatchObject({ birthDate: null, phone: null });
		expect(audit.new_value).toMatchObject({ birthDate: '2015-03-12', phone: '8 900 123-45-67' });
		// Saving the same again changes nothing and writes no audit row.
		const audits = (await snapshot()).audits;
		await post(people.admin, `/admin/people/${petya.id}?/save`, { lastName: 'Иванов', firstName: 'Пётр', middleName: 'Сергеевич', birthDate: '2015-03-12', phone: '8 900 123-45-67' });
		expect((await snapshot()).audits).toBe(audits);
	});

	test('a parent is linked to and unlinked from a child, each audited', async () => {
		const [orlov] = await sql`select id from person where last_name = 'Орлов'`;
		const linked = await post(people.admin, `/admin/people/${petya.id}?/link`, { parentId: String(orlov.id), studentId: String(petya.id) });
		expect(linked.text).toContain('Орлов Денис — теперь родитель ученика Иванов Пётр Сергеевич.');
		expect(await sql`select 1 from guardian where parent_id = ${orlov.id} and student_id = ${petya.id}`).toHaveLength(1);
		const unlinked = await post(people.admin, `/admin/people/${petya.id}?/unlink`, { parentId: String(orlov.id), studentId: String(petya.id) });
		expect(unlinked.text).toContain('Орлов Денис больше не числится родителем ученика Иванов Пётр Сергеевич.');
		expect(await sql`select 1 from guardian where parent_id = ${orlov.id}`).toHaveLength(0);
		const audits = await sql`select action from audit_log where entity = 'guardian' and entity_id = ${`${orlov.id}:${petya.id}`} order by id`;
		expect(audits.map((a) => a.action)).toEqual(['guardian.link', 'guardian.unlink']);
	});

	test('only the administrator changes people: the director and a teacher are refused, nothing changes', async () => {
		const before = await snapshot();
		for (const who of [people.director, people.teacher]) {
			expect((await post(who, '/admin/people?/add', { kind: 'parent', lastName: 'Чужой', firstName: 'Иван' })).status).toBe(403);
			expect((await post(who, `/admin/people/${petya.id}?/save`, { lastName: 'Взлом', firstName: 'Пётр' })).status).toBe(403);
			expect((await post(who, `/admin/people/${petya.id}?/depart`, { lastDay: '2026-11-20', reason: 'нет' })).status).toBe(403);
		}
		expect((await (await as(people.teacher)).request('/admin/people')).status).toBe(403);
		expect((await (await as(people.director)).request('/admin/people')).status).toBe(200);
		expect(await snapshot()).toEqual(before);
	});
});

describe('R-4.3.6 arrival and departure', () => {
	test('a departure closes the enrolment and the memberships on the last day; the marks stay; after it no cell is taken', async () => {
		const teacher = await as(people.teacher);
		const before = await addLesson(teacher, maths, '2026-11-10');
		const after = await addLesson(teacher, maths, '2026-11-25');
		await fillCells(school.server.url, teacher, maths, [{ lesson: before, student: petya, marks: [5] }]);

		const refused = await post(people.admin, `/admin/people/${petya.id}?/depart`, { lastDay: '2026-08-01', to: '', reason: 'переезд' });
		expect(refused.status).toBe(400);
		expect(refused.text).toContain('Последний день не может быть раньше дня прибытия (01.09.2026).');
		expect((await post(people.admin, `/admin/people/${petya.id}?/depart`, { lastDay: '2026-11-20', to: 'Школа № 7', reason: '' })).text).toContain('Укажите причину выбытия.');

		const response = await post(people.admin, `/admin/people/${petya.id}?/depart`, { lastDay: '2026-11-20', to: 'Школа № 7 г. Казани', reason: 'переезд' });
		expect(response.status).toBe(200);
		expect(response.text).toContain('Выбытие Иванов Пётр Сергеевич оформлено: последний день в школе — 20.11.2026.');
		expect(await sql`select departed_on, departed_to, departure_reason from enrolment where student_id = ${petya.id}`).toEqual([
			{ departed_on: '2026-11-20', departed_to: 'Школа № 7 г. Казани', departure_reason: 'переезд' }
		]);
		expect(await sql`select to_on from group_member where student_id = ${petya.id}`).toEqual([{ to_on: '2026-11-20' }]);
		expect(await sql`select value from mark where student_id = ${petya.id}`).toEqual([{ value: 5 }]);
		const [audit] = await sql`select action, new_value from audit_log where entity = 'enrolment' and action = 'enrolment.depart'`;
		expect(audit.new_value).toMatchObject({ studentId: petya.id, lastDay: '2026-11-20', to: 'Школа № 7 г. Казани', reason: 'переезд' });

		// The journal still lists him (greyed until his last day) and refuses a mark after it.
		const live = await openJournal(school.server.url, teacher.cookieHeader(), maths.id);
		try {
			live.setCell(cellKey(after.id, petya.id), { m: [4], a: null, c: null });
			await live.until(() => live.messages.some((m) => m.type === 'reject'), 'the refusal of a mark after the last day');
		} finally {
			await live.close();
		}
		expect(await sql`select value from mark where student_id = ${petya.id}`).toEqual([{ value: 5 }]);

		// A second departure is refused: he is in no class now.
		const again = await post(people.admin, `/admin/people/${petya.id}?/depart`, { lastDay: '2026-11-21', reason: 'переезд' });
		expect(again.text).toContain('Ученик сейчас не числится ни в одном классе.');
	});

	test('an arrival mid-year: a student enrolled into a class from a date is in its journals from that day', async () => {
		const response = await post(people.admin, `/admin/people/${petya.id}?/enrol`, { classId: String(sixth.id), arrivedOn: '2026-11-23' });
		expect(response.status).toBe(200);
		expect(response.text).toContain('Иванов Пётр Сергеевич зачислен(а) в 6Б с 23.11.2026.');
		expect(await sql`select g.class_id, m.from_on, m.to_on from group_member m join study_group g on g.id = m.group_id where m.student_id = ${petya.id} order by m.from_on`).toEqual([
			{ class_id: fifth.id, from_on: '2026-09-01', to_on: '2026-11-20' },
			{ class_id: sixth.id, from_on: '2026-11-23', to_on: null }
		]);
		const twice = await post(people.admin, `/admin/people/${petya.id}?/enrol`, { classId: String(fifth.id), arrivedOn: '2026-11-24' });
		expect(twice.status).toBe(400);
		expect(twice.text).toContain('Ученик уже числится в классе 6Б: сначала оформите выбытие.');
		const card = await (await as(people.admin)).pageData<{ enrolments: Array<{ className: string; departedTo: string | null }> }>(`/admin/people/${petya.id}`);
		expect(card.enrolments.map((e) => [e.className, e.departedTo])).toEqual([
			['6Б', null],
			['5А', 'Школа № 7 г. Казани']
		]);
	});
});
