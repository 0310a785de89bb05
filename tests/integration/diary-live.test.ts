/**
 * The open diary is live (X-LIVE, R-2.8): a lesson added over HTTP and a mark committed through the
 * live journal reach a parent's open diary stream at once, as a bare
 * «changed» the page answers by reading its data again; nobody else can listen to a pupil's diary.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cellKey } from '../../src/lib/domain/journal-doc';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { openJournal, sessionCookie } from '../helpers/collab';
import { addLessons, buildWorld, type Account, type Journal } from '../factories';

let school: TestSchool;
let base: string;
let as: SignedIn;
let w: { teacher: Account; mother: Account; otherParent: Account; pupil: Account; journal: Journal };

beforeAll(async () => {
	school = await startEmptySchool();
	base = school.server.url;
	as = signedIn(base);
	w = await buildWorld(async (make) => {
		const teacher = await make.teacher('Петрова Анна Ивановна', { login: 'uchitel1', password: 'teacher-pass-1' });
		const klass = await make.class({ grade: 7, letter: 'А' });
		const pupil = await make.student('Иванов Пётр Сергеевич', { class: klass, login: 'petr1', password: 'petr-pass-1' });
		const other = await make.student('Сидоров Олег Ильич', { class: klass });
		return {
			teacher,
			pupil,
			mother: await make.parent('Иванова Мария Петровна', { children: [pupil], login: 'mama1', password: 'mama-pass-1' }),
			otherParent: await make.parent('Сидорова Ольга Сергеевна', { children: [other], login: 'mama2', password: 'mama-pass-2' }),
			journal: await make.journal({ group: klass, subject: await make.subject('Алгебра'), teachers: [teacher] })
		};
	});
});

afterAll(async () => {
	await school?.stop();
});

/** A diary event stream as a browser's EventSource opens it: the events it has received so far. */
async function listen(who: Account, studentId: number): Promise<{ status: number; events: string[]; close: () => void; next: (what: string) => Promise<void> }> {
	const controller = new AbortController();
	const response = await fetch(`${base}/api/students/${studentId}/events`, { headers: { cookie: (await as(who)).cookieHeader(), accept: 'text/event-stream' }, signal: controller.signal });
	const events: string[] = [];
	const waiters: Array<() => void> = [];
	if (response.ok && response.body) {
		const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
		let buffer = '';
		void (async () => {
			try {
				for (;;) {
					const { value, done } = await reader.read();
					if (done) break;
					buffer += value;
					let end: number;
					while ((end = buffer.indexOf('\n\n')) >= 0) {
						const block = buffer.slice(0, end);
						buffer = buffer.slice(end + 2);
						const data = /^event: changed\ndata: (.*)$/m.exec(block);
						if (data) {
							events.push(JSON.parse(data[1]).what);
							waiters.splice(0).forEach((wake) => wake());
						}
					}
				}
			} catch {
				// Aborted by the test.
			}
		})();
	}
	return {
		status: response.status,
		events,
		close: () => controller.abort(),
		next: (what) =>
			new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no «${what}» event within 3 s (got ${events.join(', ') || 'none'})`)), 3000);
				const check = () => {
					if (events.includes(what)) {
						clearTimeout(timer);
						resolve();
					} else waiters.push(check);
				};
				check();
			})
	};
}

describe('X-LIVE a parent’s open diary hears what is committed for the pupil', () => {
	test('a lesson added and a mark typed in the live journal each reach the stream within seconds, and the diary then shows the mark', async () => {
		const stream = await listen(w.mother, w.pupil.id);
		expect(stream.status).toBe(200);
		const teacher = await as(w.teacher);
		const [lesson] = await addLessons(teacher, w.journal, ['2026-11-25']);
		await stream.next('lesson');

		const journal = await openJournal(base, await sessionCookie(base, w.teacher.login, w.teacher.password), w.journal.id);
		const id = journal.setCell(cellKey(lesson.id, w.pupil.id), { m: [5], a: null, c: null });
		await journal.until(() => journal.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'the ack');
		await stream.next('cell');
		journal.destroy();

		// The diary then reads the committed mark.
		const diary = await (await as(w.mother)).pageData<{ week: { days: Array<{ lessons: Array<{ marks: Array<{ value: number }> }> }> } }>(`/diary/${w.pupil.id}?week=2026-11-25`);
		expect(diary.week.days.flatMap((d) => d.lessons).flatMap((l) => l.marks.map((m) => m.value))).toEqual([5]);
		stream.close();
	});

	test('a refused edit tells nobody: nothing was committed', async () => {
		const stream = await listen(w.mother, w.pupil.id);
		const [lesson] = await addLessons(await as(w.teacher), w.journal, ['2026-11-26']);
		await stream.next('lesson');
		const journal = await openJournal(base, await sessionCookie(base, w.teacher.login, w.teacher.password), w.journal.id);
		const before = stream.events.length;
		const id = journal.setCell(cellKey(lesson.id, w.pupil.id), { m: [7], a: null, c: null });
		await journal.until(() => journal.messages.some((m) => m.type === 'reject' && m.id === id), 'the refusal');
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(stream.events.slice(before)).toEqual([]);
		journal.destroy();
		stream.close();
	});

	test('another family and a stranger cannot listen: 404 and 401', async () => {
		expect((await listen(w.otherParent, w.pupil.id)).status).toBe(404);
		const anonymous = await fetch(`${base}/api/students/${w.pupil.id}/events`, { headers: { accept: 'text/event-stream' } });
		expect(anonymous.status).toBe(401);
	});
});
