/**
 * Classes, subjects and the curriculum through the real server: the administrator adds classes to
 * a year (each with its whole-class group), subjects, and the lessons a week of each subject per
 * grade; bad input is refused in Russian and changes nothing; a class with students is not
 * deleted; only the administrator may do any of it.
 *
 * The world: the year 2026/2027 with 5А (one student); today is 27.11.2026.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, type Account, type Klass, type Year } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let people: { admin: Account; director: Account; teacher: Account };
let year: Year;
let fifth: Klass;

async function post(who: Account, path: string, form: Record<string, string> | URLSearchParams): Promise<{ status: number; text: string }> {
	const response = await (await as(who)).request(path, { form });
	return { status: response.status, text: await response.text() };
}

/** Classes, groups, subjects, curriculum and audit rows, to prove a refusal changed nothing. */
async function snapshot() {
	const [row] = await sql`select (select count(*) from class)::int as classes, (select count(*) from study_group)::int as groups,
		(select count(*) from subject)::int as subjects, (select coalesce(string_agg(subject_id || ':' || grade || ':' || hours_per_week, ',' order by subject_id, grade), '') from curriculum) as curriculum,
		(select count(*) from audit_log)::int as audits`;
	return row;
}

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	({ people, year, fifth } = await buildWorld(async (make) => {
		const year = await make.year();
		const fifth = await make.class({ grade: 5, letter: 'А' });
		await make.student('Иванов Пётр Сергеевич', { class: fifth });
		const people = {
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			director: await make.staff('Ковалёв Игорь Петрович', ['director'], { login: 'director' }),
			teacher: await make.teacher('Петрова Анна Ивановна', { login: 'teacher' })
		};
		return { people, year, fifth };
	}));
}, 120_000);

afterAll(async () => {
	await school?.stop();
});

describe('R-4.1 the administrator keeps the classes of a year', () => {
	test('a class is added with its class teacher and its whole-class group, audited', async () => {
		const response = await post(people.admin, '/admin/classes?/add', { yearId: String(year.id), grade: '7', letter: 'б', classTeacherId: String(people.teacher.id) });
		expect(response.status).toBe(200);
		expect(response.text).toContain('Класс 7Б добавлен.');
		const [klass] = await sql`select c.id, c.class_teacher_id, g.name, g.whole_class from class c join study_group g on g.class_id = c.id where c.grade = 7 and c.letter = 'Б'`;
		expect(klass).toMatchObject({ class_teacher_id: people.teacher.id, name: '7Б', whole_class: true });
		const [audit] = await sql`select actor_id, action from audit_log where entity = 'class' and entity_id = ${String(klass.id)}`;
		expect(audit).toEqual({ actor_id: people.admin.id, action: 'class.add' });
		// The new class's own page opens, empty.
		expect((await (await as(people.admin)).request(`/class/${klass.id}`)).status).toBe(200);
		const page = await (await as(people.admin)).pageData<{ classes: Array<{ name: string; classTeacher: string | null }> }>('/admin/classes');
		expect(page.classes.map((c) => [c.name, c.classTeacher])).toEqual([
			['5А', null],
			['7Б', 'Петрова Анна Ивановна']
		]);
	});

	test('a class twice, a Latin letter, grade 12 or a class teacher from outside are refused in Russian and change nothing', async () => {
		const before = await snapshot();
		const cases: Array<[Record<string, string>, number, string]> = [
			[{ grade: '5', letter: 'А' }, 400, 'Класс 5А в этом году уже есть.'],
			[{ grade: '7', letter: 'A' }, 400, 'Буква класса — одна заглавная русская буква, например А.'],
			[{ grade: '12', letter: 'А' }, 400, 'Параллель — число от 1 до 11.'],
			[{ grade: '8', letter: 'А', classTeacherId: '999999' }, 400, 'Классный руководитель должен быть сотрудником школы.']
		];
		for (const [form, status, message] of cases) {
			const response = await post(people.admin, '/admin/classes?/add', { yearId: String(year.id), ...form });
			expect(response.status, JSON.stringify(form)).toBe(status);
			expect(response.text).toContain(message);
		}
		const elsewhere = await post(people.admin, '/admin/classes?/add', { yearId: '999999', grade: '8', letter: 'А' });
		expect([elsewhere.status, elsewhere.text.includes('Учебный год не найден.')]).toEqual([400, true]);
		expect(await snapshot()).toEqual(before);
	});

	test('a class with a student is not deleted; an empty one is', async () => {
		const kept = await post(people.admin, '/admin/classes?/delete', { classId: String(fifth.id) });
		expect(kept.status).toBe(400);
		expect(kept.text).toContain('В классе 5А есть ученики или журналы: такой класс не удаляется.');
		const [{ id }] = await sql`select id from class where grade = 7 and letter = 'Б'`;
		const deleted = await post(people.admin, '/admin/classes?/delete', { classId: String(id) });
		expect(deleted.status).toBe(200);
		expect(deleted.text).toContain('Класс 7Б удалён.');
		expect(await sql`select id from study_group where class_id = ${id}`).toEqual([]);
	});

	test('others may neither see the page nor add or delete classes', async () => {
		const before = await snapshot();
		for (const who of [people.director, people.teacher]) {
			expect((await (await as(who)).request('/admin/classes')).status).toBe(403);
			expect((await post(who, '/admin/classes?/add', { yearId: String(year.id), grade: '9', letter: 'В' })).status).toBe(403);
			expect((await post(who, '/admin/classes?/delete', { classId: String(fifth.id) })).status).toBe(403);
		}
		expect(await snapshot()).toEqual(before);
	});
});

