/**
 * Importing people from a school's spreadsheet (X-IMPORT): students with their class and parents,
 * or staff with their roles. Pure: the server reads the file into rows of text (CSV or XLSX) and
 * loads who exists; these functions decode the bytes of a CSV, find the columns by their headers,
 * check every row and match it with the people the school already has, and say per row what will
 * be created, updated or refused and why, in Russian. The import applies only a plan without a
 * refused row, so a file is taken whole or not at all; a file imported twice matches everyone the
 * second time and changes nothing.
 *
 * People are matched by the school's own number when the row has one, else by last name, first
 * name and date of birth (a parent without a date of birth: by full name among the student's
 * parents, then by full name and phone).
 */
import { checkPerson, fullNameOf, parseSchoolDate, type PersonDraft } from './people.ts';
import { className } from './school-structure.ts';
import { GRANTABLE_ROLES, ROLE_NAMES, type GrantableRole } from './policy.ts';

/** What a file brings in: people (students with parents, staff with roles) or the teaching load. */
export type ImportKind = 'students' | 'staff' | 'load';
export const IMPORT_KINDS: readonly ImportKind[] = ['students', 'staff', 'load'];

/** The most data rows one file may have. */
export const MAX_IMPORT_ROWS = 5000;
/** The largest file the import reads (bytes). */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/** Every message of the import, in one place for review (X-RU). */
export const IMPORT_MESSAGES = {
	kind: 'Выберите, что загружается: ученики с родителями, сотрудники или нагрузка.',
	noFile: 'Выберите файл CSV или XLSX.',
	unreadable: 'Файл не читается как CSV или XLSX: сохраните таблицу в одном из этих форматов.',
	empty: 'В файле нет строк с данными: первая строка — заголовки столбцов, дальше по строке на человека.',
	tooManyRows: `В файле больше ${MAX_IMPORT_ROWS} строк: разделите его на части.`,
	tooLarge: `Файл больше ${MAX_IMPORT_BYTES / 1024 / 1024} МБ: разделите его на части.`,
	noYear: 'Сначала создайте учебный год: ученики зачисляются в классы года.',
	missingColumns: (names: string[]) => `В файле нет обязательных столбцов: ${names.join(', ')}. Возьмите заголовки из шаблона.`,
	garbled: 'Текст строки искажён: похоже, она сохранена в другой кодировке. Сохраните файл в UTF-8 или Windows-1251.',
	unknownClass: (name: string) => `Класса «${name}» в этом учебном году нет.`,
	noClass: 'Не указан класс.',
	arrival: 'Дата прибытия — в виде ДД.ММ.ГГГГ, внутри учебного года.',
	duplicateInFile: (line: number) => `Этот человек уже есть в строке ${line} файла.`,
	ambiguous: (name: string) => `В школе несколько людей «${name}» с такими данными: укажите номер в школе.`,
	otherClass: (name: string) => `Ученик уже числится в классе ${name}: перевод оформляется на его карточке.`,
	keyOfOther: (key: string) => `Номер «${key}» уже у другого человека школы.`,
	notAStudent: 'По номеру найден человек, который не ученик школы.',
	needsKey: 'Укажите дату рождения или номер в школе: без них ученика не отличить от тёзки.',
	parent: (n: number, reason: string) => `Родитель ${n}: ${reason}`,
	roles: 'Роли — через запятую: администратор, директор, заместитель директора, учитель.',
	noRoles: 'Укажите роль сотрудника.',
	nothingToDo: 'Всё в файле уже есть в журнале: ничего не изменится.',
	hasRefusals: (n: number) => `Файл не загружен: строк с ошибками — ${n}. Исправьте их и загрузите файл снова.`,
	applied: (created: number, updated: number) => `Загружено: новых людей — ${created}, обновлено — ${updated}.`,
	mapping: 'Каждому полю — свой столбец файла: выберите столбцы заново.',
	loadNoYear: 'Сначала создайте учебный год: нагрузка — это учителя журналов года.',
	noSubject: 'Не указан предмет.',
	unknownSubject: (name: string) => `Предмета «${name}» в школе нет.`,
	unknownGroup: (group: string, klass: string) => `Группы «${group}» в ${klass} по этому предмету нет.`,
	noJournal: (subject: string, group: string) => `Журнала «${subject}» у ${group} нет: создайте его на странице «Группы и журналы».`,
	noTeacher: 'Не указан учитель.',
	unknownTeacher: (name: string) => `Сотрудника «${name}» в школе нет: укажите ФИО как в списке сотрудников или номер в школе.`,
	ambiguousTeacher: (name: string) => `В школе несколько сотрудников «${name}»: укажите номер в школе.`,
	hours: 'Часов в неделю — число от 0,5 до 40, например «3» или «1,5».',
	otherHours: (line: number) => `Для этого журнала в строке ${line} указано другое число часов в неделю.`,
	duplicateLoad: (line: number) => `Этот учитель этого журнала уже есть в строке ${line} файла.`,
	loadApplied: (assigned: number, updated: number) => `Загружено: назначено учителей — ${assigned}, изменено часов в неделю — ${updated}.`,
	loadNothingToDo: 'Вся нагрузка из файла уже есть в журнале: ничего не изменится.'
} as const;

