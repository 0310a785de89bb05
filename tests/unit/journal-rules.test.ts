import { describe, expect, test } from 'vitest';
import { DEFAULT_CELL_RULES, MARK_FREE_REASON, checkCell, rulesKeeping, type CellValue } from '../../src/lib/domain/cell';
import { DEFAULT_SCHOOL_GRADING, cellRulesFrom } from '../../src/lib/domain/grading-settings';
import { attachmentType, checkLesson, isPlainText, servedAttachmentType, decideCellEdit, type CellFacts, type LessonInput } from '../../src/lib/domain/journal-rules';

const open: CellFacts = { lesson: { date: '2026-11-20' }, studentInGroup: true, closedPeriod: null };
const closedReason = 'Период «2 четверть» закрыт 26.12.2026 (срок выставления отметок): изменения не принимаются.';
const cell = (marks: number[], absence: string | null = null): CellValue => ({ marks, absence, comment: null });

describe('X-MARKS, R-5.3 a cell edit counts only for a lesson of the journal, a member of the group, an open period', () => {
	const cases: Array<[string, CellValue, CellFacts, string | null]> = [
		['a legal mark in an open period', cell([5]), open, null],
		['a lesson of another journal', cell([5]), { ...open, lesson: undefined }, 'Этого урока нет в журнале: изменение отменено.'],
		['a student not in the group that day', cell([5]), { ...open, studentInGroup: false }, 'Ученик не числился в группе 20.11.2026: клетку заполнить нельзя.'],
		['a closed period, with the reason periods.ts gave', cell([5]), { ...open, closedPeriod: closedReason }, closedReason],
		['a mark off the scale, before anything else is said', cell([7]), { ...open, closedPeriod: closedReason }, '«7» — такой оценки нет: шкала 2–5.'],
		['an unknown absence code', cell([], 'зз'), open, '«зз» — такой отметки о пропуске в школе нет (н, б, уп, оп).']
	];
	for (const [name, value, facts, reason] of cases) {
		test(name, () => {
			const result = decideCellEdit(value, facts, DEFAULT_CELL_RULES);
			expect(result.ok ? null : result.reason).toBe(reason);
		});
	}
});

