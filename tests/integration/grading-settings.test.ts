/**
 * The administrator's grading rules and periods through the real server: the settings form, the
 * diary's suggestions that follow it while marks stay as set (R-2.5), closed periods refusing live
 * journal edits and lesson changes (R-5.3), the reopening with its audit row, and an absence code
 * the school adds becoming legal in the live journal (X-MARKS).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { cellKey } from '../../src/lib/domain/journal-doc';
import { demoLogins, startTestSchool, type DemoLogin, type TestSchool } from '../helpers/server';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';
import { teacherJournal } from '../helpers/school';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let base: string;
let as: DemoLogin;
const cookies: Record<string, string> = {};
const open: JournalClient[] = [];

const Q1_CLOSED = 'Период «1 четверть» закрыт 23.10.2026 (срок выставления отметок): изменения не принимаются.';

/** The rules form as the page submits it, with the defaults unless overridden. */
function rulesForm(overrides: Record<string, string> = {}): Record<string, string> {
	return { scaleMin: '2', scaleMax: '5', thresholds: '5: 4,6; 4: 3,6; 3: 2,6', minMarks: '3', absenceCodes: 'н, б, уп, оп', markFreeGrades: '1', ...overrides };
}

/** The diary's data for a student as the page's load returns it. */
async function diary(studentId: number): Promise<{ subjects: Array<{ subject: string; average: number | null; suggestion: { mark: string; rule: string } }> }> {
	return (await as('admin')).pageData(`/diary/${studentId}`);
}

/** Every mark row, byte for byte as stored. */
async function markRows(): Promise<string> {
	const rows = await sql`select to_jsonb(m)::text as row from mark m order by id`;
	return rows.map((r) => r.row).join('\n');
}

async function connect(login: string, journalId: number): Promise<JournalClient> {
	cookies[login] ??= await sessionCookie(base, login);
	const client = await openJournal(base, cookies[login], journalId);
	open.push(client);
	return client;
}

async function stored(key: string) {
	const [lessonId, studentId] = key.split(':').map(Number);
	const marks = await sql`select value from mark where lesson_id = ${lessonId} and student_id = ${studentId} order by position`;
	const [absence] = await sql`select code from absence where lesson_id = ${lessonId} and student_id = ${studentId}`;
	const [{ audits }] = await sql`select count(*)::int as audits from audit_log where entity = 'journal_cell' and entity_id = ${key}`;
	return { marks: marks.map((m) => m.value as number), absence: (absence?.code as string | undefined) ?? null, audits };
}

/** An empty cell of a lesson of the journal in the given date range. */
async function emptyCell(journalId: number, from: string, to: string, skip: readonly string[] = []): Promise<string> {
	const rows = await sql`
		select l.id as lesson_id, m.student_id from lesson l join journal j on j.id = l.journal_id join group_member m on m.group_id = j.group_id
		where l.journal_id = ${journalId} and l.date between ${from} and ${to} and m.from_on <= l.date and (m.to_on is null or m.to_on >= l.date)
		  and not exists (select 1 from mark where lesson_id = l.id and student_id = m.student_id)
		  and not exists (select 1 from absence where lesson_id = l.id and student_id = m.student_id)
		  and not exists (select 1 from cell_comment where lesson_id = l.id and student_id = m.student_id)
		order by l.date desc, l.id, m.student_id`;
	const key = rows.map((r) => cellKey(r.lesson_id, r.student_id)).find((k) => !skip.includes(k));
	if (!key) throw new Error(`no empty cell between ${from} and ${to}`);
	return key;
}

let journalId: number;

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	base = school.server.url;
	as = demoLogins(base);
	// A journal of the teacher in a grade that has quarters (1–9) and marks (not grade 1).
	journalId = await teacherJournal(sql, 'uchitel', { grades: [2, 9] });
});

afterAll(async () => {
	for (const client of open) client.destroy();
	await school?.stop();
});