// ───────────────────────────── decoding ─────────────────────────────

/** A CSV's text and how it was read. */
export interface DecodedText {
	text: string;
	encoding: 'utf-8' | 'windows-1251' | 'mixed';
}

/**
 * Decodes a CSV's bytes: UTF-8 when the whole file is valid UTF-8, Windows-1251 when no line of it
 * is UTF-8 with Cyrillic (the encoding Excel on Windows saves), and otherwise a file glued from
 * both: UTF-8, with the bytes that are not marked by U+FFFD, so the rows holding them are refused.
 */
export function decodeCsv(bytes: Uint8Array): DecodedText {
	const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
	try {
		return { text: strict.decode(bytes), encoding: 'utf-8' };
	} catch {
		// Not UTF-8 as a whole: see whether any line is.
	}
	let anyUtf8Line = false;
	let start = 0;
	for (let i = 0; i <= bytes.length && !anyUtf8Line; i++) {
		if (i < bytes.length && bytes[i] !== 0x0a) continue;
		const line = bytes.subarray(start, i);
		start = i + 1;
		if (!line.some((b) => b >= 0x80)) continue;
		try {
			strict.decode(line);
			anyUtf8Line = true;
		} catch {
			// This line is not UTF-8.
		}
	}
	if (!anyUtf8Line) return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
	return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'mixed' };
}

// UTF-8 read as Windows-1251 («Р˜РІР°РЅРѕРІ») or as Latin-1 («Ð˜Ð²Ð°Ð½Ð¾Ð²»), or bytes that were not text.
const GARBLED = /\uFFFD|[ÐÑ][\u0080-\u00BF]|Р[\u00A0-\u00BF\u0402-\u040F\u0452-\u045F]|С[\u0080-\u00BF\u201A-\u203A\u0402-\u040F\u0452-\u045F]/u;

/** True when the text looks like it was read in the wrong encoding. */
export function looksGarbled(text: string): boolean {
	return GARBLED.test(text);
}

// ───────────────────────────── columns ─────────────────────────────

/** A column of a template: its field, its header, and other headers a school's table may use. */
interface ColumnSpec {
	field: string;
	header: string;
	aliases?: string[];
	required?: boolean;
}

const PERSON_COLUMNS = (prefix: string, headerPrefix: string, required: boolean): ColumnSpec[] => [
	{ field: `${prefix}lastName`, header: `${headerPrefix}Фамилия`, required },
	{ field: `${prefix}firstName`, header: `${headerPrefix}Имя`, required },
	{ field: `${prefix}middleName`, header: `${headerPrefix}Отчество` },
	{ field: `${prefix}birthDate`, header: `${headerPrefix}Дата рождения` },
	{ field: `${prefix}phone`, header: `${headerPrefix}Телефон` },
	{ field: `${prefix}email`, header: `${headerPrefix}Почта`, aliases: [`${headerPrefix}E-mail`, `${headerPrefix}Email`, `${headerPrefix}Электронная почта`] }
];

/** The columns of each kind of file, in the template's order. */
export const IMPORT_COLUMNS: Record<ImportKind, ColumnSpec[]> = {
	students: [
		{ field: 'schoolKey', header: 'Номер', aliases: ['Номер в школе', 'Номер личного дела', '№ личного дела', 'ID'] },
		...PERSON_COLUMNS('', '', true),
		{ field: 'class', header: 'Класс', required: true },
		{ field: 'arrivedOn', header: 'Дата прибытия', aliases: ['В классе с', 'Дата зачисления'] },
		...PERSON_COLUMNS('parent1.', 'Родитель 1: ', false).filter((c) => !c.field.endsWith('birthDate')),
		...PERSON_COLUMNS('parent2.', 'Родитель 2: ', false).filter((c) => !c.field.endsWith('birthDate'))
	],
	staff: [
		{ field: 'schoolKey', header: 'Номер', aliases: ['Табельный номер', 'ID'] },
		...PERSON_COLUMNS('', '', true),
		{ field: 'roles', header: 'Роли', aliases: ['Роль', 'Должность'], required: true }
	],
	load: [
		{ field: 'class', header: 'Класс', required: true },
		{ field: 'group', header: 'Группа', aliases: ['Подгруппа'] },
		{ field: 'subject', header: 'Предмет', aliases: ['Дисциплина'], required: true },
		{ field: 'teacher', header: 'Учитель', aliases: ['ФИО учителя', 'Преподаватель', 'Номер учителя'], required: true },
		{ field: 'hours', header: 'Часов в неделю', aliases: ['Часы', 'Часов', 'Часы в неделю'] }
	]
};

