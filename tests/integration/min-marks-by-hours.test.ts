/**
 * through the real server: the administrator raises the minimum of marks for subjects with
 * more lessons a week; a journal that reaches the step suggests «н/а» («не хватает оценок») to a
 * student below the raised minimum, a journal with fewer lessons keeps the base, the diary and the
 * marks page follow, stored marks stay as set, and bad steps are refused in Russian.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { weeklyHoursOf } from '../../src/lib/server/db/journal';
import { Client, startTestSchool, type TestSchool } from '../helpers/server';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let admin: Client;

const TODAY = '2026-11-27';

/** The rules form as the page submits it: the defaults with the given step rows. */
function rulesForm(hours: string[], counts: string[]): URLSearchParams {
	const form = new URLSearchParams({ scaleMin: '2', scaleMax: '5', thresholds: '5: 4,6; 4: 3,6; 3: 2,6', minMarks: '3', absenceCodes: 'н, б, уп, оп', markFreeGrades: '1' });
	for (const h of hours) form.append('minMarksHours', h);
	for (const c of counts) form.append('minMarksCounts', c);
	return form;
}

/** Posts the rules form as the page does, with its repeated row fields. */
async function saveRules(hours: string[], counts: string[]): Promise<Response> {
	return admin.request('/admin/grading?/rules', { form: rulesForm(hours, counts), headers: { accept: 'text/html' } });
}

type PeriodStudent = { studentId: number; suggested: string | null; rule: string | null; warnings: string[]; departed: boolean };

/** The current period column of a journal through its JSON endpoint. */
async function periodColumn(journalId: number): Promise<PeriodStudent[]> {
	const response = await admin.request(`/api/journals/${journalId}/period-marks`, { headers: { accept: 'application/json' } });
	expect(response.status).toBe(200);
	return (await response.json()).students;
}

/** Every mark row, byte for byte as stored. */
async function markRows(): Promise<string> {
	const rows = await sql`select to_jsonb(m)::text as row from mark m order by id`;
	return rows.map((r) => r.row).join('\n');
}

/** The saved rules row, byte for byte (or null before the first save). */
async function savedRules(): Promise<string | null> {
	const [row] = await sql`select to_jsonb(g)::text as row from grading_rules g`;
	return row?.row ?? null;
}

/** Marks of each student in the journal's current period (2 четверть). */
async function markCounts(journalId: number): Promise<Map<number, number>> {
	const rows = await sql`
		select m.student_id, count(*)::int as n from mark m join lesson l on l.id = m.lesson_id
		join journal j on j.id = l.journal_id join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join period p on p.year_id = c.year_id and c.grade between p.grade_from and p.grade_to and p.name = '2 четверть'
		where l.journal_id = ${journalId} and l.date between p.starts_on and p.ends_on
		group by m.student_id`;
	return new Map(rows.map((r) => [r.student_id as number, r.n as number]));
}

/** A student the base rules grade (a mark, not н/а) with the fewest marks, and that count. */
async function fewestGraded(journalId: number): Promise<{ studentId: number; count: number }> {
	const counts = await markCounts(journalId);
	const graded = (await periodColumn(journalId))
		.filter((s) => !s.departed && /^\d$/.test(s.suggested ?? ''))
		.map((s) => ({ studentId: s.studentId, count: counts.get(s.studentId) ?? 0 }))
		.sort((a, b) => a.count - b.count);
	expect(graded.length).toBeGreaterThan(0);
	return graded[0];
}

let many: { journalId: number; hours: number; subject: string };
let few: { journalId: number; hours: number };

beforeAll(async () => {
	school = await startTestSchool();
	sql = (await database()).sql;
	admin = new Client(school.server.url);
	expect((await admin.signIn('admin')).status).toBe(303);
	// Two journals of one class with quarters and marks: the one with the most lessons a week and one with fewer.
	const journals = await sql`
		select j.id as journal_id, s.name as subject, count(t.id)::int as hours, c.id as class_id
		from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		join subject s on s.id = j.subject_id join timetable_slot t on t.journal_id = j.id
		where c.grade = 7 and g.whole_class
		group by j.id, s.name, c.id order by count(t.id) desc, j.id`;
	const top = journals[0];
	const lower = journals.find((j) => j.class_id === top.class_id && j.hours < top.hours && j.hours > 0)!;
	expect(lower).toBeDefined();
	many = { journalId: top.journal_id, hours: top.hours, subject: top.subject };
	few = { journalId: lower.journal_id, hours: lower.hours };
});

afterAll(async () => {
	await school?.stop();
});

