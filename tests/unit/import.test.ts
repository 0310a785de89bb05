import { describe, expect, test } from 'vitest';
import { checkMapping, columnsOf, decodeCsv, IMPORT_MESSAGES, importTemplate, looksGarbled, parseHours, parseRoles, planImport, planLoadImport, rowsOf, type KnownJournal, type KnownPerson } from '../../src/lib/domain/import';

const TODAY = '2026-11-27';
const YEAR = { startsOn: '2026-09-01', endsOn: '2027-08-31' };
const CLASSES = [
	{ classId: 1, grade: 5, letter: 'А' },
	{ classId: 2, grade: 5, letter: 'Б' }
];

function cp1251(text: string): Uint8Array {
	const decoder = new TextDecoder('windows-1251');
	const table = new Map<string, number>();
	for (let b = 0x80; b <= 0xff; b++) table.set(decoder.decode(new Uint8Array([b])), b);
	return new Uint8Array([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : (table.get(ch) ?? 0x3f))));
}

function known(p: Partial<KnownPerson> & { personId: number; lastName: string; firstName: string }): KnownPerson {
	return { middleName: null, birthDate: null, email: null, phone: null, schoolKey: null, classId: null, isStudent: false, staffRoles: [], parentIds: [], ...p };
}

function students(lines: string[][], people: KnownPerson[] = []) {
	const table = rowsOf('students', [['Номер', 'Фамилия', 'Имя', 'Дата рождения', 'Класс', 'Родитель 1: Фамилия', 'Родитель 1: Имя', 'Родитель 1: Телефон'], ...lines]);
	if (!table.ok) throw new Error(table.reason);
	return planImport('students', table.rows, { people, classes: CLASSES, year: YEAR, today: TODAY });
}

describe('X-IMPORT the encoding of a CSV', () => {
	test('UTF-8 is read as UTF-8, Windows-1251 as Windows-1251, a file glued from both marks the foreign bytes', () => {
		expect(decodeCsv(new TextEncoder().encode('Фамилия;Имя'))).toEqual({ text: 'Фамилия;Имя', encoding: 'utf-8' });
		expect(decodeCsv(cp1251('Фамилия;Имя\nЁлкин;Пётр'))).toEqual({ text: 'Фамилия;Имя\nЁлкин;Пётр', encoding: 'windows-1251' });
		const mixed = new Uint8Array([...new TextEncoder().encode('Фамилия;Имя\n'), ...cp1251('Ёлкин;Пётр')]);
		const decoded = decodeCsv(mixed);
		expect(decoded.encoding).toBe('mixed');
		expect(decoded.text.startsWith('Фамилия;Имя\n')).toBe(true);
		expect(looksGarbled(decoded.text.split('\n')[1])).toBe(true);
	});

	test.each([
		['Иванов', false],
		['Мамин-Сибиряк', false],
		['Smith', false],
		['РР˛Р°РЅРѕРІ', true],
		['Ð˜Ð²Ð°Ð½Ð¾Ð²', true],
		['Ив\uFFFDнов', true]
	])('%s looks garbled: %s', (text, garbled) => {
		expect(looksGarbled(text)).toBe(garbled);
	});
});

describe('X-IMPORT columns and roles', () => {
	test('headers are found whatever their case, ё or spacing; unknown ones are listed; missing required ones refuse the file', () => {
		const found = rowsOf('staff', [['  фамилия ', 'ИМЯ', 'Роль', 'Стаж'], ['Орлов', 'Денис', 'учитель', '5'], ['', '', '', '']]);
		expect(found).toEqual({ ok: true, rows: [{ line: 2, fields: { lastName: 'Орлов', firstName: 'Денис', roles: 'учитель' }, garbled: false }], ignored: ['Стаж'] });
		expect(rowsOf('students', [['Фамилия', 'Имя']])).toEqual({ ok: false, reason: 'В файле нет обязательных столбцов: «Класс». Возьмите заголовки из шаблона.' });
		expect(rowsOf('students', [['Фамилия', 'Имя', 'Класс']])).toEqual({ ok: false, reason: 'В файле нет строк с данными: первая строка — заголовки столбцов, дальше по строке на человека.' });
	});

	test.each([
		['учитель', ['teacher']],
		['Заместитель директора, учитель', ['deputy', 'teacher']],
		['завуч; учитель; учитель', ['deputy', 'teacher']],
		['', []],
		['дворник', undefined]
	])('roles «%s» → %o', (text, roles) => {
		expect(parseRoles(text)).toEqual(roles);
	});
});

