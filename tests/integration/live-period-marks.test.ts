/**
 * Period marks and the school's settings in the live journal (R-4.3.11, R-5.3, X-LIVE): a mark set
 * through HTTP reaches every open copy of the journal at once, a client cannot write the marks
 * into the document itself, and the administrator's changes of rules and periods reach open
 * journals without a reload. Real server, real websockets, on both databases.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { MARK_FREE_REASON } from '../../src/lib/domain/cell';
import { DOC_MAPS, periodMarkKey, type DocMeta, type DocPeriodMark } from '../../src/lib/domain/journal-doc';
import { demoLogins, startTestSchool, type Client, type DemoLogin, type TestSchool } from '../helpers/server';
import { openJournal, type JournalClient } from '../helpers/collab';
import { teacherJournal } from '../helpers/school';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let base: string;
let journalId: number;
let q2: number;
let teacher: JournalClient;
let director: JournalClient;
let as: DemoLogin;
const open: JournalClient[] = [];

/** Calls a JSON endpoint as the login. */
const api = async (login: string, method: string, pathname: string, body?: unknown) => (await as(login)).api(method, pathname, body);

async function journalAs(login: string): Promise<JournalClient> {
	const client = await openJournal(base, (await as(login)).cookieHeader(), journalId);
	open.push(client);
	return client;
}

const metaOf = (client: JournalClient) => client.doc.getMap<DocMeta>(DOC_MAPS.meta).get('journal');
const markIn = (client: JournalClient, key: string) => client.doc.getMap<DocPeriodMark>(DOC_MAPS.periodMarks).get(key);

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	base = school.server.url;
	as = demoLogins(base);
	journalId = await teacherJournal(sql, 'uchitel', { grades: [7, 7] });
	[{ id: q2 }] = await sql`select id from period where kind = 'quarter' and ordinal = 2`;
	teacher = await journalAs('uchitel');
	director = await journalAs('director');
});

afterAll(async () => {
	for (const client of open) client.destroy();
	await school?.stop();
});

describe('R-4.3.11 X-LIVE period marks in the live journal', () => {
	let studentId: number;
	let value: string;

	test('the document carries the periods of the grade and whether the grade is mark-free', () => {
		const meta = metaOf(director)!;
		expect(meta.grade).toBe(7);
		expect(meta.markFree).toBe(false);
		expect(meta.periods!.map((p) => p.name)).toEqual(['1 четверть', '2 четверть', '3 четверть', '4 четверть']);
		expect(meta.periods!.find((p) => p.id === q2)).toMatchObject({ closedOn: null, reopenedUntil: null });
	});

	test('a period mark set through HTTP appears in every open copy of the journal without a reload', async () => {
		const column = await api('uchitel', 'GET', `/api/journals/${journalId}/period-marks?column=p${q2}`);
		expect(column.status).toBe(200);
		const student = (column.json.students as Array<{ studentId: number; suggested: string | null; departed: boolean }>).find(
			(s) => !s.departed && /^\d$/.test(s.suggested ?? '')
		)!;
		studentId = student.studentId;
		value = student.suggested!;
		const key = periodMarkKey('period', q2, studentId);
		expect(markIn(director, key)).toBeUndefined();
		const saved = await api('uchitel', 'PUT', `/api/journals/${journalId}/period-marks`, { studentId, kind: 'period', periodId: q2, value });
		expect(saved.status).toBe(200);
		const seen = await director.until(() => markIn(director, key), 'the period mark in the director’s document', 3000);
		expect(seen).toMatchObject({ studentId, kind: 'period', periodId: q2, value, justification: null });
		expect(seen.authorName).toBeTruthy();
		expect(markIn(teacher, key)?.value).toBe(value);
	});

	test('a year mark differing from the suggestion is saved with its justification and shows live too', async () => {
		const column = await api('uchitel', 'GET', `/api/journals/${journalId}/period-marks?column=year`);
		expect(column.json.column).toMatchObject({ key: 'year', kind: 'year', open: true });
		expect(column.json.columns.map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(['year', 'exam', 'final', `p${q2}`]));
		const entry = (column.json.students as Array<{ studentId: number; suggested: string | null }>).find((s) => s.studentId === studentId)!;
		const other = entry.suggested === '5' ? '4' : '5';
		const refused = await api('uchitel', 'PUT', `/api/journals/${journalId}/period-marks`, { studentId, kind: 'year', periodId: null, value: other });
		expect(refused.status).toBe(400);
		expect(refused.json.justificationRequired).toBe(true);
		expect(markIn(director, periodMarkKey('year', null, studentId))).toBeUndefined();
		const saved = await api('uchitel', 'PUT', `/api/journals/${journalId}/period-marks`, { studentId, kind: 'year', periodId: null, value: other, justification: 'Годовая контрольная' });
		expect(saved.status).toBe(200);
		const seen = await director.until(() => markIn(director, periodMarkKey('year', null, studentId)), 'the year mark', 3000);
		expect(seen).toMatchObject({ value: other, justification: 'Годовая контрольная' });
	});

	test('a client that writes a period mark into the document is undone and told why', async () => {
		const key = periodMarkKey('period', q2, studentId);
		const before = markIn(teacher, key);
		teacher.doc.getMap(DOC_MAPS.periodMarks).set(key, { ...before, value: '2' });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'reject' && m.key === `${DOC_MAPS.periodMarks}/${key}`), 'the rejection');
		await teacher.until(() => markIn(teacher, key)?.value === value, 'the stored value back');
		expect(markIn(director, key)?.value).toBe(value);
		const [row] = await sql`select value from period_mark where journal_id = ${journalId} and student_id = ${studentId} and kind = 'period' and period_id = ${q2}`;
		expect(row.value).toBe(value);
	});

	test('a journal opened afresh is built with the period marks from the tables', async () => {
		const fresh = await journalAs('uchitel');
		expect(markIn(fresh, periodMarkKey('period', q2, studentId))?.value).toBe(value);
	});
});

