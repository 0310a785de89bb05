/**
 * The per-class sheet of period marks through the real server: the class teacher
 * sets marks in every journal of their class through the same use case as the journal's sheet
 * (suggestion, justification, audit); a subject teacher sees the sheet and sets only in their own
 * journals; families are refused.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { periodMarkAudits, storedPeriodMarks } from '../helpers/period-marks';
import { PERIOD_MARK_MESSAGES } from '../../src/lib/domain/period-marks';
import { classMarksSheet, type ClassMarksJournal, type ClassMarksRow } from '../../src/lib/server/queries/class-marks';
import { findClass } from '../../src/lib/server/db/school';
import { countingSql } from '../helpers/count-queries';
import { demoLogins, startTestSchool, type DemoLogin, type TestSchool } from '../helpers/server';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: DemoLogin;

interface ClassMarksData {
	key: string;
	title: string;
	periods: Array<{ id: number; name: string }>;
	journals: ClassMarksJournal[];
	rows: ClassMarksRow[];
	canWrite: boolean[];
}

async function sheetAs(login: string, query = ''): Promise<ClassMarksData> {
	return (await as(login)).pageData<ClassMarksData>(`/class/${classId}/marks${query}`);
}

async function submit(login: string, form: Record<string, string>): Promise<{ status: number; html: string }> {
	const response = await (await as(login)).request(`/class/${classId}/marks?/set`, { form: { justification: '', periodId: '', ...form } });
	return { status: response.status, html: await response.text() };
}

const stored = (journalId: number, studentId: number) => storedPeriodMarks(sql, journalId, studentId);
const audits = (journalId: number, studentId: number) => periodMarkAudits(sql, journalId, studentId);

let classId: number;
let q2: number;
let klrukId: number;

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	as = demoLogins(school.server.url);
	// The demo sets the closed first quarter's marks; these tests start from a sheet with none set.
	await sql`delete from period_mark`;
	[{ id: classId }] = await sql`select id from class where grade = 7 and letter = 'А'`;
	[{ id: q2 }] = await sql`select id from period where kind = 'quarter' and ordinal = 2 and grade_from <= 7 and grade_to >= 7`;
	[{ person_id: klrukId }] = await sql`select person_id from account where login = 'klruk'`;
});

afterAll(async () => {
	await school?.stop();
});

/** The column of a subject and its students whose second-quarter suggestion is a mark. */
function graded(data: ClassMarksData, subject: string) {
	const index = data.journals.findIndex((j) => j.subject === subject && j.wholeClass);
	expect(index).toBeGreaterThanOrEqual(0);
	const students = data.rows
		.filter((r) => !r.departed && /^\d$/.test(r.cells[index]?.suggestion?.mark ?? ''))
		.map((r) => ({ studentId: r.student.id, suggested: r.cells[index]!.suggestion!.mark }));
	return { index, journalId: data.journals[index].journalId, students };
}

describe('R-4.3.11 the class sheet shows one period across the class’s journals', () => {
	test('defaults to the current quarter, switches to the year, and a subgroup journal shows only its members', async () => {
		const data = await sheetAs('klruk');
		expect(data.key).toBe(`p${q2}`);
		expect(data.title).toBe('2 четверть');
		expect(data.journals.length).toBeGreaterThan(3);
		for (const row of data.rows) expect(row.cells).toHaveLength(data.journals.length);
		const subgroup = data.journals.findIndex((j) => !j.wholeClass);
		if (subgroup >= 0) expect(data.rows.some((r) => r.cells[subgroup] === null)).toBe(true);
		expect(data.canWrite.every(Boolean)).toBe(true);
		const year = await sheetAs('klruk', '?period=year');
		expect(year.key).toBe('year');
		expect(year.journals.every((j) => j.column.kind === 'year')).toBe(true);
		// The page renders, with the edit card of a picked cell and the link from the class page.
		const algebra = graded(data, 'Алгебра');
		const html = await (await (await as('klruk')).request(`/class/${classId}/marks?period=${q2}&edit=${algebra.journalId}:${algebra.students[0].studentId}`)).text();
		expect(html).toContain('aria-label="Итоговые отметки класса"');
		expect(html).toContain('aria-label="Отметка ученика"');
		expect(await (await (await as('klruk')).request(`/class/${classId}`)).text()).toContain(`href="/class/${classId}/marks"`);
	});
});

describe('R-4.3.11 the class sheet is loaded for the whole class at once', () => {
	test('it costs the same few queries for a class of 8 journals as for one of 18, not a round of queries per journal', async () => {
		const counting = countingSql(sql);
		const queriesFor = async (grade: number) => {
			const [{ id }] = await sql`select id from class where grade = ${grade} and letter = 'А'`;
			const klass = (await findClass(sql, id))!;
			counting.reset();
			const sheet = await classMarksSheet(counting.sql, klass, null, '2026-11-27');
			return { journals: sheet.journals.length, queries: counting.count() };
		};
		const small = await queriesFor(1);
		const large = await queriesFor(7);
		expect(large.journals).toBeGreaterThan(small.journals + 5);
		expect(large.queries).toBe(small.queries);
		expect(large.queries).toBeLessThanOrEqual(11);
	});

	test('R-5.2 each journal warns only about the shown period: near the 2nd quarter’s deadline, its warnings are of that quarter; the closed 1st quarter warns of none', async () => {
		const klass = (await findClass(sql, classId))!;
		const late = await classMarksSheet(sql, klass, String(q2), '2026-12-15');
		const warnings = late.journals.flatMap((j) => j.warnings);
		expect(warnings.length).toBeGreaterThan(0);
		expect(warnings.every((w) => w.periodId === q2 && w.count < w.min && w.deadline === '2026-12-26')).toBe(true);
		for (const journal of late.journals)
			for (const w of journal.warnings) expect(late.rows.find((r) => r.student.id === w.studentId)?.cells[late.journals.indexOf(journal)]?.markCount).toBe(w.count);
		const [q1] = late.periods.filter((p) => p.ordinal === 1);
		const closed = await classMarksSheet(sql, klass, String(q1.id), '2026-12-15');
		expect(closed.journals.flatMap((j) => j.warnings)).toEqual([]);
	});
});