describe('X-IMPORT planning: matching, refusals, idempotence', () => {
	test('a new student with a new parent is created; siblings share the new parent', () => {
		const plan = students([
			['', 'Волков', 'Иван', '01.01.2015', '5А', 'Волкова', 'Елена', '+7 900 000-00-01'],
			['', 'Волкова', 'Мария', '02.02.2016', '5б', 'Волкова', 'Елена', '+7 900 000-00-01']
		]);
		expect(plan).toMatchObject({ created: 2, refused: 0 });
		const [first, second] = plan.rows;
		expect(first.enrol).toEqual({ classId: 1, from: '2026-09-01' });
		expect(second.enrol).toEqual({ classId: 2, from: '2026-09-01' });
		expect(first.parents[0].ref).toBe(second.parents[0].ref);
		expect(second.notes).toContain('родитель Волкова Елена: тот же, что в строке 2');
	});

	test('a known student is matched by number, else by name and date of birth; unchanged, he is left as is', () => {
		const petya = known({ personId: 7, lastName: 'Иванов', firstName: 'Пётр', birthDate: '2015-03-12', schoolKey: 'У-1', classId: 1, isStudent: true, parentIds: [8] });
		const mother = known({ personId: 8, lastName: 'Иванова', firstName: 'Мария', phone: '+7 900 111-22-33' });
		const byKey = students([['У-1', 'Иванов', 'Пётр', '', '5А', 'Иванова', 'Мария', '']], [petya, mother]);
		expect(byKey.rows[0]).toMatchObject({ outcome: 'same', notes: [] });
		const byName = students([['', 'иванов', 'Пётр', '12.03.2015', '5А', '', '', '']], [petya, mother]);
		expect(byName.rows[0]).toMatchObject({ outcome: 'update', notes: ['изменить: фамилия'] });
		const moved = students([['У-1', 'Иванов', 'Пётр', '', '5Б', '', '', '']], [petya, mother]);
		expect(moved.rows[0]).toMatchObject({ outcome: 'refuse', notes: ['Ученик уже числится в классе 5А: перевод оформляется на его карточке.'] });
	});

	test.each([
		[['', 'Кузнецов', 'Олег', '01.02.2015', '9В', '', '', ''], 'Класса «9В» в этом учебном году нет.'],
		[['', 'Кузнецов', 'Олег', '', '5А', '', '', ''], 'Укажите дату рождения или номер в школе: без них ученика не отличить от тёзки.'],
		[['', 'Кузнецов', 'Олег', '01.13.2015', '5А', '', '', ''], 'Дата рождения — в виде ДД.ММ.ГГГГ, например 05.09.2015.'],
		[['', 'Кузнецов', 'Олег', '01.02.2015', '', '', '', ''], 'Не указан класс.'],
		[['', 'Кузнецов', 'Олег', '01.02.2015', '5А', 'Кузнецова', '', '123'], 'Родитель 1: Укажите имя.']
	])('row %o is refused: %s', (line, reason) => {
		const plan = students([line]);
		expect(plan.refused).toBe(1);
		expect(plan.rows[0].notes).toEqual([reason]);
	});

	test('the same person twice in a file is refused on the second row', () => {
		const plan = students([
			['У-5', 'Кузнецов', 'Олег', '', '5А', '', '', ''],
			['У-5', 'Кузнецов', 'Олег', '', '5А', '', '', '']
		]);
		expect(plan.rows.map((r) => r.outcome)).toEqual(['create', 'refuse']);
		expect(plan.rows[1].notes).toEqual(['Этот человек уже есть в строке 2 файла.']);
	});
});