/** A field of a kind of file as the column mapping lists it: its key, the template's header, whether the file must have it. */
export function importFields(kind: ImportKind): Array<{ field: string; header: string; required: boolean }> {
	return IMPORT_COLUMNS[kind].map((c) => ({ field: c.field, header: c.header, required: c.required ?? false }));
}

const normalise = (header: string) => header.toLocaleLowerCase('ru-RU').replace(/ё/g, 'е').replace(/[^a-zа-я0-9]+/g, '');

/** The template of a kind: its header row and one example row. */
export function importTemplate(kind: ImportKind): string[][] {
	const headers = IMPORT_COLUMNS[kind].map((c) => c.header);
	const example: Record<string, string> =
		kind === 'load'
			? { class: '5А', group: '', subject: 'Математика', teacher: 'Петрова Анна Ивановна', hours: '5' }
			: kind === 'students'
			? { schoolKey: '2026-015', lastName: 'Иванов', firstName: 'Пётр', middleName: 'Сергеевич', birthDate: '12.03.2015', class: '5А', arrivedOn: '01.09.2026', 'parent1.lastName': 'Иванова', 'parent1.firstName': 'Мария', 'parent1.middleName': 'Петровна', 'parent1.phone': '+7 900 123-45-67', 'parent1.email': 'ivanova@mail.ru' }
			: { schoolKey: 'Т-007', lastName: 'Петрова', firstName: 'Анна', middleName: 'Ивановна', birthDate: '01.02.1980', phone: '+7 900 765-43-21', email: 'petrova@school.ru', roles: 'учитель' };
	return [headers, IMPORT_COLUMNS[kind].map((c) => example[c.field] ?? '')];
}

/** A data row of the file: its line (as a spreadsheet numbers it, headers being 1) and its fields by name. */
export interface ImportRow {
	line: number;
	fields: Record<string, string>;
	/** The row's text looks read in the wrong encoding. */
	garbled: boolean;
}

/**
 * Which column of the file holds which field: field → the column's index (0 is the first). The
 * person importing chooses it when the file's headers are not the template's; a field mapped to
 * -1 is not taken from the file.
 */
export type ColumnMapping = Readonly<Record<string, number>>;

const nonEmpty = (row: readonly string[]) => row.some((cell) => cell.trim() !== '');

/** The columns of a file as the mapping offers them: each header (or «Столбец N») with its index, and the column each field was found in by its header. */
export function columnsOf(kind: ImportKind, table: readonly (readonly string[])[]): { headers: Array<{ at: number; name: string }>; found: Record<string, number> } {
	const headerAt = table.findIndex(nonEmpty);
	const raw = headerAt < 0 ? [] : table[headerAt].map((h) => h.replace(/^\uFEFF/, '').trim());
	const headers = raw.map((name, at) => ({ at, name: name || `Столбец ${at + 1}` }));
	const normalised = raw.map(normalise);
	const found: Record<string, number> = {};
	for (const column of IMPORT_COLUMNS[kind]) {
		const names = [column.header, ...(column.aliases ?? [])].map(normalise);
		const at = normalised.findIndex((h) => names.includes(h));
		if (at >= 0) found[column.field] = at;
	}
	return { headers, found };
}

/**
 * The mapping a form sends (`field` → a column's index as text, '' for none), checked against the
 * kind's fields and the file's columns; only fields the person chose are in it. Two fields in one
 * column are refused.
 */
export function checkMapping(kind: ImportKind, raw: Readonly<Record<string, unknown>>, columns: number): { ok: true; value: ColumnMapping } | { ok: false; reason: string } {
	const value: Record<string, number> = {};
	const taken = new Set<number>();
	for (const column of IMPORT_COLUMNS[kind]) {
		const text = raw[column.field];
		if (text === undefined) continue;
		if (text === '' || text === null) {
			value[column.field] = -1;
			continue;
		}
		const at = Number(text);
		if (typeof text !== 'string' || !Number.isInteger(at) || at < 0 || at >= columns || taken.has(at)) return { ok: false, reason: IMPORT_MESSAGES.mapping };
		taken.add(at);
		value[column.field] = at;
	}
	return { ok: true, value };
}

/**
 * Finds the columns by their headers (or as the person mapped them) and turns the rows into
 * fields; a missing required column refuses the file.
 */
