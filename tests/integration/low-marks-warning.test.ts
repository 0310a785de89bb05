/**
 * in the live journal: within two weeks of a period's deadline the journal's mark column
 * carries the «не хватает оценок» warnings of that period — the students short of the minimum, how
 * many marks they have and need, and the deadline — and a closed period carries none. The school's
 * today is 14.12.2026, twelve days before the second quarter's deadline (26.12.2026).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { demoLogins, startTestSchool, type DemoLogin, type TestSchool } from '../helpers/server';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: DemoLogin;
let journals: number[];
let q1: number;
let q2: number;

beforeAll(async () => {
	school = await startTestSchool({ TODAY: '2026-12-14' });
	sql = (await database()).sql;
	as = demoLogins(school.server.url);
	journals = (await sql`
		select j.id from journal j join study_group g on g.id = j.group_id join class c on c.id = g.class_id
		where c.grade = 7 order by j.id`).map((r) => r.id as number);
	[{ id: q1 }] = await sql`select id from period where kind = 'quarter' and ordinal = 1 and 7 between grade_from and grade_to`;
	[{ id: q2 }] = await sql`select id from period where kind = 'quarter' and ordinal = 2 and 7 between grade_from and grade_to`;
});

afterAll(async () => {
	await school?.stop();
});

describe('R-5.2 the low-marks warning of the live journal', () => {
	test('near the deadline the second quarter warns of each student short of the minimum, with the counts the column shows', async () => {
		const admin = await as('admin');
		let warned = 0;
		for (const journalId of journals) {
			const { status, json } = await admin.api('GET', `/api/journals/${journalId}/period-marks?column=p${q2}`);
			expect(status).toBe(200);
			for (const warning of json.warnings as Array<{ studentId: number; periodId: number; count: number; min: number; deadline: string; text: string }>) {
				warned += 1;
				expect(warning).toMatchObject({ periodId: q2, deadline: '2026-12-26' });
				expect(warning.count).toBeLessThan(warning.min);
				const student = json.students.find((s: { studentId: number }) => s.studentId === warning.studentId);
				expect(student.warnings).toContain('не хватает оценок');
				expect(warning.text).toContain(student.name);
			}
		}
		expect(warned).toBeGreaterThan(0);
	});

	test('a closed first quarter warns of nobody', async () => {
		const admin = await as('admin');
		for (const journalId of journals) {
			const { json } = await admin.api('GET', `/api/journals/${journalId}/period-marks?column=p${q1}`);
			expect(json.warnings).toEqual([]);
		}
	});
});