describe('X-IMPORT column mapping: a file whose headers are not the template’s', () => {
	const table = [['ФИО', 'Уч. класс', 'Фамилия ученика', 'Имя ученика', 'ДР'], ['x', '5А', 'Орлов', 'Денис', '01.02.2015']];
	test('the columns are listed with their headers, and the fields found by header', () => {
		expect(columnsOf('students', [['Фамилия', '', 'Класс'], []])).toEqual({
			headers: [{ at: 0, name: 'Фамилия' }, { at: 1, name: 'Столбец 2' }, { at: 2, name: 'Класс' }],
			found: { lastName: 0, class: 2 }
		});
	});

	test('without a mapping the file is refused for its missing columns; mapped, its rows are read from the chosen columns', () => {
		expect(rowsOf('students', table).ok).toBe(false);
		const mapping = checkMapping('students', { lastName: '2', firstName: '3', birthDate: '4', class: '1' }, 5);
		expect(mapping).toEqual({ ok: true, value: { lastName: 2, firstName: 3, birthDate: 4, class: 1 } });
		if (!mapping.ok) return;
		const rows = rowsOf('students', table, mapping.value);
		expect(rows).toEqual({ ok: true, rows: [{ line: 2, fields: { lastName: 'Орлов', firstName: 'Денис', birthDate: '01.02.2015', class: '5А' }, garbled: false }], ignored: ['ФИО'] });
	});

	test('a field mapped to «none» is not taken even when its header is found', () => {
		const rows = rowsOf('staff', [['Фамилия', 'Имя', 'Роли', 'Почта'], ['Орлов', 'Денис', 'учитель', 'o@school.ru']], { email: -1 });
		expect(rows.ok && rows.rows[0].fields).toEqual({ lastName: 'Орлов', firstName: 'Денис', roles: 'учитель' });
	});

	test.each<[Record<string, string>, string]>([
		[{ lastName: '9' }, 'a column the file does not have'],
		[{ lastName: '1', firstName: '1' }, 'two fields in one column'],
		[{ lastName: 'вторая' }, 'not a number']
	])('%o is refused (%s)', (raw) => {
		expect(checkMapping('students', raw, 5)).toEqual({ ok: false, reason: IMPORT_MESSAGES.mapping });
	});
});

