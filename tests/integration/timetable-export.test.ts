/**
 * The timetable leaves the page and reaches people, through the real server: the deputy downloads
 * 7А's week and the whole school's as PDF (the text read back with pdf.js holds the class's lessons
 * with the bell times); a teacher's week is an iCalendar file for a phone — one event per lesson
 * they take, at the school's bell time in its time zone, with the room, a replacement and a
 * cancellation applied; a replacement notifies the substitute, the journal's teacher and the
 * class's parents in the product, and nobody of the other class.
 *
 * The world: the year 2026/2027; today is Friday 27.11.2026; bells 08:30, 09:25, 10:30 in Yekaterinburg time; 7А's
 * mathematics (Петрова, room 21) Monday to Friday; 7Б's mathematics (Кузнецова, room 23) on Monday.
 * The changes are made for the week of 30.11.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { database } from '../../src/lib/server/db/client';
import { signedIn, type SignedIn, startEmptySchool, type TestSchool } from '../helpers/server';
import { buildWorld, type Account, type Journal, type Person } from '../factories';

let school: TestSchool;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let as: SignedIn;
let w: {
	deputy: Account;
	anna: Account;
	boris: Account;
	galina: Account;
	maths: Journal;
	mathsB: Journal;
	classA: number;
	ivanov: Person;
	mother: Account;
	father: Account;
};

/** The text of each page of a PDF, as a reader's copy-and-paste would give it. */
async function pagesOf(pdf: Uint8Array): Promise<string[]> {
	const document = await getDocument({ data: pdf, useSystemFonts: false, isEvalSupported: false }).promise;
	const pages: string[] = [];
	for (let n = 1; n <= document.numPages; n++) {
		const content = await (await document.getPage(n)).getTextContent();
		pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' '));
	}
	await document.destroy();
	return pages;
}

async function post(who: Account, action: string, form: Record<string, string>): Promise<{ status: number; text: string }> {
	const response = await (await as(who)).request(`/timetable?/${action}`, { form });
	return { status: response.status, text: await response.text() };
}

/** The VEVENTs of an .ics text, each as its unfolded property lines. */
function eventsOf(ics: string): Array<Record<string, string>> {
	const lines = ics.replace(/\r\n[ \t]/g, '').split(/\r\n/);
	const events: Array<Record<string, string>> = [];
	let current: Record<string, string> | null = null;
	for (const line of lines) {
		if (line === 'BEGIN:VEVENT') current = {};
		else if (line === 'END:VEVENT' && current) {
			events.push(current);
			current = null;
		} else if (current) {
			const colon = line.indexOf(':');
			current[line.slice(0, colon)] = line.slice(colon + 1);
		}
	}
	return events;
}

beforeAll(async () => {
	school = await startEmptySchool();
	sql = (await database()).sql;
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const year = await make.year();
		const bells = [
			{ lesson: 1, start: '08:30', end: '09:15' },
			{ lesson: 2, start: '09:25', end: '10:10' },
			{ lesson: 3, start: '10:30', end: '11:15' }
		];
		await make.tx`update school set settings = coalesce(settings, '{}'::jsonb) || (${JSON.stringify({ bells, timezone: 'Asia/Yekaterinburg' })}::text)::jsonb where id = ${year.schoolId}`;
		const a = await make.class({ grade: 7, letter: 'А' });
		const b = await make.class({ grade: 7, letter: 'Б' });
		const maths = await make.subject('Математика');
		const anna = await make.teacher('Петрова Анна Ивановна', { login: 'anna-x' });
		const galina = await make.teacher('Кузнецова Галина Андреевна', { login: 'galina-x' });
		const ivanov = await make.student('Иванов Пётр Сергеевич', { class: a });
		const petrov = await make.student('Петров Олег Ильич', { class: b });
		return {
			deputy: await make.staff('Орлова Нина Павловна', ['deputy'], { login: 'zavuch-x' }),
			anna,
			galina,
			boris: await make.teacher('Смирнов Борис Олегович', { login: 'boris-x' }),
			maths: await make.journal({ group: a, subject: maths, teachers: [anna] }),
			mathsB: await make.journal({ group: b, subject: maths, teachers: [galina] }),
			classA: a.id,
			ivanov,
			mother: await make.parent('Иванова Мария Петровна', { children: [ivanov], login: 'mama-x' }),
			father: await make.parent('Петров Илья Олегович', { children: [petrov], login: 'papa-x' })
		};
	});
	for (const [weekday, lessonNo] of [[1, 1], [2, 2], [3, 2], [4, 3], [5, 3]]) {
		const added = await post(w.deputy, 'add', { journalId: String(w.maths.id), weekday: String(weekday), lessonNo: String(lessonNo), room: '21', parity: '0' });
		expect(added.text).toContain('Урок добавлен в расписание');
	}
	expect((await post(w.deputy, 'add', { journalId: String(w.mathsB.id), weekday: '1', lessonNo: '2', room: '23', parity: '0' })).text).toContain('Урок добавлен в расписание');
}, 120_000);