describe('R-4.4.5 a lesson column is checked before it is stored', () => {
	const context = {
		year: { startsOn: '2026-09-01', endsOn: '2027-05-31' },
		workTypes: [
			{ id: 1, name: 'Работа на уроке', topicRequired: false },
			{ id: 2, name: 'Контрольная работа', topicRequired: true }
		],
		holidays: [{ name: 'Осенние каникулы', startsOn: '2026-10-25', endsOn: '2026-11-04' }]
	};
	const cases: Array<[string, LessonInput, string | null]> = [
		['a plain lesson', { date: '2026-11-20' }, null],
		['a test with a topic', { date: '2026-11-20', workTypeId: 2, topic: 'Дроби' }, null],
		['a test without a topic', { date: '2026-11-20', workTypeId: 2, topic: ' ' }, 'Для вида работы «Контрольная работа» тема урока обязательна.'],
		['a date outside the year', { date: '2027-06-01' }, 'Дата урока должна быть в пределах учебного года: 01.09.2026 — 31.05.2027.'],
		['no date', {}, 'Укажите дату урока в формате ГГГГ-ММ-ДД.'],
		['a date that is not one', { date: '2026-13-45' }, 'Укажите дату урока в формате ГГГГ-ММ-ДД.'],
		['a day the calendar does not have (30 February) inside the year', { date: '2027-02-30' }, 'Укажите дату урока в формате ГГГГ-ММ-ДД.'],
		['31 November', { date: '2026-11-31' }, 'Укажите дату урока в формате ГГГГ-ММ-ДД.'],
		['an unknown type of work', { date: '2026-11-20', workTypeId: 9 }, 'Такого вида работы в школе нет.'],
		['lesson number 11', { date: '2026-11-20', lessonNo: 11 }, 'Номер урока — целое число от 0 до 10.'],
		['a topic that is not text', { date: '2026-11-20', topic: 5 }, 'Неверный запрос.'],
		['X-RU a lesson in the autumn break, named with the date', { date: '2026-10-28' }, '28.10.2026 — «Осенние каникулы»: в каникулы и праздничные дни уроков нет.'],
		['the day after the break', { date: '2026-11-05' }, null]
	];
	for (const [name, input, reason] of cases) {
		test(name, () => {
			const result = checkLesson(input, context);
			expect(result.ok ? null : result.reason).toBe(reason);
		});
	}

	test('a change keeps what it does not mention, and a type that needs a topic checks the kept topic', () => {
		const current = { date: '2026-11-20', lessonNo: 2, topic: null, workTypeId: 1, homework: '§ 3' };
		expect(checkLesson({ date: '2026-11-21' }, context, current)).toEqual({ ok: true, value: { ...current, date: '2026-11-21' } });
		expect(checkLesson({ workTypeId: 2 }, context, current).ok).toBe(false);
		expect(checkLesson({ workTypeId: 2, topic: 'Дроби' }, context, current)).toMatchObject({ ok: true, value: { workTypeId: 2, topic: 'Дроби' } });
	});

	test('a lesson is not moved onto a holiday; one already on a holiday (older data) may still be changed where it is', () => {
		const current = { date: '2026-11-20', lessonNo: 2, topic: null, workTypeId: 1, homework: null };
		expect(checkLesson({ date: '2026-11-04' }, context, current)).toEqual({ ok: false, reason: '04.11.2026 — «Осенние каникулы»: в каникулы и праздничные дни уроков нет.' });
		const onHoliday = { ...current, date: '2026-10-30' };
		expect(checkLesson({ topic: 'Повторение' }, context, onHoliday)).toMatchObject({ ok: true, value: { date: '2026-10-30', topic: 'Повторение' } });
		expect(checkLesson({ date: '2026-10-30', homework: '§ 4' }, context, onHoliday).ok).toBe(true);
		expect(checkLesson({ date: '2026-10-31' }, context, onHoliday).ok).toBe(false);
	});
});