describe('R-2.5, R-5.2, X-MARKS the administrator edits the grading rules', () => {
	test('new thresholds and weights change the diary’s suggestions; the marks rows stay byte-identical', async () => {
		const [student] = await sql`
			select m.student_id, count(*) from mark m join lesson l on l.id = m.lesson_id
			where l.date >= '2026-11-05' group by m.student_id order by count(*) desc, m.student_id limit 1`;
		const before = await diary(student.student_id);
		const marksBefore = await markRows();
		const graded = before.subjects.filter((s) => /^\d$/.test(s.suggestion.mark));
		expect(graded.length).toBeGreaterThan(0);

		const admin = await as('admin');
		// A harsh school: a 5 only from 4,95, and answers weigh ten times more.
		const rules = await admin.request('/admin/grading?/rules', { form: rulesForm({ thresholds: '5: 4,95; 4: 4,9; 3: 4,85' }) });
		expect(rules.status).toBe(200);
		const workTypes = await sql`select id, code, weight::float8 as weight from work_type order by id`;
		const weights: Record<string, string> = {};
		for (const w of workTypes) weights[`weight_${w.id}`] = String(w.code === 'answer' ? 10 : w.weight).replace('.', ',');
		expect((await admin.request('/admin/grading?/workTypes', { form: weights })).status).toBe(200);
		expect((await sql`select weight::float8 as weight from work_type where code = 'answer'`)[0].weight).toBe(10);

		const after = await diary(student.student_id);
		const changed = after.subjects.filter((s) => {
			const old = before.subjects.find((b) => b.subject === s.subject)!;
			return old.suggestion.mark !== s.suggestion.mark || old.average !== s.average;
		});
		expect(changed.length).toBeGreaterThan(0);
		expect(after.subjects.filter((s) => /^\d$/.test(s.suggestion.mark)).every((s) => Number(s.suggestion.mark) <= 4 || (s.average ?? 0) >= 4.95)).toBe(true);
		expect(await markRows()).toBe(marksBefore);
		const audits = await sql`select action from audit_log where action in ('grading.update', 'work_type.update') order by id`;
		expect(audits.map((a) => a.action)).toContain('grading.update');
		expect(audits.map((a) => a.action)).toContain('work_type.update');
	});

	test('bad input is refused with a reason and changes nothing', async () => {
		const [{ rules: saved }] = await sql`select to_jsonb(g)::text as rules from grading_rules g`;
		const response = await (await as('admin')).request('/admin/grading?/rules', { form: rulesForm({ thresholds: '5: 4,6; 4: 4,7' }) });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Пороги идут от высшей оценки к низшей, и каждый следующий строго меньше предыдущего.');
		expect((await sql`select to_jsonb(g)::text as rules from grading_rules g`)[0].rules).toBe(saved);
	});

	test('a non-administrator posting the forms gets 403 and nothing changes', async () => {
		const [{ rules: saved }] = await sql`select to_jsonb(g)::text as rules from grading_rules g`;
		const [{ count: audits }] = await sql`select count(*)::int as count from audit_log`;
		const weights = await sql`select to_jsonb(w)::text as row from work_type w order by id`;
		for (const login of ['uchitel', 'director', 'roditel']) {
			const client = await as(login);
			expect((await client.request('/admin/grading?/rules', { form: rulesForm({ thresholds: '5: 2,1' }) })).status, login).toBe(403);
			expect((await client.request('/admin/grading?/workTypes', { form: { [`weight_${(await sql`select min(id) as id from work_type`)[0].id}`]: '7' } })).status, login).toBe(403);
			expect((await client.request('/admin/grading')).status, login).toBe(403);
		}
		const admin = await as('admin');
		const grading = await admin.request('/admin/grading');
		expect(grading.status).toBe(200);
		expect(await grading.text()).toContain('Виды работ и их вес');
		const periods = await admin.request('/admin/periods');
		expect(periods.status).toBe(200);
		expect(await periods.text()).toContain('Период «1 четверть» закрыт 23.10.2026 (срок выставления отметок)');
		const [period] = await sql`select id from period where name = '1 четверть'`;
		expect((await (await as('uchitel')).request('/admin/periods?/reopen', { form: { periodId: String(period.id), until: '2026-12-01', reason: 'хочу' } })).status).toBe(403);
		expect((await sql`select to_jsonb(g)::text as rules from grading_rules g`)[0].rules).toBe(saved);
		expect((await sql`select to_jsonb(w)::text as row from work_type w order by id`).map((r) => r.row)).toEqual(weights.map((r) => r.row));
		expect((await sql`select count(*)::int as count from audit_log`)[0].count).toBe(audits);
		expect((await sql`select reopened_until from period where id = ${period.id}`)[0].reopened_until).toBeNull();
	});

	test('an absence code the administrator adds is accepted in the live journal', async () => {
		const teacher = await connect('uchitel', journalId);
		const first = await emptyCell(journalId, '2026-11-05', '2026-11-27');
		teacher.setCell(first, { m: [], a: 'дп', c: null });
		const reject = await teacher.until(() => teacher.messages.find((m) => m.type === 'reject' && m.key === first), 'reject');
		expect(reject).toMatchObject({ message: '«дп» — такой отметки о пропуске в школе нет (н, б, уп, оп).' });

		const saved = await (await as('admin')).request('/admin/grading?/rules', { form: rulesForm({ absenceCodes: 'н, б, уп, оп, дп' }) });
		expect(saved.status).toBe(200);
		const key = await emptyCell(journalId, '2026-11-05', '2026-11-27', [first]);
		const id = teacher.setCell(key, { m: [], a: 'дп', c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'ack');
		expect(await stored(key)).toMatchObject({ marks: [], absence: 'дп', audits: 1 });
	});
});

describe('X-MARKS marks with a plus or a minus, a school setting off by default', () => {
	/** The student's average in the period's column of the journal's marks sheet, as the page's load returns it. */
	async function sheetAverage(studentId: number, date: string): Promise<number | null> {
		type Sheet = { sheet: { columns: Array<{ periodId: number | null }>; rows: Array<{ student: { id: number }; cells: Array<{ key: string; average: number | null }> }> } };
		const page = await (await as('uchitel')).pageData<Sheet>(`/journal/${journalId}/marks`);
		const ids = page.sheet.columns.flatMap((c) => (c.periodId === null ? [] : [c.periodId]));
		const [period] = await sql`select id from period where id = any(${ids}) and starts_on <= ${date} and ends_on >= ${date}`;
		return page.sheet.rows.find((r) => r.student.id === studentId)!.cells.find((c) => c.key === `p${period.id}`)!.average;
	}

	test('X-MARKS «5−» is refused while the school does not write signs; once it does, it is stored with its sign and counts by the school\'s weight', async () => {
		const teacher = await connect('uchitel', journalId);
		const key = await emptyCell(journalId, '2026-11-05', '2026-11-27');
		const [lessonId, studentId] = key.split(':').map(Number);
		const [{ date }] = await sql`select date from lesson where id = ${lessonId}`;
		const refusedId = teacher.setCell(key, { m: [5], s: [-1], a: null, c: null } as never);
		const reject = await teacher.until(() => teacher.messages.find((m) => m.type === 'reject' && m.key === key), 'reject');
		expect(reject).toMatchObject({ id: refusedId, message: '«5−» — оценки с плюсом и минусом в школе не ставятся: пишите «5».' });
		expect(await stored(key)).toMatchObject({ marks: [], audits: 0 });

		const plain = teacher.setCell(key, { m: [5], a: null, c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(plain)), 'ack of «5»');
		const withFive = await sheetAverage(studentId, date);

		const averages: number[] = [];
		for (const worth of ['0,25', '0,5', '0']) {
			expect((await (await as('admin')).request('/admin/grading?/rules', { form: rulesForm({ markSigns: 'on', signWorth: worth }) })).status).toBe(200);
			const id = teacher.setCell(key, { m: [5], s: [-1], a: null, c: null } as never);
			await teacher.until(() => teacher.messages.some((m) => (m.type === 'ack' && m.ids.includes(id)) || (m.type === 'reject' && m.id === id)), `answer with weight ${worth}`);
			expect(teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), `ack with weight ${worth}`).toBe(true);
			const [row] = await sql`select value, sign from mark where lesson_id = ${lessonId} and student_id = ${studentId}`;
			expect(row).toMatchObject({ value: 5, sign: -1 });
			averages.push((await sheetAverage(studentId, date))!);
		}
		const [quarter, half, none] = averages;
		expect(withFive).not.toBeNull();
		expect(quarter).toBeLessThan(withFive!);
		expect(withFive! - half).toBeCloseTo(2 * (withFive! - quarter), 6);
		expect(none).toBeCloseTo(withFive!, 6);
		// The live document shows what is stored: the mark with its minus.
		expect(teacher.cells.get(key)).toMatchObject({ m: [5], s: [-1] });
		// A plus on the top mark is beyond the scale, on the server too.
		const top = teacher.setCell(key, { m: [5], s: [1], a: null, c: null } as never);
		expect(await teacher.until(() => teacher.messages.find((m) => m.type === 'reject' && m.id === top), 'reject of «5+»')).toMatchObject({ message: '«5+» — такой оценки нет: шкала 2–5.' });
		await (await as('admin')).request('/admin/grading?/rules', { form: rulesForm() });
	});
});