afterAll(async () => {
	await school?.stop();
});

describe('R-4.5.2 R-4.1.7 the timetable as PDF and on a phone; its changes reach the people concerned', () => {
	test('R-4.5.2: the PDF of 7А’s week holds its lessons with rooms, teacher and bell times; the school’s has a page per class; a parent gets none', async () => {
		const deputy = await as(w.deputy);
		const response = await deputy.request(`/timetable/pdf?class=${w.classA}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		const [page, ...more] = await pagesOf(new Uint8Array(await response.arrayBuffer()));
		expect(more).toHaveLength(0);
		expect(page).toContain('Расписание 7А');
		expect(page).toContain('Математика');
		expect(page).toContain('Петрова Анна Ивановна');
		expect(page).toMatch(/каб\. ?21/);
		expect(page).toMatch(/08:30– ?09:15/);
		expect(page).not.toContain('Кузнецова');
		expect(page.match(/Математика/g)).toHaveLength(5);

		const whole = await pagesOf(new Uint8Array(await (await deputy.request('/timetable/pdf?school=1')).arrayBuffer()));
		expect(whole).toHaveLength(2);
		expect(whole[1]).toContain('Расписание 7Б');
		expect(whole[1]).toContain('Кузнецова Галина Андреевна');

		expect((await (await as(w.mother)).request(`/timetable/pdf?class=${w.classA}`)).status).toBe(403);
	});

	test('R-4.1.7, R-2.8: a replacement notifies the substitute, the journal’s teacher and the class’s parents — not the other class’s', async () => {
		const replaced = await post(w.deputy, 'change', { journalId: String(w.maths.id), kind: 'replace', date: '2026-12-02', lessonNo: '2', teacherId: String(w.boris.id), reason: 'Курсы повышения квалификации' });
		expect(replaced.status).toBe(200);
		const rows = await sql<{ person_id: number; title: string; body: string; link: string }[]>`
			select person_id, title, body, link from notification where kind = 'timetable' order by person_id`;
		expect(rows.map((r) => r.person_id).sort((x, y) => x - y)).toEqual([w.anna.id, w.boris.id, w.mother.id].sort((x, y) => x - y));
		const forMother = rows.find((r) => r.person_id === w.mother.id)!;
		expect(forMother.title).toBe('Замена: 7А, Математика');
		expect(forMother.body).toBe('02.12.2026, 2-й урок: урок ведёт Смирнов Борис Олегович. Причина: Курсы повышения квалификации');
		expect(forMother.link).toBe(`/diary/${w.ivanov.id}/timetable?week=2026-11-30`);
		expect(rows.find((r) => r.person_id === w.boris.id)!.link).toBe(`/journal/${w.maths.id}`);
		// Nothing for 7Б's father, nor for the deputy who made the change; the mother's badge counts it.
		expect(rows.some((r) => r.person_id === w.father.id || r.person_id === w.deputy.id)).toBe(false);
		const mother = await as(w.mother);
		const notifications = await mother.pageData<{ notifications: Array<{ title: string }> }>('/notifications');
		expect(JSON.stringify(notifications)).toContain('Замена: 7А, Математика');

		// A cancellation reaches them too, in the same way.
		const cancelled = await post(w.deputy, 'change', { journalId: String(w.maths.id), kind: 'cancel', date: '2026-12-04', lessonNo: '3', reason: 'Олимпиада' });
		expect(cancelled.status).toBe(200);
		const cancels = await sql<{ person_id: number; body: string }[]>`select person_id, body from notification where kind = 'timetable' and title like 'Отмена%'`;
		expect(cancels.map((r) => r.person_id).sort((x, y) => x - y)).toEqual([w.anna.id, w.mother.id].sort((x, y) => x - y));
		expect(cancels[0].body).toBe('04.12.2026, 3-й урок: урока не будет. Причина: Олимпиада');
	});

	test('R-4.1.7: a change’s notification is read when its person opens the timetable, the child’s week or the journal it leads to — not before', async () => {
		const unread = async (personId: number) =>
			(await sql<{ n: number }[]>`select count(*)::int as n from notification where kind = 'timetable' and person_id = ${personId} and read_at is null`)[0].n;
		expect([await unread(w.mother.id), await unread(w.boris.id), await unread(w.anna.id)]).toEqual([2, 1, 2]);
		// Another page (the notifications list itself, the diary) reads nothing: only «прочитать все» did, until now.
		await (await as(w.mother)).pageData('/notifications');
		await (await as(w.mother)).pageData(`/diary/${w.ivanov.id}`);
		expect(await unread(w.mother.id)).toBe(2);

		// The parent opens the child's week (where the notification leads).
		await (await as(w.mother)).pageData(`/diary/${w.ivanov.id}/timetable?week=2026-11-30`);
		expect(await unread(w.mother.id)).toBe(0);
		// The substitute opens the timetable page: the week's changes are there.
		await (await as(w.boris)).pageData('/timetable?teacher=me');
		expect(await unread(w.boris.id)).toBe(0);
		// The journal's teacher follows the notification into the journal.
		expect(await unread(w.anna.id)).toBe(2);
		await (await as(w.anna)).pageData(`/journal/${w.maths.id}`);
		expect(await unread(w.anna.id)).toBe(0);
		// Nobody else's were touched.
		const others = await sql<{ n: number }[]>`select count(*)::int as n from notification where kind = 'timetable' and read_at is not null and person_id not in (${w.mother.id}, ${w.boris.id}, ${w.anna.id})`;
		expect(others[0].n).toBe(0);
	});

	test('R-4.1.7: a teacher’s week as .ics — an event per lesson they take at the bell time in the school’s zone, with the room; the replacement and the cancellation applied', async () => {
		const anna = await as(w.anna);
		const response = await anna.request('/timetable/ics?teacher=me&week=2026-12-01');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/calendar');
		const ics = await response.text();
		expect(ics).toContain('BEGIN:VCALENDAR');
		expect(ics).toContain('TZID:Asia/Yekaterinburg');
		const events = eventsOf(ics);
		// Monday, Tuesday and Thursday: Wednesday Смирнов takes, Friday is cancelled.
		expect(events.map((e) => e['DTSTART;TZID=Asia/Yekaterinburg'])).toEqual(['20261130T083000', '20261201T092500', '20261203T103000']);
		expect(events.map((e) => e['DTEND;TZID=Asia/Yekaterinburg'])).toEqual(['20261130T091500', '20261201T101000', '20261203T111500']);
		expect(events.every((e) => e.LOCATION === 'каб. 21')).toBe(true);
		expect(events[0].SUMMARY).toBe('1-й урок: 7А\\, Математика');

		const boris = (await (await as(w.deputy)).request(`/timetable/ics?teacher=${w.boris.id}&week=2026-11-30`)).text();
		const borisEvents = eventsOf(await boris);
		expect(borisEvents).toHaveLength(1);
		expect(borisEvents[0]['DTSTART;TZID=Asia/Yekaterinburg']).toBe('20261202T092500');
		expect(borisEvents[0].LOCATION).toBe('каб. 21');
		expect(borisEvents[0].SUMMARY).toBe('2-й урок: 7А\\, Математика (замена)');

		expect((await (await as(w.father)).request('/timetable/ics?teacher=me')).status).toBe(403);
	});
});