export function rowsOf(kind: ImportKind, table: readonly (readonly string[])[], mapping: ColumnMapping = {}): { ok: true; rows: ImportRow[]; ignored: string[] } | { ok: false; reason: string } {
	const headerAt = table.findIndex(nonEmpty);
	if (headerAt < 0) return { ok: false, reason: IMPORT_MESSAGES.empty };
	const columns = IMPORT_COLUMNS[kind];
	const index = new Map<string, number>();
	const { found } = columnsOf(kind, table);
	for (const column of columns) {
		const at = mapping[column.field] ?? found[column.field];
		if (at !== undefined && at >= 0) index.set(column.field, at);
	}
	const missing = columns.filter((c) => c.required && !index.has(c.field)).map((c) => `«${c.header}»`);
	if (missing.length > 0) return { ok: false, reason: IMPORT_MESSAGES.missingColumns(missing) };
	const used = new Set(index.values());
	const ignored = table[headerAt].filter((h, i) => h.trim() !== '' && !used.has(i));
	const rows: ImportRow[] = [];
	for (let r = headerAt + 1; r < table.length; r++) {
		const cells = table[r];
		if (!nonEmpty(cells)) continue;
		const fields: Record<string, string> = {};
		for (const [field, at] of index) fields[field] = (cells[at] ?? '').trim();
		rows.push({ line: r + 1, fields, garbled: cells.some(looksGarbled) });
	}
	if (rows.length === 0) return { ok: false, reason: IMPORT_MESSAGES.empty };
	if (rows.length > MAX_IMPORT_ROWS) return { ok: false, reason: IMPORT_MESSAGES.tooManyRows };
	return { ok: true, rows, ignored };
}

// ───────────────────────────── matching ─────────────────────────────

/** A person the school already has, as the import matches them. */
export interface KnownPerson extends PersonDraft {
	personId: number;
	/** The class of this year the student is in now, if any. */
	classId: number | null;
	isStudent: boolean;
	staffRoles: string[];
	/** Ids of the person's parents (a student) — to find a parent by name among them. */
	parentIds: number[];
}

/** A class of the year the file's students go into. */
export interface KnownClass {
	classId: number;
	grade: number;
	letter: string;
}

/** What happens to one person of a row. */
export type PersonAction =
	| { action: 'create'; ref: string; draft: PersonDraft }
	| { action: 'update'; ref: string; personId: number; draft: PersonDraft; changes: string[] }
	| { action: 'same'; ref: string; personId: number; draft: PersonDraft };

/** What happens to one row, with the sentence the preview shows. */
export interface RowPlan {
	line: number;
	/** «Иванов Пётр Сергеевич, 5А» — who the row is about. */
	who: string;
	outcome: 'create' | 'update' | 'same' | 'refuse';
	/** What will change, or why the row is refused (Russian). */
	notes: string[];
	/** The student or the member of staff of the row; undefined when refused. */
	person?: PersonAction;
	parents: PersonAction[];
	/** A student's enrolment into a class from a date, when not enrolled now. */
	enrol?: { classId: number; from: string };
	/** Staff roles to grant. */
	roles: GrantableRole[];
}

/** The plan of a file: per row, and the totals the preview shows. */
export interface ImportPlan {
	rows: RowPlan[];
	refused: number;
	created: number;
	updated: number;
	unchanged: number;
}

const ROLE_WORDS: Record<string, GrantableRole> = {
	администратор: 'admin',
	директор: 'director',
	заместительдиректора: 'deputy',
	заместитель: 'deputy',
	завуч: 'deputy',
	учитель: 'teacher',
	преподаватель: 'teacher'
};

/** Parses «учитель, заместитель директора» into roles; undefined when a word is not a role. */
export function parseRoles(text: string): GrantableRole[] | undefined {
	const words = text.split(/[,;]/).map(normalise).filter(Boolean);
	const roles: GrantableRole[] = [];
	for (const word of words) {
		const role = ROLE_WORDS[word];
		if (!role) return undefined;
		if (!roles.includes(role)) roles.push(role);
	}
	return roles.filter((r) => GRANTABLE_ROLES.includes(r));
}

const FIELD_NAMES: Record<keyof PersonDraft, string> = {
	lastName: 'фамилия',
	firstName: 'имя',
	middleName: 'отчество',
	birthDate: 'дата рождения',
	email: 'почта',
	phone: 'телефон',
	schoolKey: 'номер в школе'
};

const lower = (s: string | null) => (s ?? '').toLocaleLowerCase('ru-RU').replace(/ё/g, 'е');
const nameKey = (p: { lastName: string; firstName: string }) => `${lower(p.lastName)}|${lower(p.firstName)}`;
const fullKey = (p: { lastName: string; firstName: string; middleName: string | null }) => `${nameKey(p)}|${lower(p.middleName)}`;
const digits = (s: string | null) => (s ?? '').replace(/\D/g, '');

/**
 * The draft merged with what is stored: a field the file leaves empty keeps its stored value (an
 * import adds and corrects data, it does not erase it); the changed fields are named.
 */
