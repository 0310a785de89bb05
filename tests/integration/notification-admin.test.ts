/**
 * The administration's side of notifications: the hour of the daily digest set next to the
 * other school settings (validated in Russian, audited, read by the deliverer), and the page of how
 * the school's notifications were delivered in the last 7 days — counts by channel and state and
 * the latest failures with their error — which only the administration may open.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { digestHourOf } from '../../src/lib/server/db/notifications';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, type Account } from '../factories';

let school: TestSchool;
let as: SignedIn;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let w: { admin: Account; director: Account; teacher: Account; mother: Account; schoolId: number };

beforeAll(async () => {
	school = await startEmptySchool({ NOTICE_SCHEDULE_MS: 'off' });
	as = signedIn(school.server.url);
	sql = (await database()).sql;
	w = await buildWorld(async (make) => {
		const s = await make.school();
		await make.year();
		const klass = await make.class({ grade: 7, letter: 'А' });
		const pupil = await make.student('Иванов Пётр Сергеевич', { class: klass });
		return {
			schoolId: s.id,
			admin: await make.staff('Админова Ирина Петровна', ['admin'], { login: 'adm-delivery' }),
			director: await make.staff('Директорова Анна Львовна', ['director'], { login: 'dir-delivery' }),
			teacher: await make.teacher('Петрова Анна Ивановна', { login: 'teacher-delivery' }),
			mother: await make.parent('Иванова Елена Викторовна', { children: [pupil], login: 'mother-delivery' })
		};
	});
}, 60_000);

afterAll(async () => {
	await school?.stop();
});

describe('R-2.8 the hour of the daily digest', () => {
	test('R-2.8: a teacher may not set it; a wrong hour is refused in Russian and changes nothing', async () => {
		expect((await (await as(w.teacher)).request('/admin/grading?/digest', { form: { digestHour: '7' } })).status).toBe(403);
		const admin = await as(w.admin);
		for (const value of ['24', '-1', 'семь', '7.5', '']) {
			const response = await admin.request('/admin/grading?/digest', { form: { digestHour: value } });
			expect(response.status, value).toBe(400);
			expect(await response.text()).toContain('Час ежедневной сводки — целое число от 0 до 23');
		}
		expect(await digestHourOf(sql, w.schoolId)).toBeUndefined();
		expect((await admin.pageData<{ digestHour: number }>('/admin/grading')).digestHour).toBe(18);
	});

	test('R-2.8: the administrator sets 7: kept in the school’s settings, shown on the page, audited old → new', async () => {
		const admin = await as(w.admin);
		const saved = await admin.request('/admin/grading?/digest', { form: { digestHour: '7' } });
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain('Сохранено: час ежедневной сводки.');
		expect(await digestHourOf(sql, w.schoolId)).toBe(7);
		expect((await admin.pageData<{ digestHour: number }>('/admin/grading')).digestHour).toBe(7);
		const audit = await sql<{ old_value: unknown; new_value: unknown }[]>`select old_value, new_value from audit_log where action = 'settings.digest_hour'`;
		expect(audit).toEqual([{ old_value: { digestHour: 18 }, new_value: { digestHour: 7 } }]);
	});
});

type Delivery = {
	rows: Array<{ channel: string; sent: number; waiting: number; failed: number; skipped: number }>;
	product: { made: number; read: number };
	failures: Array<{ channel: string; personName: string; kind: string; error: string }>;
};

describe('R-2.8 the delivery state for the administration', () => {
	test('R-2.8: a teacher and a parent may not open it', async () => {
		expect((await (await as(w.teacher)).request('/admin/notifications')).status).toBe(403);
		expect((await (await as(w.mother)).request('/admin/notifications')).status).toBe(403);
	});

	test('R-2.8: the last 7 days by channel and state, and the latest failure with its error; older ones are not counted', async () => {
		const row = (state: { email: string; push: string; read?: boolean; error?: string; daysAgo?: number }) => sql`
			insert into notification (school_id, person_id, kind, title, body, link, email_state, email_error, push_state, push_error, read_at, created_at)
			values (${w.schoolId}, ${w.mother.id}, 'mark', 'Оценка', '5', '/', ${state.email}, ${state.email === 'failed' ? (state.error ?? null) : null},
				${state.push}, ${state.push === 'failed' ? (state.error ?? null) : null}, ${state.read ? new Date() : null}, now() - make_interval(days => ${state.daysAgo ?? 0}))`;
		await row({ email: 'sent', push: 'sent', read: true });
		await row({ email: 'sent', push: 'none' });
		await row({ email: 'pending', push: 'pending' });
		await row({ email: 'digest', push: 'skipped' });
		await row({ email: 'failed', push: 'none', error: '550 5.1.1 mailbox unavailable' });
		await row({ email: 'skipped', push: 'failed', error: 'HTTP 400: bad request' });
		await row({ email: 'failed', push: 'failed', error: 'old', daysAgo: 9 });
		const page = await (await as(w.admin)).pageData<Delivery>('/admin/notifications');
		expect(page.rows).toEqual([
			{ channel: 'Письма (e-mail)', sent: 2, waiting: 2, failed: 1, skipped: 1 },
			{ channel: 'На телефон (push)', sent: 1, waiting: 1, failed: 1, skipped: 1 }
		]);
		expect(page.product).toEqual({ made: 6, read: 1 });
		expect(page.failures.slice(0, 2).map((f) => f.error).sort()).toEqual(['550 5.1.1 mailbox unavailable', 'HTTP 400: bad request']);
		expect(page.failures[0]).toMatchObject({ personName: 'Иванова Елена Викторовна', kind: 'Оценки и оценки за период' });
		// The director, of the administration, may look too.
		expect((await (await as(w.director)).request('/admin/notifications')).status).toBe(200);
	});
});
