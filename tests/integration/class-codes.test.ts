/**
 * A class's activation codes at once through the real server (R-4.1.5, R-4.3.9, X-AUDIT): the
 * class teacher prints a PDF of slips — each pupil and parent without an account, with the code,
 * where to go and until when — read back from the PDF (pdf.js) in Cyrillic; a code from the paper
 * activates; «отозвать все» on the class page makes the rest useless. Nobody outside the class
 * prints its codes, and every code is in the audit log.
 *
 * The world: 5А (class teacher Классова) — Сидоров Иван and Петрова Анна (who has an account),
 * their mother Сидорова (no account), Жуков who left; Орлов, the father of Иван and of a 6А pupil.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { database } from '../../src/lib/server/db/client';
import { Client, signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, onDay, type Account, type Klass, type Person } from '../factories';

let school: TestSchool;
let as: SignedIn;
let sql: Awaited<ReturnType<typeof database>>['sql'];
let w: { admin: Account; classTeacher: Account; otherClassTeacher: Account; fifth: Klass; ivan: Person; anna: Account; mother: Person; father: Person; zhukov: Person };

/** The text of a PDF, as a reader's copy-and-paste would give it, page after page. */
async function textOf(pdf: Uint8Array): Promise<string> {
	const document = await getDocument({ data: pdf, useSystemFonts: false, isEvalSupported: false }).promise;
	const pages: string[] = [];
	for (let n = 1; n <= document.numPages; n++) {
		const content = await (await document.getPage(n)).getTextContent();
		pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	await document.destroy();
	return pages.join(' ').replace(/\s+/g, ' ');
}

async function printCodes(by: Account) {
	const response = await (await as(by)).request(`/class/${w.fifth.id}/codes-pdf`, { method: 'POST', form: {} });
	return { status: response.status, type: response.headers.get('content-type'), body: new Uint8Array(await response.arrayBuffer()) };
}

const CODES = /[A-Z0-9]{5}-[A-Z0-9]{5}/g;

/** The code printed on the slip that starts with these words. */
function codeAfter(text: string, words: string): string {
	const found = new RegExp(`${words}.*?([A-Z0-9]{5}-[A-Z0-9]{5})`).exec(text);
	expect(found, words).not.toBeNull();
	return found![1];
}

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	sql = (await database()).sql;
	w = await buildWorld(async (make) => {
		await make.school({ name: 'МБОУ «Гимназия № 7»', shortName: 'Гимназия № 7' });
		await make.year();
		const admin = await make.staff('Админова Ирина Петровна', ['admin'], { login: 'admin1' });
		const classTeacher = await make.teacher('Классова Нина Олеговна', { login: 'klass1' });
		const otherClassTeacher = await make.teacher('Шестова Мария Ивановна', { login: 'klass2' });
		const fifth = await make.class({ grade: 5, letter: 'А', classTeacher });
		const sixth = await make.class({ grade: 6, letter: 'А', classTeacher: otherClassTeacher });
		const ivan = await make.student('Сидоров Иван Петрович', { class: fifth });
		const anna = await make.student('Петрова Анна Ильинична', { class: fifth, login: 'anna1' });
		const zhukov = await make.student('Жуков Антон Олегович', { class: fifth, to: '2026-10-30' });
		const elder = await make.student('Орлов Павел Ильич', { class: sixth });
		return {
			admin,
			classTeacher,
			otherClassTeacher,
			fifth,
			ivan,
			anna,
			zhukov,
			mother: await make.parent('Сидорова Ёлка Андреевна', { children: [ivan, anna] }),
			father: await make.parent('Орлов Илья Петрович', { children: [ivan, elder] })
		};
	});
});

afterAll(async () => {
	await school?.stop();
});

