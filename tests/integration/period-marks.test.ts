/**
 * Period marks through the real server: the marks sheet's form
 * action stores a mark with its suggestion, justification, author and an audit row; a mark that
 * differs from the suggestion needs a justification; a closed quarter refuses; families and other
 * teachers are refused by the policy; the class page shows the forecast the diary agrees with.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { periodMarkAudits, storedPeriodMarks } from '../helpers/period-marks';
import { PERIOD_MARK_MESSAGES, type MarksSheet } from '../../src/lib/domain/period-marks';
import { demoLogins, startTestSchool, type DemoLogin, type TestSchool } from '../helpers/server';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: DemoLogin;

const Q1_CLOSED = 'Период «1 четверть» закрыт 23.10.2026 (срок выставления отметок): изменения не принимаются.';

/** A page's data as its load returns it, seen by the login. */
async function pageData<T>(login: string, path: string): Promise<T> {
	return (await as(login)).pageData<T>(path);
}

async function sheetOf(journalId: number): Promise<MarksSheet> {
	return (await pageData<{ sheet: MarksSheet }>('uchitel', `/journal/${journalId}/marks`)).sheet;
}

/** Posts the sheet's form as the browser does (no JavaScript). */
async function submit(login: string, journalId: number, form: Record<string, string>): Promise<{ status: number; html: string }> {
	const response = await (await as(login)).request(`/journal/${journalId}/marks?/set`, { form: { justification: '', periodId: '', ...form } });
	return { status: response.status, html: await response.text() };
}

const stored = (journalId: number, studentId: number) => storedPeriodMarks(sql, journalId, studentId);
const audits = (journalId: number, studentId: number) => periodMarkAudits(sql, journalId, studentId);

let journalId: number;
let otherJournalId: number;
let q1: number;
let q2: number;
let teacherId: number;

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	as = demoLogins(school.server.url);
	// The demo sets the closed first quarter's marks; these tests start from a sheet with none set.
	await sql`delete from period_mark`;
	// The maths teacher's 7А journal (quarters, marks) and a 5А one the class teacher of 7А does not teach.
	const own = await sql`
		select jt.journal_id, jt.teacher_id, c.grade::text || c.letter as class_name from journal_teacher jt join account a on a.person_id = jt.teacher_id
		join journal j on j.id = jt.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		where a.login = 'uchitel' order by c.grade, jt.journal_id`;
	journalId = own.find((r) => r.class_name === '7А')!.journal_id;
	otherJournalId = own.find((r) => r.class_name === '5А')!.journal_id;
	teacherId = own[0].teacher_id;
	const periods = await sql`select id, ordinal from period where kind = 'quarter' order by ordinal`;
	q1 = periods.find((p) => p.ordinal === 1)!.id;
	q2 = periods.find((p) => p.ordinal === 2)!.id;
});

afterAll(async () => {
	await school?.stop();
});

/** Students of the journal whose second-quarter suggestion is a mark, not н/а. */
async function gradedStudents(id: number): Promise<Array<{ studentId: number; suggested: string; name: string }>> {
	const sheet = await sheetOf(id);
	const index = sheet.columns.findIndex((c) => c.key === `p${q2}`);
	return sheet.rows
		.filter((r) => !r.departed && /^\d$/.test(r.cells[index].suggestion?.mark ?? ''))
		.map((r) => ({ studentId: r.student.id, suggested: r.cells[index].suggestion!.mark, name: r.student.name }));
}

describe('R-4.3.11, R-5.1 the teacher sets second-quarter marks', () => {
	test('a mark equal to the suggestion is stored with the suggestion, the author and an audit row, without a justification', async () => {
		const [student] = await gradedStudents(journalId);
		expect(student).toBeDefined();
		const { status, html } = await submit('uchitel', journalId, { studentId: String(student.studentId), kind: 'period', periodId: String(q2), value: student.suggested });
		expect(status).toBe(200);
		expect(html).toContain('Сохранено');
		expect(await stored(journalId, student.studentId)).toEqual([
			{ kind: 'period', period_id: q2, value: student.suggested, suggested: student.suggested, justification: null, author_id: teacherId }
		]);
		const rows = await audits(journalId, student.studentId);
		expect(rows).toHaveLength(1);
		expect(rows[0].actor_id).toBe(teacherId);
		expect(rows[0].old_value).toBeNull();
		expect(rows[0].new_value).toEqual({ value: student.suggested, suggested: student.suggested, justification: null });
		// The sheet now shows the mark set.
		const sheet = await sheetOf(journalId);
		const row = sheet.rows.find((r) => r.student.id === student.studentId)!;
		expect(row.cells[sheet.columns.findIndex((c) => c.key === `p${q2}`)].set?.value).toBe(student.suggested);
	});

	test('a differing mark without a justification is refused with 400 and the Russian message; nothing is stored', async () => {
		const [, student] = await gradedStudents(journalId);
		const other = student.suggested === '5' ? '4' : '5';
		const { status, html } = await submit('uchitel', journalId, { studentId: String(student.studentId), kind: 'period', periodId: String(q2), value: other });
		expect(status).toBe(400);
		expect(html).toContain(PERIOD_MARK_MESSAGES.justificationRequired(other, student.suggested));
		expect(await stored(journalId, student.studentId)).toEqual([]);
		expect(await audits(journalId, student.studentId)).toEqual([]);
	});

	test('the same differing mark with a justification is stored with the suggestion beside it, and a change is audited old → new', async () => {
		const [first, student] = await gradedStudents(journalId);
		const other = student.suggested === '5' ? '4' : '5';
		const justification = 'Победитель школьной олимпиады';
		const saved = await submit('uchitel', journalId, { studentId: String(student.studentId), kind: 'period', periodId: String(q2), value: other, justification });
		expect(saved.status).toBe(200);
		expect(await stored(journalId, student.studentId)).toEqual([
			{ kind: 'period', period_id: q2, value: other, suggested: student.suggested, justification, author_id: teacherId }
		]);

		// Changing the first student's mark records the old value in the audit row.
		const changed = first.suggested === '3' ? '4' : '3';
		expect((await submit('uchitel', journalId, { studentId: String(first.studentId), kind: 'period', periodId: String(q2), value: changed, justification: 'Пересдача' })).status).toBe(200);
		const rows = await audits(journalId, first.studentId);
		expect(rows).toHaveLength(2);
		expect(rows[1].old_value).toEqual({ value: first.suggested, suggested: first.suggested, justification: null });
		expect(rows[1].new_value).toEqual({ value: changed, suggested: first.suggested, justification: 'Пересдача' });
	});

	test('a value outside the scale is refused with 400', async () => {
		const [student] = await gradedStudents(journalId);
		const { status, html } = await submit('uchitel', journalId, { studentId: String(student.studentId), kind: 'period', periodId: String(q2), value: '6', justification: 'x' });
		expect(status).toBe(400);
		expect(html).toContain('«6» — такой отметки нет');
	});
});

