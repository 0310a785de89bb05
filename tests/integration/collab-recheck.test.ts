/**
 * X-LIVE rights changed directly in the tables, with nobody announcing it, reach open live-journal
 * connections at the next periodic check (COLLAB_RECHECK_MS, here 300 ms): a teacher whose only
 * assignment is removed is closed with 4403, a blocked account with 4401.
 *
 * The world: 7А's algebra journal, taught by Петрова and Соколов, one student and a lesson on
 * 23.11.2026.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { cellKey } from '../../src/lib/domain/journal-doc';
import { Client, startEmptySchool, type TestSchool } from '../helpers/server';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';
import { addLesson, buildWorld, type Account, type Journal, type Person } from '../factories';

let school: TestSchool;
let w: { journal: Journal; teacher: Account; second: Account; student: Person };
let lessonId: number;

beforeAll(async () => {
	school = await startEmptySchool({ COLLAB_RECHECK_MS: '300' });
	w = await buildWorld(async (make) => {
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel' });
		const second = await make.teacher('Соколов Игорь Петрович', { login: 'sokolov' });
		const seventh = await make.class({ grade: 7, letter: 'А' });
		const student = await make.student('Иванов Пётр Сергеевич', { class: seventh });
		return { journal: await make.journal({ group: seventh, subject: await make.subject('Алгебра'), teachers: [teacher, second] }), teacher, second, student };
	});
	const client = new Client(school.server.url);
	expect((await client.signIn(w.teacher.login, w.teacher.password)).status).toBe(303);
	lessonId = (await addLesson(client, w.journal, '2026-11-23')).id;
});
afterAll(async () => school?.stop());

async function opened(who: Account): Promise<{ client: JournalClient; closed: Promise<number> }> {
	const client = await openJournal(school.server.url, await sessionCookie(school.server.url, who.login, who.password), w.journal.id);
	const closed = new Promise<number>((resolve) => client.provider.on('close', ({ event }: { event: { code: number } }) => resolve(event.code)));
	return { client, closed };
}

test('X-LIVE a teaching assignment removed in the tables closes the teacher’s open journal with 4403 at the next check', async () => {
	const { sql } = await database();
	const { client, closed } = await opened(w.second);
	const id = client.setCell(cellKey(lessonId, w.student.id), { m: [4], a: null, c: null });
	await client.until(() => client.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'an ack before the change');
	await sql`delete from journal_teacher where journal_id = ${w.journal.id} and teacher_id = ${w.second.id}`;
	expect(await closed).toBe(4403);
	client.destroy();
});

test('X-LIVE an account blocked in the tables is closed with 4401 at the next check', async () => {
	const { sql } = await database();
	const { client, closed } = await opened(w.teacher);
	await sql`update account set disabled_at = now() where person_id = ${w.teacher.id}`;
	expect(await closed).toBe(4401);
	client.destroy();
});
