/**
 * The timetable through the real server: the deputy enters a week of 7А's mathematics, the
 * journal gets a column for each lesson up to today (the holiday skipped); a replacement lets the
 * substitute write that lesson and no other; a cancelled lesson with marks is flagged, not
 * deleted, one without goes, and a moved one keeps its marks — and an open journal sees each.
 *
 * The world: the year 2026/2027 with quarters (the second 05.11–27.12) and a day of health on
 * Wednesday 25.11; today is Friday 27.11.2026; the deputy enters the timetable on Monday 23.11.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { database } from '../../src/lib/server/db/client';
import { cellKey, DOC_MAPS, type DocLesson } from '../../src/lib/domain/journal-doc';
import { signedIn, type SignedIn, startEmptySchool, type TestSchool } from '../helpers/server';
import { openJournal } from '../helpers/collab';
import { buildWorld, fillCells, onDay, type Account, type Journal, type Person } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let w: { deputy: Account; anna: Account; boris: Account; vera: Account; maths: Journal; russian: Journal; ivanov: Person; petrov: Person };

async function post(who: Account, action: string, form: Record<string, string>): Promise<{ status: number; text: string }> {
	const response = await (await as(who)).request(`/timetable?/${action}`, { form });
	return { status: response.status, text: await response.text() };
}

async function lessonsOf(journalId: number) {
	return sql<{ id: number; date: string; lesson_no: number; from_timetable: boolean; timetable_flag: string | null }[]>`
		select id, date::text, lesson_no, from_timetable, timetable_flag from lesson where journal_id = ${journalId} order by date, lesson_no`;
}

const lessonAt = async (journalId: number, date: string) => (await lessonsOf(journalId)).find((l) => l.date === date)!;

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const year = await make.year({ holidays: [{ name: 'День здоровья', startsOn: '2026-11-25', endsOn: '2026-11-25' }] });
		const klass = await make.class({ grade: 7, letter: 'А' });
		const maths = await make.subject('Математика');
		const russianSubject = await make.subject('Русский язык');
		await make.tx`insert into curriculum (year_id, subject_id, grade, hours_per_week) values (${year.id}, ${maths.id}, 7, 5), (${year.id}, ${russianSubject.id}, 7, 4)`;
		const anna = await make.teacher('Петрова Анна Ивановна', { login: 'anna' });
		const vera = await make.teacher('Кузнецова Вера Андреевна', { login: 'vera' });
		return {
			deputy: await make.staff('Орлова Нина Павловна', ['deputy'], { login: 'zavuch' }),
			anna,
			vera,
			boris: await make.teacher('Смирнов Борис Олегович', { login: 'boris' }),
			maths: await make.journal({ group: klass, subject: maths, teachers: [anna] }),
			russian: await make.journal({ group: klass, subject: russianSubject, teachers: [vera] }),
			ivanov: await make.student('Иванов Пётр Сергеевич', { class: klass }),
			petrov: await make.student('Петров Олег Ильич', { class: klass })
		};
	});
}, 120_000);

afterAll(async () => {
	await school?.stop();
});

describe('R-4.1.7 R-4.5.2 the timetable fills the journal and its changes reach it', () => {
	test('R-4.1.7: a week of the timetable gives the journal a column for each lesson up to today, the holiday skipped', async () => {
		// A teacher does not change the timetable; nothing is stored.
		const refused = await post(w.anna, 'add', { journalId: String(w.maths.id), weekday: '1', lessonNo: '1', room: '21', parity: '0' });
		expect(refused.status).toBe(403);
		expect((await sql`select count(*)::int as n from timetable_slot`)[0].n).toBe(0);

		await onDay('2026-11-23', async () => {
			for (const [weekday, lessonNo] of [[1, 1], [2, 2], [3, 3], [5, 3]]) {
				const added = await post(w.deputy, 'add', { journalId: String(w.maths.id), weekday: String(weekday), lessonNo: String(lessonNo), room: '21', parity: '0' });
				expect(added.text).toContain('Урок добавлен в расписание: 7А, Математика.');
			}
			// 7А cannot have Russian at the same time, and the reason says so; nothing is stored.
			const clash = await post(w.deputy, 'add', { journalId: String(w.russian.id), weekday: '1', lessonNo: '1', room: '22', parity: '0' });
			expect(clash.status).toBe(400);
			expect(clash.text).toContain('У 7А в понедельник на 1-м уроке два урока сразу: Математика и Русский язык.');
			// Bad input: Sunday.
			const sunday = await post(w.deputy, 'add', { journalId: String(w.russian.id), weekday: '7', lessonNo: '1', room: '', parity: '0' });
			expect(sunday.text).toContain('Выберите день недели: понедельник — суббота.');
		});
		expect((await sql`select count(*)::int as n from timetable_slot`)[0].n).toBe(4);
		expect((await sql`select count(*)::int as n from audit_log where action = 'timetable.slot_add'`)[0].n).toBe(4);

		// Today is Friday 27.11: Monday, Tuesday and Friday; Wednesday is the day of health; nothing on Thursday.
		await (await as(w.anna)).pageData(`/journal/${w.maths.id}`);
		const lessons = await lessonsOf(w.maths.id);
		expect(lessons.map((l) => [l.date, l.lesson_no, l.from_timetable])).toEqual([
			['2026-11-23', 1, true],
			['2026-11-24', 2, true],
			['2026-11-27', 3, true]
		]);
		// Opening the journal again adds nothing; the week ahead is shown greyed, not as columns (Wednesday's holiday was last week).
		const journal = await (await as(w.anna)).pageData<{ upcoming: Array<{ date: string; lessonNo: number }> }>(`/journal/${w.maths.id}`);
		expect(journal.upcoming.map((u) => [u.date, u.lessonNo])).toEqual([['2026-11-30', 1], ['2026-12-01', 2], ['2026-12-02', 3], ['2026-12-04', 3]]);
		expect((await lessonsOf(w.maths.id)).length).toBe(3);
		// The deputy's grid of the class shows the four lessons.
		const page = await (await as(w.deputy)).pageData<{ cells: Array<{ weekday: number; lessonNo: number; subject: string }> }>(`/timetable?class=${w.maths.classId}`);
		expect(page.cells.map((c) => [c.weekday, c.lessonNo, c.subject])).toEqual([[1, 1, 'Математика'], [2, 2, 'Математика'], [3, 3, 'Математика'], [5, 3, 'Математика']]);
		// the same grid as a spreadsheet.
		const file = await (await as(w.deputy)).request(`/timetable/file?class=${w.maths.classId}`);
		expect(file.status).toBe(200);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await file.arrayBuffer());
		const rows = book.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
		expect(rows[0][1]).toBe('Расписание 7А');
		expect(rows[1].slice(1, 7)).toEqual(['Урок', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт']);
		expect(rows[2].slice(1, 3)).toEqual([1, '7А Математика, каб. 21, Петрова Анна Ивановна']);
	});

	test('R-4.1.7: a replacement gives the substitute write access to that lesson only, and the journal on their home page', async () => {
		const friday = await lessonAt(w.maths.id, '2026-11-27');
		const monday = await lessonAt(w.maths.id, '2026-11-23');
		const noReason = await post(w.deputy, 'change', { journalId: String(w.maths.id), kind: 'replace', date: '2026-11-27', lessonNo: '3', teacherId: String(w.boris.id), reason: ' ' });
		expect(noReason.text).toContain('Укажите причину изменения.');
		const replaced = await post(w.deputy, 'change', { journalId: String(w.maths.id), kind: 'replace', date: '2026-11-27', lessonNo: '3', teacherId: String(w.boris.id), reason: 'Болезнь учителя' });
		expect(replaced.text).toContain('Сохранено: замена, 7А, Математика, 27.11.2026.');

		const home = await (await as(w.boris)).pageData<{ journals: Array<{ journalId: number }> }>('/');
		expect(home.journals.map((j) => j.journalId)).toEqual([w.maths.id]);

		const live = await openJournal(school.server.url, (await as(w.boris)).cookieHeader(), w.maths.id);
		try {
			expect(live.readOnly).toBe(false);
			const ok = live.setCell(cellKey(friday.id, w.ivanov.id), { m: [5], a: null, c: null });
			await live.until(() => live.messages.some((m) => m.type === 'ack' && m.ids.includes(ok)), 'the substitute’s mark acknowledged');
			const no = live.setCell(cellKey(monday.id, w.ivanov.id), { m: [2], a: null, c: null });
			const reject = await live.until(() => live.messages.find((m) => m.type === 'reject' && m.id === no), 'the other lesson refused');
			expect(reject && 'message' in reject ? reject.message : '').toContain('Вы заменяете учителя только на отдельных уроках этого журнала');
		} finally {
			await live.close();
		}
		const marks = await sql`select l.date::text, m.value from mark m join lesson l on l.id = m.lesson_id where l.journal_id = ${w.maths.id}`;
		expect(marks.map((m) => [m.date, m.value])).toEqual([['2026-11-27', 5]]);
	});

	test('R-4.1.7: the substitute writes the topic and homework of the lesson they replace, and of no other lesson of the journal', async () => {
		const friday = await lessonAt(w.maths.id, '2026-11-27');
		const monday = await lessonAt(w.maths.id, '2026-11-23');
		const boris = await as(w.boris);
		const live = await openJournal(school.server.url, boris.cookieHeader(), w.maths.id);
		const docLesson = (id: number) => live.doc.getMap(DOC_MAPS.lessons).get(String(id)) as DocLesson | undefined;
		try {
			// Over HTTP, as the lesson's dialog sends it (the lessons of the live document are the server's: a client's change there is undone).
			const edited = await boris.api('PATCH', `/api/journals/${w.maths.id}/lessons/${friday.id}`, { topic: 'Решение уравнений', homework: '№ 112, 114' });
			expect(edited.status, edited.json?.message).toBe(200);
			await live.until(() => docLesson(friday.id)?.topic === 'Решение уравнений', 'the topic in the open journal');
			expect(docLesson(friday.id)?.homework).toBe('№ 112, 114');
			// Another lesson of the same journal: refused, nothing changed.
			const other = await boris.api('PATCH', `/api/journals/${w.maths.id}/lessons/${monday.id}`, { topic: 'Чужая тема', homework: 'Чужое задание' });
			expect(other.status).toBe(403);
			expect(other.json.message).toContain('Вы заменяете учителя только на отдельных уроках этого журнала');
			// Nor may the substitute move their lesson or delete it: that is the timetable's.
			const moved = await boris.api('PATCH', `/api/journals/${w.maths.id}/lessons/${friday.id}`, { date: '2026-11-26' });
			expect(moved.status).toBe(403);
			expect(moved.json.message).toContain('не его дату и номер');
			expect((await boris.api('DELETE', `/api/journals/${w.maths.id}/lessons/${friday.id}`)).status).toBe(403);
		} finally {
			await live.close();
		}
		const rows = await sql<{ id: number; date: string; topic: string | null; homework: string | null }[]>`
			select id, date::text, topic, homework from lesson where id in (${friday.id}, ${monday.id}) order by date`;
		expect(rows.map((r) => [r.date, r.topic, r.homework])).toEqual([
			['2026-11-23', null, null],
			['2026-11-27', 'Решение уравнений', '№ 112, 114']
		]);
		const audit = await sql`select actor_id from audit_log where action = 'lesson.update' and entity_id = ${friday.id}`;
		expect(audit.map((a) => a.actor_id)).toEqual([w.boris.id]);
	});

	test('R-4.1.7: a cancelled lesson with marks is flagged, not deleted; one without goes; a moved one keeps its marks — the open journal sees each', async () => {
		const monday = await lessonAt(w.maths.id, '2026-11-23');
		const tuesday = await lessonAt(w.maths.id, '2026-11-24');
		const friday = await lessonAt(w.maths.id, '2026-11-27');
		await fillCells(school.server.url, await as(w.anna), w.maths, [{ lesson: monday, student: w.petrov, marks: [4] }]);

		const live = await openJournal(school.server.url, (await as(w.anna)).cookieHeader(), w.maths.id);
		const docLesson = (id: number) => live.doc.getMap(DOC_MAPS.lessons).get(String(id)) as DocLesson | undefined;
		try {
			const before = (await sql`select count(*)::int as n from timetable_change`)[0].n;
			// Onto the day of health: refused with the reason, nothing stored.
			const holiday = await post(w.deputy, 'change', { journalId: String(w.maths.id), kind: 'move', date: '2026-11-27', lessonNo: '3', newDate: '2026-11-25', newLessonNo: '5', reason: 'Экскурсия' });
			expect(holiday.text).toContain('25.11.2026 — День здоровья, уроков нет');
			// A lesson that is not in the timetable that day.
			const none = await post(w.deputy, 'change', { journalId: String(w.maths.id), kind: 'cancel', date: '2026-11-26', lessonNo: '1', reason: 'Карантин' });
			expect(none.text).toContain('26.11.2026 на 1-м уроке этого предмета по расписанию нет.');
			expect((await sql`select count(*)::int as n from timetable_change`)[0].n).toBe(before);

			expect((await post(w.deputy, 'change', { journalId: String(w.maths.id), kind: 'cancel', date: '2026-11-23', lessonNo: '1', reason: 'Карантин' })).text).toContain('Сохранено: отмена');
			const flagged = await lessonAt(w.maths.id, '2026-11-23');
			expect(flagged.id).toBe(monday.id);
			expect(flagged.timetable_flag).toContain('Урок отменён в расписании (Карантин), но в нём уже есть записи');
			await live.until(() => docLesson(monday.id)?.flag?.startsWith('Урок отменён'), 'the flag on the open journal’s column');

			expect((await post(w.deputy, 'change', { journalId: String(w.maths.id), kind: 'cancel', date: '2026-11-24', lessonNo: '2', reason: 'Карантин' })).text).toContain('Сохранено: отмена');
			expect((await lessonsOf(w.maths.id)).some((l) => l.id === tuesday.id)).toBe(false);
			await live.until(() => docLesson(tuesday.id) === undefined, 'the cancelled column gone from the open journal');

			const moved = await post(w.deputy, 'change', { journalId: String(w.maths.id), kind: 'move', date: '2026-11-27', lessonNo: '3', newDate: '2026-11-26', newLessonNo: '5', newRoom: '14', reason: 'Экскурсия' });
			expect(moved.text).toContain('Сохранено: перенос, 7А, Математика, 26.11.2026.');
			const after = await lessonAt(w.maths.id, '2026-11-26');
			expect([after.id, after.lesson_no]).toEqual([friday.id, 5]);
			await live.until(() => docLesson(friday.id)?.date === '2026-11-26', 'the moved column in the open journal');
			const marks = await sql`select l.date::text, m.value from mark m join lesson l on l.id = m.lesson_id where l.journal_id = ${w.maths.id} order by l.date`;
			expect(marks.map((m) => [m.date, m.value])).toEqual([['2026-11-23', 4], ['2026-11-26', 5]]);
			expect((await sql`select count(*)::int as n from audit_log where action in ('timetable.cancel', 'timetable.move', 'timetable.replace')`)[0].n).toBe(4);
		} finally {
			await live.close();
		}
	});
});