describe('R-5.3 a closed first quarter refuses', () => {
	test('a first-quarter mark is refused with the closed-period message and nothing is stored', async () => {
		const [, , student] = await gradedStudents(journalId);
		const { status, html } = await submit('uchitel', journalId, { studentId: String(student.studentId), kind: 'period', periodId: String(q1), value: '5', justification: 'x' });
		expect(status).toBe(400);
		expect(html).toContain(Q1_CLOSED);
		expect(await stored(journalId, student.studentId)).toEqual([]);
	});
});

describe('R-3.1, R-4.3.13 only the journal’s teachers, the class teacher and the admin set marks', () => {
	test.each([
		// who may not even read the journal gets the 404 of a journal that does not exist.
		['roditel', 'the parent', 404],
		['uchenik', 'the student', 404],
		['klruk', 'another teacher (class teacher of 7А, not of 5А)', 404],
		['director', 'the director (read-only)', 403]
	])('%s (%s) is refused with %i and nothing is stored', async (login, _who, expected) => {
		const [student] = await gradedStudents(otherJournalId);
		const { status } = await submit(login, otherJournalId, { studentId: String(student.studentId), kind: 'period', periodId: String(q2), value: student.suggested });
		expect(status).toBe(expected);
		expect(await stored(otherJournalId, student.studentId)).toEqual([]);
	});

	test('the class teacher of 7А sets a mark in the 7А maths journal; the director sees the sheet without inputs', async () => {
		const [, , , student] = await gradedStudents(journalId);
		const saved = await submit('klruk', journalId, { studentId: String(student.studentId), kind: 'year', value: '5', justification: 'Годовая по итогам олимпиад' });
		expect(saved.status).toBe(200);
		expect((await stored(journalId, student.studentId)).map((r) => [r.kind, r.value])).toEqual([['year', '5']]);
		const page = await (await as('director')).request(`/journal/${journalId}/marks`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('только просмотр');
		expect(html).not.toContain('изменить</a>');
	});
});

interface ClassData {
	forecast: {
		period: { name: string };
		subjects: Array<{ subject: string; students: number; counts: Record<string, number>; quality: number; success: number }>;
	} | null;
	roster: Array<{ studentId: number; departedOn: string | null }>;
}

describe('R-2.7 the class page shows the class forecast for the current period', () => {
	test('expected marks per subject, quality and success, agreeing with the students’ diaries', async () => {
		const [klass] = await sql`select c.id from class c where c.grade = 7 and c.letter = 'А'`;
		const data = await pageData<ClassData>('klruk', `/class/${klass.id}`);
		expect(data.forecast?.period.name).toBe('2 четверть');
		const subjects = data.forecast!.subjects;
		expect(subjects.length).toBeGreaterThan(3);
		for (const s of subjects) {
			const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
			expect(total).toBe(s.students);
			const good = (s.counts['5'] ?? 0) + (s.counts['4'] ?? 0);
			const passing = good + (s.counts['3'] ?? 0);
			expect(s.quality).toBeCloseTo(good / s.students, 9);
			expect(s.success).toBeCloseTo(passing / s.students, 9);
		}

		// The same shared computation as the diary: each student's expected mark per subject sums to the class's counts.
		const present = data.roster.filter((s) => s.departedOn === null);
		const fromDiaries = new Map<string, Record<string, number>>();
		const seen = new Map<string, number>();
		for (const student of present) {
			const diary = await pageData<{ subjects: Array<{ subject: string; forecast: { expected: string } }> }>('admin', `/diary/${student.studentId}`);
			for (const s of diary.subjects) {
				const counts = fromDiaries.get(s.subject) ?? {};
				counts[s.forecast.expected] = (counts[s.forecast.expected] ?? 0) + 1;
				fromDiaries.set(s.subject, counts);
				seen.set(s.subject, (seen.get(s.subject) ?? 0) + 1);
			}
		}
		let compared = 0;
		for (const s of subjects) {
			if (subjects.filter((o) => o.subject === s.subject).length > 1 || seen.get(s.subject) !== s.students) continue;
			expect(s.counts).toEqual(fromDiaries.get(s.subject));
			compared++;
		}
		expect(compared).toBeGreaterThan(0);

		const html = await (await (await as('klruk')).request(`/class/${klass.id}`)).text();
		expect(html).toContain('Прогноз на «2 четверть»');
		expect(html).toContain('aria-label="Прогноз класса"');
		expect(html).toMatch(/\d+ %/);
	});
});
