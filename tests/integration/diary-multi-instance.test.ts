/**
 * The live diary and inbox across instances (X-LIVE, ARCHITECTURE decision 6 and 8): a mark committed
 * through the live journal on instance A reaches a parent's diary stream open on instance B (through
 * Redis), and B's diary then reads it from the shared tables; a message sent on A lights the
 * parent's badge on B. Runs on the postgres back-end only
 * (pglite cannot be shared by processes), like the other multi-instance tests.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cellKey, DOC_MAPS, type DocLesson } from '../../src/lib/domain/journal-doc';
import { openJournal, sessionCookie, type JournalClient } from '../helpers/collab';
import { onPostgres } from '../helpers/database';
import type { ChildServer } from '../helpers/process';
import { missingForInstances, sharedDatabase, type SharedDatabase } from '../helpers/instances';

const missing = onPostgres ? await missingForInstances() : ['the postgres back-end'];
const underCi = process.env.CI === 'true' && onPostgres;

let shared: SharedDatabase;
let a: ChildServer;
let b: ChildServer;
let teacherOnA: string;
let parentOnB: string;
let journalId: number;
let childId: number;
let journal: JournalClient;

/** A change stream as a browser's EventSource opens it (a pupil's diary, or `/api/me/events`: one's inbox), on one instance: the events so far. */
async function listen(base: string, cookie: string, of: number | 'inbox') {
	const controller = new AbortController();
	const response = await fetch(`${base}${of === 'inbox' ? '/api/me/events' : `/api/students/${of}/events`}`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
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
						const data = /^event: changed\ndata: (.*)$/m.exec(buffer.slice(0, end));
						buffer = buffer.slice(end + 2);
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
		/** Resolves when an event of this kind has arrived, within `ms`. */
		next: (what: string, ms = 3000) =>
			new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no «${what}» event within ${ms} ms (got ${events.join(', ') || 'none'})`)), ms);
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

beforeAll(async () => {
	if (missing.length > 0) {
		if (underCi) throw new Error(`Several instances need ${missing.join(' and ')}; under CI=true this is a failure, not a skip.`);
		return;
	}
	shared = await sharedDatabase();
	a = await shared.start();
	b = await shared.start();
	// The demo school's mathematics teacher, and the demo parent: a journal of hers with one of the parent's children.
	teacherOnA = await sessionCookie(a.url, 'uchitel');
	parentOnB = await sessionCookie(b.url, 'roditel');
	const teacher = await (await fetch(`${a.url}/api/me`, { headers: { cookie: teacherOnA } })).json();
	const parent = await (await fetch(`${b.url}/api/me`, { headers: { cookie: parentOnB } })).json();
	const [row] = await shared.sql<{ journal_id: number; student_id: number }[]>`
		select j.id as journal_id, gm.student_id from journal j join group_member gm on gm.group_id = j.group_id
		where j.id = any(${teacher.journalIds}) and gm.student_id = any(${parent.childIds}) and gm.to_on is null
		order by j.id, gm.student_id limit 1`;
	if (!row) throw new Error('the demo school has no journal of «uchitel» with a child of «roditel»');
	({ journal_id: journalId, student_id: childId } = row);
	journal = await openJournal(a.url, teacherOnA, journalId);
}, 180_000);

afterAll(async () => {
	journal?.destroy();
	await shared?.close();
});

describe.skipIf(missing.length > 0 && !underCi)('two instances: the live diary', () => {
	test('X-LIVE a mark committed on instance A reaches the diary open on instance B within a second, and B reads it', async () => {
		const stream = await listen(b.url, parentOnB, childId);
		expect(stream.status).toBe(200);
		try {
			// This week's latest lesson of the journal where the child's cell is still empty.
			const lesson = [...journal.doc.getMap(DOC_MAPS.lessons).values()]
				.map((l) => l as DocLesson)
				.filter((l) => l.date >= '2026-11-23' && l.date <= '2026-11-27' && !journal.cells.has(cellKey(l.id, childId)))
				.sort((x, y) => y.date.localeCompare(x.date))[0];
			expect(lesson, 'a lesson this week with the child’s cell empty').toBeDefined();
			const before = stream.events.length;
			const id = journal.setCell(cellKey(lesson.id, childId), { m: [2], a: null, c: 'Не сдал работу' });
			await journal.until(() => journal.messages.some((m) => m.type === 'ack' && m.ids.includes(id)), 'the ack on A');
			const acked = performance.now();
			await stream.next('cell', 1000);
			expect(performance.now() - acked).toBeLessThan(1000);
			expect(stream.events.slice(before)).toEqual(['cell']);

			// B's diary reads the committed mark with its comment from the shared tables.
			const data = await fetch(`${b.url}/diary/${childId}/__data.json?week=${lesson.date}`, { headers: { cookie: parentOnB } });
			expect(data.status).toBe(200);
			const text = await data.text();
			expect(text).toContain('Не сдал работу');
		} finally {
			stream.close();
		}
	});

	test('R-2.8, X-LIVE a message a teacher sends on A reaches the parent’s open inbox on B within a second, and B lists it', async () => {
		const inbox = await listen(b.url, parentOnB, 'inbox');
		expect(inbox.status).toBe(200);
		try {
			const parent = await (await fetch(`${b.url}/api/me`, { headers: { cookie: parentOnB } })).json();
			const sent = await fetch(`${a.url}/messages?/send`, {
				method: 'POST',
				headers: { cookie: teacherOnA, 'content-type': 'application/x-www-form-urlencoded', origin: a.url, accept: 'text/html' },
				body: new URLSearchParams({ to: `person:${parent.personId}`, subject: 'Контрольная', body: 'Контрольная по алгебре переносится на среду.' }),
				redirect: 'manual'
			});
			expect(sent.status, await sent.clone().text()).toBe(303);
			const at = performance.now();
			await inbox.next('message', 1000);
			expect(performance.now() - at).toBeLessThan(1000);
			const box = await fetch(`${b.url}/messages/__data.json`, { headers: { cookie: parentOnB } });
			expect(await box.text()).toContain('Контрольная по алгебре переносится на среду.');
		} finally {
			inbox.close();
		}
	});

	test('X-LIVE a lesson added over HTTP on B reaches a diary open on A', async () => {
		const parentOnA = await sessionCookie(a.url, 'roditel');
		const stream = await listen(a.url, parentOnA, childId);
		try {
			const teacherOnB = await sessionCookie(b.url, 'uchitel');
			const added = await fetch(`${b.url}/api/journals/${journalId}/lessons`, {
				method: 'POST',
				headers: { cookie: teacherOnB, 'content-type': 'application/json', accept: 'application/json', origin: b.url },
				body: JSON.stringify({ date: '2026-11-28', topic: 'Повторение' })
			});
			expect(added.status, await added.clone().text()).toBe(201);
			await stream.next('lesson', 1000);
		} finally {
			stream.close();
		}
	});
});
