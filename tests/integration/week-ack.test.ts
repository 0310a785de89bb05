/**
 * «Ознакомлен» through the real diary page (R-4.3.5, X-AUDIT): a parent confirms having seen a week
 * of their child's diary, once; the class teacher sees who has on the class page; nobody else can
 * sign it, and a week not begun cannot be.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, type Account, type Klass } from '../factories';

let school: TestSchool;
let as: SignedIn;
let w: { mother: Account; father: Account; otherParent: Account; pupil: Account; classTeacher: Account; klass: Klass };

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const classTeacher = await make.teacher('Классова Нина Олеговна', { login: 'klass1', password: 'klass-pass-1' });
		const klass = await make.class({ grade: 5, letter: 'А', classTeacher });
		const pupil = await make.student('Сидоров Иван Петрович', { class: klass, login: 'ivan1', password: 'ivan-pass-1' });
		const other = await make.student('Петров Олег Ильич', { class: klass });
		return {
			classTeacher,
			klass,
			pupil,
			mother: await make.parent('Сидорова Анна Павловна', { children: [pupil], login: 'mama1', password: 'mama-pass-1' }),
			father: await make.parent('Сидоров Пётр Ильич', { children: [pupil], login: 'papa1', password: 'papa-pass-1' }),
			otherParent: await make.parent('Петрова Ольга Сергеевна', { children: [other], login: 'mama2', password: 'mama-pass-2' })
		};
	});
});

afterAll(async () => {
	await school?.stop();
});

const ack = async (who: Account, week: string) => {
	const response = await (await as(who)).request(`/diary/${w.pupil.id}?/ack`, { form: { week } });
	return { status: response.status, html: await response.text() };
};
const rows = async () => (await database()).sql<{ parent_id: number; week_monday: string }[]>`select parent_id, week_monday from diary_week_ack where student_id = ${w.pupil.id} order by acked_at`;

describe('R-4.3.5 a parent confirms having seen the week', () => {
	test('the mother confirms this week (today Friday 27.11): stored once under its Monday, audited, shown to her and on the class page', async () => {
		const first = await ack(w.mother, '2026-11-25');
		expect(first.status).toBe(200);
		expect(first.html).toContain('Вы подтвердили');
		expect(await ack(w.mother, '2026-11-27')).toMatchObject({ status: 200 });
		expect(await rows()).toEqual([{ parent_id: w.mother.id, week_monday: '2026-11-23' }]);
		const audit = await (await database()).sql`select actor_id, entity_id from audit_log where action = 'week.ack'`;
		expect(audit).toEqual([{ actor_id: w.mother.id, entity_id: `${w.pupil.id}:2026-11-23` }]);

		const classPage = await (await as(w.classTeacher)).request(`/class/${w.klass.id}`);
		const html = await classPage.text();
		expect(html).toContain('✓ Сидорова Анна Павловна');
		// The father has not confirmed: the button is his to press.
		const fathers = await (await as(w.father)).request(`/diary/${w.pupil.id}`);
		const page = await fathers.text();
		expect(page).toContain('Сидорова Анна Павловна подтвердил(а)');
		expect(page).toContain('Ознакомлен(а) с неделей');
	});

	test('a week not begun, or not a date, is refused with a message and stores nothing', async () => {
		const future = await ack(w.father, '2026-12-01');
		expect(future.status).toBe(400);
		expect(future.html).toContain('Эта неделя ещё не началась');
		const garbage = await ack(w.father, '2026-02-30');
		expect(garbage.status).toBe(400);
		expect(garbage.html).toContain('ГГГГ-ММ-ДД');
		expect((await rows()).filter((r) => r.parent_id === w.father.id)).toEqual([]);
	});

	test('the pupil and the class teacher see the diary but cannot sign it (403); another child’s parent does not see it (404)', async () => {
		const pupil = await ack(w.pupil, '2026-11-23');
		expect(pupil.status).toBe(403);
		const teacher = await ack(w.classTeacher, '2026-11-23');
		expect(teacher.status).toBe(403);
		expect(teacher.html).toContain('Ознакомление с неделей подтверждает родитель ученика.');
		expect((await ack(w.otherParent, '2026-11-23')).status).toBe(404);
		expect((await rows()).map((r) => r.parent_id)).toEqual([w.mother.id]);
	});
});