describe('R-5.2 more marks for subjects with more lessons a week', () => {
	test('R-5.2 weekly hours are the timetable slots valid on the date, else the latest-starting ones', async () => {
		const hours = await weeklyHoursOf(sql, [many.journalId, few.journalId, 999999], TODAY);
		expect(hours).toEqual(
			new Map([
				[many.journalId, many.hours],
				[few.journalId, few.hours],
				[999999, 0]
			])
		);
		expect(await weeklyHoursOf(sql, [], TODAY)).toEqual(new Map());
		// A new timetable from January: the old slots end, one lesson more starts (rolled back after).
		const rollback = new Error('rollback');
		await expect(
			sql.begin(async (tx) => {
				await tx`update timetable_slot set valid_to = '2026-12-31' where journal_id = ${few.journalId}`;
				await tx`
					insert into timetable_slot (journal_id, weekday, lesson_no, room, valid_from)
					select journal_id, weekday, lesson_no, room, '2027-01-01'::date from timetable_slot where journal_id = ${few.journalId}
					union all select ${few.journalId}::int, 6, 7, null, '2027-01-01'::date`;
				expect((await weeklyHoursOf(tx, [few.journalId], TODAY)).get(few.journalId)).toBe(few.hours);
				expect((await weeklyHoursOf(tx, [few.journalId], '2027-01-11')).get(few.journalId)).toBe(few.hours + 1);
				// Before any slot starts and after all have ended: the latest-starting timetable counts.
				expect((await weeklyHoursOf(tx, [few.journalId], '2020-01-01')).get(few.journalId)).toBe(few.hours + 1);
				await tx`update timetable_slot set valid_to = '2027-03-01' where journal_id = ${few.journalId} and valid_from = '2027-01-01'`;
				expect((await weeklyHoursOf(tx, [few.journalId], '2027-06-01')).get(few.journalId)).toBe(few.hours + 1);
				throw rollback;
			})
		).rejects.toBe(rollback);
		expect((await weeklyHoursOf(sql, [few.journalId], TODAY)).get(few.journalId)).toBe(few.hours);
	});

	test('R-5.2 a step saved by the administrator turns a graded student of the busier journal into н/а; the other journal keeps the base; marks stay as set', async () => {
		const a = await fewestGraded(many.journalId);
		const b = await fewestGraded(few.journalId);
		const raised = Math.min(20, Math.max(a.count, b.count) + 1);
		expect(a.count).toBeGreaterThanOrEqual(3);
		expect(a.count).toBeLessThan(raised);
		const marksBefore = await markRows();
		const fewBefore = await periodColumn(few.journalId);

		// The step sits exactly at the busier journal's hours: it reaches that journal, not the other.
		const saved = await saveRules([String(many.hours), ''], [String(raised), '']);
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain('Правила оценивания сохранены.');
		const [audit] = await sql`select new_value from audit_log where action = 'grading.update' order by id desc limit 1`;
		expect(audit.new_value.minMarksByHours).toEqual([{ fromHours: many.hours, minMarks: raised }]);

		const after = (await periodColumn(many.journalId)).find((s) => s.studentId === a.studentId)!;
		expect(after).toMatchObject({
			suggested: 'н/а',
			rule: `Для отметки за период нужно не меньше ${raised} оценок, а есть ${a.count}.`,
			warnings: ['не хватает оценок']
		});
		// Fewer lessons a week: the base minimum of three, the same suggestions as before.
		expect(await periodColumn(few.journalId)).toEqual(fewBefore);
		expect((await periodColumn(few.journalId)).find((s) => s.studentId === b.studentId)?.suggested).toMatch(/^\d$/);

		// The marks page tells each journal's own minimum.
		expect((await admin.pageData<{ minMarks: number }>(`/journal/${many.journalId}/marks`)).minMarks).toBe(raised);
		expect((await admin.pageData<{ minMarks: number }>(`/journal/${few.journalId}/marks`)).minMarks).toBe(3);

		// The diary decides the subject by the same minimum; its forecast warns of too few marks.
		const diary = await admin.pageData<{ subjects: Array<{ subject: string; suggestion: { mark: string; rule: string }; forecast: { risks: string[] } }> }>(
			`/diary/${a.studentId}`
		);
		const subject = diary.subjects.find((s) => s.subject === many.subject)!;
		expect(subject.suggestion).toMatchObject({ mark: 'н/а', rule: `Для отметки за период нужно не меньше ${raised} оценок, а есть ${a.count}.` });

		// The admin page shows the saved step back in its row.
		const page = await (await admin.request('/admin/grading')).text();
		expect(page).toMatch(new RegExp(`name="minMarksHours"[^>]*value="${many.hours}"`));
		expect(page).toMatch(new RegExp(`name="minMarksCounts"[^>]*value="${raised}"`));

		expect(await markRows()).toBe(marksBefore);

		// Removing the step (both fields cleared) brings the base back.
		expect((await saveRules(['', ''], ['', ''])).status).toBe(200);
		expect((await periodColumn(many.journalId)).find((s) => s.studentId === a.studentId)?.suggested).toMatch(/^\d$/);
		expect(await markRows()).toBe(marksBefore);
	});

	const bad: Array<[string, string[], string[], string]> = [
		['hours without marks', ['3', ''], ['', ''], 'Строка 1 ступеней: укажите и часы в неделю, и число оценок — или очистите оба поля.'],
		['41 hours a week', ['41'], ['5'], 'Строка 1 ступеней: часы в неделю — целое число от 1 до 40.'],
		['21 marks', ['3'], ['21'], 'Строка 1 ступеней: число оценок — целое число от 1 до 20.'],
		['steps out of order', ['5', '3'], ['7', '5'], 'Ступени идут по возрастанию часов в неделю (в каждой следующей часов больше), а число оценок в них не убывает.'],
		['seven steps', ['1', '2', '3', '4', '5', '6', '7'], ['4', '5', '6', '7', '8', '9', '10'], 'Ступеней по часам в неделю не больше 6.']
	];
	for (const [title, hours, counts, reason] of bad) {
		test(`R-5.2 bad steps (${title}) are refused with a reason in Russian and nothing is saved`, async () => {
			const before = await savedRules();
			const [{ count: audits }] = await sql`select count(*)::int as count from audit_log`;
			const response = await saveRules(hours, counts);
			expect(response.status).toBe(400);
			expect(await response.text()).toContain(reason);
			expect(await savedRules()).toBe(before);
			expect((await sql`select count(*)::int as count from audit_log`)[0].count).toBe(audits);
		});
	}
});
