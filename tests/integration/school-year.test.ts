/**
 * The administrator's school years through the real server: last year's calendar copied into the
 * next one (to the same weekdays or the same dates), reviewed on the form and created with its
 * periods and holidays in one audited step; a plan that breaks a rule is refused in Russian and
 * writes nothing; only the administrator may do it.
 *
 * The world: last year 2025/2026 (four quarters for grades 1–11, the usual breaks). Today is
 * 15.06.2026, when schools plan the next year.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, quarters, type Account, type Year } from '../factories';
import type { YearDraft } from '../../src/lib/domain/school-year';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let people: { admin: Account; director: Account; teacher: Account };
let last: Year;

/** The year form as the page posts it, from a draft (its rows in the page's field names). */
function yearForm(draft: YearDraft): URLSearchParams {
	const form = new URLSearchParams({ startsOn: draft.startsOn, endsOn: draft.endsOn });
	for (const p of draft.periods) {
		form.append('periodKind', p.kind);
		form.append('periodFrom', String(p.gradeFrom));
		form.append('periodTo', String(p.gradeTo));
		form.append('periodStart', p.startsOn);
		form.append('periodEnd', p.endsOn);
		form.append('periodDeadline', p.marksDeadline);
	}
	for (const h of draft.holidays) {
		form.append('holidayName', h.name);
		form.append('holidayStart', h.startsOn);
		form.append('holidayEnd', h.endsOn);
	}
	return form;
}

/** Years, periods, holidays and audit rows, to prove a refusal changed nothing. */
async function snapshot() {
	const [row] = await sql`select (select count(*) from school_year)::int as years, (select count(*) from period)::int as periods,
		(select count(*) from holiday)::int as holidays, (select count(*) from audit_log)::int as audits`;
	return row;
}

async function draftOf(who: Account, query = ''): Promise<{ draft: YearDraft; copiedFrom: string | null; years: Array<{ name: string }> }> {
	return (await as(who)).pageData(`/admin/year${query}`);
}

async function create(who: Account, draft: YearDraft): Promise<{ status: number; text: string }> {
	const response = await (await as(who)).request('/admin/year?/create', { form: yearForm(draft) });
	return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
	school = await startEmptySchool({ TODAY: '2026-06-15' });
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	({ people, last } = await buildWorld(async (make) => {
		const last = await make.year({
			name: '2025/2026',
			periods: quarters(2025),
			holidays: [
				{ name: 'Осенние каникулы', startsOn: '2025-10-25', endsOn: '2025-11-04' },
				{ name: 'Зимние каникулы', startsOn: '2025-12-28', endsOn: '2026-01-11' },
				{ name: 'Весенние каникулы', startsOn: '2026-03-21', endsOn: '2026-03-29' },
				{ name: 'День Победы', startsOn: '2026-05-09', endsOn: '2026-05-09' }
			]
		});
		const people = {
			admin: await make.staff('Сидорова Нина Павловна', ['admin'], { login: 'admin' }),
			director: await make.staff('Ковалёв Игорь Петрович', ['director'], { login: 'director' }),
			teacher: await make.teacher('Петрова Анна Ивановна', { login: 'teacher' })
		};
		return { people, last };
	}));
}, 120_000);

afterAll(async () => {
	await school?.stop();
});