describe('R-4.3.11, R-5.1 the class teacher sets marks for other teachers’ subjects', () => {
	test('a second-quarter Алгебра mark equal to the suggestion is stored with the suggestion, the author and an audit row', async () => {
		const { journalId, students } = graded(await sheetAs('klruk'), 'Алгебра');
		const [student] = students;
		expect(student).toBeDefined();
		const { status, html } = await submit('klruk', {
			journalId: String(journalId),
			studentId: String(student.studentId),
			kind: 'period',
			periodId: String(q2),
			value: student.suggested
		});
		expect(status).toBe(200);
		expect(html).toContain('Сохранено');
		expect(await stored(journalId, student.studentId)).toEqual([
			{ kind: 'period', period_id: q2, value: student.suggested, suggested: student.suggested, justification: null, author_id: klrukId }
		]);
		const rows = await audits(journalId, student.studentId);
		expect(rows).toHaveLength(1);
		expect(rows[0].actor_id).toBe(klrukId);
		expect(rows[0].new_value).toEqual({ value: student.suggested, suggested: student.suggested, justification: null });
		const after = await sheetAs('klruk');
		const row = after.rows.find((r) => r.student.id === student.studentId)!;
		expect(row.cells[graded(after, 'Алгебра').index]?.set?.value).toBe(student.suggested);
	});

	test('a differing mark without a justification is refused with 400 and the Russian message; nothing is stored', async () => {
		const { journalId, students } = graded(await sheetAs('klruk'), 'Алгебра');
		const student = students[1];
		const other = student.suggested === '5' ? '4' : '5';
		const { status, html } = await submit('klruk', {
			journalId: String(journalId),
			studentId: String(student.studentId),
			kind: 'period',
			periodId: String(q2),
			value: other
		});
		expect(status).toBe(400);
		expect(html).toContain(PERIOD_MARK_MESSAGES.justificationRequired(other, student.suggested));
		expect(await stored(journalId, student.studentId)).toEqual([]);
		expect(await audits(journalId, student.studentId)).toEqual([]);
	});

	test('a journal of another class is refused with 400', async () => {
		const [other] = await sql`
			select j.id from journal j join study_group g on g.id = j.group_id where g.class_id <> ${classId} order by j.id limit 1`;
		const { journalId, students } = graded(await sheetAs('klruk'), 'Алгебра');
		expect(journalId).not.toBe(other.id);
		const { status } = await submit('klruk', { journalId: String(other.id), studentId: String(students[2].studentId), kind: 'period', periodId: String(q2), value: '5' });
		expect(status).toBe(400);
	});
});

describe('R-3.1, R-4.3.11 who sees and who sets', () => {
	test('a parent is refused the sheet and the action with the 404 of a class that does not exist', async () => {
		const response = await (await as('roditel')).request(`/class/${classId}/marks`);
		expect(response.status).toBe(404);
		const [algebra] = await sql`
			select j.id from journal j join study_group g on g.id = j.group_id join subject s on s.id = j.subject_id
			where g.class_id = ${classId} and s.name = 'Алгебра' and g.whole_class`;
		const [member] = await sql`select student_id from enrolment where class_id = ${classId} and departed_on is null order by student_id limit 1`;
		const before = await stored(algebra.id, member.student_id);
		const { status } = await submit('roditel', { journalId: String(algebra.id), studentId: String(member.student_id), kind: 'period', periodId: String(q2), value: '1' });
		expect(status).toBe(404);
		expect(await stored(algebra.id, member.student_id)).toEqual(before);
	});

	test('the maths teacher (not the class teacher) sees the sheet and sets only in his own journals: Русский язык is refused with 403', async () => {
		const data = await sheetAs('uchitel');
		const algebra = graded(data, 'Алгебра');
		const russian = graded(data, 'Русский язык');
		expect(data.canWrite[algebra.index]).toBe(true);
		expect(data.canWrite[russian.index]).toBe(false);
		const student = russian.students[0];
		const refused = await submit('uchitel', {
			journalId: String(russian.journalId),
			studentId: String(student.studentId),
			kind: 'period',
			periodId: String(q2),
			value: student.suggested
		});
		expect(refused.status).toBe(403);
		expect(await stored(russian.journalId, student.studentId)).toEqual([]);

		const own = algebra.students[2];
		const saved = await submit('uchitel', {
			journalId: String(algebra.journalId),
			studentId: String(own.studentId),
			kind: 'period',
			periodId: String(q2),
			value: own.suggested
		});
		expect(saved.status).toBe(200);
		expect((await stored(algebra.journalId, own.studentId)).map((r) => r.value)).toEqual([own.suggested]);
	});
});
