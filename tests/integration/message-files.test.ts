/**
 * Files with messages and announcements (R-2.9, R-4.4.7, X-AUDIT), through the real pages: a file
 * sent to a group is stored once and every recipient downloads the same bytes; only the two people
 * of a conversation, or the readers of an announcement, may download it — anyone else gets 404; a
 * file of a kind the school does not take, or too many files, is refused in Russian and nothing is
 * written, not even the file on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { database } from '../../src/lib/server/db/client';
import { signedIn, startEmptySchool, type SignedIn, type TestSchool } from '../helpers/server';
import { buildWorld, type Account, type Klass, type Person } from '../factories';
import { JOURNAL_MESSAGES } from '../../src/lib/domain/journal-rules';
import { MESSAGES_TEXT } from '../../src/lib/domain/messages';

let school: TestSchool;
let as: SignedIn;
let w: { admin: Account; classTeacher: Account; klass: Klass; other: Klass; mother: Account; father: Account; otherParent: Account; pupil: Account; otherPupil: Person };

beforeAll(async () => {
	school = await startEmptySchool();
	as = signedIn(school.server.url);
	w = await buildWorld(async (make) => {
		const admin = await make.staff('Админова Ирина Петровна', ['admin'], { login: 'adm1', password: 'adm-pass-1' });
		const classTeacher = await make.teacher('Классова Нина Олеговна', { login: 'klass1', password: 'klass-pass-1' });
		const klass = await make.class({ grade: 7, letter: 'А', classTeacher });
		const other = await make.class({ grade: 5, letter: 'Б' });
		const pupil = await make.student('Сидоров Иван Петрович', { class: klass, login: 'ivan1', password: 'ivan-pass-1' });
		const pupil2 = await make.student('Петров Олег Ильич', { class: klass });
		const otherPupil = await make.student('Зайцев Максим Олегович', { class: other });
		return {
			admin,
			classTeacher,
			klass,
			other,
			pupil,
			otherPupil,
			mother: await make.parent('Сидорова Анна Павловна', { children: [pupil], login: 'mama1', password: 'mama-pass-1' }),
			father: await make.parent('Петров Илья Сергеевич', { children: [pupil2], login: 'papa2', password: 'papa-pass-2' }),
			otherParent: await make.parent('Зайцева Ольга Сергеевна', { children: [otherPupil], login: 'mama5', password: 'mama-pass-5' })
		};
	});
});

afterAll(async () => {
	await school?.stop();
});

/** A small real PDF (what file-type recognises by its bytes). */
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** The start of a Windows program: not a kind the school takes, whatever it is called. */
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);

function formWith(fields: Record<string, string>, files: Array<{ name: string; bytes: Uint8Array; type?: string }>): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	for (const f of files) form.append('files', new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.type ?? 'application/octet-stream' }), f.name);
	return form;
}

const stored = async () => {
	const { sql } = await database();
	const [row] = await sql<{ files: number; messages: number; announcements: number }[]>`
		select (select count(*)::int from message_file) as files, (select count(*)::int from message) as messages, (select count(*)::int from announcement) as announcements`;
	return row;
};
const filesOnDisk = () => {
	const dir = path.join(school.db.dataDir, 'attachments');
	return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).length : 0;
};

type Conversation = { kind: 'conversation'; conversationId: string };
type Page = { messages: Array<{ id: string; body: string; files: Array<{ id: number; fileName: string; sizeBytes: number }> }> };

async function conversationOf(who: Account): Promise<string> {
	const box = await (await as(who)).pageData<{ items: Array<Conversation | { kind: 'group' }> }>('/messages');
	const found = box.items.find((i): i is Conversation => i.kind === 'conversation');
	expect(found, `${who.login} has a conversation`).toBeDefined();
	return found!.conversationId;
}