describe('R-5.3 the administrator creates the next school year from last year’s calendar', () => {
	test('only the administrator sees the years page and creates a year; others are refused and nothing changes', async () => {
		const before = await snapshot();
		for (const who of [people.director, people.teacher]) {
			expect((await (await as(who)).request('/admin/year')).status).toBe(403);
			const response = await (await as(who)).request('/admin/year?/create', { form: yearForm((await draftOf(people.admin)).draft) });
			expect(response.status).toBe(403);
		}
		expect(await snapshot()).toEqual(before);
	});

	test('the suggested draft is the year after the latest, with quarters, half-years and the usual breaks', async () => {
		const { draft, years, copiedFrom } = await draftOf(people.admin);
		expect(years.map((y) => y.name)).toEqual(['2025/2026']);
		expect(copiedFrom).toBeNull();
		expect([draft.startsOn, draft.endsOn]).toEqual(['2026-09-01', '2027-05-31']);
		expect(draft.periods.map((p) => p.kind)).toEqual(['quarter', 'quarter', 'quarter', 'quarter', 'half', 'half']);
	});

	test('copied to the same dates, last year’s calendar moves a year on', async () => {
		const { draft, copiedFrom } = await draftOf(people.admin, `?copy=${last.id}&mode=dates`);
		expect(copiedFrom).toBe('2025/2026');
		expect(last.periods[0].startsOn).toBe('2025-09-01');
		expect(draft.periods.map((p) => [p.startsOn, p.endsOn])).toEqual([
			['2026-09-01', '2026-10-24'],
			['2026-11-05', '2026-12-27'],
			['2027-01-12', '2027-03-20'],
			['2027-03-30', '2027-05-26']
		]);
	});

	test('a copied plan with a gap that is no break is refused in Russian and writes nothing', async () => {
		const { draft } = await draftOf(people.admin, `?copy=${last.id}&mode=weekdays`);
		const before = await snapshot();
		const broken = { ...draft, holidays: draft.holidays.filter((h) => h.name !== 'Осенние каникулы') };
		const response = await create(people.admin, broken);
		expect(response.status).toBe(400);
		expect(response.text).toContain('Дни между «1 четверть, 1–11 кл.» и «2 четверть, 1–11 кл.» (24.10.2026 — 03.11.2026) не покрыты каникулами');
		expect(await snapshot()).toEqual(before);
	});

	test('copied to the same weekdays, the year is created with its quarters and breaks, audited', async () => {
		const { draft } = await draftOf(people.admin, `?copy=${last.id}&mode=weekdays`);
		const response = await create(people.admin, draft);
		expect(response.status).toBe(200);
		expect(response.text).toContain('Учебный год 2026/2027 создан.');

		const [year] = await sql`select id, name, starts_on, ends_on from school_year where name = '2026/2027'`;
		expect(year).toMatchObject({ starts_on: '2026-09-01', ends_on: '2027-05-31' });
		const periods = await sql`select name, starts_on, ends_on, marks_deadline, grade_from, grade_to from period where year_id = ${year.id} order by starts_on`;
		expect(periods).toEqual([
			// Monday 01.09.2025 began last year; the new year begins on its own first day, and each quarter ends on the weekday it did (a Friday).
			{ name: '1 четверть', starts_on: '2026-09-01', ends_on: '2026-10-23', marks_deadline: '2026-10-22', grade_from: 1, grade_to: 11 },
			{ name: '2 четверть', starts_on: '2026-11-04', ends_on: '2026-12-26', marks_deadline: '2026-12-25', grade_from: 1, grade_to: 11 },
			{ name: '3 четверть', starts_on: '2027-01-11', ends_on: '2027-03-19', marks_deadline: '2027-03-18', grade_from: 1, grade_to: 11 },
			{ name: '4 четверть', starts_on: '2027-03-29', ends_on: '2027-05-25', marks_deadline: '2027-05-24', grade_from: 1, grade_to: 11 }
		]);
		const holidays = await sql`select name, starts_on, ends_on from holiday where year_id = ${year.id} order by starts_on`;
		expect(holidays.map((h) => [h.name, h.starts_on, h.ends_on])).toEqual([
			['Осенние каникулы', '2026-10-24', '2026-11-03'],
			['Зимние каникулы', '2026-12-27', '2027-01-10'],
			['Весенние каникулы', '2027-03-20', '2027-03-28'],
			['День Победы', '2027-05-09', '2027-05-09']
		]);
		const [audit] = await sql`select actor_id, action, new_value->>'name' as name from audit_log where entity = 'school_year' and entity_id = ${String(year.id)}`;
		expect(audit).toEqual({ actor_id: people.admin.id, action: 'year.create', name: '2026/2027' });
		expect((await draftOf(people.admin)).years.map((y) => y.name)).toEqual(['2026/2027', '2025/2026']);
	});

	test('the same year twice is refused in Russian and writes nothing', async () => {
		const { draft } = await draftOf(people.admin, `?copy=${last.id}&mode=dates`);
		const before = await snapshot();
		const response = await create(people.admin, draft);
		expect(response.status).toBe(400);
		expect(response.text).toContain('Даты пересекаются с учебным годом 2026/2027 (01.09.2026 — 31.05.2027).');
		expect(await snapshot()).toEqual(before);
	});
});
