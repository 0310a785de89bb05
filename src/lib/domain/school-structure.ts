/**
 * The school's structure as the administrator keeps it: classes of a year (grade and letter),
 * subjects, and the curriculum — lessons a week of each subject in each grade. Pure: the server
 * reads the form and what exists, these functions decide, with a reason in Russian.
 */
import { FIRST_GRADE, LAST_GRADE } from './school-year.ts';

/** The longest subject name and short name (characters). */
export const MAX_SUBJECT_NAME_LENGTH = 100;
export const MAX_SUBJECT_SHORT_NAME_LENGTH = 20;
/** The most lessons a week of one subject in one grade. */
export const MAX_HOURS_PER_WEEK = 40;

/** Every message about classes, subjects and the curriculum, in one place for review (X-RU). */
export const STRUCTURE_MESSAGES = {
	grade: `Параллель — число от ${FIRST_GRADE} до ${LAST_GRADE}.`,
	letter: 'Буква класса — одна заглавная русская буква, например А.',
	classTaken: (name: string) => `Класс ${name} в этом году уже есть.`,
	classNotFound: 'Класс не найден.',
	classNotEmpty: (name: string) => `В классе ${name} есть ученики или журналы: такой класс не удаляется.`,
	classTeacherNotFound: 'Классный руководитель должен быть сотрудником школы.',
	classAdded: (name: string) => `Класс ${name} добавлен.`,
	classDeleted: (name: string) => `Класс ${name} удалён.`,
	subjectName: 'Укажите название предмета.',
	subjectNameTooLong: `Название предмета длиннее ${MAX_SUBJECT_NAME_LENGTH} символов.`,
	subjectShortNameTooLong: `Краткое название предмета длиннее ${MAX_SUBJECT_SHORT_NAME_LENGTH} символов.`,
	subjectTaken: (name: string) => `Предмет «${name}» уже есть.`,
	subjectNotFound: 'Предмет не найден.',
	subjectAdded: (name: string) => `Предмет «${name}» добавлен.`,
	subjectSaved: (name: string) => `Предмет «${name}» сохранён.`,
	hours: (subject: string, grade: number) =>
		`${subject}, ${grade} класс: часов в неделю — число больше 0 и не больше ${MAX_HOURS_PER_WEEK}, с шагом 0,5 (или пусто).`,
	curriculumSaved: (year: string) => `Учебный план на ${year} сохранён.`,
	yearNotFound: 'Учебный год не найден.'
} as const;

/** A class's name as the school writes it: '7А'. */
export function className(grade: number, letter: string): string {
	return `${grade}${letter}`;
}

/** The class form (fields may be missing or not text). */
export interface ClassInput {
	grade?: unknown;
	letter?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');

/** Checks a class: a grade 1–11 and one capital Russian letter (a lower-case one is raised; Latin look-alikes are refused). */
export function checkClass(input: ClassInput): { ok: true; value: { grade: number; letter: string } } | { ok: false; reason: string } {
	const g = text(input.grade);
	const grade = /^\d{1,2}$/.test(g) ? Number(g) : NaN;
	if (!(grade >= FIRST_GRADE && grade <= LAST_GRADE)) return { ok: false, reason: STRUCTURE_MESSAGES.grade };
	const letter = text(input.letter).toLocaleUpperCase('ru-RU');
	if (!/^[А-ЯЁ]$/.test(letter)) return { ok: false, reason: STRUCTURE_MESSAGES.letter };
	return { ok: true, value: { grade, letter } };
}

/** The subject form (fields may be missing or not text). */
export interface SubjectInput {
	name?: unknown;
	shortName?: unknown;
	markFree?: unknown;
}

/** A checked subject. */
export interface SubjectDraft {
	name: string;
	shortName: string;
	/** Graded зачёт/незачёт or not at all. */
	markFree: boolean;
}

/** Checks a subject: a name (spaces collapsed, at most 100), a short name (the name's first 20 characters when empty), and whether it is graded by marks. */
export function checkSubject(input: SubjectInput): { ok: true; value: SubjectDraft } | { ok: false; reason: string } {
	const name = text(input.name).replace(/\s+/g, ' ');
	if (!name) return { ok: false, reason: STRUCTURE_MESSAGES.subjectName };
	if (name.length > MAX_SUBJECT_NAME_LENGTH) return { ok: false, reason: STRUCTURE_MESSAGES.subjectNameTooLong };
	const typedShort = text(input.shortName).replace(/\s+/g, ' ');
	if (typedShort.length > MAX_SUBJECT_SHORT_NAME_LENGTH) return { ok: false, reason: STRUCTURE_MESSAGES.subjectShortNameTooLong };
	const markFree = input.markFree === true || input.markFree === 'on' || input.markFree === '1';
	return { ok: true, value: { name, shortName: typedShort || name.slice(0, MAX_SUBJECT_SHORT_NAME_LENGTH), markFree } };
}

/** Lessons a week as a person types them: '2', '1,5', '0.5'; undefined when it is not such a number. */
export function parseHours(typed: string): number | undefined {
	const t = typed.trim().replace(',', '.');
	if (!/^\d{1,2}(\.\d)?$/.test(t)) return undefined;
	const hours = Number(t);
	if (!(hours > 0 && hours <= MAX_HOURS_PER_WEEK) || (hours * 2) % 1 !== 0) return undefined;
	return hours;
}

/** Hours for a Russian reader: 1,5. */
export function formatHours(hours: number): string {
	return String(hours).replace('.', ',');
}

/** One cell of the curriculum form: a subject, a grade and what was typed (empty: not studied). */
export interface CurriculumCell {
	subjectId: number;
	grade: number;
	typed: string;
}

/** A row of the curriculum to store. */
export interface CurriculumRow {
	subjectId: number;
	grade: number;
	hoursPerWeek: number;
}

/**
 * Checks the curriculum form: each cell empty (the grade does not study the subject) or a number
 * of lessons a week (parseHours); cells of unknown subjects or grades are refused, a subject is
 * named in the reason by its name.
 */
export function checkCurriculum(
	cells: readonly CurriculumCell[],
	subjects: ReadonlyMap<number, string>
): { ok: true; value: CurriculumRow[] } | { ok: false; reason: string } {
	const rows: CurriculumRow[] = [];
	const seen = new Set<string>();
	for (const cell of cells) {
		const subject = subjects.get(cell.subjectId);
		if (subject === undefined) return { ok: false, reason: STRUCTURE_MESSAGES.subjectNotFound };
		if (!Number.isInteger(cell.grade) || cell.grade < FIRST_GRADE || cell.grade > LAST_GRADE) return { ok: false, reason: STRUCTURE_MESSAGES.grade };
		const key = `${cell.subjectId}:${cell.grade}`;
		if (seen.has(key) || !cell.typed.trim()) continue;
		seen.add(key);
		const hours = parseHours(cell.typed);
		if (hours === undefined) return { ok: false, reason: STRUCTURE_MESSAGES.hours(subject, cell.grade) };
		rows.push({ subjectId: cell.subjectId, grade: cell.grade, hoursPerWeek: hours });
	}
	return { ok: true, value: rows };
}
