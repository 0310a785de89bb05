/**
 * The class's week on paper through the real server (R-4.3.5, R-2.3): the class teacher downloads
 * one PDF with a page per pupil — the week's lessons with homework, each pupil's own marks with their
 * type of work, absences, the teacher's comment, the parents' confirmations and the signature
 * lines — in Cyrillic; the text read back from the PDF (pdf.js) holds each pupil's real marks.
 * Nobody outside the class reads it.
 *
 * The world (today Friday 27.11.2026): 5А, class teacher Классова, who also teaches mathematics;
 * Сидоров and Петров had two lessons this week; Жуков left the class last month.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { addLessons, buildWorld, fillCells, type Account, type Journal, type Klass } from '../factories';

let school: TestSchool;
let as: SignedIn;
let w: { classTeacher: Account; otherTeacher: Account; mother: Account; klass: Klass; maths: Journal; ivan: Account; oleg: { id: number } };

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

async function printout(who: Account, query = '') {
	const response = await (await as(who)).request(`/class/${w.klass.id}/week-pdf${query}`);
	return { status: response.status, type: response.headers.get('content-type'), body: new Uint8Array(await response.arrayBuffer()) };
}

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		await make.year();
		const classTeacher = await make.teacher('Классова Нина Олеговна', { login: 'klass1' });
		const otherTeacher = await make.teacher('Чужова Вера Ильинична', { login: 'chuzhova' });
		const klass = await make.class({ grade: 5, letter: 'А', classTeacher });
		const ivan = await make.student('Сидоров Иван Петрович', { class: klass, login: 'ivan1' });
		const oleg = await make.student('Петров Олег Ильич', { class: klass });
		await make.student('Жуков Антон Олегович', { class: klass, to: '2026-10-30' });
		return {
			classTeacher,
			otherTeacher,
			klass,
			ivan,
			oleg,
			mother: await make.parent('Сидорова Анна Павловна', { children: [ivan], login: 'mama1' }),
			maths: await make.journal({ group: klass, subject: await make.subject('Математика'), teachers: [classTeacher] })
		};
	});
	const teacher = await as(w.classTeacher);
	const [tuesday, thursday] = await addLessons(teacher, w.maths, [
		{ date: '2026-11-24', topic: 'Дроби', homework: '№ 412, 415' },
		{ date: '2026-11-26', topic: 'Сложение дробей', homework: 'Выучить правило' }
	]);
	await fillCells(school.server.url, teacher, w.maths, [
		{ lesson: tuesday, student: w.ivan, marks: [5, 4], comment: 'Молодец' },
		{ lesson: thursday, student: w.ivan, marks: [3] },
		{ lesson: tuesday, student: w.oleg, absence: 'б' },
		{ lesson: thursday, student: w.oleg, marks: [2] }
	]);
	const mother = await as(w.mother);
	expect((await mother.request(`/diary/${w.ivan.id}?/ack`, { form: { week: '2026-11-23' } })).status).toBe(200);
});

afterAll(async () => {
	await school?.stop();
});

describe('R-4.3.5, R-2.3 the class’s weekly printout', () => {
	test('the class teacher gets one PDF page per pupil with that pupil’s marks, absences, homework and signature lines, in Cyrillic', async () => {
		const { status, type, body } = await printout(w.classTeacher, '?week=2026-11-25');
		expect(status).toBe(200);
		expect(type).toBe('application/pdf');
		const pages = await pagesOf(body);
		// Roster order: Петров, then Сидоров; Жуков left before the week.
		expect(pages).toHaveLength(2);
		expect(pages.join(' ')).not.toContain('Жуков');
		const [oleg, ivan] = pages;
		expect(oleg).toContain('Петров Олег Ильич');
		expect(oleg).toContain('23.11.2026 — 28.11.2026');
		expect(oleg).toContain('За неделю: 1 оценка. Пропуски: 1 (б — 1).');
		expect(oleg).not.toContain('Сидоров');

		expect(ivan).toContain('Сидоров Иван Петрович');
		expect(ivan).toContain('Молодец');
		expect(ivan).toContain('За неделю: 3 оценки. Пропуски: нет.');
		expect(ivan).toContain('Ознакомлены в электронном дневнике: Сидорова Анна Павловна');
		expect(ivan).toContain('Подпись родителя');
		// The marks themselves, in lesson order: 5 and 4 (with the comment) on Tuesday, 3 on Thursday; Олег's 2 is not on Иван's page.
		// Each pupil's own marks by day, after the homework: 5 and 4 with the comment on Tuesday, 3 on Thursday; Олег's 2 is on his page.
		expect(ivan).toContain('Вторник, 24.11 Математика № 412, 415 5 , 4 · Молодец Четверг, 26.11 Математика Выучить правило 3 За неделю');
		expect(oleg).toContain('Вторник, 24.11 Математика № 412, 415 б Четверг, 26.11 Математика Выучить правило 2 За неделю');
	});

	test('one pupil’s page alone, and another week’s (empty) page', async () => {
		const one = await pagesOf((await printout(w.classTeacher, `?week=2026-11-27&student=${w.ivan.id}`)).body);
		expect(one).toHaveLength(1);
		expect(one[0]).toContain('Сидоров Иван Петрович');
		const before = await pagesOf((await printout(w.classTeacher, '?week=2026-11-16')).body);
		expect(before).toHaveLength(2);
		expect(before[1]).toContain('На этой неделе уроков не было.');
	});

	test('a teacher of another class and a parent do not get it (404); a bad week is refused with a message', async () => {
		expect((await printout(w.otherTeacher)).status).toBe(404);
		expect((await printout(w.mother)).status).toBe(404);
		const bad = await printout(w.classTeacher, '?week=2026-02-30');
		expect(bad.status).toBe(400);
		expect(new TextDecoder().decode(bad.body)).toContain('ГГГГ-ММ-ДД');
		expect((await printout(w.classTeacher, '?student=999999')).status).toBe(404);
	});
});