describe('X-IMPORT the teaching load: class, group, subject, teacher, hours a week', () => {
	const CLASSES_5 = [{ classId: 1, grade: 5, letter: 'А' }];
	const journal = (j: Partial<KnownJournal> & { journalId: number; subjectName: string }): KnownJournal => ({ classId: 1, groupName: '5А', wholeClass: true, hoursPerWeek: 1, teacherIds: [], ...j });
	const SCHOOL = {
		classes: CLASSES_5,
		subjects: ['Математика', 'Английский язык', 'Физика'],
		groups: [
			{ classId: 1, subjectName: 'Английский язык', name: '1 группа' },
			{ classId: 1, subjectName: 'Английский язык', name: '2 группа' }
		],
		journals: [
			journal({ journalId: 10, subjectName: 'Математика', hoursPerWeek: 5, teacherIds: [100] }),
			journal({ journalId: 11, subjectName: 'Английский язык', groupName: '1 группа', wholeClass: false, hoursPerWeek: 3 })
		],
		staff: [
			{ personId: 100, lastName: 'Петрова', firstName: 'Анна', middleName: 'Ивановна', schoolKey: 'Т-007' },
			{ personId: 101, lastName: 'Орлова', firstName: 'Вера', middleName: 'Михайловна', schoolKey: null },
			{ personId: 102, lastName: 'Смирнов', firstName: 'Олег', middleName: 'Петрович', schoolKey: null },
			{ personId: 103, lastName: 'Смирнов', firstName: 'Олег', middleName: 'Павлович', schoolKey: null }
		]
	};
	const plan = (lines: string[][]) => {
		const table = rowsOf('load', [['Класс', 'Группа', 'Предмет', 'Учитель', 'Часов в неделю'], ...lines]);
		if (!table.ok) throw new Error(table.reason);
		return planLoadImport(table.rows, SCHOOL);
	};

	test('the template has the five columns and reads back as one row', () => {
		const [headers, example] = importTemplate('load');
		expect(headers).toEqual(['Класс', 'Группа', 'Предмет', 'Учитель', 'Часов в неделю']);
		expect(plan([example]).rows[0]).toMatchObject({ outcome: 'same', who: '5А · Математика — Петрова Анна Ивановна' });
	});

	test('a new teacher of a journal is assigned, a changed number of hours is updated, the same row changes nothing', () => {
		const result = plan([
			['5А', '', 'Математика', 'Петрова Анна Ивановна', '5'],
			['5а', '', 'математика', 'Орлова В. М.', ''],
			['5А', '1 группа', 'Английский язык', 'Т-007', '2'],
			['5А', '', 'Математика', 'Смирнов Олег Петрович', '5']
		]);
		expect(result.rows.map((r) => [r.line, r.outcome, r.notes])).toEqual([
			[2, 'same', []],
			[3, 'create', ['назначить учителем журнала']],
			[4, 'create', ['назначить учителем журнала', 'часов в неделю: 3 → 2']],
			[5, 'create', ['назначить учителем журнала']]
		]);
		expect(result.rows[1].assign).toEqual({ journalId: 10, teacherId: 101 });
		expect(result.rows[2].hours).toEqual({ journalId: 11, from: 3, to: 2 });
		expect(result).toMatchObject({ refused: 0, created: 3, updated: 0, unchanged: 1 });
	});

	test.each([
		[['7В', '', 'Математика', 'Петрова Анна Ивановна', ''], IMPORT_MESSAGES.unknownClass('7В')],
		[['5А', '', 'Химия', 'Петрова Анна Ивановна', ''], IMPORT_MESSAGES.unknownSubject('Химия')],
		[['5А', '', 'Физика', 'Петрова Анна Ивановна', ''], IMPORT_MESSAGES.noJournal('Физика', '5А')],
		[['5А', '2 группа', 'Английский язык', 'Петрова Анна Ивановна', ''], IMPORT_MESSAGES.noJournal('Английский язык', '5А, 2 группа')],
		[['5А', '3 группа', 'Английский язык', 'Петрова Анна Ивановна', ''], IMPORT_MESSAGES.unknownGroup('3 группа', '5А')],
		[['5А', '', 'Математика', 'Иванов Иван', ''], IMPORT_MESSAGES.unknownTeacher('Иванов Иван')],
		[['5А', '', 'Математика', 'Смирнов Олег', ''], IMPORT_MESSAGES.ambiguousTeacher('Смирнов Олег')],
		[['5А', '', 'Математика', '', ''], IMPORT_MESSAGES.noTeacher],
		[['5А', '', 'Математика', 'Петрова Анна Ивановна', 'пять'], IMPORT_MESSAGES.hours]
	])('%o is refused: %s', (line, reason) => {
		expect(plan([line]).rows[0]).toMatchObject({ outcome: 'refuse', notes: [reason] });
	});

	test('a row twice, or two numbers of hours for one journal, refuses the later row', () => {
		const result = plan([
			['5А', '', 'Математика', 'Орлова Вера Михайловна', '5'],
			['5А', '', 'Математика', 'Орлова Вера Михайловна', '5'],
			['5А', '', 'Математика', 'Петрова Анна Ивановна', '4']
		]);
		expect(result.rows.map((r) => r.notes[0])).toEqual(['назначить учителем журнала', IMPORT_MESSAGES.duplicateLoad(2), IMPORT_MESSAGES.otherHours(2)]);
		expect(result.refused).toBe(2);
	});

	test.each([
		['3', 3],
		['1,5', 1.5],
		['0.5', 0.5],
		['0', undefined],
		['41', undefined],
		['1,25', undefined],
		['три', undefined]
	])('hours «%s» → %s', (text, hours) => {
		expect(parseHours(text)).toBe(hours);
	});
});
