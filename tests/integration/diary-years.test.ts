/**
 * Earlier school years in the diary through the real server: a parent chooses the year the
 * child studied in before and reads that year's class, marks and weeks as they stood at its end;
 * this year's diary shows only this year's; nobody else reaches the old year either.
 *
 * The world (today 27.11.2026): Пётр Иванов was in 6А in 2025/2026 (a 5 and a 3 in mathematics in
 * March) and is in 7А in 2026/2027 (a 4 this week).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as setup from '../../src/lib/server/db/setup';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLessons, buildWorld, fillCells, marksOf, onDay, quarters, type Account, type Year } from '../factories';

let school: TestSchool;
let as: SignedIn;
let w: { mother: Account; otherParent: Account; petr: Account; oldYear: Year };

interface DiaryData {
	card: { className: string | null };
	years: Array<{ yearId: number; name: string; className: string; current: boolean; shown: boolean }>;
	earlierYear: { yearId: number; name: string } | null;
	subjects: Array<{ subject: string; marks: Array<{ value: number; date: string }> }>;
	week: { monday: string; canAck: boolean; days: Array<{ date: string; lessons: Array<{ subject: string; marks: Array<{ value: number }> }> }> };
}

beforeAll(async () => {
	school = await startEmptySchool();
	const base = school.server.url;
	as = signedIn(base);
	let teacher: Account;
	let journals: { old: { id: number }; now: { id: number } };
	({ teacher, journals, ...w } = await buildWorld(async (make) => {
		const oldYear = await make.year({ name: '2025/2026', startsOn: '2025-09-01', endsOn: '2026-05-31', periods: quarters(2025) });
		const thisYear = await make.year();
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const sixth = await make.class({ grade: 6, letter: 'А', year: oldYear });
		const seventh = await make.class({ grade: 7, letter: 'А', year: thisYear });
		const petr = await make.student('Иванов Пётр Сергеевич', { class: seventh, login: 'petr' });
		// Last year in 6А, the whole year.
		await setup.insertEnrolment(make.tx, { studentId: petr.id, classId: sixth.id, arrivedOn: '2025-09-01', departedOn: '2026-05-31' });
		await setup.insertGroupMember(make.tx, { groupId: sixth.wholeClass.id, studentId: petr.id, fromOn: '2025-09-01', toOn: '2026-05-31' });
		const other = await make.student('Петров Олег Ильич', { class: seventh });
		const maths = await make.subject('Математика');
		return {
			oldYear,
			teacher,
			petr,
			journals: { old: await make.journal({ group: sixth, subject: maths, teachers: [teacher] }), now: await make.journal({ group: seventh, subject: maths, teachers: [teacher] }) },
			mother: await make.parent('Иванова Мария Петровна', { children: [petr], login: 'mama' }),
			otherParent: await make.parent('Петрова Ольга Сергеевна', { children: [other], login: 'mama2' })
		};
	}));
	const teaching = await as(teacher);
	await onDay('2026-03-10', async () => {
		const lessons = await addLessons(teaching, journals.old, ['2026-03-02', '2026-03-04']);
		await fillCells(base, teaching, journals.old, marksOf(w.petr, lessons, [5, 3]));
	});
	const lessons = await addLessons(teaching, journals.now, ['2026-11-23']);
	await fillCells(base, teaching, journals.now, marksOf(w.petr, lessons, [4]));
});

afterAll(async () => {
	await school?.stop();
});

const diary = async (who: Account, query = '') => (await as(who)).pageData<DiaryData>(`/diary/${w.petr.id}${query}`);

describe('R-2.4 the diary of an earlier school year', () => {
	test('this year’s diary offers both years and shows only this year’s marks', async () => {
		const now = await diary(w.mother, '?period=year');
		expect(now.years.map((y) => [y.name, y.className, y.current, y.shown])).toEqual([
			['2026/2027', '7А', true, true],
			['2025/2026', '6А', false, false]
		]);
		expect(now.earlierYear).toBeNull();
		expect(now.card.className).toBe('7А');
		expect(now.subjects.map((s) => [s.subject, s.marks.map((m) => m.value)])).toEqual([['Математика', [4]]]);
	});

	test('the parent chooses 2025/2026: 6А, that year’s marks, its weeks, and no «ознакомлен» for it', async () => {
		const old = await diary(w.mother, `?year=${w.oldYear.id}&period=year`);
		expect(old.earlierYear).toEqual({ yearId: w.oldYear.id, name: '2025/2026' });
		expect(old.card.className).toBe('6А');
		expect(old.years.find((y) => y.shown)?.name).toBe('2025/2026');
		expect(old.subjects.map((s) => [s.subject, s.marks.map((m) => m.value)])).toEqual([['Математика', [5, 3]]]);
		// Its default week is the year's last; a week of March shows its lessons with the marks.
		expect(old.week.monday).toBe('2026-05-25');
		const march = await diary(w.mother, `?year=${w.oldYear.id}&week=2026-03-02`);
		expect(march.week.days.flatMap((d) => d.lessons.flatMap((l) => l.marks.map((m) => m.value)))).toEqual([5, 3]);
		expect(march.week.canAck).toBe(false);
		const page = await (await as(w.mother)).request(`/diary/${w.petr.id}?year=${w.oldYear.id}`);
		expect(await page.text()).toContain('2025/2026 учебный год: дневник и оценки, как они были к его концу.');
	});

	test('the pupil reads the old year too; another child’s parent and a year the pupil never studied in get 404', async () => {
		expect((await diary(w.petr, `?year=${w.oldYear.id}&period=year`)).subjects[0].marks.map((m) => m.value)).toEqual([5, 3]);
		const stranger = await (await as(w.otherParent)).request(`/diary/${w.petr.id}?year=${w.oldYear.id}`);
		expect(stranger.status).toBe(404);
		const unknown = await (await as(w.mother)).request(`/diary/${w.petr.id}?year=999999`);
		expect(unknown.status).toBe(404);
	});
});