describe('R-2.9 a file with a message to all parents of a class', () => {
	let fileId: number;
	let motherConversation: string;

	test('the class teacher sends a PDF to the parents of 7А: stored once, each parent downloads the same bytes', async () => {
		const before = await stored();
		const response = await (await as(w.classTeacher)).request('/messages?/send', {
			multipart: formWith({ to: `parents:${w.klass.id}`, subject: 'Памятка', body: 'Памятка к собранию во вложении.' }, [{ name: 'Памятка к собранию.pdf', bytes: PDF, type: 'text/plain' }])
		});
		expect(response.status).toBe(200);
		expect(await stored()).toEqual({ ...before, files: before.files + 1, messages: before.messages + 2 });

		motherConversation = await conversationOf(w.mother);
		const page = await (await as(w.mother)).pageData<Page>(`/messages/${motherConversation}`);
		const [file] = page.messages[0].files;
		expect(file).toMatchObject({ fileName: 'Памятка к собранию.pdf', sizeBytes: PDF.length });
		fileId = file.id;

		for (const parent of [w.mother, w.father]) {
			const download = await (await as(parent)).request(`/messages/files/${fileId}`);
			expect(download.status).toBe(200);
			// The type is what the bytes are, not what the sender's browser claimed.
			expect(download.headers.get('content-type')).toBe('application/pdf');
			expect(download.headers.get('content-disposition')).toContain('attachment');
			expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
		}
	});

	test('a parent of another class, or a pupil of 7А, gets 404 for that file', async () => {
		for (const stranger of [w.otherParent, w.pupil]) expect((await (await as(stranger)).request(`/messages/files/${fileId}`)).status).toBe(404);
	});

	test('the mother replies with a scan: only she and the teacher may download it', async () => {
		const scan = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
		const response = await (await as(w.mother)).request(`/messages/${motherConversation}?/reply`, {
			multipart: formWith({ body: 'Справка во вложении.' }, [{ name: 'справка.png', bytes: scan }])
		});
		expect(response.status).toBe(200);
		const page = await (await as(w.classTeacher)).pageData<Page>(`/messages/${motherConversation}`);
		const reply = page.messages.find((m) => m.body === 'Справка во вложении.');
		expect(reply?.files.map((f) => f.fileName)).toEqual(['справка.png']);
		const replyFile = reply!.files[0].id;
		expect((await (await as(w.classTeacher)).request(`/messages/files/${replyFile}`)).status).toBe(200);
		expect((await (await as(w.father)).request(`/messages/files/${replyFile}`)).status).toBe(404);
	});

	test('a program, or six files, is refused in Russian; no message, no row and no file on disk', async () => {
		const before = await stored();
		const onDisk = filesOnDisk();
		const program = await (await as(w.classTeacher)).request('/messages?/send', {
			multipart: formWith({ to: `parents:${w.klass.id}`, body: 'Установите программу.' }, [{ name: 'расписание.pdf', bytes: EXE }])
		});
		expect(program.status).toBe(400);
		const text = await program.text();
		expect(text).toContain('«расписание.pdf»');
		expect(text).toContain(JOURNAL_MESSAGES.fileType.slice(0, 30));

		const six = Array.from({ length: 6 }, (_, i) => ({ name: `лист${i + 1}.pdf`, bytes: PDF }));
		const many = await (await as(w.classTeacher)).request('/messages?/send', { multipart: formWith({ to: `parents:${w.klass.id}`, body: 'Шесть листов.' }, six) });
		expect(many.status).toBe(400);
		expect(await many.text()).toContain(MESSAGES_TEXT.tooManyFiles);

		expect(await stored()).toEqual(before);
		expect(filesOnDisk()).toBe(onDisk);
	});
});

describe('R-4.4.7 a file with an announcement is for the announcement’s readers', () => {
	test('the class teacher publishes an announcement for 7А’s families with a file; a 5Б parent may not download it', async () => {
		const response = await (await as(w.classTeacher)).request('/announcements?/publish', {
			multipart: formWith({ scope: `class:${w.klass.id}`, title: 'Меню на неделю', body: 'Меню столовой во вложении.', families: 'on' }, [{ name: 'меню.pdf', bytes: PDF }])
		});
		expect(response.status).toBe(200);
		const board = await (await as(w.mother)).pageData<{ announcements: Array<{ title: string; files: Array<{ id: number; fileName: string }> }> }>('/announcements');
		const menu = board.announcements.find((a) => a.title === 'Меню на неделю');
		expect(menu?.files.map((f) => f.fileName)).toEqual(['меню.pdf']);
		const fileId = menu!.files[0].id;
		expect((await (await as(w.mother)).request(`/messages/files/${fileId}`)).status).toBe(200);
		expect((await (await as(w.otherParent)).request(`/messages/files/${fileId}`)).status).toBe(404);
		// Not for pupils: the announcement was for families only.
		expect((await (await as(w.pupil)).request(`/messages/files/${fileId}`)).status).toBe(404);
	});

	test('R-4.4.7, R-3.6 the child’s diary shows the class’s announcement, with its file; another class’s diary does not', async () => {
		type Diary = { announcements: Array<{ title: string; files: Array<{ fileName: string }> }> };
		const mine = await (await as(w.mother)).pageData<Diary>(`/diary/${w.pupil.id}`);
		expect(mine.announcements.find((a) => a.title === 'Меню на неделю')?.files.map((f) => f.fileName)).toEqual(['меню.pdf']);
		const theirs = await (await as(w.otherParent)).pageData<Diary>(`/diary/${w.otherPupil.id}`);
		expect(theirs.announcements.map((a) => a.title)).not.toContain('Меню на неделю');
	});
});

describe('X-AUDIT the audit row names the files', () => {
	test('the send and the announcement are audited with file names and sizes', async () => {
		const { sql } = await database();
		const rows = await sql<{ action: string; new_value: { files?: Array<{ fileName: string; sizeBytes: number }> } }[]>`
			select action, new_value from audit_log where action in ('message.send', 'message.reply', 'announcement.publish') order by id`;
		expect(rows.map((r) => [r.action, r.new_value.files?.map((f) => f.fileName)])).toEqual([
			['message.send', ['Памятка к собранию.pdf']],
			['message.reply', ['справка.png']],
			['announcement.publish', ['меню.pdf']]
		]);
	});
});