describe('R-5.3 a closed period refuses edits until the administrator reopens it', () => {
	test('with today 27.11.2026 the first quarter is closed, the second is open; after a reopening the same edit is accepted', async () => {
		const teacher = await connect('uchitel', journalId);
		const closedKey = await emptyCell(journalId, '2026-09-01', '2026-10-24');
		const before = await stored(closedKey);
		teacher.setCell(closedKey, { m: [5], a: null, c: null });
		const reject = await teacher.until(() => teacher.messages.find((m) => m.type === 'reject' && m.key === closedKey), 'reject');
		expect(reject).toMatchObject({ message: Q1_CLOSED });
		await teacher.until(() => !teacher.cells.has(closedKey), 'revert');
		// The server sends the reject after the refused commit has returned: nothing is written later.
		expect(await stored(closedKey)).toEqual(before);

		// Lesson columns of the closed quarter do not change either.
		const lessonId = Number(closedKey.split(':')[0]);
		const [lesson] = await sql`select to_jsonb(l)::text as row from lesson l where id = ${lessonId}`;
		const patch = await (await as('uchitel')).api('PATCH', `/api/journals/${journalId}/lessons/${lessonId}`, { homework: 'повторить' });
		expect(patch.status).toBe(409);
		expect(patch.json.message).toBe(Q1_CLOSED);
		expect((await sql`select to_jsonb(l)::text as row from lesson l where id = ${lessonId}`)[0].row).toBe(lesson.row);

		const openKey = await emptyCell(journalId, '2026-11-05', '2026-11-27');
		const accepted = teacher.setCell(openKey, { m: [4], a: null, c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(accepted)), 'ack in the second quarter');
		expect((await stored(openKey)).marks).toEqual([4]);

		const [period] = await sql`
			select p.id from period p join class c on c.year_id = p.year_id and c.grade between p.grade_from and p.grade_to
			join study_group g on g.class_id = c.id join journal j on j.group_id = g.id
			where j.id = ${journalId} and p.name = '1 четверть'`;
		const admin = await as('admin');
		const noReason = await admin.request('/admin/periods?/reopen', { form: { periodId: String(period.id), until: '2026-11-30', reason: '  ' } });
		expect(noReason.status).toBe(400);
		expect((await sql`select reopened_until from period where id = ${period.id}`)[0].reopened_until).toBeNull();
		const reopened = await admin.request('/admin/periods?/reopen', { form: { periodId: String(period.id), until: '2026-11-30', reason: 'исправление ошибки учителя' } });
		expect(reopened.status).toBe(200);
		const [audit] = await sql`select actor_id, new_value from audit_log where action = 'period.reopen' and entity_id = ${String(period.id)}`;
		expect(audit.new_value).toEqual({ reopenedUntil: '2026-11-30', reason: 'исправление ошибки учителя' });
		const [me] = await sql`select person_id from account where login = 'admin'`;
		expect(audit.actor_id).toBe(me.person_id);

		const again = teacher.setCell(closedKey, { m: [5], a: null, c: null });
		await teacher.until(() => teacher.messages.some((m) => m.type === 'ack' && m.ids.includes(again)), 'ack after the reopening');
		expect(await stored(closedKey)).toMatchObject({ marks: [5], audits: 1 });

		// Closed again: refused again, with the administrator's closing as the reason.
		expect((await admin.request('/admin/periods?/close', { form: { periodId: String(period.id) } })).status).toBe(200);
		teacher.messages.length = 0;
		teacher.setCell(closedKey, { m: [3], a: null, c: null });
		const last = await teacher.until(() => teacher.messages.find((m) => m.type === 'reject' && m.key === closedKey), 'reject after closing');
		expect((last as { message: string }).message).toMatch(/^Период «1 четверть» закрыт администратором \d\d\.\d\d\.\d{4}: изменения не принимаются\.$/);
		expect((await stored(closedKey)).marks).toEqual([5]);
	});
});