describe('R-4.4.1 what may be attached to a lesson is decided by its bytes, not by the uploader', () => {
	const utf8 = (text: string) => new TextEncoder().encode(text);
	const none = new Uint8Array(0);
	const cases: Array<[detected: string | undefined, fileName: string, bytes: Uint8Array, stored: string | undefined]> = [
		['pdf', 'Памятка.pdf', none, 'application/pdf'],
		['pdf', 'renamed.mp3', none, 'application/pdf'],
		['docx', 'Задание.docx', none, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
		['xlsx', 'Таблица.xlsx', none, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
		['pptx', 'Слайды.pptx', none, 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
		['odt', 'a.odt', none, 'application/vnd.oasis.opendocument.text'],
		['ods', 'a.ods', none, 'application/vnd.oasis.opendocument.spreadsheet'],
		['odp', 'a.odp', none, 'application/vnd.oasis.opendocument.presentation'],
		['rtf', 'a.rtf', none, 'application/rtf'],
		['cfb', 'Старое.doc', none, 'application/msword'],
		['cfb', 'Старое.XLS', none, 'application/vnd.ms-excel'],
		['cfb', 'Старое.ppt', none, 'application/vnd.ms-powerpoint'],
		['cfb', 'setup.msi', none, undefined],
		['png', 'a.png', none, 'image/png'],
		['jpg', 'a.jpeg', none, 'image/jpeg'],
		['gif', 'a.gif', none, 'image/gif'],
		['webp', 'a.webp', none, 'image/webp'],
		['mp3', 'Диктант.mp3', none, 'audio/mpeg'],
		['ogg', 'a.ogg', none, 'audio/ogg'],
		['opus', 'a.opus', none, 'audio/ogg'],
		['m4a', 'a.m4a', none, 'audio/mp4'],
		['wav', 'a.wav', none, 'audio/wav'],
		['mp4', 'Урок.mp4', none, 'video/mp4'],
		['webm', 'a.webm', none, 'video/webm'],
		// Recognised, but not on the list.
		['exe', 'virus.exe', none, undefined],
		['zip', 'архив.zip', none, undefined],
		['docm', 'макрос.docm', none, undefined],
		['mp1', 'utf16.txt', none, undefined],
		['xml', 'a.svg', none, undefined],
		// No signature: text only when called text and really UTF-8 text.
		[undefined, 'Задание.txt', utf8('Домашнее задание: № 1–5.'), 'text/plain'],
		[undefined, 'Список.CSV', utf8('Фамилия;Оценка\nИванов;5'), 'text/csv'],
		[undefined, 'Задание.txt', new Uint8Array([0xd0, 0x94, 0xff]), undefined],
		[undefined, 'Задание.txt', new Uint8Array([0x41, 0x00, 0x42]), undefined],
		[undefined, 'script.js', utf8('alert(document.cookie)'), undefined],
		[undefined, 'диктант.mp3', utf8('alert(document.cookie)'), undefined],
		[undefined, 'page.html', utf8('<script>alert(1)</script>'), undefined],
		[undefined, 'Задание', utf8('без расширения'), undefined],
		[undefined, 'zeros.mp3', new Uint8Array(1000), undefined]
	];
	for (const [detected, fileName, bytes, stored] of cases) {
		test(`${detected ?? 'no signature'}, «${fileName}»: ${stored ?? 'refused'}`, () => expect(attachmentType(detected, fileName, bytes)).toBe(stored));
	}

	test('plain text is valid UTF-8 without NUL', () => {
		expect(isPlainText(new TextEncoder().encode('Ж'))).toBe(true);
		expect(isPlainText(new Uint8Array([0xd0]))).toBe(false);
		expect(isPlainText(new Uint8Array([0x20, 0x00]))).toBe(false);
	});

	const served: Array<[stored: string, header: string]> = [
		['audio/mpeg', 'audio/mpeg'],
		['application/msword', 'application/msword'],
		['text/plain', 'text/plain; charset=utf-8'],
		// Rows stored before the bytes were checked: whatever the uploader claimed is not repeated.
		['audio/x, text/javascript', 'application/octet-stream'],
		['text/html', 'application/octet-stream'],
		['image/svg+xml', 'application/octet-stream'],
		['audio/mpeg; x=1', 'application/octet-stream']
	];
	for (const [stored, header] of served) test(`stored «${stored}» is sent as «${header}»`, () => expect(servedAttachmentType(stored)).toBe(header));
});

describe('X-MARKS a mark-free grade (grade 1 by default) takes no marks, only absences and comments', () => {
	const markFree = cellRulesFrom({ ...DEFAULT_SCHOOL_GRADING, markFreeGrades: [1] }, 1);
	const graded = cellRulesFrom({ ...DEFAULT_SCHOOL_GRADING, markFreeGrades: [1] }, 2);
	const cell = (marks: number[], absence: string | null = null, comment: string | null = null): CellValue => ({ marks, absence, comment });

	test.each([
		['a mark in grade 1', markFree, cell([5]), false],
		['an absence in grade 1', markFree, cell([], 'б'), true],
		['a comment in grade 1', markFree, cell([], null, 'Молодец'), true],
		['a mark in grade 2', graded, cell([5]), true]
	])('%s', (_what, rules, value, ok) => {
		const result = checkCell(value, rules);
		expect(result.ok).toBe(ok);
		if (!result.ok) expect(result.reason).toBe(MARK_FREE_REASON);
	});

	test('rules for a grade that is not given do not forbid marks (the school-wide rules)', () => {
		expect(cellRulesFrom(DEFAULT_SCHOOL_GRADING).marksAllowed).toBeUndefined();
	});

	test('marks set before the grade became mark-free stay: an edit that keeps them passes, one that changes them does not', () => {
		const before = cell([4]);
		expect(checkCell(cell([4], null, 'пересдал'), rulesKeeping(markFree, before, cell([4], null, 'пересдал'))).ok).toBe(true);
		expect(checkCell(cell([], null, null), rulesKeeping(markFree, before, cell([]))).ok).toBe(true);
		expect(checkCell(cell([5]), rulesKeeping(markFree, before, cell([5]))).ok).toBe(false);
	});
});
