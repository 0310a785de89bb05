/**
 * in the live journal: within two weeks of a period's deadline the journal's mark column
 * carries the «не хватает оценок» warnings of that period — the students short of the minimum, how
 * many marks they have and need, and the deadline — and a closed period carries none. The school's
 * today is 14.12.2026, twelve days before the second quarter's deadline (26.12.2026).
 *
 * The world: 7А with three students. In algebra Иванов has three marks this quarter, Смирнова one
 * and Козлов none; in Russian everybody has three. Nobody has a mark in the first quarter.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLessons, buildWorld, fillCells, marksOf, type Account, type Journal, type Period, type Person } from '../factories';

let school: TestSchool;
let as: SignedIn;
let admin: Account;
let algebra: Journal;
let russian: Journal;
let q1: Period;
let q2: Period;
let students: { ivanov: Person; smirnova: Person; kozlov: Person };

type Warning = { studentId: number; periodId: number; count: number; min: number; deadline: string; text: string };

beforeAll(async () => {
	school = await startEmptySchool({ TODAY: '2026-12-14' });
	as = signedIn(school.server.url);
	let teacher: Account;
	({ admin, teacher, algebra, russian, q1, q2, students } = await buildWorld(async (make) => {
		const year = await make.year();
		const admin = await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' });
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const students = {
			ivanov: await make.student('Иванов Пётр Сергеевич', { class: seventh }),
			smirnova: await make.student('Смирнова Ольга Андреевна', { class: seventh }),
			kozlov: await make.student('Козлов Денис Игоревич', { class: seventh })
		};
		const algebra = await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher] });
		const russian = await make.journal({ group: seventh, subject: await make.subject('Русский язык'), teachers: [teacher] });
		return { admin, teacher, algebra, russian, q1: year.period('1 четверть'), q2: year.period('2 четверть'), students };
	}));
	const { ivanov, smirnova, kozlov } = students;
	const teaching = await as(teacher);
	const algebraLessons = await addLessons(teaching, algebra, ['2026-12-01', '2026-12-03', '2026-12-08']);
	await fillCells(school.server.url, teaching, algebra, [...marksOf(ivanov, algebraLessons, [5, 4, 4]), ...marksOf(smirnova, algebraLessons, [3])]);
	const russianLessons = await addLessons(teaching, russian, ['2026-12-02', '2026-12-04', '2026-12-09']);
	await fillCells(school.server.url, teaching, russian, [ivanov, smirnova, kozlov].flatMap((s) => marksOf(s, russianLessons, [4, 4, 4])));
});

afterAll(async () => {
	await school?.stop();
});

describe('R-5.2 the low-marks warning of the live journal', () => {
	test('near the deadline the second quarter warns of each student short of the minimum, with the counts the column shows', async () => {
		const { status, json } = await (await as(admin)).api('GET', `/api/journals/${algebra.id}/period-marks?column=p${q2.id}`);
		expect(status).toBe(200);
		const warnings = json.warnings as Warning[];
		const named = (id: number) => Object.values(students).find((s) => s.id === id)!.shortName;
		expect(Object.fromEntries(warnings.map((w) => [named(w.studentId), `${w.count} из ${w.min}`]))).toEqual({
			'Смирнова Ольга': '1 из 3',
			'Козлов Денис': '0 из 3'
		});
		for (const warning of warnings) {
			expect(warning).toMatchObject({ periodId: q2.id, deadline: '2026-12-26' });
			const student = json.students.find((s: { studentId: number }) => s.studentId === warning.studentId);
			expect(student.warnings).toContain('не хватает оценок');
			expect(warning.text).toContain(student.name);
		}
		const ivanovs = json.students.find((s: { studentId: number }) => s.studentId === students.ivanov.id);
		expect(ivanovs.warnings).not.toContain('не хватает оценок');
	});

	test('a journal where everybody has the minimum warns of nobody', async () => {
		const { json } = await (await as(admin)).api('GET', `/api/journals/${russian.id}/period-marks?column=p${q2.id}`);
		expect(json.warnings).toEqual([]);
	});

	test('a closed first quarter warns of nobody, though nobody has a mark in it', async () => {
		for (const journal of [algebra, russian]) {
			const { json } = await (await as(admin)).api('GET', `/api/journals/${journal.id}/period-marks?column=p${q1.id}`);
			expect(json.students).toHaveLength(3);
			expect(json.warnings).toEqual([]);
		}
	});
});