describe('R-2.7 the forecast column of the live journal', () => {
	test('a period under way gets each student’s forecast, the same one the diary shows; a finished period gets none', async () => {
		const column = await api('uchitel', 'GET', `/api/journals/${journalId}/period-marks?column=p${q2}`);
		const forecasts = column.json.forecasts as Array<{ studentId: number; expected: string; band: [number, number] | null; risks: string[] }>;
		expect(forecasts.length).toBe(column.json.students.length);
		for (const f of forecasts) expect(f.expected).toMatch(/^(\d|н\/а)$/);
		const [{ subject }] = await sql`select s.name as subject from journal j join subject s on s.id = j.subject_id where j.id = ${journalId}`;
		const present = column.json.students.find((s: { departed: boolean }) => !s.departed);
		const mine = forecasts.find((f) => f.studentId === present.studentId)!;
		const admin = await as('admin');
		const diary = await admin.pageData<{ subjects: Array<{ subject: string; forecast: { expected: string; band: [number, number] | null; risks: string[] } }> }>(`/diary/${present.studentId}`);
		const inDiary = diary.subjects.find((s) => s.subject === subject)!;
		expect(inDiary.forecast).toMatchObject({ expected: mine.expected, band: mine.band, risks: mine.risks });

		const [{ id: q1 }] = await sql`select id from period where kind = 'quarter' and ordinal = 1`;
		const finished = await api('uchitel', 'GET', `/api/journals/${journalId}/period-marks?column=p${q1}`);
		expect(finished.json.forecasts).toEqual([]);
	});
});

describe('X-LIVE the administrator’s settings reach open journals', () => {
	let admin: Client;

	beforeAll(async () => {
		admin = await as('admin');
	});

	test('a new absence code is accepted by an open journal without a reload', async () => {
		expect(metaOf(teacher)!.rules.absenceCodes).not.toContain('дп');
		const form = { scaleMin: '2', scaleMax: '5', thresholds: '5: 4,6; 4: 3,6; 3: 2,6', minMarks: '3', absenceCodes: 'н, б, уп, оп, дп', markFreeGrades: '1' };
		expect((await admin.request('/admin/grading?/rules', { form })).status).toBe(200);
		await teacher.until(() => metaOf(teacher)!.rules.absenceCodes.includes('дп'), 'the new code in the teacher’s document', 3000);
		await director.until(() => metaOf(director)!.rules.absenceCodes.includes('дп'), 'the new code in the director’s document', 3000);
	});

	test('R-5.3 closing a period shows in open journals at once, and reopening it too', async () => {
		expect((await admin.request('/admin/periods?/close', { form: { periodId: String(q2) } })).status).toBe(200);
		const closed = await teacher.until(() => metaOf(teacher)!.periods!.find((p) => p.id === q2 && p.closedOn !== null), 'the closed period', 3000);
		expect(closed.closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		const reopened = await admin.request('/admin/periods?/reopen', { form: { periodId: String(q2), until: '2026-12-31', reason: 'Пересдача' } });
		expect(reopened.status).toBe(200);
		const back = await director.until(() => metaOf(director)!.periods!.find((p) => p.id === q2 && p.reopenedUntil !== null), 'the reopened period', 3000);
		expect(back).toMatchObject({ reopenedUntil: '2026-12-31', reopenReason: 'Пересдача' });
	});
});

describe('X-MARKS a mark-free grade in the live journal', () => {
	test('grade 1 refuses a mark with the reason and takes an absence', async () => {
		const [first] = await sql`
			select j.id, (select min(l.id) from lesson l where l.journal_id = j.id and l.date >= '2026-11-05') as lesson_id,
				(select min(gm.student_id) from group_member gm where gm.group_id = j.group_id and gm.to_on is null) as student_id
			from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
			where c.grade = 1 order by j.id limit 1`;
		const client = await openJournal(base, (await as('admin')).cookieHeader(), first.id);
		open.push(client);
		expect(metaOf(client)).toMatchObject({ grade: 1, markFree: true, rules: { marksAllowed: false } });
		const key = `${first.lesson_id}:${first.student_id}`;
		const refused = client.setCell(key, { m: [5], a: null, c: null });
		const reject = await client.until(() => client.messages.find((m) => m.type === 'reject' && m.id === refused), 'the refusal');
		expect(reject).toMatchObject({ message: MARK_FREE_REASON });
		const accepted = client.setCell(key, { m: [], a: 'б', c: null });
		await client.until(() => client.messages.some((m) => m.type === 'ack' && m.ids.includes(accepted)), 'the absence acknowledged');
		const marks = await sql`select count(*)::int as n from mark where lesson_id = ${first.lesson_id} and student_id = ${first.student_id}`;
		expect(marks[0].n).toBe(0);
	});
});