describe('R-4.3.9, R-4.1.5 the codes of a whole class, printed as slips', () => {
	let firstText = '';

	test('R-4.3.9: the class teacher prints slips for the pupils and parents of the class without an account, in Cyrillic, with where to go and until when', async () => {
		const printed = await printCodes(w.classTeacher);
		expect(printed.status).toBe(200);
		expect(printed.type).toBe('application/pdf');
		const text = await textOf(printed.body);
		expect(text).toContain('МБОУ «Гимназия № 7»');
		expect(text).toContain('Сидоров Иван Петрович');
		expect(text).toContain('ученик(-ца) 5А класса');
		// The mother's slip names both her children in the class.
		expect(text).toContain('Сидорова Ёлка Андреевна');
		expect(text).toContain('родитель: Петрова Анна Ильинична, Сидоров Иван Петрович');
		expect(text).toContain(`${school.server.url}/activate`);
		expect(text).toMatch(/действует до \d\d\.\d\d\.\d{4}/);
		// Not Анна (she has an account), not Жуков (he left), not Орлов (his other child is in 6А: the administrator's).
		expect(text).not.toContain('Петрова Анна Ильинична ученик');
		expect(text).not.toContain('Жуков');
		expect(text).not.toContain('Орлов Илья');
		firstText = text;
		expect(text.match(CODES)).toHaveLength(2);
		const [audited] = await sql`select count(*)::int as n from audit_log where entity = 'activation_code' and action = 'issue' and actor_id = ${w.classTeacher.id}`;
		expect(audited.n).toBe(2);
	});

	test('R-3.1: a code read from the paper activates the mother; her account reaches her children', async () => {
		const client = new Client(school.server.url);
		const response = await client.request('/activate', { form: { code: codeAfter(firstText, 'Сидорова Ёлка Андреевна'), login: 'elka', password: 'elka-pass-12', repeat: 'elka-pass-12' } });
		expect(response.status).toBe(303);
		expect((await new Client(school.server.url).signIn('elka', 'elka-pass-12')).status).toBe(303);
		const [account] = await sql`select person_id from account where login = 'elka'`;
		expect(account.person_id).toBe(w.mother.id);
	});

	test('R-4.1.5: the administrator reprints: the old unused code stops working, the page shows who holds a code until when', async () => {
		const printed = await printCodes(w.admin);
		expect(printed.status).toBe(200);
		const text = await textOf(printed.body);
		expect(text).toContain('Орлов Илья Петрович');
		expect(text).not.toContain('Сидорова Ёлка');
		expect(text.match(CODES)).toHaveLength(2);
		const refused = await new Client(school.server.url).request('/activate', { form: { code: codeAfter(firstText, 'Сидоров Иван Петрович ученик'), login: 'ivan.s', password: 'ivan-pass-123', repeat: 'ivan-pass-123' } });
		expect(refused.status).toBe(400);
		const page = await (await as(w.admin)).pageData<{ codesPending: number; notActivated: number; roster: Array<{ studentId: number; codeUntil: string | null }> }>(`/class/${w.fifth.id}`);
		expect(page.codesPending).toBe(2);
		expect(page.notActivated).toBe(2);
		expect(page.roster.find((s) => s.studentId === w.ivan.id)?.codeUntil).toMatch(/^\d{4}-\d\d-\d\d/);
		(globalThis as { reprinted?: string[] }).reprinted = text.match(CODES) ?? [];
	});

	test('R-4.3.9: «отозвать все» on the class page revokes every unused code of the class, audited', async () => {
		const response = await (await as(w.classTeacher)).request(`/class/${w.fifth.id}?/revokeClass`, { form: {} });
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('Отозвано кодов активации класса: 1');
		// Орлов's code is the administrator's to revoke (his other child is in 6А): it stays.
		const admin = await (await as(w.admin)).request(`/class/${w.fifth.id}?/revokeClass`, { form: {} });
		expect(await admin.text()).toContain('Отозвано кодов активации класса: 1');
		for (const code of (globalThis as { reprinted?: string[] }).reprinted ?? []) {
			const refused = await new Client(school.server.url).request('/activate', { form: { code, login: `x${code.slice(0, 4).toLowerCase()}`, password: 'some-pass-123', repeat: 'some-pass-123' } });
			expect(refused.status).toBe(400);
		}
		const [audited] = await sql`select count(*)::int as n from audit_log where entity = 'activation_code' and action = 'revoke'`;
		expect(audited.n).toBe(2);
	});

	test('nobody outside the class prints or revokes its codes', async () => {
		expect((await printCodes(w.otherClassTeacher)).status).toBe(404);
		expect((await printCodes(w.anna)).status).toBe(404);
		expect((await (await as(w.otherClassTeacher)).request(`/class/${w.fifth.id}?/revokeClass`, { form: {} })).status).toBe(404);
		const [before] = await sql`select count(*)::int as n from activation_code`;
		expect(before.n).toBe(4);
	});
});

describe('R-4.3.7 profile data checked at least monthly', () => {
	interface Due {
		profilesDue: Array<{ personId: number; fullName: string; role: string; verifiedOn: string | null }> | null;
	}
	const due = async (who: Account) => ((await (await as(who)).pageData<Due>(`/class/${w.fifth.id}`)).profilesDue ?? []).map((p) => p.fullName);
	const confirm = async (who: Account, personId: number) => (await as(who)).request(`/class/${w.fifth.id}?/confirmProfile`, { form: { personId: String(personId) } });

	test('R-4.3.7: the class page lists the pupils and parents never checked; «данные верны» records today, audited, for a month', async () => {
		expect(await due(w.classTeacher)).toEqual(['Петрова Анна Ильинична', 'Сидорова Ёлка Андреевна', 'Сидоров Иван Петрович', 'Орлов Илья Петрович']);
		const response = await confirm(w.classTeacher, w.ivan.id);
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('Сидоров Иван Петрович: данные выверены 27.11.2026.');
		expect(await due(w.classTeacher)).not.toContain('Сидоров Иван Петрович');
		const [row] = await sql`select profile_verified_on from person where id = ${w.ivan.id}`;
		expect(row.profile_verified_on).toBe('2026-11-27');
		const [audited] = await sql`select actor_id, new_value from audit_log where action = 'profile.verify' and entity_id = ${String(w.ivan.id)}`;
		expect(audited.actor_id).toBe(w.classTeacher.id);
		// A month and a day later it is due again.
		await onDay('2026-12-28', async () => expect(await due(w.classTeacher)).toContain('Сидоров Иван Петрович'));
	});

	test('someone outside the class, or outside its families, is refused and nothing changes', async () => {
		expect((await confirm(w.classTeacher, w.otherClassTeacher.id)).status).toBe(400);
		expect((await confirm(w.classTeacher, w.zhukov.id)).status).toBe(400);
		expect((await confirm(w.otherClassTeacher, w.mother.id)).status).toBe(404);
		expect((await (await as(w.otherClassTeacher)).request(`/class/${w.fifth.id}`)).status).toBe(404);
		const [row] = await sql`select profile_verified_on from person where id = ${w.mother.id}`;
		expect(row.profile_verified_on).toBeNull();
	});
});