describe('R-4.4.4 the administrator keeps the subjects and the curriculum', () => {
	test('subjects are added, a name twice is refused, and a subject is renamed (audited)', async () => {
		expect((await post(people.admin, '/admin/subjects?/addSubject', { name: 'Математика', shortName: 'Матем.' })).text).toContain('Предмет «Математика» добавлен.');
		expect((await post(people.admin, '/admin/subjects?/addSubject', { name: 'Музыка', markFree: 'on' })).status).toBe(200);
		const twice = await post(people.admin, '/admin/subjects?/addSubject', { name: ' математика ' });
		expect(twice.status).toBe(400);
		expect(twice.text).toContain('Предмет «математика» уже есть.');
		const [music] = await sql`select id, mark_free from subject where name = 'Музыка'`;
		expect(music.mark_free).toBe(true);
		const renamed = await post(people.admin, '/admin/subjects?/changeSubject', { subjectId: String(music.id), name: 'Музыка и пение', shortName: 'Муз.' });
		expect(renamed.text).toContain('Предмет «Музыка и пение» сохранён.');
		const [audit] = await sql`select old_value->>'name' as old, new_value->>'name' as new, (new_value->>'markFree')::boolean as mark_free from audit_log where action = 'subject.update'`;
		expect(audit).toEqual({ old: 'Музыка', new: 'Музыка и пение', mark_free: false });
	});

	test('the curriculum is saved as a grid of lessons a week per grade, shown back with commas and totals', async () => {
		const subjects = await sql`select id, name from subject order by name`;
		const [maths, music] = [subjects.find((s) => s.name === 'Математика')!, subjects.find((s) => s.name === 'Музыка и пение')!];
		const form = new URLSearchParams({ yearId: String(year.id) });
		for (let grade = 1; grade <= 11; grade++) {
			form.append(`h-${maths.id}-${grade}`, grade <= 4 ? '4' : grade <= 6 ? '5' : '');
			form.append(`h-${music.id}-${grade}`, grade <= 7 ? '1,5' : '');
		}
		const response = await post(people.admin, '/admin/subjects?/curriculum', form);
		expect(response.status).toBe(200);
		expect(response.text).toContain('Учебный план на 2026/2027 сохранён.');
		const rows = await sql`select subject_id, grade, hours_per_week::text as hours from curriculum where year_id = ${year.id} order by subject_id, grade`;
		expect(rows).toHaveLength(6 + 7);
		expect(rows.find((r) => r.subject_id === music.id && r.grade === 7)!.hours).toBe('1.5');
		const page = await (await as(people.admin)).pageData<{ subjects: Array<{ name: string; hours: string[] }>; totals: string[] }>('/admin/subjects');
		expect(page.subjects.find((s) => s.name === 'Музыка и пение')!.hours).toEqual(['1,5', '1,5', '1,5', '1,5', '1,5', '1,5', '1,5', '', '', '', '']);
		expect(page.totals).toEqual(['5,5', '5,5', '5,5', '5,5', '6,5', '6,5', '1,5', '0', '0', '0', '0']);
	});

	test('a bad number of hours is refused in Russian, naming the subject and grade, and the saved plan stays', async () => {
		const before = await snapshot();
		const [maths] = await sql`select id from subject where name = 'Математика'`;
		const response = await post(people.admin, '/admin/subjects?/curriculum', { yearId: String(year.id), [`h-${maths.id}-5`]: '1,3' });
		expect(response.status).toBe(400);
		expect(response.text).toContain('Математика, 5 класс: часов в неделю — число больше 0 и не больше 40, с шагом 0,5 (или пусто).');
		expect(await snapshot()).toEqual(before);
	});

	test('others may neither see the page nor change subjects or the curriculum', async () => {
		const before = await snapshot();
		const [maths] = await sql`select id from subject where name = 'Математика'`;
		for (const who of [people.director, people.teacher]) {
			expect((await (await as(who)).request('/admin/subjects')).status).toBe(403);
			expect((await post(who, '/admin/subjects?/addSubject', { name: 'Химия' })).status).toBe(403);
			expect((await post(who, '/admin/subjects?/changeSubject', { subjectId: String(maths.id), name: 'Алгебра' })).status).toBe(403);
			expect((await post(who, '/admin/subjects?/curriculum', { yearId: String(year.id), [`h-${maths.id}-5`]: '6' })).status).toBe(403);
		}
		expect(await snapshot()).toEqual(before);
	});
});