function merge(known: KnownPerson, draft: PersonDraft): { draft: PersonDraft; changes: string[] } {
	const merged = { ...draft };
	const changes: string[] = [];
	for (const field of Object.keys(FIELD_NAMES) as (keyof PersonDraft)[]) {
		if (merged[field] === null) (merged as Record<string, string | null>)[field] = known[field];
		if (merged[field] !== known[field]) changes.push(FIELD_NAMES[field]);
	}
	return { draft: merged, changes };
}

/** The school's people indexed for matching. */
class Directory {
	private byKey = new Map<string, KnownPerson>();
	private byNameBirth = new Map<string, KnownPerson[]>();
	private byFullName = new Map<string, KnownPerson[]>();
	readonly byId = new Map<number, KnownPerson>();
	constructor(people: readonly KnownPerson[]) {
		for (const p of people) {
			this.byId.set(p.personId, p);
			if (p.schoolKey) this.byKey.set(p.schoolKey, p);
			if (p.birthDate) push(this.byNameBirth, `${nameKey(p)}|${p.birthDate}`, p);
			push(this.byFullName, fullKey(p), p);
		}
	}
	key(key: string) {
		return this.byKey.get(key);
	}
	nameBirth(p: PersonDraft) {
		return this.byNameBirth.get(`${nameKey(p)}|${p.birthDate}`) ?? [];
	}
	fullName(p: PersonDraft) {
		return this.byFullName.get(fullKey(p)) ?? [];
	}
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

type Match = { ok: true; known: KnownPerson | undefined } | { ok: false; reason: string };

/** The stored person of a student or a member of staff: by the school's number, else name and date of birth. */
function matchPerson(dir: Directory, draft: PersonDraft): Match {
	if (draft.schoolKey) return { ok: true, known: dir.key(draft.schoolKey) };
	if (!draft.birthDate) return { ok: true, known: undefined };
	const found = dir.nameBirth(draft);
	if (found.length > 1) return { ok: false, reason: IMPORT_MESSAGES.ambiguous(fullNameOf(draft)) };
	return { ok: true, known: found[0] };
}

/** A member of staff of this full name when there is exactly one (a staff file without numbers or dates of birth). */
function onlyStaffNamed(dir: Directory, draft: PersonDraft): KnownPerson | undefined {
	const staff = dir.fullName(draft).filter((p) => p.staffRoles.length > 0);
	return staff.length === 1 ? staff[0] : undefined;
}

/** The stored parent: by number; else by name among the student's parents; else by full name and phone or date of birth. */
function matchParent(dir: Directory, draft: PersonDraft, child: KnownPerson | undefined): Match {
	if (draft.schoolKey) return { ok: true, known: dir.key(draft.schoolKey) };
	const named = dir.fullName(draft);
	const own = child ? named.filter((p) => child.parentIds.includes(p.personId)) : [];
	if (own.length === 1) return { ok: true, known: own[0] };
	const same = named.filter((p) => (draft.phone && digits(p.phone) === digits(draft.phone)) || (draft.birthDate && p.birthDate === draft.birthDate));
	if (same.length > 1) return { ok: false, reason: IMPORT_MESSAGES.ambiguous(fullNameOf(draft)) };
	return { ok: true, known: same[0] };
}

/** A person of a row turned into an action: new, changed or the same; `ref` names them within the file. */
function actionOf(ref: string, known: KnownPerson | undefined, draft: PersonDraft): PersonAction {
	if (!known) return { action: 'create', ref, draft };
	const merged = merge(known, draft);
	return merged.changes.length > 0
		? { action: 'update', ref, personId: known.personId, draft: merged.draft, changes: merged.changes }
		: { action: 'same', ref, personId: known.personId, draft: merged.draft };
}

/** The year the file's students are enrolled in. */
export interface ImportYear {
	startsOn: string;
	endsOn: string;
}

/**
 * Plans the import of a file's rows against the school's people and the year's classes: each row
 * checked (names, dates, contacts, class, roles, encoding), each person matched, a person twice
 * in the file refused the second time. `today` is the school's today (dates of birth).
 */
export function planImport(
	kind: ImportKind,
	rows: readonly ImportRow[],
	school: { people: readonly KnownPerson[]; classes: readonly KnownClass[]; year: ImportYear; today: string }
): ImportPlan {
	const dir = new Directory(school.people);
	const classes = new Map(school.classes.map((c) => [normalise(className(c.grade, c.letter)), c]));
	// Who the file already named, by stored id or by the key of a new person, with the line.
	const seen = new Map<string, number>();
	// New parents by their key within the file, with the line that brings them in first.
	const newParents = new Map<string, number>();
	const plans: RowPlan[] = [];

	for (const row of rows) {
		const f = row.fields;
		const refuse = (who: string, ...notes: string[]) => plans.push({ line: row.line, who, outcome: 'refuse', notes, parents: [], roles: [] });
		const rowName = [f.lastName, f.firstName, f.middleName].filter(Boolean).join(' ') || '—';
		if (row.garbled) {
			refuse(rowName, IMPORT_MESSAGES.garbled);
			continue;
		}
		const checked = checkPerson(f, school.today);
		if (!checked.ok) {
			refuse(rowName, checked.reason);
			continue;
		}
		const draft = checked.value;
		const name = fullNameOf(draft);
		const matched = matchPerson(dir, draft);
		if (!matched.ok) {
			refuse(name, matched.reason);
			continue;
		}
		if (kind === 'students' && !draft.birthDate && !draft.schoolKey) {
			refuse(name, IMPORT_MESSAGES.needsKey);
			continue;
		}
		const known = matched.known ?? (kind === 'staff' && !draft.schoolKey && !draft.birthDate ? onlyStaffNamed(dir, draft) : undefined);
		const notes: string[] = [];
		let enrol: RowPlan['enrol'];
		let roles: GrantableRole[] = [];
		let who = name;

		if (kind === 'students') {
			const klassName = f.class ?? '';
			if (!klassName) {
				refuse(name, IMPORT_MESSAGES.noClass);
				continue;
			}
			const klass = classes.get(normalise(klassName.toLocaleUpperCase('ru-RU')));
			if (!klass) {
				refuse(name, IMPORT_MESSAGES.unknownClass(klassName));
				continue;
			}
			who = `${name}, ${className(klass.grade, klass.letter)}`;
			if (known && !known.isStudent && known.staffRoles.length > 0) {
				refuse(who, IMPORT_MESSAGES.notAStudent);
				continue;
			}
			let from = school.year.startsOn;
			if (f.arrivedOn) {
				const parsed = parseSchoolDate(f.arrivedOn);
				if (!parsed || parsed < school.year.startsOn || parsed > school.year.endsOn) {
					refuse(who, IMPORT_MESSAGES.arrival);
					continue;
				}
				from = parsed;
			}
			if (known?.classId && known.classId !== klass.classId) {
				const now = school.classes.find((c) => c.classId === known.classId);
				refuse(who, IMPORT_MESSAGES.otherClass(now ? className(now.grade, now.letter) : '—'));
				continue;
			}
			if (!known?.classId) {
				enrol = { classId: klass.classId, from };
				notes.push(`зачислить в ${className(klass.grade, klass.letter)} с ${from.split('-').reverse().join('.')}`);
			}
		} else {
			const parsed = parseRoles(f.roles ?? '');
			if (!parsed) {
				refuse(name, IMPORT_MESSAGES.roles);
				continue;
			}
			if (parsed.length === 0) {
				refuse(name, IMPORT_MESSAGES.noRoles);
				continue;
			}
			roles = parsed.filter((r) => !known?.staffRoles.includes(r));
			if (roles.length > 0) notes.push(`роли: ${roles.map((r) => ROLE_NAMES[r]).join(', ')}`);
		}

		const selfKey = known ? `id:${known.personId}` : `new:${draft.schoolKey ?? `${nameKey(draft)}|${draft.birthDate ?? ''}`}`;
		const first = seen.get(selfKey);
		if (first !== undefined) {
			refuse(who, IMPORT_MESSAGES.duplicateInFile(first));
			continue;
		}
		const person = actionOf(`line:${row.line}`, known, draft);
		if (person.action === 'update') notes.unshift(`изменить: ${person.changes.join(', ')}`);

		// Parents: a row may name up to two; each checked, matched, shared with a sibling's row.
		const parents: PersonAction[] = [];
		let parentRefusal: string | undefined;
		for (const n of [1, 2]) {
			const p = (field: string) => f[`parent${n}.${field}`] ?? '';
			if (!['lastName', 'firstName', 'middleName', 'phone', 'email'].some((x) => p(x))) continue;
			const parentChecked = checkPerson({ lastName: p('lastName'), firstName: p('firstName'), middleName: p('middleName'), phone: p('phone'), email: p('email') }, school.today);
			if (!parentChecked.ok) {
				parentRefusal = IMPORT_MESSAGES.parent(n, parentChecked.reason);
				break;
			}
			const parentDraft = parentChecked.value;
			const parentMatch = matchParent(dir, parentDraft, known);
			if (!parentMatch.ok) {
				parentRefusal = IMPORT_MESSAGES.parent(n, parentMatch.reason);
				break;
			}
			const parentKnown = parentMatch.known;
			// A sibling's row may have brought this parent in already: the same new person.
			const parentKey = parentKnown ? `id:${parentKnown.personId}` : `parent:${fullKey(parentDraft)}|${digits(parentDraft.phone)}`;
			const ref = parentKnown ? `id:${parentKnown.personId}` : parentKey;
			const action = actionOf(ref, parentKnown, parentDraft);
			parents.push(action);
			const linked = parentKnown && known ? known.parentIds.includes(parentKnown.personId) : false;
			const label = fullNameOf(parentDraft);
			const firstLine = newParents.get(ref);
			if (action.action === 'create') notes.push(firstLine === undefined ? `родитель ${label}: новый` : `родитель ${label}: тот же, что в строке ${firstLine}`);
			else if (action.action === 'update') notes.push(`родитель ${label}: изменить ${action.changes.join(', ')}`);
			if (!linked && action.action !== 'create') notes.push(`родитель ${label}: связать с учеником`);
		}
		if (parentRefusal) {
			refuse(who, parentRefusal);
			continue;
		}
		seen.set(selfKey, row.line);
		for (const p of parents) if (p.action === 'create' && !newParents.has(p.ref)) newParents.set(p.ref, row.line);

		const changesAnything = person.action !== 'same' || enrol !== undefined || roles.length > 0 || notes.length > 0;
		plans.push({
			line: row.line,
			who,
			outcome: person.action === 'create' ? 'create' : changesAnything ? 'update' : 'same',
			notes: person.action === 'create' ? ['новый человек', ...notes] : notes,
			person,
			parents,
			enrol,
			roles
		});
	}
	const count = (o: RowPlan['outcome']) => plans.filter((p) => p.outcome === o).length;
	return { rows: plans, refused: count('refuse'), created: count('create'), updated: count('update'), unchanged: count('same') };
}

// ───────────────────────────── teaching load ─────────────────────────────

/** A journal of the year as the load import matches it: its class, group and subject, hours and teachers. */
export interface KnownJournal {
	journalId: number;
	classId: number;
	/** The subgroup's name; the whole class's group has `wholeClass`. */
	groupName: string;
	wholeClass: boolean;
	subjectName: string;
	hoursPerWeek: number;
	teacherIds: readonly number[];
}

/** A member of staff as the load import finds them: by the school's number or by name. */
export interface KnownStaff {
	personId: number;
	lastName: string;
	firstName: string;
	middleName: string | null;
	schoolKey: string | null;
}

/** What happens to one row of a load file, with the sentence the preview shows. */
export interface LoadRowPlan {
	line: number;
	/** «5А, Математика — Петрова Анна Ивановна». */
	who: string;
	outcome: 'create' | 'update' | 'same' | 'refuse';
	notes: string[];
	/** The class of the row's journal (the policy's resource when applying). */
	classId?: number;
	/** The teacher to assign to the journal, when not assigned yet. */
	assign?: { journalId: number; teacherId: number };
	/** The journal's hours a week to change. */
	hours?: { journalId: number; from: number; to: number };
}

/** The plan of a load file: per row, and the totals the preview shows. */
export interface LoadPlan {
	rows: LoadRowPlan[];
	refused: number;
	created: number;
	updated: number;
	unchanged: number;
}

const hoursText = (h: number) => String(h).replace('.', ',');

/** Hours a week as a school writes them («3», «1,5»), or undefined when not a number of half-hours from 0,5 to 40. */
export function parseHours(text: string): number | undefined {
	const value = Number(text.trim().replace(',', '.'));
	if (!/^\d+([.,]\d)?$/.test(text.trim()) || !(value >= 0.5 && value <= 40)) return undefined;
	return value;
}

/** The staff member a cell names: the school's number, else the full name, «Фамилия Имя» or «Фамилия И. О.»; ambiguous names are refused. */
function findTeacher(staff: readonly KnownStaff[], text: string): { ok: true; teacher: KnownStaff } | { ok: false; reason: string } {
	const byKey = staff.filter((s) => s.schoolKey !== null && s.schoolKey === text);
	if (byKey.length === 1) return { ok: true, teacher: byKey[0] };
	const words = lower(text).replace(/\./g, '. ').split(/\s+/).filter(Boolean);
	const matches = staff.filter((s) => {
		const name = [lower(s.lastName), lower(s.firstName), lower(s.middleName)].filter(Boolean);
		if (words.length < 2 || words[0] !== name[0]) return false;
		// Each further word is the name's word or its initial («А.»).
		return words.slice(1).every((w, i) => name[i + 1] !== undefined && (w === name[i + 1] || (w.length === 2 && w.endsWith('.') && name[i + 1].startsWith(w[0]))));
	});
	if (matches.length === 1) return { ok: true, teacher: matches[0] };
	return { ok: false, reason: matches.length > 1 ? IMPORT_MESSAGES.ambiguousTeacher(text) : IMPORT_MESSAGES.unknownTeacher(text) };
}

/**
 * Plans a teaching-load file: each row names a class, optionally a subgroup, a subject, a teacher
 * (full name or the school's number) and optionally the hours a week. The journal of that group ×
 * subject must exist; the teacher is assigned to it when not yet, the hours changed when they
 * differ. A row twice, or two hours for one journal, refuses the later row.
 */
export function planLoadImport(rows: readonly ImportRow[], school: {
		classes: readonly KnownClass[];
		subjects: readonly string[];
		/** The subgroups of the year's classes, each for its subject. */
		groups: ReadonlyArray<{ classId: number; subjectName: string; name: string }>;
		journals: readonly KnownJournal[];
		staff: readonly KnownStaff[];
	}): LoadPlan {
	const classes = new Map(school.classes.map((c) => [normalise(className(c.grade, c.letter)), c]));
	const subjects = new Set(school.subjects.map(normalise));
	const seen = new Map<string, number>();
	const hoursSeen = new Map<number, { line: number; hours: number }>();
	const plans: LoadRowPlan[] = [];
	for (const row of rows) {
		const f = row.fields;
		const klassText = f.class ?? '';
		const subjectText = f.subject ?? '';
		const teacherText = (f.teacher ?? '').replace(/\s+/g, ' ');
		const groupText = f.group ?? '';
		const who = [[klassText, groupText].filter(Boolean).join(', '), subjectText].filter(Boolean).join(' · ') + (teacherText ? ` — ${teacherText}` : '');
		const refuse = (reason: string) => plans.push({ line: row.line, who: who || '—', outcome: 'refuse', notes: [reason] });
		if (row.garbled) {
			refuse(IMPORT_MESSAGES.garbled);
			continue;
		}
		if (!klassText) {
			refuse(IMPORT_MESSAGES.noClass);
			continue;
		}
		const klass = classes.get(normalise(klassText.toLocaleUpperCase('ru-RU')));
		if (!klass) {
			refuse(IMPORT_MESSAGES.unknownClass(klassText));
			continue;
		}
		const name = className(klass.grade, klass.letter);
		if (!subjectText) {
			refuse(IMPORT_MESSAGES.noSubject);
			continue;
		}
		if (!subjects.has(normalise(subjectText))) {
			refuse(IMPORT_MESSAGES.unknownSubject(subjectText));
			continue;
		}
		const ofSubject = school.journals.filter((j) => j.classId === klass.classId && normalise(j.subjectName) === normalise(subjectText));
		const whole = !groupText || normalise(groupText) === normalise(name) || normalise(groupText) === normalise('весь класс');
		const journal = whole ? ofSubject.find((j) => j.wholeClass) : ofSubject.find((j) => !j.wholeClass && normalise(j.groupName) === normalise(groupText));
		if (!journal) {
			const groupExists = whole || school.groups.some((g) => g.classId === klass.classId && normalise(g.subjectName) === normalise(subjectText) && normalise(g.name) === normalise(groupText));
			refuse(groupExists ? IMPORT_MESSAGES.noJournal(subjectText, whole ? name : `${name}, ${groupText}`) : IMPORT_MESSAGES.unknownGroup(groupText, name));
			continue;
		}
		if (!teacherText) {
			refuse(IMPORT_MESSAGES.noTeacher);
			continue;
		}
		const found = findTeacher(school.staff, teacherText);
		if (!found.ok) {
			refuse(found.reason);
			continue;
		}
		const teacher = found.teacher;
		let hours: number | undefined;
		if (f.hours) {
			hours = parseHours(f.hours);
			if (hours === undefined) {
				refuse(IMPORT_MESSAGES.hours);
				continue;
			}
			const earlier = hoursSeen.get(journal.journalId);
			if (earlier && earlier.hours !== hours) {
				refuse(IMPORT_MESSAGES.otherHours(earlier.line));
				continue;
			}
		}
		const key = `${journal.journalId}:${teacher.personId}`;
		const first = seen.get(key);
		if (first !== undefined) {
			refuse(IMPORT_MESSAGES.duplicateLoad(first));
			continue;
		}
		seen.set(key, row.line);
		const label = `${whole ? name : `${name}, ${journal.groupName}`} · ${journal.subjectName} — ${fullNameOf(teacher)}`;
		const notes: string[] = [];
		const plan: LoadRowPlan = { line: row.line, who: label, outcome: 'same', notes, classId: klass.classId };
		if (!journal.teacherIds.includes(teacher.personId)) {
			plan.assign = { journalId: journal.journalId, teacherId: teacher.personId };
			notes.push('назначить учителем журнала');
		}
		if (hours !== undefined) {
			const earlier = hoursSeen.get(journal.journalId);
			if (!earlier && hours !== journal.hoursPerWeek) {
				plan.hours = { journalId: journal.journalId, from: journal.hoursPerWeek, to: hours };
				notes.push(`часов в неделю: ${hoursText(journal.hoursPerWeek)} → ${hoursText(hours)}`);
			}
			if (!earlier) hoursSeen.set(journal.journalId, { line: row.line, hours });
		}
		plan.outcome = plan.assign ? 'create' : plan.hours ? 'update' : 'same';
		plans.push(plan);
	}
	const count = (o: LoadRowPlan['outcome']) => plans.filter((p) => p.outcome === o).length;
	return { rows: plans, refused: count('refuse'), created: count('create'), updated: count('update'), unchanged: count('same') };
}
