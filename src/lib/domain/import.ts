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

/** What a file brings in. */
export type ImportKind = 'students' | 'staff';
export const IMPORT_KINDS: readonly ImportKind[] = ['students', 'staff'];

/** The most data rows one file may have. */
export const MAX_IMPORT_ROWS = 5000;
/** The largest file the import reads (bytes). */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/** Every message of the import, in one place for review (X-RU). */
export const IMPORT_MESSAGES = {
	kind: 'Выберите, что загружается: ученики с родителями или сотрудники.',
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
	applied: (created: number, updated: number) => `Загружено: новых людей — ${created}, обновлено — ${updated}.`
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
	]
};

const normalise = (header: string) => header.toLocaleLowerCase('ru-RU').replace(/ё/g, 'е').replace(/[^a-zа-я0-9]+/g, '');

/** The template of a kind: its header row and one example row. */
export function importTemplate(kind: ImportKind): string[][] {
	const headers = IMPORT_COLUMNS[kind].map((c) => c.header);
	const example: Record<string, string> =
		kind === 'students'
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

/** Finds the columns by their headers and turns the rows into fields; a missing required column refuses the file. */
export function rowsOf(kind: ImportKind, table: readonly (readonly string[])[]): { ok: true; rows: ImportRow[]; ignored: string[] } | { ok: false; reason: string } {
	const nonEmpty = (row: readonly string[]) => row.some((cell) => cell.trim() !== '');
	const headerAt = table.findIndex(nonEmpty);
	if (headerAt < 0) return { ok: false, reason: IMPORT_MESSAGES.empty };
	const headers = table[headerAt].map((h) => normalise(h.replace(/^\uFEFF/, '')));
	const columns = IMPORT_COLUMNS[kind];
	const index = new Map<string, number>();
	for (const column of columns) {
		const names = [column.header, ...(column.aliases ?? [])].map(normalise);
		const at = headers.findIndex((h) => names.includes(h));
		if (at >= 0) index.set(column.field, at);
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
